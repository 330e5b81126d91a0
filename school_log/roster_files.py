"""Read a school roster (MIS CSV export or DfE Common Transfer File) into checked rows.

Pure parsing and validation: no storage, no crypto. A roster is imported all or
nothing, so the first bad row stops the import with one line naming the file, the
row and the field. Messages never repeat a pupil's name (only the bad value of the
field complained about, and UPNs), because they may end up on screens and in logs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from school_log.ctf_codes import ETHNICITY, LANGUAGES, SEN_NEEDS, SEN_PROVISION, in_words
from school_log.errors import InputError
from school_log.forms.fields import MAX_ITEMS, MAX_SHORT, text_problem
from school_log.input_file import read_capped
from school_log.model import PUPIL_FLAGS, Contact, Family, Pupil, age_in_months
from school_log.upn import upn_problem

MAX_BYTES = 20 * 1024 * 1024  # far above any school's roll; stops a huge file filling memory
MAX_AGE = 25

#: The pupil's own fields (a transfer bundle describes a pupil with exactly these).
PUPIL_FIELDS = (
    "upn", "given_name", "family_name", "date_of_birth", "year_group", "household",
    "preferred_name", "preferred_surname", "middle_names", "sex", "flags",
)  # fmt: skip
REQUIRED_COLUMNS = ("upn", "given_name", "family_name", "date_of_birth", "year_group")
MAX_CONTACTS = 3
_CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name",),
    "relationship": ("Relationship",),
    "parental_responsibility": ("Parental Responsibility", "PR"),
    "phone": ("Phone", "Telephone", "Mobile"),
    "email": ("Email", "Email Address"),
    "address": ("Address",),
}
#: Every CSV column school-log reads, and the names SIMS, Arbor and Bromcom exports give it (the README
#: lists the same). A header cell matches without regard to case, spaces, underscores or hyphens.
COLUMNS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number"),
    "given_name": ("Legal Forename", "Forename", "First Name", "Legal First Name"),
    "family_name": ("Legal Surname", "Surname", "Last Name", "Legal Last Name"),
    "date_of_birth": ("DOB", "Date of Birth"),
    "year_group": ("Year", "Year Group", "NC Year", "National Curriculum Year"),
    "household": ("Family ID", "Household ID"),
    "preferred_name": ("Preferred Forename", "Preferred First Name", "Known As"),
    "preferred_surname": ("Preferred Surname", "Preferred Last Name"),
    "middle_names": ("Middle Name", "Middle Name(s)"),
    "sex": ("Gender",),
    "flags": (),
    "leaving_date": ("Leaving Date", "Date of Leaving", "Leave Date", "Date Left"),
    "address": ("Home Address", "Pupil Address"),
    "postcode": ("Post Code",),
    "first_language": ("First Language", "Home Language", "Language"),
    "interpreter": ("Interpreter Needed", "Interpreter Required"),
    "ethnicity": ("Ethnic Group", "Ethnic Origin"),
    "send": ("SEN", "SEN Need", "SEN Needs", "SEN Status", "SEND Detail"),
    "gp": ("Doctor", "GP Practice", "Medical Practice", "Doctor's Surgery"),
    "household_members": ("Other Household Members",),
    **{
        f"contact{n}_{part}": tuple(
            f"{who} {alias}"
            for who in (f"Contact {n}", f"Priority {n} Contact", *(["Primary Contact"] if n == 1 else []))
            for alias in aliases
        )
        for n in range(1, MAX_CONTACTS + 1)
        for part, aliases in _CONTACT_COLUMNS.items()
    },
}
#: Columns MIS exports carry that the log does not keep; read past without a word.
IGNORED_COLUMNS = (
    "Reg", "Reg Group", "Registration Group", "Form", "Tutor Group", "Class", "House", "Age",
    "Admission Number", "Adno", "Admission Date", "Enrolment Status", "Boarder",
)  # fmt: skip
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}

# Permanent UPN "F123456789012" and DfE temporary UPN "X12345678901B" (13 characters, the
# first a check letter that school_log.upn tests). [0-9], not \d: \d also matches
# non-ASCII digits, which no UPN or date contains.
_UPN = re.compile(r"[A-Z][0-9]{12}|[A-Z][0-9]{11}[A-Z]")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

# What each row field is called in a CTF, so messages name what the user sees in the file.
T = TypeVar("T")

_CTF_LABELS = {
    "upn": "UPN",
    "given_name": "Forename",
    "family_name": "Surname",
    "date_of_birth": "DOB",
    "year_group": "NCyearActual",
    "household": "Household",
    "preferred_name": "PreferredForename",
    "preferred_surname": "PreferredSurname",
    "middle_names": "MiddleNames",
    "sex": "Sex",
}
#: Fields a real CTF keeps inside each pupil's <BasicDetails>, not directly under <Pupil>.
_CTF_BASIC_DETAILS = frozenset({"NCyearActual", "PreferredForename", "PreferredSurname", "MiddleNames"})


@dataclass(frozen=True)
class RosterRow:
    """One pupil as the roster file describes them, already validated and normalised.

    `household_stated` is False when the file gave no household and it was worked out (shared
    contacts or address, else the pupil alone): the roster then keeps a household a DSL set."""

    upn: str
    given_name: str
    family_name: str
    date_of_birth: date
    year_group: str
    household: str
    preferred_name: str = ""
    sex: str = ""
    flags: tuple[str, ...] = ()
    preferred_surname: str = ""
    middle_names: str = ""
    family: Family = field(default=Family(), compare=False)
    household_stated: bool = field(default=True, compare=False)
    left_on: date | None = None  # the MIS's leaving date, once it has passed: the pupil has left

    def as_pupil(self, pupil_id: str) -> Pupil:
        """The pupil this row describes, as the roster keeps them under `pupil_id`."""
        return Pupil(
            pupil_id, self.upn, self.given_name, self.family_name, self.date_of_birth, self.year_group,
            self.household, self.preferred_name, self.sex, self.flags, self.preferred_surname, self.middle_names,
            self.left_on,
        )  # fmt: skip


class _Check(Protocol):
    """Reads one field of a row with a validator, saying where it is wrong."""

    def __call__(self, field: str, validate: Callable[[str], T], /) -> T: ...


class _Bad(ValueError):
    """A field value is wrong; the caller adds where (file, row, field)."""


def read_roster(path: Path, today: date) -> list[RosterRow]:
    """Read and validate every row of a roster, or raise one `InputError` naming the first problem
    (`today`, by the school's clock, bounds a date of birth).

    CTF XML is recognised by content (it starts with "<"), not by file extension,
    because MIS exports are often renamed or saved with the wrong extension.
    """
    name = path.name or str(path)
    text = _read_text(path, name)
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    if text.lstrip().startswith("<"):
        return _read_ctf(name, text, today)
    return _read_csv(name, text, today)


def columns_read(path: Path) -> list[tuple[str, str]]:
    """What each column of a CSV roster is read as (its school-log name, or "not kept"), for a preview
    before importing; [] for a CTF. Raises the same one-line `InputError` as `read_roster` for a bad header."""
    name = path.name or str(path)
    text = _read_text(path, name)
    if text.lstrip().startswith("<"):
        return []
    first = next(_csv_records(name, text), None)
    if first is None:
        raise InputError(f"{name}: the file is empty")
    header = _read_header(name, first[1])
    kept = {index: column for column, (index, _) in header.items()}
    return [(cell.strip(), kept.get(index, "not kept")) for index, cell in enumerate(first[1])]


# --- field validators, shared by both formats -------------------------------------------


def _show(value: str) -> str:
    """The bad value quoted on one line, cut short so a message stays one readable line."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _upn(value: str) -> str:
    upn = value.strip().upper()
    if not upn:
        raise _Bad("is empty")
    if not _UPN.fullmatch(upn):
        raise _Bad(f"{_show(value)} is not a UPN (a letter then 12 digits, e.g. F123456789012)")
    problem = upn_problem(upn)
    if problem:
        raise _Bad(f"{_show(value)}: {problem}")
    return upn


def _name(value: str) -> str:
    name = _text(value)
    if not name:
        raise _Bad("is empty")
    return name


def _text(value: str) -> str:
    text = value.strip()
    if len(text) > MAX_SHORT:
        raise _Bad(f"is longer than {MAX_SHORT} characters")
    wrong = text_problem(text, one_line=True)
    if wrong:
        raise _Bad(wrong)
    return text


def _date_of_birth(value: str, today: date) -> date:
    """A date of birth: not in the future, nor older than a pupil can be."""
    born = _date(value)
    if born > today:
        raise _Bad(f"{_show(value)} is in the future")
    age = age_in_months(born, today) // 12
    if age > MAX_AGE:
        raise _Bad(f"{_show(value)} would make the pupil {age}, older than {MAX_AGE}")
    return born


def _date(value: str) -> date:
    """ISO dates, plus DD/MM/YYYY because UK MIS exports (and Excel) write them that way."""
    raw = value.strip()
    hint = "(use YYYY-MM-DD)"
    if not raw:
        raise _Bad(f"is empty {hint}")
    if iso := _ISO_DATE.fullmatch(raw):
        year, month, day = iso.groups()
    elif uk := _UK_DATE.fullmatch(raw):
        day, month, year = uk.groups()
    else:
        raise _Bad(f"{_show(value)} is not a date {hint}")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad(f"{_show(value)} is not a date {hint}") from None


def _leaving_date(value: str, today: date) -> date | None:
    """The day the pupil left; empty, or a day still to come (a leaving the MIS has planned), is on roll."""
    if not value.strip():
        return None
    left = _date(value)
    return left if left <= today else None


def _flags(value: str) -> tuple[str, ...]:
    flags: list[str] = []
    for part in re.split(r"[;|]", value):
        flag = part.strip().lower()
        if not flag:
            continue
        if flag not in PUPIL_FLAGS:
            raise _Bad(f"{_show(part.strip())} is not a flag (use {', '.join(PUPIL_FLAGS)})")
        if flag not in flags:
            flags.append(flag)
    return tuple(flags)


def _yes_no(value: str) -> bool | None:
    answer = value.strip().casefold()
    if not answer:
        return None
    if answer in _YES or answer in _NO:
        return answer in _YES
    raise _Bad(f"{_show(value)} is not yes or no")


def _nameless(contact: int, _value: str) -> str:
    raise _Bad(f"is empty, but contact {contact} has other details")


def _list(value: str) -> tuple[str, ...]:
    """Several short items in one cell, separated by ";" or "|"."""
    items = tuple(item for item in (_text(part) for part in re.split(r"[;|]", value)) if item)
    if len(items) > MAX_ITEMS:
        raise _Bad(f"has more than {MAX_ITEMS} items")
    return items


def _make_row(
    where: str, raw: Mapping[str, str], labels: Mapping[str, str], today: date, family: Family | None = None
) -> RosterRow:
    """Validate one row's raw strings; `labels` maps field names to what the file calls them; `family`, when
    not given, is read from the row's family columns."""

    def check(field: str, validate: Callable[[str], T]) -> T:
        try:
            return validate(raw.get(field) or "")
        except _Bad as bad:
            raise InputError(f"{where}, {labels.get(field, field)}: {bad}") from None

    upn = check("upn", _upn)
    household = check("household", _text)
    return RosterRow(
        upn=upn,
        given_name=check("given_name", _name),
        family_name=check("family_name", _name),
        date_of_birth=check("date_of_birth", partial(_date_of_birth, today=today)),
        year_group=check("year_group", _text),
        # No household given: the child is a household of their own until shared contacts say otherwise.
        household=household or upn,
        preferred_name=check("preferred_name", _text),
        sex=check("sex", _text),
        flags=check("flags", _flags),
        preferred_surname=check("preferred_surname", _text),
        middle_names=check("middle_names", _text),
        family=_row_family(check) if family is None else family,
        household_stated=bool(household),
        left_on=check("leaving_date", partial(_leaving_date, today=today)),
    )


def _row_family(check: _Check) -> Family:
    """The family columns of one CSV row (all optional)."""
    contacts = []
    for n in range(1, MAX_CONTACTS + 1):
        given = {
            part: check(f"contact{n}_{part}", _text) for part in _CONTACT_COLUMNS if part != "parental_responsibility"
        }
        responsible = check(f"contact{n}_parental_responsibility", _yes_no)
        if not given["name"] and (any(given.values()) or responsible is not None):
            check(f"contact{n}_name", partial(_nameless, n))
        if given["name"]:
            contacts.append(Contact(**given, parental_responsibility=bool(responsible)))
    address, postcode = check("address", _text), check("postcode", _text)
    if postcode and _key(postcode) not in _key(address):
        address = ", ".join(part for part in (address, postcode) if part)
    return Family(
        address=address,
        first_language=check("first_language", _text),
        interpreter=check("interpreter", _yes_no),
        ethnicity=check("ethnicity", _text),
        send=check("send", _text),
        gp=check("gp", _text),
        contacts=tuple(contacts),
        household_members=check("household_members", _list),
    )


def check_pupil(where: str, fields: Mapping[str, object], today: date) -> RosterRow:
    """A pupil described elsewhere (another school's transfer bundle) checked as a roster file's row is:
    `fields` as a pupil's stored fields (text, the date of birth as YYYY-MM-DD, flags as a list)."""
    flags = fields.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise InputError(f"{where}, flags: must be a list of text")
    raw = {name: value for name, value in fields.items() if name != "flags" and isinstance(value, str)}
    unknown = sorted(set(fields) - set(PUPIL_FIELDS))
    if unknown or len(raw) != len(set(fields) - {"flags"}):
        raise InputError(f"{where}: not a pupil as school-log describes one ({', '.join(unknown) or 'not text'})")
    return _make_row(where, raw | {"flags": ";".join(flags)}, {}, today)


def family_from_form(fields: Mapping[str, str]) -> Family:
    """The family as a DSL typed it in the app, keyed by CSV column name, each field checked as a roster
    file's column is; a problem names its field (form "family")."""

    def check(field: str, validate: Callable[[str], T]) -> T:
        try:
            return validate(fields.get(field) or "")
        except _Bad as bad:
            raise InputError(str(bad), form="family", field=field) from None

    return _row_family(check)


def _collect(rows: Iterator[tuple[str, RosterRow]], file: str, upn_label: str) -> list[RosterRow]:
    """Gather rows, refusing a UPN seen twice (two records for one child would split their history)."""
    seen: dict[str, str] = {}
    result: list[RosterRow] = []
    for where, row in rows:
        if row.upn in seen:
            raise InputError(f"{where}, {upn_label}: {row.upn} is also at {seen[row.upn]}")
        seen[row.upn] = where.removeprefix(file + " ")
        result.append(row)
    if not result:
        raise InputError(f"{file}: no pupils in the file")
    return _link_households(result)


def _key(text: str) -> str:
    """Text compared as a person would: letters and digits only, case ignored ("12 Example Rd" ~ "12 EXAMPLE RD.")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _shared_keys(family: Family) -> set[str]:
    """What siblings' records share: the child's address, and each contact's phone number or email."""
    keys = {"addr:" + _key(family.address)} if _key(family.address) else set()
    for contact in family.contacts:
        digits = "".join(ch for ch in contact.phone if ch.isdigit())
        keys |= {"tel:" + digits} if len(digits) >= 6 else set()
        keys |= {"mail:" + contact.email.strip().casefold()} if "@" in contact.email else set()
    return keys


def _link_households(rows: list[RosterRow]) -> list[RosterRow]:
    """Rows without a stated household join the others they share an address, phone or email with.

    The household id is a hash of the group's first shared key, so it is stable across
    re-imports and no address, phone or email text is kept in it; a pupil who shares
    nothing stays a household of their own (their UPN).
    """
    group = list(range(len(rows)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    first_with: dict[str, int] = {}
    keys = [_shared_keys(row.family) if not row.household_stated else set() for row in rows]
    for i, row_keys in enumerate(keys):
        for key in sorted(row_keys):
            group[root(i)] = root(first_with.setdefault(key, i))
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(root(i), []).append(i)
    linked = list(rows)
    for indices in members.values():
        if len(indices) > 1:
            name = "fam-" + hashlib.sha256(min(k for i in indices for k in keys[i]).encode()).hexdigest()[:16]
            for i in indices:
                linked[i] = replace(rows[i], household=name)
    return linked


# --- reading the file --------------------------------------------------------------------


def _read_text(path: Path, name: str) -> str:
    """The file as text; every way reading can fail becomes one line, never a traceback."""
    data = read_capped(path, MAX_BYTES, "a roster", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f'{name} line {line}: not UTF-8 text (save it as "CSV UTF-8")') from None


# --- CSV ---------------------------------------------------------------------------------


def _read_csv(file: str, text: str, today: date) -> list[RosterRow]:
    records = _csv_records(file, text)
    first = next(records, None)
    if first is None:
        raise InputError(f"{file}: the file is empty")
    header = _read_header(file, first[1])
    return _collect(_csv_rows(file, records, header, len(first[1]), today), file, "upn")


def _column_name(name: str) -> str:
    """A header cell as it is matched: case, spaces, underscores and hyphens ignored."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


_BY_NAME = {_column_name(name): column for column, aliases in COLUMNS.items() for name in (column, *aliases)}
_IGNORED = frozenset(map(_column_name, IGNORED_COLUMNS))


def _read_header(file: str, cells: list[str]) -> dict[str, tuple[int, str]]:
    """Each column the file has, by its school-log name: where it is and what the file calls it."""
    where = f"{file} line 1"
    unknown = [
        cell.strip() for cell in cells if _column_name(cell) not in _BY_NAME and _column_name(cell) not in _IGNORED
    ]
    if unknown:
        names = ", ".join(_show(c) for c in unknown)
        raise InputError(f"{where}: unknown column(s) {names} (the README lists every column and its MIS names)")
    header: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(cells):
        column = _BY_NAME.get(_column_name(cell))
        if column is None:
            continue
        if column in header:
            raise InputError(f"{where}: {header[column][1]!r} and {cell.strip()!r} are the same column ({column})")
        header[column] = (index, cell.strip())
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}")
    return header


def _csv_records(file: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each record with the physical line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            yield start, cells
    except csv.Error as error:
        raise InputError(f"{file} line {end + 1}: not valid CSV ({error})") from None


def _csv_rows(
    file: str, records: Iterator[tuple[int, list[str]]], header: dict[str, tuple[int, str]], width: int, today: date
) -> Iterator[tuple[str, RosterRow]]:
    labels = {column: named for column, (_, named) in header.items()}
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and Excel's ",,,," rows
        where = f"{file} line {line}"
        if len(cells) != width:
            raise InputError(f"{where}: {len(cells)} values but the header has {width} columns")
        raw = {column: cells[index] for column, (index, _) in header.items()}
        yield where, _make_row(where, raw, labels, today)


# --- CTF XML -----------------------------------------------------------------------------


def _read_ctf(file: str, text: str, today: date) -> list[RosterRow]:
    """Parse with defusedxml: a roster comes from outside, so entities and external references are refused."""
    xml = text.lstrip()  # an XML declaration must come first; tolerate blank lines before it
    skipped_lines = text[: len(text) - len(xml)].count("\n")
    try:
        root = SafeET.fromstring(xml)
    except defusedxml.DefusedXmlException:
        raise InputError(
            f"{file}: refused: the XML declares entities or external references, which a CTF never needs"
        ) from None
    except ParseError as error:
        line, column = error.position
        raise InputError(f"{file} line {line + skipped_lines}, column {column}: not well-formed XML") from None
    if root.tag != "CTfile":
        raise InputError(f"{file}: not a Common Transfer File (the root element is <{root.tag}>, not <CTfile>)")
    pupils = root.findall("CTFpupilData/Pupil")
    return _collect(_ctf_rows(file, pupils, today), file, "UPN")


def _ctf_rows(file: str, pupils: list[Element], today: date) -> Iterator[tuple[str, RosterRow]]:
    for number, pupil in enumerate(pupils, start=1):
        where = f"{file} Pupil #{number}"
        raw = {field: _ctf_text(pupil, tag) for field, tag in _CTF_LABELS.items()}
        yield where, _make_row(where, raw, _CTF_LABELS, today, _ctf_family(where, pupil))


def _ctf_text(pupil: Element, tag: str) -> str:
    """A pupil's field: <BasicDetails> holds year and preferred names in a DfE CTF; some
    exports put them directly under <Pupil>, so that is read first."""
    found = pupil.findtext(tag)
    if found is None and tag in _CTF_BASIC_DETAILS:
        found = pupil.findtext(f"BasicDetails/{tag}")
    return found or ""


def _ctf_family(where: str, pupil: Element) -> Family:
    """<Address>, <Ethnicity>, <Languages>, <SENhistory> and <Contacts>, found wherever the export nests
    them under the pupil; codes put into words (school_log.ctf_codes)."""

    def text(tag: str, value: str) -> str:
        try:
            return _text(" ".join(value.split()))
        except _Bad as bad:
            raise InputError(f"{where}, {tag}: {bad}") from None

    languages = pupil.findall(".//Languages/Type")
    first = next((t for t in languages if (t.findtext("LanguageType") or "").strip().upper() == "FIRST"), None)
    language = (first if first is not None else languages[0]).findtext("Language", "") if languages else ""
    contacts = sorted(pupil.findall("Contacts/Contact"), key=lambda c: _order(c.findtext("Order")))
    return Family(
        address=text("Address", _ctf_address(pupil.find("Address"))),
        first_language=text("Language", in_words(LANGUAGES, language)),
        ethnicity=text("Ethnicity", in_words(ETHNICITY, pupil.findtext(".//Ethnicity", ""))),
        send=text("SENhistory", _ctf_send(pupil.find("SENhistory"))),
        contacts=tuple(_ctf_contact(text, contact) for contact in contacts if _ctf_name(contact)),
    )


def _order(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 99


def _ctf_name(contact: Element) -> str:
    return " ".join(" ".join((contact.findtext(tag) or "").split()) for tag in ("Title", "Forename", "Surname")).strip()


def _ctf_contact(text: Callable[[str, str], str], contact: Element) -> Contact:
    phones = [" ".join((p.findtext("PhoneNo") or "").split()) for p in contact.findall("Phones/Phone")]
    responsible = (contact.findtext("Responsibility") or "").strip().casefold() in _YES
    return Contact(
        name=text("Contact", _ctf_name(contact)),
        relationship=text("Relationship", contact.findtext("Relationship", "")),
        parental_responsibility=responsible,
        phone=text("Phones", ", ".join(p for p in phones if p)),
        email=text("Email", contact.findtext("Email", "")),
        address=text("Contact Address", _ctf_address(contact.find("Address"))),
    )


#: An address's parts in the order they are written (BS7666, then the <AddressLines> layout).
_ADDRESS_PARTS = ("SAON", "PAON", "Street", "Locality", "Town", "PostTown", "AdministrativeArea", "County")
_ADDRESS_LINES = tuple(f"AddressLine{n}" for n in range(1, 6))


def _ctf_address(address: Element | None) -> str:
    """An <Address> on one line: "12 Example Road, Testtown, ZZ9 9ZZ"; "" when there is none."""
    if address is None:
        return ""

    def part(tag: str) -> str:
        found = address.find(f".//{tag}")
        return " ".join("".join(found.itertext()).split()) if found is not None else ""

    first = " ".join(p for p in map(part, ("SAON", "PAON", "Street")) if p)
    rest = [part(tag) for tag in (*_ADDRESS_PARTS[3:], *_ADDRESS_LINES, "PostCode")]
    return ", ".join(p for p in (first, *rest) if p)


def _ctf_send(history: Element | None) -> str:
    """The latest <SEN> provision and its needs in rank order, e.g. "EHC plan: Autistic spectrum disorder (ASD)"."""
    if history is None:
        return ""
    provision = in_words(SEN_PROVISION, history.findtext(".//SENprovision", ""))
    needs = sorted(history.findall(".//SENneed"), key=lambda n: _order(n.findtext("SENtypeRank")))
    named = "; ".join(in_words(SEN_NEEDS, n.findtext("SENtype", "")) for n in needs if n.findtext("SENtype"))
    return ": ".join(p for p in (provision, named) if p)
