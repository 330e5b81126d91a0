"""The one clock: a `Clock` built once at start-up, passed to every session and school.

`SCHOOL_LOG_NOW` (ISO 8601) freezes it for tests, demos and replays; the synthetic
generator freezes its own clock per batch. The vault follows a frozen clock only in a
vault made for simulated time (a demo, training or replay vault, noted in its first
record); a real vault stamps records with this machine's own clock and refuses a
frozen one that disagrees (see `storage.stamps`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.errors import InputError
from storage.settings import settings

#: How far a frozen clock may sit from the machine's, and how far machines sharing
#: one store may disagree, before a record is refused rather than stamped.
TOLERANCE = timedelta(minutes=5)


def parse_instant(text: str, what: str = "time") -> datetime:
    """Parse a stored or configured ISO 8601 instant; one without an offset is UTC. Returns aware UTC.

    What a person types is the school's time instead: `school_log.local_time.parse_local`."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):  # not a date, or (year 1 or 9999 with an offset) beyond the calendar
        raise InputError(f"{what}: {text!r} is not an ISO 8601 date/time") from None


def machine_now() -> datetime:
    """This machine's own clock, whatever any `Clock` is frozen at."""
    return datetime.now(UTC)


class Clock:
    """The current instant as this program sees it: the machine's, or frozen at an instant."""

    def __init__(self, frozen: datetime | None = None) -> None:
        self.frozen = frozen

    @classmethod
    def from_environment(cls) -> Clock:
        """The start-up clock: frozen at `SCHOOL_LOG_NOW` when it is set."""
        text = settings().now
        return cls(parse_instant(text, "SCHOOL_LOG_NOW") if text else None)

    def set(self, moment: datetime) -> None:
        """Freeze the clock at `moment` (a generator writing history, a test moving time on)."""
        self.frozen = moment

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        return self.frozen or machine_now()
