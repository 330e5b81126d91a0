"""Add to an entry already written: a correction or follow-up; the original stays as it was."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static, TextArea

from school_log.errors import SchoolLogError
from school_log.school import School
from tui.widgets.field_error import FieldError


class AddendumModal(ModalScreen[str | None]):
    """Write the addendum; returns the new entry's id, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save addendum", priority=True),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, school: School, entry_id: str, about: str) -> None:
        super().__init__()
        self.school = school
        self.entry_id = entry_id
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog addendum-box"):
            yield Label("Add to this entry", classes="log-dialog-title")
            yield Static(self.about, classes="log-hint")
            yield TextArea(id="addendum-text", placeholder="What to add or correct (facts, with times)")
            yield FieldError(id="addendum-error")
            with Horizontal(classes="log-buttons"):
                yield Button("Save addendum", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        try:
            addendum = self.school.log.addendum(self.entry_id, {"text": text})
        except SchoolLogError as error:
            message = str(error).removeprefix("addendum, text: ")
            self.query_one("#addendum-error", FieldError).say(
                f"The addendum {message}" if message != str(error) else message
            )
            self.query_one(TextArea).focus()
            return
        self.dismiss(self.school.log.reference(addendum))
