"""The one clock. `SCHOOL_LOG_NOW` (ISO 8601) freezes it for tests, demos and replays."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from storage.errors import InputError


def parse_instant(text: str, what: str = "time") -> datetime:
    """Parse ISO 8601; a time without an offset is taken as UTC. Returns aware UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what}: {text!r} is not an ISO 8601 date/time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def now() -> datetime:
    """The current instant (aware, UTC), or the frozen `SCHOOL_LOG_NOW`."""
    frozen = os.environ.get("SCHOOL_LOG_NOW")
    if frozen:
        return parse_instant(frozen, "SCHOOL_LOG_NOW")
    return datetime.now(UTC)


def today() -> date:
    """The current date by the same clock."""
    return now().date()
