"""A small, fixed school in a real temporary vault, shared by the tests.

Staff join as in a real school (`enrol`): the DSL adds them, they set their own passphrase with the
one-time code and confirm it.

Synthetic people only. Time is frozen by `SCHOOL_LOG_NOW` (a Monday morning) so
every flag and every screen is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from school_log.enrol import enrol
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from storage.accounts import create_vault
from tests.stores import Store

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
    store: Store

    @property
    def url(self) -> str:
        return self.store.url

    @property
    def path(self) -> Path | None:
        """The SQLite file; None on a server."""
        return self.store.path

    def open(self, username: str) -> School:
        return School.unlock(self.url, username, PASSPHRASES[username])


def build_school(url: str) -> None:
    """The factory's school at `url`: Dana creates it, adds each of STAFF (who set their own passphrases with
    their one-time codes), and imports PUPILS. Time as the environment says (`SCHOOL_LOG_NOW`)."""
    create_vault(url, "Oakfield Primary", "dana", "Dana Lead", PASSPHRASES["dana"], simulated_clock=True)
    dsl = School.unlock(url, "dana", PASSPHRASES["dana"])
    for username, name, role in STAFF:
        enrol(dsl, username, name, role, PASSPHRASES[username]).lock()
    dsl.roster.import_rows(PUPILS)
    dsl.lock()


def make_school(directory: Path, monkeypatch, store: Store | None = None) -> Fixture:  # type: ignore[no-untyped-def]
    """A vault with two DSLs, three staff and six pupils (two of them siblings); no entries.

    In `store` when given (see tests/stores.py), else in an SQLite file in `directory`.
    """
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    store = store or Store(f"sqlite:///{directory / 'school.db'}", directory / "school.db")
    build_school(store.url)
    return Fixture(store)
