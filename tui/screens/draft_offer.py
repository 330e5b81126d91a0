"""After an unlock: the forms this person left unsaved at a lock, offered back one at a time.

"Restore your unsaved concern about Jamie Brook?" Restore opens the form again, filled
in as it was left (the concern over the home; the DSL's forms over the pupil's
chronology they were opened from); Discard, once confirmed, deletes the draft; Later
(esc) keeps it sealed for the next unlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from school_log.drafts import Sealed, Unsaved
from school_log.errors import InputError, SchoolLogError
from school_log.school import School
from tui.screens.addendum import AddendumModal
from tui.screens.confirm import ConfirmModal
from tui.screens.decision import DecisionModal
from tui.screens.health import HealthModal
from tui.screens.notification import NotificationModal
from tui.screens.record import RecordScreen
from tui.screens.referral_outcome import ReferralOutcomeModal
from tui.screens.tasks import TaskDoneModal, TaskModal
from tui.wording import moment

if TYPE_CHECKING:
    from tui.app import SchoolLogApp

NAMES = {
    form.FORM: form.NAME
    for form in (
        RecordScreen,
        AddendumModal,
        DecisionModal,
        NotificationModal,
        ReferralOutcomeModal,
        TaskModal,
        TaskDoneModal,
        HealthModal,
    )
}
"""What each kept form is called in the offer."""
RESTORE, DISCARD, LATER = "restore", "discard", "later"


class DraftOfferModal(ModalScreen[str]):
    """Ask what to do with one draft: restore, discard or later."""

    BINDINGS = [
        Binding("r", f"dismiss('{RESTORE}')", "Restore"),
        Binding("d", f"dismiss('{DISCARD}')", "Discard"),
        Binding("l,escape", f"dismiss('{LATER}')", "Later"),
    ]

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question, self.detail = question, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog confirm-box"):
            yield Label("Unsaved work", classes="log-dialog-title")
            yield Static(self.question, id="draft-question", markup=False)
            yield Static(self.detail, id="draft-detail", classes="log-hint", markup=False)
            with Horizontal(classes="log-buttons"):
                yield Button("Restore (r)", id=RESTORE, variant="primary")
                yield Button("Discard (d)", id=DISCARD)
                yield Button("Later (esc)", id=LATER)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{RESTORE}", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))


def question(school: School, draft: Unsaved) -> tuple[str, str]:
    """'Restore your unsaved concern about Jamie Brook?', and when it was left."""
    name = NAMES.get(draft.form, "form")
    try:
        about = f" about {school.roster.pupil(draft.pupil_id).name}" if draft.pupil_id else ""
    except InputError:
        about = " about a pupil no longer on roll"
    left = f"Left unsaved when the log was locked or closed ({moment(draft.kept_at)}). " if draft.kept_at else ""
    return f"Restore your unsaved {name}{about}?", f"{left}It was sealed so that only you can open it."


def offer_drafts(app: SchoolLogApp, school: School, unsent: Sequence[Sealed]) -> list[Sealed]:
    """Write drafts sealed while the store could not be reached, then offer this person theirs.

    Returns those still unwritten (the app holds them for the next unlock).
    """
    try:
        school.drafts.keep(*unsent)
        unsent = []
        waiting = school.drafts.waiting()
    except SchoolLogError as error:
        app.notify(f"Could not read your unsaved forms: {error}", severity="warning", timeout=10)
        return list(unsent)
    _offer(app, waiting)
    return []


def _offer(app: SchoolLogApp, drafts: list[Unsaved]) -> None:
    school = app.school
    if not drafts or school is None:
        return
    draft, rest = drafts[0], drafts[1:]

    def answered(choice: str | None) -> None:
        school = app.school
        if school is None:  # locked meanwhile: offered again at the next unlock
            return
        if choice == RESTORE:
            restore(app, draft)
        elif choice == DISCARD:
            app.push_screen(
                ConfirmModal(
                    f"Discard this {NAMES.get(draft.form, 'form')}?",
                    "What was typed in it will be lost for good.",
                    yes="Discard",
                    no="Go back",
                ),
                lambda yes: _discarded(app, draft, rest) if yes else _offer(app, drafts),
            )
            return
        _offer(app, rest)

    app.push_screen(DraftOfferModal(*question(school, draft)), answered)


def _discarded(app: SchoolLogApp, draft: Unsaved, rest: list[Unsaved]) -> None:
    school = app.school
    if school is None:
        return
    try:
        school.drafts.drop(draft.id)
    except SchoolLogError as error:
        app.notify(f"The draft could not be discarded ({error}); it is offered again next time.", severity="warning")
    _offer(app, rest)


def restore(app: SchoolLogApp, draft: Unsaved) -> None:
    """Open the draft's form again, filled in as it was left."""
    school = app.school
    if school is None:
        return
    if draft.form == RecordScreen.FORM:
        app.action_record(draft)
    elif draft.form == AddendumModal.FORM:
        context = draft.context
        modal = AddendumModal(str(context.get("entry")), str(context.get("about")), draft.pupil_id)

        def added(saved: bool | None) -> None:
            if saved:
                app.notify(f"Addendum saved (reference {modal.reference}).", title="Saved")

        app.push_screen(modal.restoring(draft), added)
    elif draft.form in NAMES and school.is_dsl and draft.pupil_id:
        from tui.screens.chronology import ChronologyScreen

        app.push_screen(ChronologyScreen(draft.pupil_id, resume=draft))
    else:
        app.notify("That draft's form cannot be opened here; it is kept.", severity="warning")
