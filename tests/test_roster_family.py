"""The child's family on the roster: a MIS export's own column names, siblings found from shared contacts,
the CTF's contacts, address, ethnicity and language sealed at rest and printed on the referral pack."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from school_log.codec import family_payload
from school_log.errors import AuthError, InputError
from school_log.model import Contact, Family
from school_log.outward.exports import export
from school_log.roster_files.csv_rows import COLUMNS, IGNORED_COLUMNS, column_name
from school_log.roster_files.reading import read_roster
from storage.records import Draft
from tests.cli_runner import Runner
from tests.factory import make_school
from tests.stores import raw_bytes

README = Path(__file__).parent.parent / "README.md"

#: A SIMS/Arbor-style export: their column names, their date format, no household column. The Okafor
#: children share their mother's mobile (written two ways); the Price boy shares nothing with anyone.
MIS_CSV = (
    "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Gender,Year,Reg,"
    "Primary Contact Name,Primary Contact Relationship,Primary Contact Telephone,"
    "Contact 2 Name,Contact 2 Relationship,Contact 2 Parental Responsibility,First Language,Ethnicity\n"
    "Q100000000201,Okafor,Chidi,,04/05/2017,M,4,4B,Ngozi Okafor,Mother,07700 900123,,,,English,Black African\n"
    "E100000000202,Okafor,Ada,Addie,11/02/2019,F,2,2K,Ngozi Okafor,Mother,07700900123,"
    "Emeka Okafor,Father,yes,English,Black African\n"
    "U100000000203,Price,Owen,,01/09/2016,M,5,5C,Lisa Price,Mother,07700 900456,,,,Welsh,White British\n"
)


def ctf_with_family() -> str:
    """A DfE CTF (the nesting a real one uses) whose pupil carries contacts, address, ethnicity, language, SEN."""
    address = (
        "<Address><BS7666Address><PAON>7</PAON><Street>Quillfeather Lane</Street><Town>Testbury</Town>"
        "</BS7666Address><PostCode>ZZ1 4QX</PostCode></Address>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile><Header><DocumentName>Common Transfer File</DocumentName>'
        "</Header><CTFpupilData><Pupil><UPN>X100000000099</UPN><Surname>Vantreska</Surname><Forename>Zoya</Forename>"
        "<DOB>2016-03-01</DOB><Sex>F</Sex><BasicDetails><NCyearActual>5</NCyearActual><Ethnicity>WROM</Ethnicity>"
        "<Languages><Type><LanguageType>FIRST</LanguageType><Language>ROM</Language></Type></Languages>"
        "</BasicDetails><SENhistory><SEN><StartDate>2024-09-01</StartDate><SENprovision>K</SENprovision></SEN>"
        "<SENneeds><SENneed><SENtypeRank>1</SENtypeRank><SENtype>SLCN</SENtype></SENneed></SENneeds></SENhistory>"
        f"{address}<Contacts><Contact><Order>2</Order><Forename>Dorin</Forename><Surname>Plumbrook</Surname>"
        "<Relationship>Stepfather</Relationship><Responsibility>false</Responsibility>"
        "<Phones><Phone><TelephoneType>M</TelephoneType><PhoneNo>07700 900777</PhoneNo></Phone></Phones>"
        "</Contact><Contact><Order>1</Order><Title>Mrs</Title><Forename>Ilinca</Forename><Surname>Vantreska</Surname>"
        "<Relationship>Mother</Relationship><Responsibility>true</Responsibility>"
        "<Phones><Phone><TelephoneType>M</TelephoneType><PhoneNo>07700 900888</PhoneNo></Phone></Phones>"
        "<Email>ilinca@example.invalid</Email></Contact></Contacts></Pupil></CTFpupilData></CTfile>\n"
    )


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def pdf_text(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    return [page.get_textpage().get_text_range() for page in pdf]


def test_mis_export_imports_and_links_siblings_from_shared_contacts(tmp_path, monkeypatch):
    """A SIMS/Arbor export (their column names, DD/MM/YYYY, a Reg column, no household) imports as it is;
    children sharing a parent's phone become siblings, a child sharing nothing stays alone."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    dsl = fixture.open("dana")
    result = dsl.roster.import_file(write(tmp_path / "in", "mis.csv", MIS_CSV))
    assert (result.added, result.updated) == (3, 0)
    chidi, ada, owen = (dsl.roster.pupil(upn) for upn in ("Q100000000201", "E100000000202", "U100000000203"))
    assert (ada.given_name, ada.preferred_name, ada.year_group, ada.date_of_birth.isoformat()) == (
        "Ada",
        "Addie",
        "2",
        "2019-02-11",
    )
    assert dsl.roster.household(chidi) == [ada] and dsl.roster.household(owen) == []
    family = dsl.roster.family(ada)
    assert family.first_language == "English" and family.ethnicity == "Black African"
    assert family.contacts == (
        Contact("Ngozi Okafor", "Mother", phone="07700900123"),
        Contact("Emeka Okafor", "Father", parental_responsibility=True),
    )
    again = dsl.roster.import_file(tmp_path / "in" / "mis.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)  # the same export changes nothing


def test_a_dsls_unlink_stands_and_a_new_sibling_joins_by_contact(tmp_path, monkeypatch):
    """A DSL's unlink is not undone by the next import; a child new on roll who shares a parent's phone joins
    the household the DSL left in place."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    dsl = fixture.open("dana")
    dsl.roster.import_file(write(tmp_path / "in", "mis.csv", MIS_CSV))
    dsl.roster.unlink_sibling("E100000000202")
    later = MIS_CSV + "H100000000204,Okafor,Obi,,02/02/2021,M,R,RA,Ngozi Okafor,Mother,07700 900123,,,,English,\n"
    dsl.roster.import_file(write(tmp_path / "in", "mis.csv", later))
    chidi, ada = dsl.roster.pupil("Q100000000201"), dsl.roster.pupil("E100000000202")
    assert dsl.roster.household(ada) == []
    assert [p.upn for p in dsl.roster.household(chidi)] == ["H100000000204"]
    dsl.roster.link_sibling("Q100000000201", "E100000000202")
    assert {p.upn for p in dsl.roster.household(chidi)} == {"E100000000202", "H100000000204"}
    with pytest.raises(InputError, match="already in this household"):
        dsl.roster.link_sibling("Q100000000201", "E100000000202")
    with pytest.raises(AuthError):
        fixture.open("tom").roster.link_sibling("Q100000000201", "U100000000203")


def test_ctf_family_is_on_the_pack_and_nowhere_readable_at_rest(tmp_path, monkeypatch):
    """A CTF's contacts (in their order, who has parental responsibility), address, ethnicity, first
    language and SEN are printed on the pack's first page in words, and not one of them can be read in
    the store's files."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    dsl = fixture.open("dana")
    ctf = write(tmp_path / "in", "ctf.xml", ctf_with_family())
    dsl.roster.import_file(ctf)
    ctf.unlink()
    family = dsl.roster.family(dsl.roster.pupil("X100000000099"))
    assert family.address == "7 Quillfeather Lane, Testbury, ZZ1 4QX"
    assert [c.name for c in family.contacts] == ["Mrs Ilinca Vantreska", "Dorin Plumbrook"]
    out = tmp_path / "out"
    out.mkdir()
    export(dsl, "referral", "X100000000099", out / "pack.pdf")
    first = " ".join(pdf_text(out / "pack.pdf")[0].split())
    for shown in (
        "The child and family",
        "7 Quillfeather Lane, Testbury, ZZ1 4QX",
        "Romanian (ROM)",
        "Gypsy / Roma (WROM)",
        "SEN support (K): Speech, language and communication needs (SLCN)",
        "Mrs Ilinca Vantreska (Mother, has parental responsibility) · 07700 900888 · ilinca@example.invalid",
        "Dorin Plumbrook (Stepfather, no parental responsibility recorded) · 07700 900777",
    ):
        assert shown in first, shown
    secrets = ("Quillfeather", "ZZ1 4QX", "Vantreska", "Plumbrook", "Ilinca", "900888", "ilinca@", "Romanian", "WROM")
    for phase in ("open", "closed"):  # the write-ahead log while the store is open, then the database file
        files = [p for p in (tmp_path / "school").rglob("*") if p.is_file()]
        assert any(f.name.endswith("-wal") for f in files) or phase == "closed"
        for path in files:
            data = raw_bytes(path)
            for secret in secrets:
                for encoded in (secret.encode(), secret.encode("utf-16-le")):
                    assert encoded not in data, f"{secret!r} readable in {path.name} ({phase})"
        dsl.session.vault.engine.dispose()


def test_a_dsl_corrects_the_family_and_an_import_without_it_keeps_it(tmp_path, monkeypatch):
    """What a DSL records (GP, interpreter, others at home) survives a later roster import that carries no
    family columns; staff cannot change it."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    dsl = fixture.open("dana")
    corrected = Family(gp="Testbury Surgery", interpreter=True, household_members=("Gran (lives with them)",))
    assert dsl.roster.set_family("R100000000001", corrected)
    assert not dsl.roster.set_family("R100000000001", corrected)  # nothing new: nothing written
    plain = "upn,given_name,family_name,date_of_birth,year_group\nR100000000001,Jamie,Brook,2017-04-02,4\n"
    dsl.roster.import_file(write(tmp_path / "in", "plain.csv", plain))
    jamie = dsl.roster.pupil("R100000000001")
    assert dsl.roster.family(jamie) == corrected and jamie.household == "H-BROOK"
    with pytest.raises(AuthError):
        fixture.open("tom").roster.set_family("R100000000001", Family(gp="Elsewhere"))


NAMELESS = "contact1_name: is empty, but contact 1 has other details"


@pytest.mark.parametrize(
    "header, row, message",
    [
        ("upn,Legal Forename,Legal Surname,dob,year,contact 1 phone", "Q100000000201,A,B,2017-05-04,4,0770", NAMELESS),
        ("UPN, legal_forename ,LEGAL SURNAME,DOB,Year,Interpreter", "Q100000000201,A,B,2017-05-04,4,maybe", "'maybe'"),
        ("UPN,Forename,Legal Forename,DOB,Year", "Q100000000201,A,B,2017-05-04,4", "'Forename' and 'Legal Forename'"),
    ],
)
def test_bad_family_columns_are_one_line(tmp_path, header, row, message):
    """Contact details with no name, an interpreter that is not yes or no, and two columns meaning one field
    are each refused with one line naming the file, line and column as the file spells it."""
    path = write(tmp_path, "mis.csv", f"{header}\n{row}\n")
    with pytest.raises(InputError) as caught:
        read_roster(path, date(2026, 11, 23))
    said = str(caught.value)
    assert said.startswith("mis.csv line ") and "\n" not in said and message in said, said


def test_every_column_and_alias_is_in_the_readme_and_means_one_thing():
    """The README's roster table names every column and every MIS name accepted, and no two columns share a
    name (else a header would be read as the wrong field)."""
    meanings: dict[str, set[str]] = {}
    for column, aliases in [*COLUMNS.items(), *((None, (n,)) for n in IGNORED_COLUMNS)]:
        for name in aliases if column is None else (column, *aliases):
            meanings.setdefault(column_name(name), set()).add(str(column))
    assert not {name: columns for name, columns in meanings.items() if len(columns) > 1}
    readme = README.read_text(encoding="utf-8").split("### The roster file")[1].split("\n#")[0]
    documented = {column_name(n) for n in re.findall(r"`([^`]+)`", readme)}
    missing = [n for column, aliases in COLUMNS.items() for n in (column, *aliases) if column_name(n) not in documented]
    assert not [n for n in missing if not re.fullmatch(r"contact[23]_.*|(Contact|Priority) [23] .*", n)], missing
    assert all(column_name(n) in documented for n in IGNORED_COLUMNS)


def test_cli_imports_a_mis_export_and_refuses_an_unknown_column(tmp_path, monkeypatch, capsys):
    """`school-log roster import` takes the MIS export as it is (exit 0, counts); a column it does not know
    (a typo) is one line naming it, exit 2, nothing written."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    run = Runner(monkeypatch, capsys).as_("dana")
    imported = run("roster", "import", str(write(tmp_path / "in", "mis.csv", MIS_CSV)), "--json")
    assert imported.code == 0 and imported.json() == {"added": 3, "updated": 0, "unchanged": 0}
    typo = MIS_CSV.replace("Legal Surname", "Legal Surnme")
    refused = run("roster", "import", str(write(tmp_path / "in", "typo.csv", typo)))
    assert refused.code == 2 and refused.err.startswith("school-log: typo.csv line 1: unknown column(s) 'Legal Surnme'")
    assert len(run("roster", "list", "--json").json()) == 9


def test_staff_cannot_write_a_family_even_past_the_domain(tmp_path, monkeypatch):
    """The vault itself refuses a family record from a member of staff (who holds the roster key), so no
    teacher can plant a parent's phone number on a child's referral pack."""
    fixture = make_school(tmp_path / "school", monkeypatch)
    tom = fixture.open("tom")
    jamie = tom.roster.pupil("R100000000001")
    planted = Draft("family", subject=jamie.id, kind="family", data=family_payload(Family(gp="Planted")))
    with pytest.raises(AuthError):
        tom.session.append(planted)
    assert fixture.open("dana").roster.family(jamie) == Family()
