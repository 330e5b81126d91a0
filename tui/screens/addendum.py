"""Add to an entry already written: a correction or follow-up; the original stays as it was."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label, Static, TextArea

from school_log.errors import InputError, SchoolLogError
from tui.screens.modal_form import FormModal


class AddendumModal(FormModal):
    """Write the addendum; once saved (dismissed with True), `reference` is the new entry's reference."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save addendum", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    FIRST_FIELD = "text"
    FORM_SLOT = "text"
    """One field, one line: every problem is said under the text."""
    FORM = "addendum"
    NAME = "addendum"
    DONE = "Addendum recorded"

    def __init__(self, entry_id: str, about: str, pupil_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.about = about
        self.pupil_id = pupil_id
        self.reference = ""

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.pupil_id, {"entry": self.entry_id, "about": self.about}

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog addendum-box"):
            yield Label("Add to this entry", classes="log-dialog-title")
            yield Static(self.about, classes="log-hint")
            yield TextArea(id="text", placeholder="What to add or correct (facts, with times)")
            yield self.error_slot("text")
            with Horizontal(classes="log-buttons"):
                yield Button("Save addendum", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def describe(self, error: SchoolLogError) -> str:
        """'The addendum is required and must not be empty'; anything else as the domain says it."""
        return (
            f"The addendum {error.problem}" if isinstance(error, InputError) and error.field == "text" else str(error)
        )

    def save(self) -> None:
        addendum = self.school.log.addendum(self.entry_id, {"text": self.query_one(TextArea).text})
        self.reference = self.school.log.reference(addendum)
