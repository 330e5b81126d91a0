"""The shape every DSL form shares: a centred dialog, inline errors per field, Save and Cancel.

Domain checks raise `InputError("<form>, <field>: <problem>")`; the form shows the
message under the field it names (or at the foot of the form when it names none),
so the person fixes it where they typed it and nothing is written.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from school_log.errors import SchoolLogError
from tui.widgets.field_error import FieldError


def field_of(message: str) -> str | None:
    """'decision, rationale: is required' -> 'rationale'; None when no field is named."""
    head, colon, _ = message.partition(":")
    if not colon or ", " not in head:
        return None
    return head.rsplit(", ", 1)[1].strip()


def without_form(message: str) -> str:
    """'decision, rationale: is required' -> 'rationale: is required'."""
    head, colon, rest = message.partition(":")
    return f"{head.rsplit(', ', 1)[1]}:{rest}" if colon and ", " in head else message


class FormModal(ModalScreen[bool]):
    """A dialog that dismisses with True once its `save` wrote something, False on cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    @staticmethod
    def error_slot(field: str) -> FieldError:
        return FieldError(id=f"{field}-error")

    def buttons(self, save_label: str = "Save") -> ComposeResult:
        with Horizontal(classes="log-buttons"):
            yield Button(save_label, variant="primary", id="save")
            yield Button("Cancel", id="cancel")
        yield self.error_slot("form")
        yield Static("ctrl+s save · esc cancel", classes="log-hint")

    def clear_errors(self) -> None:
        for slot in self.query(FieldError):
            slot.say("")

    def field_for(self, message: str) -> str | None:
        """Which field an error message is about (forms whose messages differ override this)."""
        return field_of(message)

    def show_error(self, error: SchoolLogError | str) -> None:
        """Put the message under the field it names, else at the foot of the form."""
        message = str(error)
        field = self.field_for(message)
        slots = self.query(f"#{field}-error") if field and field.isidentifier() else None
        slot = slots.first(FieldError) if slots else self.query_one("#form-error", FieldError)
        slot.say(without_form(message))
        slot.scroll_visible()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        self.clear_errors()
        try:
            self.save()
        except SchoolLogError as error:
            self.show_error(error)
            return
        self.dismiss(True)

    def save(self) -> None:
        """Write the form through the domain; raise SchoolLogError to keep the dialog open."""
        raise NotImplementedError
