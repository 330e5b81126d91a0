"""A form being filled in survives every way the keys are dropped, and comes back to its author only.

The idle lock, ctrl+l, quitting and a killed process each leave the form sealed in the
store; the same person's next unlock offers it back ("Restore your unsaved concern
about Jamie Brook?") and restoring puts it back exactly. The last seconds before an idle
lock count down on screen, and a key cancels them.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from time import monotonic
from typing import Any

import pytest
from textual import events, messages
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from school_log.config import Config
from school_log.errors import IntegrityError
from school_log.model import Concern, Decision
from tests.factory import Fixture, make_school
from tests.pilot import open_record, run_app, settle, text_of, type_text, unlock
from tui.app import SchoolLogApp
from tui.drafting import read_fields
from tui.screens.addendum import AddendumModal
from tui.screens.body_map_screen import BodyMapScreen
from tui.screens.chronology import ChronologyScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.decision import DecisionModal
from tui.screens.draft_offer import DraftOfferModal
from tui.screens.mark_form import MarkFormModal
from tui.screens.record import RecordScreen
from tui.screens.staff_home import StaffHomeScreen
from tui.screens.unlock import UnlockScreen
from tui.widgets.idle_warning import IdleWarning
from tui.widgets.pupil_picker import PupilPicker

FACTS = "ZQXDRAFT bruise on the left arm"
WORDS = "ZQXDRAFT he hit me with the lead"


def drafts_in(fixture: Fixture) -> int:
    return int(fixture.store.execute("select count(*) from draft")[0][0])


async def place_mark(app: SchoolLogApp, pilot: Pilot[Any], kind: str, size: str, save: bool = True) -> None:
    """On the open body map: place a mark at the cursor and describe it (left open unless `save`)."""
    await pilot.press("enter")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, MarkFormModal)
    form.query_one("#type", Select).value = kind
    form.query_one("#size_mm", Input).focus()
    await type_text(pilot, size)
    form.query_one("#explanation", Input).focus()
    await type_text(pilot, "ZQXDRAFT walked into a door")
    if save:
        await pilot.press("ctrl+s")
        await pilot.pause()


async def type_concern(app: SchoolLogApp, pilot: Pilot[Any]) -> RecordScreen:
    """Tom writes a concern about Jamie, with a body mark, and does not save it."""
    await unlock(pilot, "tom")
    record = await open_record(pilot)
    record.query_one("#location", Input).focus()
    await type_text(pilot, "by the gate")
    record.query_one("#what_happened", TextArea).focus()
    await type_text(pilot, FACTS)
    record.query_one("#child_words", TextArea).text = WORDS
    record.query_one("#categories", SelectionList).select("physical")
    record.query_one("#urgent", Checkbox).value = True
    record.query_one("#urgent", Checkbox).focus()
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press("right", "down")
    await place_mark(app, pilot, "bruise", "20")
    await pilot.press("d")
    await pilot.pause()
    assert app.screen is record and len(record.marks) == 1
    return record


def as_left(record: RecordScreen) -> tuple[Any, ...]:
    """Everything the form shows: its fields, the pupil chosen and the marks."""
    pupil = record.query_one(PupilPicker).pupil
    return read_fields(record), pupil.id if pupil else None, list(record.marks)


async def idle_lock(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
    """Leave the app alone until the idle lock fires (a third of a second here)."""
    assert app.school is not None
    app.school.config = Config(idle_lock_minutes=0.005)
    for _ in range(100):
        await asyncio.sleep(0.05)
        if app.school is None:
            break
    await settle(pilot)
    assert isinstance(app.screen, UnlockScreen)


async def unlock_again(pilot: Pilot[Any], username: str) -> None:
    """At the prompt a lock left (the last person's name filled in), unlock as `username`."""
    prompt = pilot.app.screen
    assert isinstance(prompt, UnlockScreen)
    prompt.query_one("#username", Input).value = ""
    prompt.query_one("#username", Input).focus()
    await unlock(pilot, username)


async def lock(pilot: Pilot[Any]) -> None:
    """ctrl+l, as someone leaving the desk does."""
    await pilot.press("ctrl+l")
    await settle(pilot)


async def restored(pilot: Pilot[Any]) -> Screen[Any]:
    """Restore (r) the draft offered: the screen it opens."""
    await pilot.press("r")
    await settle(pilot)
    return pilot.app.screen


async def save_confirmed(pilot: Pilot[Any]) -> None:
    """ctrl+s, and yes to the summary."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await settle(pilot)


async def offered(pilot: Pilot[Any], username: str) -> DraftOfferModal:
    await unlock_again(pilot, username)
    offer = pilot.app.screen
    assert isinstance(offer, DraftOfferModal)
    return offer


def test_the_idle_lock_seals_a_concern_and_its_author_restores_it_exactly(tmp_path, monkeypatch):
    """A teacher called away mid-concern: the idle lock drops the keys but seals the form; after they
    unlock they are asked about it by the pupil's name, and Restore gives back every field, the pupil
    and the body mark; once saved the entry is in the log and the draft is gone."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setattr(SchoolLogApp, "IDLE_CHECK_SECONDS", 0.05)

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        left = as_left(await type_concern(app, pilot))
        await idle_lock(app, pilot)
        assert app.school is None and len(app.screen_stack) == 1
        assert drafts_in(fixture) == 1
        await offered(pilot, "tom")
        assert text_of(pilot, "#draft-question") == "Restore your unsaved concern about Jamie Brook?"
        record = await restored(pilot)
        assert isinstance(record, RecordScreen)
        assert as_left(record) == left
        assert "Chosen: Jamie Brook" in text_of(pilot, "#pupil-chosen")
        await save_confirmed(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(fixture.url, body)
    (concern,) = fixture.open("tom").log.my_entries()
    assert isinstance(concern, Concern) and concern.what_happened == FACTS and concern.child_words == WORDS
    assert concern.urgent and concern.categories == ("physical",) and len(concern.body_marks) == 1
    assert drafts_in(fixture) == 0


def test_another_person_unlocking_is_not_offered_it_and_later_keeps_it(tmp_path, monkeypatch):
    """Locked with ctrl+l mid-concern, the app is unlocked by another teacher: they are offered nothing
    and their keys find nothing; the author is offered it next, and Later (esc) keeps it sealed."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await type_concern(app, pilot)
        await lock(pilot)
        await unlock_again(pilot, "tara")
        assert isinstance(app.screen, StaffHomeScreen)
        assert app.school is not None and app.school.drafts.waiting() == []
        await lock(pilot)
        await offered(pilot, "tom")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(fixture.url, body)
    assert drafts_in(fixture) == 1
    assert [d.form for d in fixture.open("tom").drafts.waiting()] == ["concern"]


def test_discard_asks_then_deletes_the_draft(tmp_path, monkeypatch):
    """Discard asks once more (what was typed is lost for good); "Go back" offers it again, yes deletes it."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await type_concern(app, pilot)
        await lock(pilot)
        await offered(pilot, "tom")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftOfferModal)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        assert drafts_in(fixture) == 0

    run_app(fixture.url, body)


def test_a_mark_half_described_on_an_open_body_map_comes_back_where_it_was(tmp_path, monkeypatch):
    """Locked while describing a second mark on the body map: restoring reopens the map with the first
    mark on it and the second mark's form as it was typed; finishing it puts both on the concern."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await type_concern(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "down")
        await place_mark(app, pilot, "graze", "35", save=False)
        typed = read_fields(app.screen)
        await lock(pilot)
        await offered(pilot, "tom")
        form = await restored(pilot)
        assert isinstance(form, MarkFormModal) and read_fields(form) == typed
        body_map, record = app.screen_stack[-2], app.screen_stack[-3]
        assert isinstance(body_map, BodyMapScreen) and isinstance(record, RecordScreen)
        assert len(body_map.marks) == 1 and len(record.marks) == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is record and [m.type for m in record.marks] == ["bruise", "graze"]

    run_app(fixture.url, body)


def test_a_dsl_decision_comes_back_over_the_pupils_chronology(school: Fixture):
    """A DSL locked mid-decision is offered it back by pupil; Restore reopens Jamie's chronology with the
    decision form as left, the reason parents were not told shown; saving records it, the draft gone."""

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await unlock(pilot, "dana")
        await pilot.press("enter", "d")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecisionModal)
        modal.query_one("#outcome", Select).value = "monitor"
        modal.query_one("#level", Select).value = 2
        modal.query_one("#rationale", TextArea).focus()
        await type_text(pilot, "ZQXDRAFT explained by a fall")
        modal.query_one("#parents_informed", Select).value = False
        await pilot.pause()
        modal.query_one("#parents_not_informed_why", Input).value = "it would put the child at risk"
        typed = read_fields(modal)
        await lock(pilot)
        await offered(pilot, "dana")
        assert text_of(pilot, "#draft-question") == "Restore your unsaved decision about Jamie Brook?"
        decision = await restored(pilot)
        assert isinstance(decision, DecisionModal) and isinstance(app.screen_stack[-2], ChronologyScreen)
        assert read_fields(decision) == typed and decision.query_one("#not-informed").display
        await save_confirmed(pilot)
        assert isinstance(app.screen, ChronologyScreen)

    run_app(school.url, body)
    decisions = [i.entry for i in school.open("dana").review.chronology("R100000000001").items]
    (decision,) = [d for d in decisions if isinstance(d, Decision)]
    assert decision.rationale == "ZQXDRAFT explained by a fall" and decision.parents_informed is False
    assert drafts_in(school) == 0


def test_an_addendum_quit_with_the_app_comes_back_and_saves(school: Fixture):
    """Quitting the app (Lock and quit) with an addendum half typed seals it; the next app, unlocked by
    its author, offers it by pupil and restores it; saved, the draft is gone."""

    async def leave(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await unlock(pilot, "tom")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddendumModal)
        await type_text(pilot, "ZQXDRAFT mum called back")
        await app.action_quit()

    async def come_back(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await offered(pilot, "tom")
        assert text_of(pilot, "#draft-question") == "Restore your unsaved addendum about Jamie Brook?"
        modal = await restored(pilot)
        assert isinstance(modal, AddendumModal) and modal.query_one(TextArea).text == "ZQXDRAFT mum called back"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(school.url, leave)
    assert drafts_in(school) == 1
    run_app(school.url, come_back)
    assert drafts_in(school) == 0
    assert any(getattr(e, "text", "") == "ZQXDRAFT mum called back" for e in school.open("tom").log.my_entries())


def test_a_browser_tab_closed_mid_addendum_leaves_it_sealed(school: Fixture):
    """Under `school-log serve`, closing the tab makes textual-serve ask the app to exit (an ExitApp
    message, not ctrl+q): the half-typed addendum is sealed to its author all the same."""

    async def close_tab(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await unlock(pilot, "tom")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddendumModal)
        await type_text(pilot, "ZQXDRAFT typed in a browser")
        app.post_message(messages.ExitApp())
        await pilot.pause()

    run_app(school.url, close_tab)
    assert drafts_in(school) == 1


def test_the_last_seconds_before_an_idle_lock_count_down_and_any_key_or_mouse_move_cancels(tmp_path, monkeypatch):
    """With 20 s to go the screen says so; a key press takes the warning away and the log stays
    unlocked; so does moving the mouse."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setattr(SchoolLogApp, "IDLE_CHECK_SECONDS", 0.05)

    async def warned(app: SchoolLogApp, pilot: Pilot[Any]) -> IdleWarning:
        assert app.school is not None
        app.last_activity = monotonic() - (app.school.config.idle_lock_minutes * 60 - 20)
        await asyncio.sleep(0.2)
        await pilot.pause()
        (warning,) = app.screen.query(IdleWarning)
        assert re.match(r"Locking in (19|20) s: nobody has used the log", str(warning.render()))
        return warning

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await unlock(pilot, "tom")
        await warned(app, pilot)
        await pilot.press("down")
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert not app.screen.query(IdleWarning) and app.school is not None
        await warned(app, pilot)
        app.post_message(events.MouseMove(None, 10, 10, 1, 0, 0, False, False, False))  # as the terminal sends it
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert not app.screen.query(IdleWarning) and app.school is not None

    run_app(fixture.url, body)


def test_a_seal_the_store_cannot_take_is_held_and_written_at_the_next_unlock(tmp_path, monkeypatch):
    """The store refuses the draft at the lock (a server out of reach): the keys are dropped all the same,
    the prompt says the form is sealed but not yet kept, and the next unlock writes and offers it."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await type_concern(app, pilot)

        def refused(*sealed: object) -> None:
            raise IntegrityError("the store is busy (locked by another writer); try again")

        assert app.school is not None
        monkeypatch.setattr(app.school.drafts, "keep", refused)
        await lock(pilot)
        assert app.school is None and drafts_in(fixture) == 0
        assert "sealed, but the store could not take it yet" in text_of(pilot, "#unlock-message")
        await offered(pilot, "tom")
        assert drafts_in(fixture) == 1

    run_app(fixture.url, body)


@pytest.mark.parametrize(
    ("mode", "ending", "said"),
    [("idle", signal.SIGKILL, "locked"), ("", signal.SIGHUP, "typed"), ("", signal.SIGTERM, "typed")],
    ids=["idle-locked-then-killed", "terminal-closed", "told-to-stop"],
)
def test_an_app_process_that_ends_leaves_the_draft_for_the_next_one(tmp_path, monkeypatch, mode, ending, said):
    """A teacher's app in its own process ends mid-concern: killed after the idle lock sealed it (a power
    cut), or its terminal closed (SIGHUP) or told to stop (SIGTERM) with the form still open, which it
    seals before quitting. A new app process, unlocked by the same teacher, offers the concern back."""
    fixture = make_school(tmp_path, monkeypatch)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.typing_app", fixture.url, FACTS, *([mode] if mode else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().strip() == said, child.stderr.read()
        child.send_signal(ending)
        assert child.wait(timeout=30) != 0
    finally:
        child.kill()
        child.wait()
    assert drafts_in(fixture) == 1

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await offered(pilot, "tom")
        record = await restored(pilot)
        assert isinstance(record, RecordScreen) and record.query_one("#what_happened", TextArea).text == FACTS

    run_app(fixture.url, body)


def test_a_health_condition_half_recorded_comes_back_over_the_chronology(school: Fixture):
    """A DSL locked mid-way through recording a birthmark is offered it back; Restore reopens Jamie's
    chronology with the health form as left (condition, name, place ticked); saving records it, the draft gone."""
    from school_log.model import KnownCondition
    from tui.screens.health import HealthModal
    from tui.widgets.choices import TickList

    async def body(app: SchoolLogApp, pilot: Pilot[Any]) -> None:
        await unlock(pilot, "dana")
        await pilot.press("enter", "k", "n")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, HealthModal)
        modal.query_one("#condition", Select).value = "birthmark"
        modal.query_one("#name", Input).focus()
        await type_text(pilot, "ZQXDRAFT blue spots")
        modal.query_one("#source", Input).focus()
        await type_text(pilot, "red book")
        modal.query_one("#regions", TickList).select("lower-back")
        await pilot.pause()
        typed = read_fields(modal)
        await lock(pilot)
        await offered(pilot, "dana")
        assert text_of(pilot, "#draft-question") == "Restore your unsaved health condition about Jamie Brook?"
        health = await restored(pilot)
        assert isinstance(health, HealthModal) and isinstance(app.screen_stack[-2], ChronologyScreen)
        assert read_fields(health) == typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChronologyScreen)

    run_app(school.url, body)
    items = [i.entry for i in school.open("dana").review.chronology("R100000000001").items]
    (condition,) = [c for c in items if isinstance(c, KnownCondition)]
    assert condition.name == "ZQXDRAFT blue spots" and condition.regions == ("lower-back",)
    assert drafts_in(school) == 0
