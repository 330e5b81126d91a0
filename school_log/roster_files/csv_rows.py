"""A CSV roster (an MIS export): its columns by the names SIMS, Arbor and Bromcom give them, and its rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

from school_log.errors import InputError
from school_log.roster_files import checks
from school_log.roster_files.family import CONTACT_COLUMNS, MAX_CONTACTS
from school_log.roster_files.households import collect
from school_log.roster_files.rows import RosterRow, make_row

REQUIRED_COLUMNS = ("upn", "given_name", "family_name", "date_of_birth", "year_group")


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
        for part, aliases in CONTACT_COLUMNS.items()
    },
}


#: Columns MIS exports carry that the log does not keep; read past without a word.
IGNORED_COLUMNS = (
    "Reg", "Reg Group", "Registration Group", "Form", "Tutor Group", "Class", "House", "Age",
    "Admission Number", "Adno", "Admission Date", "Enrolment Status", "Boarder",
)  # fmt: skip


def read_csv(file: str, text: str, today: date) -> list[RosterRow]:
    records = csv_records(file, text)
    first = next(records, None)
    if first is None:
        raise InputError(f"{file}: the file is empty")
    header = read_header(file, first[1])
    return collect(_csv_rows(file, records, header, len(first[1]), today), file, "upn")


def column_name(name: str) -> str:
    """A header cell as it is matched: case, spaces, underscores and hyphens ignored."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


_BY_NAME = {column_name(name): column for column, aliases in COLUMNS.items() for name in (column, *aliases)}


_IGNORED = frozenset(map(column_name, IGNORED_COLUMNS))


def read_header(file: str, cells: list[str]) -> dict[str, tuple[int, str]]:
    """Each column the file has, by its school-log name: where it is and what the file calls it."""
    where = f"{file} line 1"
    unknown = [
        cell.strip() for cell in cells if column_name(cell) not in _BY_NAME and column_name(cell) not in _IGNORED
    ]
    if unknown:
        names = ", ".join(checks.show(c) for c in unknown)
        raise InputError(f"{where}: unknown column(s) {names} (the README lists every column and its MIS names)")
    header: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(cells):
        column = _BY_NAME.get(column_name(cell))
        if column is None:
            continue
        if column in header:
            raise InputError(f"{where}: {header[column][1]!r} and {cell.strip()!r} are the same column ({column})")
        header[column] = (index, cell.strip())
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}")
    return header


def csv_records(file: str, text: str) -> Iterator[tuple[int, list[str]]]:
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
        yield where, make_row(where, raw, labels, today)
