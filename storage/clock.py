"""The one clock. `SCHOOL_LOG_NOW` (ISO 8601) freezes it for tests, demos and replays.

The vault follows the frozen clock only in a vault made for simulated time (a
demo, training or replay vault, noted in its first record); a real vault stamps
records with this machine's own clock and refuses a frozen one that disagrees.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from storage.errors import InputError

#: How far a frozen clock may sit from the machine's, and how far machines sharing
#: one store may disagree, before a record is refused rather than stamped.
TOLERANCE = timedelta(minutes=5)


def parse_instant(text: str, what: str = "time") -> datetime:
    """Parse ISO 8601; a time without an offset is taken as UTC. Returns aware UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what}: {text!r} is not an ISO 8601 date/time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def frozen() -> datetime | None:
    """`SCHOOL_LOG_NOW`, if set."""
    text = os.environ.get("SCHOOL_LOG_NOW")
    return parse_instant(text, "SCHOOL_LOG_NOW") if text else None


def machine_now() -> datetime:
    """This machine's own clock, whatever `SCHOOL_LOG_NOW` says."""
    return datetime.now(UTC)


def now() -> datetime:
    """The current instant (aware, UTC), or the frozen `SCHOOL_LOG_NOW`."""
    return frozen() or machine_now()


def today() -> date:
    """The current date by the same clock."""
    return now().date()
