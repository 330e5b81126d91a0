"""A small, fixed school in a real temporary vault, shared by the tests.

Synthetic people only. Time is frozen by `SCHOOL_LOG_NOW` (a Monday morning) so
every flag and every screen is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from school_log.roster_files import RosterRow
from school_log.school import School
from storage.accounts import create_vault

NOW = "2026-11-23T10:00:00+00:00"  # a Monday
PASSPHRASES = {
    "dana": "lead of the safeguarding team",
    "derek": "deputy lead for the team",
    "tom": "teaches year four maths",
    "tara": "tutor for year two class",
    "sam": "support staff in the hall",
}
STAFF = (
    ("derek", "Derek Deputy", "dsl"),
    ("tom", "Tom Teach", "staff"),
    ("tara", "Tara Tutor", "staff"),
    ("sam", "Sam Support", "staff"),
)
PUPILS = (
    RosterRow("R100000000001", "Jamie", "Brook", date(2017, 4, 2), "4", "H-BROOK"),
    RosterRow("F100000000002", "Ella", "Brook", date(2019, 9, 15), "2", "H-BROOK", preferred_name="Elly"),
    RosterRow("V100000000003", "Noah", "Field", date(2016, 1, 20), "5", "H-FIELD", flags=("sen",)),
    RosterRow("J100000000004", "Mia", "Stone", date(2023, 2, 11), "N", "H-STONE"),
    RosterRow("Y100000000005", "Leo", "Marsh", date(2015, 6, 30), "6", "H-MARSH", flags=("cin",)),
    RosterRow("M100000000006", "Ava", "Heath", date(2018, 11, 5), "3", "H-HEATH"),
)


@dataclass(frozen=True)
class Fixture:
    url: str
    path: Path

    def open(self, username: str) -> School:
        return School.unlock(self.url, username, PASSPHRASES[username])


def make_school(directory: Path, monkeypatch) -> Fixture:  # type: ignore[no-untyped-def]
    """A vault with two DSLs, three staff and six pupils (two of them siblings); no entries."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    path = directory / "school.db"
    url = f"sqlite:///{path}"
    create_vault(url, "Oakfield Primary", "dana", "Dana Lead", PASSPHRASES["dana"], simulated_clock=True)
    fixture = Fixture(url, path)
    dsl = fixture.open("dana")
    for username, name, role in STAFF:
        dsl.add_staff(username, name, role, PASSPHRASES[username])
    dsl.import_rows(PUPILS)
    return fixture
