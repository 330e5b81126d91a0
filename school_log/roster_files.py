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
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from school_log.errors import InputError
from school_log.form_fields import MAX_SHORT, text_problem
from school_log.input_file import read_capped
from school_log.model import PUPIL_FLAGS, age_in_months
from school_log.upn import upn_problem

MAX_BYTES = 20 * 1024 * 1024  # far above any school's roll; stops a huge file filling memory
MAX_AGE = 25

REQUIRED_COLUMNS = ("upn", "given_name", "family_name", "date_of_birth", "year_group", "household")
OPTIONAL_COLUMNS = ("preferred_name", "preferred_surname", "middle_names", "sex", "flags")

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
    """One pupil as the roster file describes them, already validated and normalised."""

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
        born = date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad(f"{_show(value)} is not a date {hint}") from None
    if born > today:
        raise _Bad(f"{_show(value)} is in the future")
    age = age_in_months(born, today) // 12
    if age > MAX_AGE:
        raise _Bad(f"{_show(value)} would make the pupil {age}, older than {MAX_AGE}")
    return born


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


def _make_row(where: str, raw: Mapping[str, str], labels: Mapping[str, str], today: date) -> RosterRow:
    """Validate one row's raw strings; `labels` maps field names to what the file calls them."""

    def check(field: str, validate: Callable[[str], T]) -> T:
        try:
            return validate(raw.get(field) or "")
        except _Bad as bad:
            raise InputError(f"{where}, {labels.get(field, field)}: {bad}") from None

    upn = check("upn", _upn)
    return RosterRow(
        upn=upn,
        given_name=check("given_name", _name),
        family_name=check("family_name", _name),
        date_of_birth=check("date_of_birth", partial(_date_of_birth, today=today)),
        year_group=check("year_group", _text),
        # No household given: the child is a household of their own, never lumped with others.
        household=check("household", _text) or upn,
        preferred_name=check("preferred_name", _text),
        sex=check("sex", _text),
        flags=check("flags", _flags),
        preferred_surname=check("preferred_surname", _text),
        middle_names=check("middle_names", _text),
    )


def check_pupil(where: str, fields: Mapping[str, object], today: date) -> RosterRow:
    """A pupil described elsewhere (another school's transfer bundle) checked as a roster file's row is:
    `fields` as a pupil's stored fields (text, the date of birth as YYYY-MM-DD, flags as a list)."""
    flags = fields.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise InputError(f"{where}, flags: must be a list of text")
    raw = {name: value for name, value in fields.items() if name != "flags" and isinstance(value, str)}
    unknown = sorted(set(fields) - {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS})
    if unknown or len(raw) != len(set(fields) - {"flags"}):
        raise InputError(f"{where}: not a pupil as school-log describes one ({', '.join(unknown) or 'not text'})")
    return _make_row(where, raw | {"flags": ";".join(flags)}, {}, today)


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
    return result


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
    header = [cell.strip().lower() for cell in first[1]]
    _check_header(file, header)
    return _collect(_csv_rows(file, records, header, today), file, "upn")


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


def _check_header(file: str, header: list[str]) -> None:
    where = f"{file} line 1"
    allowed = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    unknown = [c for c in header if c not in allowed]
    if unknown:
        names = ", ".join(repr(c) for c in unknown)
        raise InputError(f"{where}: unknown column(s) {names} (allowed: {', '.join(allowed)})")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}")
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise InputError(f"{where}: column(s) {', '.join(repeated)} appear more than once")


def _csv_rows(
    file: str, records: Iterator[tuple[int, list[str]]], header: list[str], today: date
) -> Iterator[tuple[str, RosterRow]]:
    identity = {c: c for c in header}
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and Excel's ",,,," rows
        where = f"{file} line {line}"
        if len(cells) != len(header):
            raise InputError(f"{where}: {len(cells)} values but the header has {len(header)} columns")
        yield where, _make_row(where, dict(zip(header, cells, strict=True)), identity, today)


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
    households = _ctf_households(pupils)
    return _collect(_ctf_rows(file, pupils, households, today), file, "UPN")


def _ctf_rows(file: str, pupils: list[Element], households: list[str], today: date) -> Iterator[tuple[str, RosterRow]]:
    for number, (pupil, household) in enumerate(zip(pupils, households, strict=True), start=1):
        where = f"{file} Pupil #{number}"
        raw = {field: _ctf_text(pupil, tag) for field, tag in _CTF_LABELS.items()}
        raw["household"] = household
        yield where, _make_row(where, raw, _CTF_LABELS, today)


def _ctf_text(pupil: Element, tag: str) -> str:
    """A pupil's field: <BasicDetails> holds year and preferred names in a DfE CTF; some
    exports put them directly under <Pupil>, so that is read first."""
    found = pupil.findtext(tag)
    if found is None and tag in _CTF_BASIC_DETAILS:
        found = pupil.findtext(f"BasicDetails/{tag}")
    return found or ""


def _ctf_households(pupils: list[Element]) -> list[str]:
    """A household per pupil: an explicit <Household>, else one shared by pupils at the same address.

    The derived id is a hash of the normalised address, so it is stable across
    re-imports (unlike "the first sibling's UPN") and no address text is kept.
    An empty string means "own household" (resolved to the UPN after validation).
    """
    households = []
    for pupil in pupils:
        explicit = (pupil.findtext("Household") or "").strip()
        key = _address_key(pupil.find("Address"))
        if explicit or not key:
            households.append(explicit)
        else:
            households.append("addr-" + hashlib.sha256(key.encode()).hexdigest()[:16])
    return households


def _address_key(address: Element | None) -> str:
    """First address line (flat, house, street) + postcode, normalised; "" when either is missing.

    Searches anywhere under <Address>, tolerating BS7666 (<BS7>) and <AddressLines> layouts.
    """
    if address is None:
        return ""

    def part(tag: str) -> str:
        found = address.find(f".//{tag}")
        return " ".join("".join(found.itertext()).split()).casefold() if found is not None else ""

    first_line = " ".join(p for p in (part("SAON"), part("PAON"), part("Street")) if p) or part("AddressLine1")
    postcode = part("PostCode").replace(" ", "")
    return f"{first_line}|{postcode}" if first_line and postcode else ""
