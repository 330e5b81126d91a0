"""After an unlock: the owner is asked about their account's one-time codes, until they answer.

A DSL who adds or resets an account sees its code, so whoever used it could have been
the DSL. The owner is told who made each code and when, when it was used, and how many
entries were written since, and confirms that they used it themselves, or disputes it;
either answer is a chained record, and until it is given those entries are marked
[unconfirmed] wherever they are shown. Later (esc) asks again at the next unlock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from school_log.errors import SchoolLogError
from school_log.school import School
from school_log.staff import notice

if TYPE_CHECKING:
    from tui.app import SchoolLogApp

CONFIRM, DISPUTE, LATER = "confirm", "dispute", "later"


class CodeAnswerModal(ModalScreen[str]):
    """Confirm (c), dispute (d) or later (l, esc)."""

    BINDINGS = [
        Binding("c", f"dismiss('{CONFIRM}')", "It was me"),
        Binding("d", f"dismiss('{DISPUTE}')", "Dispute"),
        Binding("l,escape", f"dismiss('{LATER}')", "Later"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog confirm-box"):
            yield Label("Your account's one-time code", classes="log-dialog-title")
            yield Static(self.text, id="code-notice", markup=False)
            with Horizontal(classes="log-buttons"):
                yield Button("It was me (c)", id=CONFIRM, variant="primary")
                yield Button("Dispute (d)", id=DISPUTE, variant="error")
                yield Button("Later (l)", id=LATER)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{LATER}", Button).focus()  # Enter alone answers nothing

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or LATER)


def ask_about_codes(app: SchoolLogApp, school: School) -> None:
    """If this account has one-time codes to answer for, ask; record the answer and say what it did."""
    try:
        uses = school.staff.codes_to_answer()
    except SchoolLogError as error:
        app.notify(f"Could not read your account's codes: {error}", severity="error")
        return
    if not uses:
        return

    def answered(verdict: str | None) -> None:
        if verdict not in (CONFIRM, DISPUTE):
            app.notify("You will be asked again at your next unlock.", timeout=8)
            return
        try:
            school.staff.answer_codes(verdict)
        except SchoolLogError as error:
            app.notify(str(error), severity="error")
            return
        if verdict == CONFIRM:
            app.notify("Confirmed: your entries are no longer marked.", timeout=8)
        else:
            app.notify(
                "Disputed: the entries written under that code stay marked as disputed, and your DSL team sees it. "
                "Set a new passphrase now (school-log passphrase) and tell another DSL.",
                severity="warning",
                timeout=30,
            )

    app.push_screen(CodeAnswerModal(notice(uses)), answered)
