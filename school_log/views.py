"""What the domain hands the screens and the CLI: plain, immutable views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from school_log.model import Entry, Family, Pupil, ReviewItem

RECENT_DAYS = 14
"""How far back the dashboard lists agency notifications."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class ChronologyItem:
    """One line of a chronology: the entry, whose file it is on, and who wrote it."""

    entry: Entry
    pupil: Pupil
    author: str
    role: str
    sibling: bool


@dataclass(frozen=True)
class Chronology:
    pupil: Pupil
    household: tuple[Pupil, ...]
    items: tuple[ChronologyItem, ...]
    review: ReviewItem | None
    family: Family = Family()


@dataclass(frozen=True)
class FollowUp:
    """A decision whose review-by date is set; `overdue` once that date has passed. Its reasons are in the
    chronology (the dashboard's sealed cache keeps only this)."""

    pupil: Pupil
    decision_id: str
    outcome: str
    review_by: date
    overdue: bool


@dataclass(frozen=True)
class RecentNotification:
    """An agency notification on the dashboard: whose, when and from whom; what it said is in the chronology."""

    pupil: Pupil
    entry_id: str
    occurred_at: datetime
    agency: str
    kind: str


@dataclass(frozen=True)
class Dashboard:
    """The DSL's first screen. `cached` marks the sealed copy of an earlier computation,
    shown at once while the current one is worked out."""

    review: list[ReviewItem]
    follow_ups: list[FollowUp]
    notifications: list[RecentNotification]
    computed_at: datetime
    cached: bool = False
    clock_warning: str = ""  # entries dated after this machine's clock: they are shown, and the clocks named
