"""Tasks on a pupil: set with an assignee and due date, shown on the dashboard when due, done with a note;
and every referral without an outcome becomes a chase task one working day on, by itself."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from school_log.model import Task, TaskDone
from school_log.tasks import open_tasks
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import JAMIE, Host, option_texts, rows, run, settle, text_of
from tui.screens.chronology import ChronologyScreen
from tui.screens.tasks import TaskDoneModal, TaskModal


def follow_ups(pilot: Pilot[None]) -> list[str]:
    return option_texts(pilot.app.screen.query_one("#follow-ups", OptionList))


def test_a_task_is_set_shown_when_due_and_done_with_a_note(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`t` sets "Speak to mum" for tomorrow; the next day the dashboard lists it; `c` on it
    records what was done, and it leaves the list."""

    async def set_task(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "t")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, TaskModal) and modal.focused is modal.query_one("#text")
        assert modal.query_one("#due", Input).value == "2026-11-24"  # the next working day
        await pilot.press(*keys_for("Speak to mum"), "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        assert rows(pilot.app.screen.query_one("#entries", DataTable))[-1][3] == "Task"
        await pilot.press("escape")
        await settle(pilot)
        assert not any("Speak to mum" in line for line in follow_ups(pilot))  # not due yet

    run(Host(school.open("dana")), set_task)
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-24T09:00:00+00:00")

    async def complete(pilot: Pilot[None]) -> None:
        [line] = [line for line in follow_ups(pilot) if "Speak to mum" in line]
        assert line.startswith("task due 24 Nov 2026  Jamie Brook — Speak to mum (Dana Lead)")
        options = pilot.app.screen.query_one("#follow-ups", OptionList)
        options.focus()
        options.highlighted = follow_ups(pilot).index(line)
        await pilot.press("enter")
        await pilot.pause()
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen) and "Task" in text_of(pilot, "#entry")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TaskDoneModal)
        await pilot.press(*keys_for("Mum says he fell off a wall"), "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not any("Speak to mum" in line for line in follow_ups(pilot))

    run(Host(school.open("dana")), complete)
    items = [i.entry for i in school.open("dana").review.chronology(JAMIE).items]
    [task] = [e for e in items if isinstance(e, Task)]
    [done] = [e for e in items if isinstance(e, TaskDone)]
    assert task.text == "Speak to mum" and task.due == date(2026, 11, 24) and task.assignee_name == "Dana Lead"
    assert done.task_id == task.id and done.note == "Mum says he fell off a wall"


def test_a_referral_without_an_outcome_is_chased_after_one_working_day(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A Friday referral is due a chase on Monday (weekends are not working days); recording the
    outcome ends the chase."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-27T15:00:00+00:00")  # the Friday after the school was set up
    dana = school.open("dana")
    referral = dana.log.decide(
        JAMIE, {"outcome": "refer-social-care", "level": 4, "rationale": "Bruises", "agency": "MASH"}
    )
    pupil = dana.roster.pupil(JAMIE)
    [chase] = open_tasks(pupil, [referral])
    assert chase.due == date(2026, 11, 30) and chase.text == "Chase MASH: no outcome of the referral yet"
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-30T09:00:00+00:00")
    dana = school.open("dana")

    async def body(pilot: Pilot[None]) -> None:
        assert any(line.startswith("task due 30 Nov 2026  Jamie Brook — Chase MASH") for line in follow_ups(pilot))

    run(Host(school.open("dana")), body)
    outcome = dana.log.referral_outcome({"decision": referral.id, "outcome": "s47"})
    assert open_tasks(pupil, [referral, outcome]) == []
