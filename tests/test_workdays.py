"""Working-day deadlines: weekends and bank holidays never make a decision overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from school_log.workdays import (
    add_working_days,
    decision_deadline,
    is_overdue,
    is_working_day,
    next_working_day,
)

UTC = UTC
FRI = date(2025, 4, 4)
SAT = date(2025, 4, 5)
SUN = date(2025, 4, 6)
MON = date(2025, 4, 7)
TUE = date(2025, 4, 8)
GOOD_FRIDAY = date(2025, 4, 18)
EASTER_MONDAY = date(2025, 4, 21)
EASTER = frozenset({GOOD_FRIDAY, EASTER_MONDAY})


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=UTC)


def test_weekends_are_not_working_days() -> None:
    """Saturday and Sunday never count as working days; listed holidays don't either."""
    assert is_working_day(FRI) and is_working_day(MON)
    assert not is_working_day(SAT) and not is_working_day(SUN)
    assert not is_working_day(GOOD_FRIDAY, EASTER)


def test_next_working_day_from_friday_is_monday() -> None:
    """The day after Friday, for deadlines, is Monday."""
    assert next_working_day(FRI) == MON
    assert next_working_day(MON) == TUE


def test_next_working_day_from_the_weekend_is_monday() -> None:
    """Something recorded at the weekend is next workable on Monday."""
    assert next_working_day(SAT) == MON
    assert next_working_day(SUN) == MON


def test_next_working_day_skips_bank_holidays() -> None:
    """Easter: Thursday's next working day is Tuesday after Easter Monday."""
    assert next_working_day(date(2025, 4, 17), EASTER) == date(2025, 4, 22)


def test_add_working_days_forwards_backwards_and_zero() -> None:
    """Counting n working days works both ways and zero is the same day."""
    assert add_working_days(FRI, 0) == FRI
    assert add_working_days(FRI, 1) == MON
    assert add_working_days(FRI, 5) == date(2025, 4, 11)
    assert add_working_days(MON, -1) == FRI
    assert add_working_days(date(2025, 4, 22), -1, EASTER) == date(2025, 4, 17)


def test_friday_concern_is_due_monday_same_time() -> None:
    """A Friday 15:00 concern is due Monday 15:00, not Saturday."""
    assert decision_deadline(at(FRI, 15), frozenset()) == at(MON, 15)


def test_weekend_concern_is_due_by_end_of_monday() -> None:
    """A weekend concern gets one whole working day: due by the end of Monday."""
    due = decision_deadline(at(SAT, 7), frozenset())
    assert due.date() == MON and due.time() == time.max and due.tzinfo == UTC
    assert decision_deadline(at(SUN, 23, 30), frozenset()) == due


def test_deadline_skips_bank_holiday() -> None:
    """A concern before Good Friday is due on the Tuesday after Easter Monday."""
    assert decision_deadline(at(date(2025, 4, 17), 10), EASTER) == at(date(2025, 4, 22), 10)
    due = decision_deadline(at(GOOD_FRIDAY, 10), EASTER)
    assert due.date() == date(2025, 4, 22) and due.time() == time.max


def test_deadline_with_more_working_days() -> None:
    """A school allowing two working days gets Tuesday for a Friday concern."""
    assert decision_deadline(at(FRI, 9), frozenset(), working_days=2) == at(TUE, 9)


def test_deadlines_never_go_backwards() -> None:
    """Recording later never makes something due earlier (Friday night vs Saturday)."""
    friday_night = decision_deadline(at(FRI, 23, 59), frozenset())
    saturday = decision_deadline(at(SAT, 0), frozenset())
    assert friday_night < saturday


def test_overdue_only_after_the_deadline() -> None:
    """At the deadline a decision is on time; one second later it is overdue."""
    recorded = at(FRI, 15)
    assert not is_overdue(recorded, at(MON, 15), frozenset())
    assert is_overdue(recorded, at(MON, 15) + timedelta(seconds=1), frozenset())


def test_not_overdue_over_a_weekend() -> None:
    """A Friday concern is not overdue on Sunday night."""
    assert not is_overdue(at(FRI, 9), at(SUN, 23), frozenset())


def test_not_overdue_over_a_bank_holiday() -> None:
    """A Thursday concern is not overdue on Easter Monday."""
    assert not is_overdue(at(date(2025, 4, 17), 9), at(EASTER_MONDAY, 12), EASTER)
    assert is_overdue(at(date(2025, 4, 17), 9), at(EASTER_MONDAY, 12), frozenset())
