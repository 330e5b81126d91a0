"""Working-day deadlines: weekends, the nation's bank holidays, the school's closures and holidays never count."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from school_log.workdays import WorkingDays

LONDON = ZoneInfo("Europe/London")
ENGLAND = WorkingDays()
FRI = date(2025, 4, 4)
SAT = date(2025, 4, 5)
SUN = date(2025, 4, 6)
MON = date(2025, 4, 7)
TUE = date(2025, 4, 8)
GOOD_FRIDAY = date(2025, 4, 18)
EASTER_MONDAY = date(2025, 4, 21)
INSET = date(2025, 4, 9)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    """A time on the school's clock (London), as people say it."""
    return datetime.combine(d, time(hh, mm), tzinfo=LONDON)


def test_weekends_bank_holidays_and_closures_are_not_working_days() -> None:
    """Saturday, Sunday, England's bank holidays and the school's own closures never count as working days."""
    assert ENGLAND.is_working_day(FRI) and ENGLAND.is_working_day(MON) and ENGLAND.is_working_day(INSET)
    assert not ENGLAND.is_working_day(SAT) and not ENGLAND.is_working_day(SUN)
    assert not ENGLAND.is_working_day(GOOD_FRIDAY) and not ENGLAND.is_working_day(EASTER_MONDAY)
    assert not WorkingDays(closures=frozenset({INSET})).is_working_day(INSET)


def test_each_nation_has_its_own_bank_holidays() -> None:
    """Scotland works on Easter Monday but not on 2 January; Northern Ireland stops for St Patrick's Day."""
    scotland, northern_ireland = WorkingDays("scotland"), WorkingDays("northern-ireland")
    assert scotland.is_working_day(EASTER_MONDAY) and not ENGLAND.is_working_day(EASTER_MONDAY)
    assert not scotland.is_working_day(date(2026, 1, 2)) and ENGLAND.is_working_day(date(2026, 1, 2))
    assert not northern_ireland.is_working_day(date(2026, 3, 17)) and ENGLAND.is_working_day(date(2026, 3, 17))


def test_outside_the_terms_no_day_is_a_working_day() -> None:
    """A school that lists its terms does not count the half-term week towards a deadline."""
    terms = WorkingDays(terms=((date(2025, 9, 3), date(2025, 10, 24)), (date(2025, 11, 3), date(2025, 12, 19))))
    assert not terms.is_working_day(date(2025, 10, 27)) and ENGLAND.is_working_day(date(2025, 10, 27))
    assert terms.add(date(2025, 10, 24), 1) == date(2025, 11, 3)


def test_add_working_days_forwards_backwards_and_zero() -> None:
    """Counting n working days works both ways, zero is the same day, and Easter is stepped over."""
    assert ENGLAND.add(FRI, 0) == FRI
    assert ENGLAND.add(FRI, 1) == MON
    assert ENGLAND.add(FRI, 5) == date(2025, 4, 11)
    assert ENGLAND.add(MON, -1) == FRI
    assert ENGLAND.add(date(2025, 4, 17), 1) == date(2025, 4, 22)
    assert ENGLAND.add(date(2025, 4, 22), -1) == date(2025, 4, 17)


def test_friday_concern_is_due_monday_same_time() -> None:
    """A Friday 15:00 concern is due Monday 15:00, not Saturday."""
    assert ENGLAND.decision_deadline(at(FRI, 15)) == at(MON, 15)


def test_weekend_concern_is_due_by_end_of_monday() -> None:
    """A weekend concern gets one whole working day: due by the end of Monday, on the school's clock."""
    due = ENGLAND.decision_deadline(at(SAT, 7)).astimezone(LONDON)
    assert due.date() == MON and due.time() == time.max
    assert ENGLAND.decision_deadline(at(SUN, 23, 30)) == due


def test_a_concern_just_after_midnight_on_monday_is_a_monday_concern() -> None:
    """00:30 BST on Monday is Sunday 23:30 in UTC; it is the school's Monday, so it is due 00:30 on Tuesday."""
    assert ENGLAND.decision_deadline(at(MON, 0, 30)) == at(TUE, 0, 30)


def test_deadline_skips_bank_holiday() -> None:
    """A concern before Good Friday is due on the Tuesday after Easter Monday."""
    assert ENGLAND.decision_deadline(at(date(2025, 4, 17), 10)) == at(date(2025, 4, 22), 10)
    due = ENGLAND.decision_deadline(at(GOOD_FRIDAY, 10)).astimezone(LONDON)
    assert due.date() == date(2025, 4, 22) and due.time() == time.max


def test_deadline_with_more_working_days() -> None:
    """A school allowing two working days gets Tuesday for a Friday concern."""
    assert ENGLAND.decision_deadline(at(FRI, 9), working_days=2) == at(TUE, 9)


def test_deadlines_never_go_backwards() -> None:
    """Recording later never makes something due earlier (Friday night vs Saturday)."""
    assert ENGLAND.decision_deadline(at(FRI, 23, 59)) < ENGLAND.decision_deadline(at(SAT, 0))


def test_overdue_only_after_the_deadline() -> None:
    """At the deadline a decision is on time; one second later it is overdue."""
    recorded = at(FRI, 15)
    assert not ENGLAND.is_overdue(recorded, at(MON, 15))
    assert ENGLAND.is_overdue(recorded, at(MON, 15) + timedelta(seconds=1))


def test_not_overdue_over_a_weekend_or_a_bank_holiday() -> None:
    """A Friday concern is not overdue on Sunday night; a Thursday one is not overdue on Easter Monday."""
    assert not ENGLAND.is_overdue(at(FRI, 9), at(SUN, 23))
    assert not ENGLAND.is_overdue(at(date(2025, 4, 17), 9), at(EASTER_MONDAY, 12))
    assert WorkingDays("scotland").is_overdue(at(date(2025, 4, 17), 9), at(EASTER_MONDAY, 12))
