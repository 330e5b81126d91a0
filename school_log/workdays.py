"""Working-day arithmetic for decision deadlines: weekends and listed holidays don't count.

Safeguarding guidance expects the DSL to decide on a concern within one working
day; a concern written up on Friday afternoon is not "overdue" on Saturday.

Dates are calendar dates of the timezone-aware UTC instants the log stores (the
same convention as the rest of the model), so "Saturday" means Saturday in UTC.

The deadline rule (`decision_deadline`):

* Recorded on a working day: due at the same time of day, N working days later.
  Friday 15:00 is due Monday 15:00; the day before a bank holiday skips it.
* Recorded on a weekend or holiday: due at the *end* of the Nth working day
  (23:59:59.999999). Nobody is expected to read the log at the weekend, so the
  DSL always gets one whole working day: a Saturday 07:00 concern is due by the
  end of Monday, not at 07:00 on Monday before school opens. The rule is
  monotonic: something recorded later is never due earlier.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

NO_HOLIDAYS: frozenset[date] = frozenset()


def is_working_day(d: date, holidays: Collection[date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday and not one of `holidays`."""
    return d.weekday() < 5 and d not in holidays


def add_working_days(d: date, n: int, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The date `n` working days after `d` (before it, if `n` is negative).

    `d` itself need not be a working day and is never counted; `n == 0` returns `d`.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def next_working_day(d: date, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The first working day strictly after `d` (Friday -> Monday)."""
    return add_working_days(d, 1, holidays)


def decision_deadline(
    recorded_at: datetime,
    holidays: Collection[date] = NO_HOLIDAYS,
    *,
    working_days: int = 1,
) -> datetime:
    """When a decision on something recorded at `recorded_at` falls due (see module doc)."""
    day = recorded_at.date()
    due_day = add_working_days(day, working_days, holidays)
    if is_working_day(day, holidays):
        return datetime.combine(due_day, recorded_at.timetz())
    return datetime.combine(due_day, time.max, tzinfo=recorded_at.tzinfo)


def is_overdue(
    recorded_at: datetime,
    now: datetime,
    holidays: Collection[date] = NO_HOLIDAYS,
    *,
    working_days: int = 1,
) -> bool:
    """True once `now` is strictly past the decision deadline (at the deadline is on time)."""
    return now > decision_deadline(recorded_at, holidays, working_days=working_days)


__all__ = [
    "add_working_days",
    "decision_deadline",
    "is_overdue",
    "is_working_day",
    "next_working_day",
]
