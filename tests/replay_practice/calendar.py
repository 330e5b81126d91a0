"""The school year 2025–26 of an English local authority: terms, half-terms, INSET days, bank holidays.

Term dates follow the common pattern of English LAs for that year (autumn 3 Sep – 19 Dec,
half-term 27–31 Oct; spring 6 Jan – 27 Mar, half-term 16–20 Feb; summer 13 Apr – 20 Jul,
half-term 25–29 May), with five INSET days, and the England and Wales bank holidays
(gov.uk/bank-holidays). Times are written in the school's local time (Europe/London, so
the clocks change on 26 Oct 2025 and 29 Mar 2026) and stored in UTC, as the program does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

TERMS: tuple[tuple[date, date], ...] = (
    (date(2025, 9, 3), date(2025, 12, 19)),
    (date(2026, 1, 6), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 7, 20)),
)
HALF_TERMS: tuple[tuple[date, date], ...] = (
    (date(2025, 10, 27), date(2025, 10, 31)),
    (date(2026, 2, 16), date(2026, 2, 20)),
    (date(2026, 5, 25), date(2026, 5, 29)),
)
BANK_HOLIDAYS: frozenset[date] = frozenset(
    {
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # early May
        date(2026, 5, 25),  # spring
        date(2026, 8, 31),
    }
)
#: Staff in, pupils not: no entries are written about what pupils did on these days.
INSET_DAYS: frozenset[date] = frozenset(
    {date(2025, 9, 1), date(2025, 9, 2), date(2025, 11, 3), date(2026, 1, 5), date(2026, 6, 1)}
)
#: When the school's year begins for the replay (the vault is made, staff and roster set up).
YEAR_OPENS = datetime(2025, 9, 1, 8, 0, tzinfo=LONDON)


def _in(day: date, spans: tuple[tuple[date, date], ...]) -> bool:
    return any(start <= day <= end for start, end in spans)


def is_school_day(day: date) -> bool:
    """A day pupils are taught: in term, a weekday, not half-term, a bank holiday or INSET."""
    return (
        day.weekday() < 5
        and _in(day, TERMS)
        and not _in(day, HALF_TERMS)
        and day not in BANK_HOLIDAYS
        and day not in INSET_DAYS
    )


def school_days() -> tuple[date, ...]:
    """Every pupil day of the year, in order."""
    first, last = TERMS[0][0], TERMS[-1][1]
    return tuple(first + timedelta(n) for n in range((last - first).days + 1) if is_school_day(first + timedelta(n)))


def blocks() -> tuple[tuple[int, int], ...]:
    """Each half-term's pupil days as (first index, last index) into `school_days()`."""
    days = school_days()
    found: list[tuple[int, int]] = []
    start = 0
    for n in range(1, len(days) + 1):
        if n == len(days) or (days[n] - days[n - 1]).days > 4:
            found.append((start, n - 1))
            start = n
    return tuple(found)


def local(day: date, clock: str) -> datetime:
    """`clock` ("HH:MM") on `day` in the school's local time, as an aware UTC instant."""
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)
