"""Short references people can read out and write down: 'C-2026-0412', never a UUID.

A reference is the entry's kind, the year it was recorded and its place in the log
(its chain sequence number), so it is unique, never reused, and the same for every
account that can see the entry. The UUID stays the entry's id for scripts.
"""

from __future__ import annotations

from school_log.model import (
    Addendum,
    Concern,
    Decision,
    Entry,
    KnownCondition,
    Notification,
    ReferralOutcome,
    Task,
    TaskDone,
)

PREFIXES: dict[type, str] = {
    Concern: "C",
    Notification: "N",
    Decision: "D",
    ReferralOutcome: "R",
    Addendum: "A",
    Task: "T",
    TaskDone: "TD",
    KnownCondition: "H",
}


def reference(entry: Entry, seq: int) -> str:
    """'C-2026-0412': kind, year recorded, place in the log (at least four digits)."""
    return f"{PREFIXES[type(entry)]}-{entry.recorded_at.year}-{seq:04d}"
