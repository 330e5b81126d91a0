"""Opening a roster file: its bytes as text, and which format it is (CSV, or CTF XML by its first "<")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from school_log.errors import InputError
from school_log.input_file import read_capped
from school_log.roster_files.csv_rows import csv_records, read_csv, read_header
from school_log.roster_files.ctf import read_ctf
from school_log.roster_files.rows import RosterRow

MAX_BYTES = 20 * 1024 * 1024  # far above any school's roll; stops a huge file filling memory


def read_roster(path: Path, today: date) -> list[RosterRow]:
    """Read and validate every row of a roster, or raise one `InputError` naming the first problem
    (`today`, by the school's clock, bounds a date of birth).

    CTF XML is recognised by content (it starts with "<"), not by file extension,
    because MIS exports are often renamed or saved with the wrong extension.
    """
    name = path.name or str(path)
    text = read_text(path, name)
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    if text.lstrip().startswith("<"):
        return read_ctf(name, text, today)
    return read_csv(name, text, today)


def columns_read(path: Path) -> list[tuple[str, str]]:
    """What each column of a CSV roster is read as (its school-log name, or "not kept"), for a preview
    before importing; [] for a CTF. Raises the same one-line `InputError` as `read_roster` for a bad header."""
    name = path.name or str(path)
    text = read_text(path, name)
    if text.lstrip().startswith("<"):
        return []
    first = next(csv_records(name, text), None)
    if first is None:
        raise InputError(f"{name}: the file is empty")
    header = read_header(name, first[1])
    kept = {index: column for column, (index, _) in header.items()}
    return [(cell.strip(), kept.get(index, "not kept")) for index, cell in enumerate(first[1])]


def read_text(path: Path, name: str) -> str:
    """The file as text; every way reading can fail becomes one line, never a traceback."""
    data = read_capped(path, MAX_BYTES, "a roster", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f'{name} line {line}: not UTF-8 text (save it as "CSV UTF-8")') from None
