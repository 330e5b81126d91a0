"""A DSL records that a pupil has left the school: off the roll and the pickers, their file kept (issue 26)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, Static

from school_log.errors import InputError, SchoolLogError
from school_log.local_time import local_today, parse_day
from school_log.model import Pupil
from tui.screens.modal_form import FormModal


class LeaverModal(FormModal):
    """Dismissed with True once the pupil is recorded as left."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Record as left", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    FIRST_FIELD = "date"
    CONFIRM_TITLE = "Record as left?"
    DONE = "Recorded as left"

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil

    def compose(self) -> ComposeResult:
        today = local_today(self.school.clock).isoformat()
        with Vertical(classes="log-dialog leaver-box"):
            yield Label(f"{self.pupil.name} has left the school", classes="log-dialog-title", markup=False)
            yield Static(
                "They leave the roll and the pupil pickers. Their file stays: a DSL still opens it, searches it, "
                "transfers it, and keeps it until the retention review.",
                classes="log-hint",
            )
            yield Label("The day they left (YYYY-MM-DD)")
            yield Input(today, id="date", placeholder="YYYY-MM-DD")
            yield self.error_slot("date")
            yield from self.buttons("Record as left")
        yield Footer()

    @on(Input.Submitted, "#date")
    def _submitted(self) -> None:
        self.action_save()

    def problems(self) -> list[SchoolLogError]:
        try:
            self.school.roster.check_leave(self.pupil.id, self._day())
        except InputError as problem:
            return [problem]
        return []

    def _day(self) -> date:
        """The day typed; a problem is said under the box."""
        try:
            return parse_day(self.query_one("#date", Input).value)
        except InputError as bad:
            raise InputError(bad.problem, field="date") from None

    def summary(self) -> str:
        return f"{self.pupil.name} ({self.pupil.upn}) left on {self.query_one('#date', Input).value.strip()}."

    def save(self) -> None:
        self.school.roster.leave(self.pupil.id, self._day())
