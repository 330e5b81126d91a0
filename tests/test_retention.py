"""Retention: files due at date of birth + 25 years, on the list from that day on; legal holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from school_log.errors import AuthError, InputError
from school_log.outward import retention
from school_log.school import School
from storage.session import Session
from tests.factory import Fixture, make_school

JAMIE, ELLA, NOAH = "R100000000001", "F100000000002", "V100000000003"  # born 2017-04-02, 2019-09-15, 2016-01-20


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    """Concerns about Jamie, Ella and Noah; nobody else has a file."""
    fixture = make_school(tmp_path, monkeypatch)
    tom = fixture.open("tom")
    for upn in (JAMIE, ELLA, NOAH):
        tom.log.record_concern({"pupil": upn, "occurred_at": "2026-11-20T09:00:00Z", "what_happened": "Seemed hungry"})
    return fixture


def _due(school: School, within: int = 0) -> list[str]:
    return [f.pupil.upn for f in retention.due_files(school, within)]


def test_review_date_is_birth_plus_25_years() -> None:
    """The IRMS rule, and a 29 February birthday falling due on 28 February."""
    assert retention.review_date(date(2017, 4, 2), 25) == date(2042, 4, 2)
    assert retention.review_date(date(2008, 2, 29), 25) == date(2033, 2, 28)
    assert retention.review_date(date(2008, 2, 29), 24) == date(2032, 2, 29)


def test_file_is_listed_from_its_review_date_not_before(school, monkeypatch: pytest.MonkeyPatch) -> None:
    """Boundary: the day before a file's review date it is not listed, on the day it is, and after too;
    files of pupils with nothing recorded are never listed."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2041-01-19T23:59:00+00:00")
    dsl = school.open("dana")
    assert _due(dsl) == []
    assert _due(dsl, within=1) == [NOAH]  # Noah is due on 2041-01-20
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2041-01-20T00:00:00+00:00")
    assert _due(school.open("dana")) == [NOAH]
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T08:00:00+00:00")
    dsl = school.open("dana")
    assert _due(dsl) == [NOAH, JAMIE]  # soonest first; Ella not until 2044; pupils without a file never
    assert [f.due for f in retention.due_files(dsl)] == [date(2041, 1, 20), date(2042, 4, 2)]


def test_the_retention_period_is_a_school_setting_a_dsl_signs_never_below_25_years(school, monkeypatch) -> None:
    """A trust that keeps files for 30 years says so once, as a DSL, with a reason: every DSL's list
    follows it; fewer than 25 years is refused; a member of staff cannot set it."""
    dana = school.open("dana")
    assert retention.period(dana) == retention.Period(25)
    with pytest.raises(InputError, match="kept at least 25 years from the date of birth"):
        retention.set_period(dana, 24, "a shorter policy")
    with pytest.raises(InputError, match="give the reason"):
        retention.set_period(dana, 30, " ")
    retention.set_period(dana, 30, "Trust policy 2026")
    with pytest.raises(AuthError):
        retention.set_period(school.open("tom"), 40, "mine")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2046-01-20T09:00:00+00:00")
    derek = school.open("derek")
    period = retention.period(derek)
    assert (period.years, period.set_by, period.reason) == (30, dana.session.account_id, "Trust policy 2026")
    assert _due(derek) == [NOAH]  # born 2016-01-20; Jamie (2017) not until 2047


def test_legal_hold_is_shown_and_needs_a_reason(school, monkeypatch: pytest.MonkeyPatch) -> None:
    """A held file stays on the list marked as held, with its reason; holding twice or lifting a hold that
    is not there is refused; lifting it is recorded too; only a DSL may do any of it."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T08:00:00+00:00")
    dsl = school.open("dana")
    with pytest.raises(InputError, match="reason"):
        retention.set_hold(dsl, JAMIE, True, "  ")
    retention.set_hold(dsl, JAMIE, True, "Independent Inquiry into Child Sexual Abuse")
    held = {f.pupil.upn: f for f in retention.due_files(school.open("derek"))}
    assert held[JAMIE].held and held[JAMIE].hold.reason == "Independent Inquiry into Child Sexual Abuse"
    assert not held[NOAH].held
    with pytest.raises(InputError, match="already on legal hold"):
        retention.set_hold(dsl, JAMIE, True, "again")
    retention.set_hold(dsl, JAMIE, False, "Inquiry closed")
    assert not {f.pupil.upn: f for f in retention.due_files(dsl)}[JAMIE].held
    with pytest.raises(InputError, match="not on legal hold"):
        retention.set_hold(dsl, JAMIE, False, "again")
    with pytest.raises(AuthError):
        retention.due_files(school.open("tom"))


def test_the_list_opens_only_the_files_due_and_audits_that_read(school, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard asks for the list after every unlock: only the files due are opened (the others are known
    from the subject index alone), and that read is in the audit trail, naming the pupil."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2041-01-20T00:00:00+00:00")
    dsl = school.open("dana")
    opened: list[str] = []
    real = Session.open

    def counting(self, row, *args, **kwargs):  # type: ignore[no-untyped-def]
        if row.cls == "entry":
            opened.append(row.subject)
        return real(self, row, *args, **kwargs)

    monkeypatch.setattr(Session, "open", counting)
    assert [(f.pupil.upn, f.entries) for f in retention.due_files(dsl)] == [(NOAH, 1)]
    noah = dsl.roster.pupil(NOAH).id
    assert opened == [noah]
    audits = dsl.session.read(("audit",), audit=False)
    assert audits[-1].data == {"purpose": "retention", "subjects": [noah], "count": 1}
