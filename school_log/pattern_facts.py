"""The facts every pattern rule reads, and the small helpers rules share.

`gather` turns one pupil's entries (and their siblings') into `Facts` as of
`now`: sorted, split by kind, with the set of entries no decision covers yet.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from school_log.model import (
    Concern,
    Decision,
    Entry,
    Flag,
    Notification,
    Pupil,
    ReferralOutcome,
    when,
)
from school_log.pattern_vocab import WEIGHTS
from school_log.thresholds import Thresholds

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- The facts every rule reads ------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """One pupil's record as of `now`, sorted and split by kind."""

    pupil: Pupil
    now: datetime
    t: Thresholds
    roles: Mapping[str, str]
    concerns: tuple[Concern, ...]  # time order
    notifications: tuple[Notification, ...]  # time order
    decisions: tuple[Decision, ...]  # recorded order
    outcomes: tuple[ReferralOutcome, ...]  # recorded order
    unreviewed: frozenset[str]
    household: tuple[tuple[Pupil, tuple[Entry, ...]], ...]

    def is_open(self, entry: Entry) -> bool:
        return entry.id in self.unreviewed


def order_key(entry: Entry) -> tuple[datetime, datetime, str]:
    return (when(entry), entry.recorded_at, entry.id)


def entries_of(pupil: Pupil, entries: Sequence[Entry], now: datetime) -> list[Entry]:
    """This pupil's entries already recorded by `now`, in time order (replays see the past)."""
    return sorted((e for e in entries if e.pupil_id == pupil.id and e.recorded_at <= now), key=order_key)


def gather(
    pupil: Pupil,
    entries: Sequence[Entry],
    household: Sequence[tuple[Pupil, Sequence[Entry]]],
    roles: Mapping[str, str],
    now: datetime,
    t: Thresholds,
) -> Facts:
    mine = entries_of(pupil, entries, now)
    concerns = tuple(e for e in mine if isinstance(e, Concern))
    notifications = tuple(e for e in mine if isinstance(e, Notification))
    decisions = tuple(sorted((e for e in mine if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id)))
    outcomes = tuple(sorted((e for e in mine if isinstance(e, ReferralOutcome)), key=lambda o: (o.recorded_at, o.id)))
    covered = {entry_id for d in decisions for entry_id in d.covers}
    unreviewed = frozenset(e.id for e in (*concerns, *notifications) if e.id not in covered)
    siblings = tuple((sib, tuple(ents)) for sib, ents in household if sib.id != pupil.id)
    return Facts(pupil, now, t, roles, concerns, notifications, decisions, outcomes, unreviewed, siblings)


# --- Small helpers -------------------------------------------------------------------------


def make_flag(code: str, summary: str, entries: Sequence[Entry], weight: int | None = None) -> Flag:
    """A flag naming `entries` once each, in time order."""
    unique = {e.id: e for e in entries}
    ids = tuple(e.id for e in sorted(unique.values(), key=order_key))
    return Flag(code, summary, ids, WEIGHTS[code] if weight is None else weight)


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 concern', '3 concerns'."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def day_text(d: date, now: datetime) -> str:
    """'3 Mar', with the year when it is not this year."""
    text = f"{d.day} {_MONTHS[d.month - 1]}"  # not %b: the locale must not change the words
    return text if d.year == now.year else f"{text} {d.year}"


def span_text(dates: Sequence[date], now: datetime) -> str:
    first, last = min(dates), max(dates)
    return day_text(first, now) if first == last else f"{day_text(first, now)} to {day_text(last, now)}"


def region_label(region: str) -> str:
    return region.replace("-", " ").strip() or "unrecorded place"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_injury(concern: Concern) -> bool:
    return bool(concern.body_marks)


Item = tuple[date, Concern, Hashable]


def best_window(items: Sequence[Item], count: int, days: int, facts: Facts) -> list[Item] | None:
    """The window of <= `days` days with the most distinct keys (>= `count`) and an open entry.

    Each item is (day, concern, key); "distinct keys" are occasions (days) or authors.
    Ties go to the most recent window: that is the one the DSL is deciding on now.
    """
    best: list[Item] | None = None
    best_keys = 0
    for start in sorted({day for day, _, _ in items}):
        group = [it for it in items if start <= it[0] and (it[0] - start).days <= days]
        keys = len({key for _, _, key in group})
        if keys < count or not any(facts.is_open(c) for _, c, _ in group):
            continue
        if keys >= best_keys:
            best, best_keys = group, keys
    return best
