"""The dashboard says when its list cannot be taken at face value: a record left out, clocks out of step."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from storage.records import Draft
from tests.factory import NOW, Fixture, make_school
from tests.pilot import JAMIE, Host, run, text_of
from tests.test_attack_authority import decision_draft, past_the_check


@pytest.fixture
def school(tmp_path, monkeypatch) -> Fixture:  # type: ignore[no-untyped-def]
    return make_school(tmp_path, monkeypatch)


def test_the_dashboard_names_a_record_left_out_for_its_authors_role(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 'decision' smuggled in by a member of staff is not believed; the DSL's title bar says a record was
    left out and how to find it, and the pupil stays on the list."""
    tom = school.open("tom")
    concern = tom.log.record_concern({"pupil": JAMIE, "what_happened": "bruise", "occurred_at": "2026-11-20T09:00Z"})
    past_the_check(monkeypatch)
    tom.session.append(decision_draft(concern.pupil_id, [concern.id]))

    async def body(pilot: Pilot[None]) -> None:
        title = text_of(pilot, "#title")
        assert "1 record(s) left out" in title and "verify --user" in title
        assert "Jamie Brook" in text_of(pilot, "#why")

    run(Host(school.open("dana")), body)


def test_the_dashboard_names_a_record_not_of_its_shape_and_keeps_working(school: Fixture) -> None:
    """A record that opens but is not the shape of its kind (`{"bogus": true}` as a concern, as a poisoned
    transfer once landed) is left out: the dashboard opens, says which problem it left out, and still lists
    the pupil whose concern is waiting."""
    school.open("tom").log.record_concern({"pupil": JAMIE, "what_happened": "bruise", "urgent": True})
    dana = school.open("dana")
    dana.session.append(Draft("entry", subject=dana.roster.pupil(JAMIE).id, kind="concern", data={"bogus": True}))

    async def body(pilot: Pilot[None]) -> None:
        title = text_of(pilot, "#title")
        assert "1 record(s) left out: a stored concern is not of its shape" in title and "bogus" in title
        assert "Jamie Brook" in text_of(pilot, "#why")

    run(Host(school.open("dana")), body)


def test_the_dashboard_names_clocks_out_of_step(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An urgent concern stamped by a machine running fast is on the list, and the title bar says the clocks
    disagree."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-23T10:04:00+00:00")
    school.open("tom").log.record_concern(
        {"pupil": JAMIE, "what_happened": "disclosure", "urgent": True, "occurred_at": "2026-11-23T10:03Z"}
    )
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)

    async def body(pilot: Pilot[None]) -> None:
        assert "after this machine's clock" in text_of(pilot, "#title")
        assert "Jamie Brook" in text_of(pilot, "#why")

    run(Host(school.open("dana")), body)
