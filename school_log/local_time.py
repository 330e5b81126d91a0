"""The school's own time: every instant shown, and every time or day typed, is the school's wall clock.

The log stores UTC (`storage.clock`); people live in the school's zone (`[school] timezone`
in config.toml, `Europe/London` unless set). A concern written at 08:45 on a September
morning is shown as 08:45 BST, never 07:45 UTC; "2026-06-01 00:30" typed into a form is
half past midnight in the school, and `--from 2026-06-01` starts at the school's midnight.
This module is the one place that converts between UTC and the school's clock; nothing
else takes the calendar day of a stored instant.

The zone is the school's, set once when a school is opened (`use_zone`, from its config),
so that every screen, command and export of that process agrees on it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from school_log.clock import Clock, parse_instant
from school_log.errors import InputError

DEFAULT_ZONE = "Europe/London"

_zone = ZoneInfo(DEFAULT_ZONE)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` ('Europe/London'); an unknown name is one clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"{name!r} is not a time zone (use an IANA name such as {DEFAULT_ZONE!r})") from None


def use_zone(name: str) -> None:
    """Show and read times in the zone `name` from now on (the school's `[school] timezone`)."""
    global _zone  # noqa: PLW0603 - one zone per process: the school's, set when it is opened
    _zone = zone_named(name)


def zone() -> ZoneInfo:
    """The school's zone."""
    return _zone


def local(moment: datetime) -> datetime:
    """`moment` on the school's wall clock (aware, in the school's zone)."""
    return moment.astimezone(_zone)


def local_day(moment: datetime) -> date:
    """The school's calendar day at `moment` (00:30 BST on 1 June is 1 June, not 31 May)."""
    return moment.astimezone(_zone).date()


def day_of(stored: str) -> date:
    """The school's day of an instant as the log stores it ('2026-05-31T23:30:00+00:00' is 1 June)."""
    return local_day(parse_instant(stored))


def local_today(clock: Clock) -> date:
    """The school's calendar day now, by `clock`."""
    return local_day(clock.now())


def stamp(moment: datetime) -> str:
    """'2026-09-14 08:45 BST': to the minute, on the school's clock, with the zone named."""
    return f"{local(moment):%Y-%m-%d %H:%M %Z}"


def iso(moment: datetime, timespec: str = "auto") -> str:
    """ISO 8601 on the school's clock with its offset: whole for JSON, '2026-09-14T08:45+01:00' to the minute
    (`timespec="minutes"`) for a spreadsheet."""
    return local(moment).isoformat(timespec=timespec)


def parse_local(text: str, what: str = "time") -> datetime:
    """ISO 8601 as a person types it: a time without an offset is the school's wall clock. Returns UTC.

    A wall-clock time that happens twice (the October change) is taken as its first, summer, occurrence."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what}: {text!r} is not an ISO 8601 date/time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 east of Greenwich: before any time the log can hold
        raise InputError(f"{what}: {text!r} is before any time the log can hold") from None


def parse_day(text: str, what: str = "date") -> date:
    """A day as a person types it ('2026-06-01'); a date and time names the school's day it falls on."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        return local_day(parse_local(text, what))
    except InputError:
        raise InputError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


__all__ = [
    "DEFAULT_ZONE",
    "day_of",
    "iso",
    "local",
    "local_day",
    "parse_day",
    "local_today",
    "parse_local",
    "stamp",
    "use_zone",
    "zone",
    "zone_named",
]
