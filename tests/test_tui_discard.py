"""Esc never throws away a filled form without asking: every form with typed words asks
"Discard this …?" first, as the concern form always did; a blank one just closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from school_log.model import Decision
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import JAMIE, Host, run, text_of
from tui.screens.addendum import AddendumModal
from tui.screens.chronology import ChronologyScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.decision import DecisionModal
from tui.screens.mark_form import MarkFormModal
from tui.screens.notification import NotificationModal
from tui.screens.referral_outcome import ReferralOutcomeModal
from tui.screens.staff_admin import AddStaffModal
from tui.screens.tasks import TaskDoneModal, TaskModal

Opener = Callable[[ChronologyScreen], Screen[object]]


def _referral_outcome(chronology: ChronologyScreen) -> Screen[object]:
    assert chronology.chron is not None
    decision = next(i.entry for i in chronology.chron.items if isinstance(i.entry, Decision))
    return ReferralOutcomeModal(decision, chronology.chron.pupil.name)


FORMS: dict[str, tuple[Opener, str, str]] = {
    # form: (how it is opened over Jamie's chronology, the field typed in, what it is called)
    "decision": (lambda c: DecisionModal(c.chron), "rationale", "decision"),  # type: ignore[arg-type]
    "addendum": (lambda c: AddendumModal(c.chron.items[0].entry.id, "about", JAMIE), "text", "addendum"),  # type: ignore[union-attr]
    "notification": (lambda c: NotificationModal(c.chron.pupil), "summary", "agency notification"),  # type: ignore[union-attr]
    "referral outcome": (_referral_outcome, "notes", "referral outcome"),
    "task": (lambda c: TaskModal(c.chron.pupil), "text", "task"),  # type: ignore[union-attr]
    "task done": (lambda c: TaskDoneModal("task-id", "Speak to mum", JAMIE), "note", "note of a task done"),
    "add staff": (lambda c: AddStaffModal(), "name", "new account"),
    "body mark": (lambda c: MarkFormModal("front", "forehead", None, None, 1), "shape", "mark's description"),
}


@pytest.fixture
def decided(school: Fixture) -> Fixture:
    """Jamie with a referral decided, so a referral outcome can be recorded against it."""
    school.open("dana").log.decide(
        JAMIE,
        {"outcome": "refer-social-care", "level": 3, "rationale": "Two bruises", "agency": "MASH"},
    )
    return school


@pytest.mark.parametrize("form", FORMS)
def test_esc_on_a_filled_form_asks_and_keep_writing_keeps_every_word(decided: Fixture, form: str) -> None:
    """Words typed, Esc asks "Discard this <form>?"; Keep writing (n) goes back with the words
    where they were; Esc then Discard (y) closes the form."""
    opener, field_id, name = FORMS[form]

    async def body(pilot: Pilot[None]) -> None:
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen)
        modal = opener(chronology)
        await pilot.app.push_screen(modal)
        await pilot.pause()
        field = modal.query_one(f"#{field_id}")
        field.focus()
        await pilot.press(*keys_for("bruise seen at drop-off"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert str(pilot.app.screen.heading) == f"Discard this {name}?"
        assert "Nothing has been saved" in text_of(pilot, "#question")
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is modal
        typed = field.text if isinstance(field, TextArea) else field.value if isinstance(field, Input) else None
        assert typed == "bruise seen at drop-off"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert pilot.app.screen is chronology

    run(Host(decided.open("dana"), lambda: ChronologyScreen(JAMIE)), body)


@pytest.mark.parametrize("form", ["decision", "add staff", "body mark"])
def test_esc_on_a_blank_form_closes_it_without_asking(school: Fixture, form: str) -> None:
    """Nothing typed: Esc closes at once (a question would only be in the way)."""
    opener = FORMS[form][0]

    async def body(pilot: Pilot[None]) -> None:
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen)
        await pilot.app.push_screen(opener(chronology))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is chronology

    run(Host(school.open("dana"), lambda: ChronologyScreen(JAMIE)), body)


def test_a_passphrase_typed_in_add_staff_is_asked_about_too(school: Fixture) -> None:
    """The passphrase is never kept in a draft, yet it is typing: Esc asks before throwing it away."""

    async def body(pilot: Pilot[None]) -> None:
        chronology = pilot.app.screen
        modal = AddStaffModal()
        await pilot.app.push_screen(modal)
        await pilot.pause()
        modal.query_one("#passphrase").focus()
        await pilot.press(*keys_for("a long passphrase"), "escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is chronology

    run(Host(school.open("dana"), lambda: ChronologyScreen(JAMIE)), body)


def test_add_a_staff_account_opens_in_its_first_field(school: Fixture) -> None:
    """`a` on the staff accounts opens "Add a staff account" with the cursor in Username, so
    what is typed at once lands there (it used to be lost, then the name landed in Username)."""
    from tui.screens.staff_admin import StaffAdminScreen

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, AddStaffModal) and modal.focused is modal.query_one("#username")
        await pilot.press(*keys_for("jsmith"), "tab", *keys_for("Jo Smith"))
        await pilot.pause()
        assert modal.query_one("#username", Input).value == "jsmith"
        assert modal.query_one("#name", Input).value == "Jo Smith"

    run(Host(school.open("dana"), StaffAdminScreen), body)
