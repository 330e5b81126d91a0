"""Roster files: a good MIS export imports whole; a bad one is refused with one clear line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from school_log.errors import InputError
from school_log.roster_files.reading import read_roster
from school_log.roster_files.rows import RosterRow

HEADER = "upn,given_name,family_name,date_of_birth,year_group,household"
GOOD = "A123456789012,Testa,Pupilson,2016-03-04,5,H1"


TODAY = date(2026, 11, 23)
"""The school's clock's date, which bounds a date of birth."""


def write(tmp_path: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_roster(path, TODAY)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name), message
    return message


def csv_with(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    return write(tmp_path, "\n".join([header, GOOD, *rows]) + "\n")


# --- good CSV ----------------------------------------------------------------------------


def test_good_csv_with_bom_optional_columns_and_flags(tmp_path: Path) -> None:
    """An Excel "CSV UTF-8" export (BOM, optional columns, mixed-case flags) imports as written."""
    text = (
        "\ufeffupn,given_name,family_name,date_of_birth,year_group,household,preferred_name,sex,flags\r\n"
        "a123456789012, Testa ,Pupilson,2016-03-04,5,H1,Tess,F,SEN;cp-plan\r\n"
        'L12345678901B,Sam,"Exampleby, Jr",2018-12-31,R,H2,,M,EAL | Looked-After\r\n'
        "Y123456789001,Alex,Sampleton,2019-01-01,,H1,,,\r\n"
    )
    rows = read_roster(write(tmp_path, text), TODAY)
    assert rows == [
        RosterRow("A123456789012", "Testa", "Pupilson", date(2016, 3, 4), "5", "H1", "Tess", "F", ("sen", "cp-plan")),
        RosterRow(
            "L12345678901B", "Sam", "Exampleby, Jr", date(2018, 12, 31), "R", "H2", "", "M", ("eal", "looked-after")
        ),
        RosterRow("Y123456789001", "Alex", "Sampleton", date(2019, 1, 1), "", "H1"),
    ]


def test_uk_dates_accepted(tmp_path: Path) -> None:
    """DD/MM/YYYY dates, as UK MIS exports and Excel write them, are read day-first."""
    rows = read_roster(csv_with(tmp_path, "Y123456789001,Alex,Sampleton,03/04/2016,5,H2"), TODAY)
    assert rows[1].date_of_birth == date(2016, 4, 3)


def test_temporary_upn_and_blank_lines(tmp_path: Path) -> None:
    """A DfE temporary UPN (letter, 11 digits, letter) is accepted; blank and ",,,," lines are skipped."""
    rows = read_roster(csv_with(tmp_path, "", ",,,,,", "X12345678901A,Alex,Sampleton,2016-04-03,5,"), TODAY)
    assert [r.upn for r in rows] == ["A123456789012", "X12345678901A"]
    assert rows[1].household == "X12345678901A"  # no household given: a household of their own


# --- bad CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, field, value",
    [
        ("A12345678901,Alex,Sampleton,2016-04-03,5,H2", "upn", "A12345678901"),  # letter + 11 digits
        ("1234567890123,Alex,Sampleton,2016-04-03,5,H2", "upn", "1234567890123"),  # no letter
        ("1234567890AB,Alex,Sampleton,2016-04-03,5,H2", "upn", "1234567890AB"),  # 10 digits + letters
        ("AB12345678901,Alex,Sampleton,2016-04-03,5,H2", "upn", "AB12345678901"),
        ("Y123456789001,Alex,Sampleton,2019-13-01,5,H2", "date_of_birth", "2019-13-01"),
        ("Y123456789001,Alex,Sampleton,31/02/2019,5,H2", "date_of_birth", "31/02/2019"),
        ("Y123456789001,Alex,Sampleton,20190101,5,H2", "date_of_birth", "20190101"),
        ("Y123456789001,Alex,Sampleton,2026-11-24,5,H2", "date_of_birth", "2026-11-24"),
        ("Y123456789001,Alex,Sampleton,1990-01-01,5,H2", "date_of_birth", "1990-01-01"),
        ("Y123456789001,Alex,Sampleton,2016-04-03,5,H2,,,sen;vip", "flags", "vip"),
    ],
)
def test_bad_value_names_file_line_field_and_value(tmp_path: Path, row: str, field: str, value: str) -> None:
    """A bad value stops the whole import with one line naming file, line, field and the bad value."""
    header = HEADER + (",preferred_name,sex,flags" if row.count(",") > 5 else "")
    path = write(tmp_path, "\n".join([header, GOOD + (",,," if row.count(",") > 5 else ""), row]) + "\n")
    message = refused(path)
    assert message.startswith(f"roster.csv line 3, {field}: {value!r}"), message


def test_future_date_says_so(tmp_path: Path) -> None:
    """A date of birth after today (by the school's clock) is refused as in the future, not as a bad date."""
    message = refused(csv_with(tmp_path, "Y123456789001,Alex,Sampleton,2026-11-24,5,H2"))
    assert message == "roster.csv line 3, date_of_birth: '2026-11-24' is in the future"


def test_born_today_is_accepted(tmp_path: Path) -> None:
    """The plausibility check is 0..25 years inclusive, so a baby born today is not refused."""
    rows = read_roster(csv_with(tmp_path, "Y123456789001,Alex,Sampleton,2026-11-23,N1,H2"), TODAY)
    assert rows[1].date_of_birth == date(2026, 11, 23)


def test_empty_name_is_refused_without_other_names(tmp_path: Path) -> None:
    """An empty name is refused; the message names the UPN-free field only, never another name on the row."""
    message = refused(csv_with(tmp_path, "Y123456789001,  ,Sampleton,2016-04-03,5,H2"))
    assert message == "roster.csv line 3, given_name: is empty"
    message = refused(csv_with(tmp_path, "Y123456789001,Alex,,2016-04-03,5,H2"))
    assert message == "roster.csv line 3, family_name: is empty"
    assert "Alex" not in message and "Testa" not in message


def test_bad_date_message_never_names_the_child(tmp_path: Path) -> None:
    """Error lines may be shown or logged, so they carry the bad value but not the child's name."""
    message = refused(csv_with(tmp_path, "Y123456789001,Alex,Sampleton,soon,5,H2"))
    assert message == "roster.csv line 3, date_of_birth: 'soon' is not a date (use YYYY-MM-DD)"


def test_line_number_is_physical_line(tmp_path: Path) -> None:
    """Line numbers match what a text editor shows, even after blank lines and multi-line quoted cells
    (a cell may span lines in CSV, though no name may: it is named where it starts)."""
    path = write(
        tmp_path,
        f'{HEADER}\n\nY123456789001,Alex,Sampleton,2016-04-03,5,"H2\nH3"\nM123456789002,Alex,Sampleton,bad,5,H2\n',
    )
    assert refused(path).startswith("roster.csv line 3, household: must be one line")
    path = write(tmp_path, f"{HEADER}\n\nY123456789001,Al,Sampleton,2016-04-03,5,H2\nM123456789002,A,S,bad,5,H2\n")
    assert refused(path).startswith("roster.csv line 4, date_of_birth: 'bad'")


def test_duplicate_upn(tmp_path: Path) -> None:
    """One child must not become two records: a UPN repeated (in any case) is refused, naming both lines."""
    message = refused(
        csv_with(tmp_path, "Y123456789001,Alex,Sampleton,2016-04-03,5,H2", "a123456789012,Sam,X,2016-04-03,5,H3")
    )
    assert message == "roster.csv line 4, upn: A123456789012 is also at line 2"


def test_missing_required_column(tmp_path: Path) -> None:
    """A file without a required column is refused at the header, naming the column."""
    path = write(tmp_path, "upn,given_name,family_name,household\nA123456789012,Testa,Pupilson,H1\n")
    assert refused(path) == "roster.csv line 1: missing column(s) date_of_birth, year_group"


def test_unknown_column(tmp_path: Path) -> None:
    """An unexpected column (e.g. a typo or extra data) is refused rather than silently dropped."""
    message = refused(csv_with(tmp_path, header=HEADER + ",adress"))
    assert message.startswith("roster.csv line 1: unknown column(s) 'adress'")


def test_wrong_number_of_values(tmp_path: Path) -> None:
    """A row with missing or extra cells is refused instead of shifting values into the wrong fields."""
    assert refused(csv_with(tmp_path, "Y123456789001,Alex,2016-04-03,5,H2")) == (
        "roster.csv line 3: 5 values but the header has 6 columns"
    )


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    """An empty file is refused (an import that adds nobody is almost certainly the wrong file)."""
    assert refused(write(tmp_path, text)) == "roster.csv: the file is empty"


def test_header_only(tmp_path: Path) -> None:
    """A header with no pupils is refused as having no pupils."""
    assert refused(write(tmp_path, HEADER + "\n\n")) == "roster.csv: no pupils in the file"


def test_missing_file(tmp_path: Path) -> None:
    """A wrong path gives one clear line, not a traceback."""
    assert refused(tmp_path / "roster.csv") == "roster.csv: no such file"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    """Pointing at a folder gives one clear line, not a traceback."""
    (tmp_path / "roster.csv").mkdir()
    assert refused(tmp_path / "roster.csv") == "roster.csv: is a folder, not a file"


def test_not_utf8(tmp_path: Path) -> None:
    """A legacy-encoded export is refused with the line and how to re-save it, not mis-read."""
    path = write(tmp_path, f"{HEADER}\n{GOOD}\nY123456789001,Zoë,Sampleton,2016-04-03,5,H2\n", encoding="cp1252")
    message = refused(path)
    assert message.startswith("roster.csv line 3: not UTF-8 text")


# --- CTF XML -----------------------------------------------------------------------------


def ctf(*pupils: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>\n'
        "<Header><DocumentName>Common Transfer File</DocumentName></Header>\n"
        "<CTFpupilData>\n" + "\n".join(pupils) + "\n</CTFpupilData>\n</CTfile>\n"
    )


def pupil(upn: str, forename: str = "Testa", dob: str = "2016-03-04", extra: str = "") -> str:
    return (
        f"<Pupil><UPN>{upn}</UPN><Surname>Pupilson</Surname><Forename>{forename}</Forename>"
        f"<DOB>{dob}</DOB><Sex>F</Sex>{extra}</Pupil>"
    )


def address(paon: str, street: str, postcode: str, bs7_postcode: bool = False) -> str:
    inner = f"<PAON>{paon}</PAON><Street>{street}</Street>"
    if bs7_postcode:
        return f"<Address><BS7>{inner}<PostCode>{postcode}</PostCode></BS7></Address>"
    return f"<Address><BS7>{inner}</BS7><PostCode>{postcode}</PostCode></Address>"


def test_good_ctf_siblings_share_household(tmp_path: Path) -> None:
    """Siblings at the same address in a CTF get the same household; others get their own."""
    text = ctf(
        pupil(
            "A123456789012",
            extra="<PreferredForename>Tess</PreferredForename><NCyearActual>5</NCyearActual>"
            + address("12", "Example Road", "ZZ9 9ZZ"),
        ),
        pupil("y123456789001", forename="Sam", extra=address(" 12 ", "EXAMPLE  road", "zz99zz", bs7_postcode=True)),
        pupil("M123456789002", forename="Alex", extra=address("14", "Example Road", "ZZ9 9ZZ")),
        pupil("B123456789003", forename="Jo"),
        pupil(
            "Q123456789004",
            forename="Kit",
            extra="<Household>FAM-7</Household>" + address("12", "Example Road", "ZZ9 9ZZ"),
        ),
    )
    rows = read_roster(write(tmp_path, text, name="roster.xml"), TODAY)
    assert rows[0] == RosterRow(
        "A123456789012", "Testa", "Pupilson", date(2016, 3, 4), "5", rows[0].household, "Tess", "F"
    )
    assert rows[1].upn == "Y123456789001" and rows[1].year_group == ""
    assert rows[0].household == rows[1].household
    assert rows[2].household != rows[0].household
    assert rows[3].household == "B123456789003"  # no address: a household of their own
    assert rows[4].household == "FAM-7"  # explicit <Household> wins
    assert "Example" not in rows[0].household.lower() and "zz9" not in rows[0].household.lower()


def test_ctf_detected_by_content_not_extension(tmp_path: Path) -> None:
    """A CTF saved with a .csv name (or with leading whitespace/BOM) is still read as XML."""
    rows = read_roster(write(tmp_path, "\ufeff\n  " + ctf(pupil("A123456789012")), name="export.csv"), TODAY)
    assert [r.upn for r in rows] == ["A123456789012"]


@pytest.mark.parametrize(
    "bad, expected",
    [
        (pupil("A12345678901"), "roster.xml Pupil #2, UPN: 'A12345678901' is not a UPN"),
        (pupil("1234567890123"), "roster.xml Pupil #2, UPN: '1234567890123' is not a UPN"),
        (pupil("Y123456789001", dob="2019-13-01"), "roster.xml Pupil #2, DOB: '2019-13-01' is not a date"),
        (pupil("Y123456789001", dob="2027-01-01"), "roster.xml Pupil #2, DOB: '2027-01-01' is in the future"),
        (pupil("Y123456789001", forename=" "), "roster.xml Pupil #2, Forename: is empty"),
        ("<Pupil><Surname>Pupilson</Surname></Pupil>", "roster.xml Pupil #2, UPN: is empty"),
        (pupil("a123456789012", forename="Sam"), "roster.xml Pupil #2, UPN: A123456789012 is also at Pupil #1"),
    ],
)
def test_ctf_bad_pupil_names_file_element_and_field(tmp_path: Path, bad: str, expected: str) -> None:
    """A bad CTF pupil stops the import, naming the file, the Pupil element and the CTF field."""
    message = refused(write(tmp_path, ctf(pupil("A123456789012"), bad), name="roster.xml"))
    assert message.startswith(expected), message
    assert "Pupilson" not in message and "Testa" not in message


def test_ctf_without_pupils(tmp_path: Path) -> None:
    """A CTF with no pupils is refused as having no pupils."""
    assert refused(write(tmp_path, ctf(), name="roster.xml")) == "roster.xml: no pupils in the file"


def test_other_xml_is_not_a_ctf(tmp_path: Path) -> None:
    """XML that is not a CTF is refused, saying what was expected."""
    message = refused(write(tmp_path, "<roster><pupil/></roster>", name="roster.xml"))
    assert message.startswith("roster.xml: not a Common Transfer File")


def test_malformed_xml(tmp_path: Path) -> None:
    """Broken XML is refused with the line and column where it breaks."""
    text = "<CTfile>\n<CTFpupilData>\n<Pupil><UPN>A123456789012</UPN>\n</CTFpupilData>\n</CTfile>\n"
    message = refused(write(tmp_path, text, name="roster.xml"))
    assert message.startswith("roster.xml line 4, column 2: not well-formed XML"), message


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CTfile [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CTfile><CTFpupilData><Pupil><UPN>A123456789012</UPN><Surname>&lol4;</Surname></Pupil></CTFpupilData></CTfile>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CTfile><CTFpupilData><Pupil><UPN>A123456789012</UPN><Surname>&secret;</Surname></Pupil></CTFpupilData></CTfile>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_refused(tmp_path: Path, text: str) -> None:
    """Entity tricks (billion laughs, external files) are refused with a clear line, never expanded."""
    message = refused(write(tmp_path, text, name="roster.xml"))
    assert message.startswith("roster.xml: refused: the XML declares entities"), message


def basic_pupil(upn: str, forename: str, surname: str, dob: str, details: str) -> str:
    """A pupil as a DfE CTF writes one: names and year inside <BasicDetails>."""
    return (
        f"<Pupil><UPN>{upn}</UPN><Surname>{surname}</Surname><Forename>{forename}</Forename>"
        f"<DOB>{dob}</DOB><Sex>F</Sex><BasicDetails>{details}</BasicDetails></Pupil>"
    )


def test_ctf_basic_details_give_year_and_preferred_names(tmp_path: Path) -> None:
    """A real CTF's <BasicDetails> supplies year group, preferred names and middle names,
    with diacritics and apostrophes kept exactly; Reception and nursery years import."""
    text = ctf(
        basic_pupil(
            "A123456789012",
            "Zoë",
            "O&apos;Brien",
            "2016-03-04",
            "<FormerUPN/><PreferredSurname>D’Arcy-Núñez</PreferredSurname><PreferredForename>Zoë-Siân</PreferredForename>"
            "<MiddleNames>Mary Ó</MiddleNames><NCyearActual>5</NCyearActual>",
        ),
        basic_pupil("Y123456789001", "Tomás", "Ní Bhriain", "2021-10-01", "<NCyearActual>R</NCyearActual>"),
        basic_pupil("M123456789002", "Łucja", "Kowalska", "2022-11-01", "<NCyearActual>N2</NCyearActual>"),
        basic_pupil("B123456789003", "Ife", "Adé", "2023-06-01", "<NCyearActual>N1</NCyearActual>"),
    )
    rows = read_roster(write(tmp_path, text, name="ctf.xml"), TODAY)
    first = rows[0]
    assert (first.given_name, first.family_name) == ("Zoë", "O'Brien")
    assert (first.preferred_name, first.preferred_surname, first.middle_names) == ("Zoë-Siân", "D’Arcy-Núñez", "Mary Ó")
    assert [r.year_group for r in rows] == ["5", "R", "N2", "N1"]
    assert rows[1].family_name == "Ní Bhriain" and rows[2].given_name == "Łucja"
    assert first.as_pupil("p1").name == "Zoë-Siân D’Arcy-Núñez"  # as staff know her


def test_csv_preferred_surname_and_middle_names_columns(tmp_path: Path) -> None:
    """A CSV may carry the same preferred surname and middle names a CTF does, kept exactly."""
    header = HEADER + ",preferred_surname,middle_names"
    rows = read_roster(write(tmp_path, f"{header}\nA123456789012,Siân,O'Neill,2016-03-04,R,H1,Núñez,Mary Ó\n"), TODAY)
    assert (rows[0].family_name, rows[0].preferred_surname, rows[0].middle_names) == ("O'Neill", "Núñez", "Mary Ó")
