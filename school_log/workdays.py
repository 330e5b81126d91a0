"""Working days: the one calendar every deadline counts on (decisions, transfers, referral chases, tasks).

Safeguarding guidance expects the DSL to decide on a concern within one working
day; a concern written up on Friday afternoon is not "overdue" on Saturday, and a
transfer sent on 30 March 2026 is not due on Easter Monday. A working day is a
weekday that is not a bank holiday of the school's nation (the `holidays` package:
`[school] holidays` = england, wales, scotland or northern-ireland), not one of the
school's closures (`[thresholds] holidays`: INSET days, a snow day) and, when the
school lists its `[school] terms`, inside one of them.

Days are the school's calendar days (`local_time`): 00:30 BST on a Monday is Monday.

The deadline rule (`WorkingDays.decision_deadline`):

* Recorded on a working day: due at the same time of day, N working days later.
  Friday 15:00 is due Monday 15:00; the day before a bank holiday skips it.
* Recorded on a weekend or holiday: due at the *end* of the Nth working day
  (23:59:59.999999). Nobody is expected to read the log at the weekend, so the
  DSL always gets one whole working day: a Saturday 07:00 concern is due by the
  end of Monday, not at 07:00 on Monday before school opens. The rule is
  monotonic: something recorded later is never due earlier.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import import_module

import holidays as bank_holidays

from school_log.local_time import local, zone

#: The `[school] holidays` settings, and the `holidays` package's UK subdivision for each.
NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
DEFAULT_NATION = "england"


def load_in_background() -> None:
    """Start loading the bank-holiday tables in a thread: the `holidays` package reads every country's on the
    first lookup (half a second), which a passphrase being stretched at unlock can hide, rather than the review."""
    threading.Thread(target=import_module, args=("holidays.countries",), name="bank-holidays", daemon=True).start()


@lru_cache(maxsize=64)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    return frozenset(bank_holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year))


@dataclass(frozen=True)
class WorkingDays:
    """A school's working days: weekdays, less its nation's bank holidays and its closures, within its terms."""

    nation: str = DEFAULT_NATION
    closures: Collection[date] = frozenset()
    terms: tuple[tuple[date, date], ...] = ()  # (first day, last day); none listed: every weekday is in term

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday, not a bank holiday nor a closure, and in term."""
        return (
            d.weekday() < 5
            and d not in self.closures
            and d not in _bank_holidays(self.nation, d.year)
            and (not self.terms or any(first <= d <= last for first, last in self.terms))
        )

    def add(self, d: date, n: int) -> date:
        """The date `n` working days after `d` (before it, if `n` is negative).

        `d` itself need not be a working day and is never counted; `n == 0` returns `d`.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def decision_deadline(self, recorded_at: datetime, *, working_days: int = 1) -> datetime:
        """When a decision on something recorded at `recorded_at` falls due (see module doc), in UTC."""
        there = local(recorded_at)
        due_day = self.add(there.date(), working_days)
        at = there.time() if self.is_working_day(there.date()) else time.max
        return datetime.combine(due_day, at, zone()).astimezone(UTC)

    def is_overdue(self, recorded_at: datetime, now: datetime, *, working_days: int = 1) -> bool:
        """True once `now` is strictly past the decision deadline (at the deadline is on time)."""
        return now > self.decision_deadline(recorded_at, working_days=working_days)


_calendar = WorkingDays()


def use_calendar(calendar: WorkingDays) -> None:
    """Count working days by `calendar` from now on (the school's, from its config, set when it is opened)."""
    global _calendar  # noqa: PLW0603 - one calendar per process: the school's
    _calendar = calendar


def calendar() -> WorkingDays:
    """The school's working days: what every deadline is counted on."""
    return _calendar


__all__ = ["DEFAULT_NATION", "NATIONS", "WorkingDays", "calendar", "use_calendar"]
