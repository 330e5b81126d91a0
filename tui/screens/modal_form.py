"""The shape every DSL form shares: a centred dialog, inline errors per field, Save and Cancel.

Domain checks raise `InputError("<form>, <field>: <problem>")`; the form shows every
problem at once, each under the field it names (or at the foot of the form when it
names none), in plain words, and takes the person to the first. Forms that record a
decision about a child show a summary to confirm before anything is written.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from school_log.errors import SchoolLogError
from tui.screens.base import SchoolModal
from tui.screens.confirm import ConfirmModal
from tui.widgets.field_error import FieldError
from tui.wording import humane


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


class FormModal(SchoolModal[bool]):
    """A dialog that dismisses with True once its `save` wrote something, False on cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    FIRST_FIELD: str | None = None
    """The id of the field focused when the dialog opens, so Enter and typing work at once."""
    CONFIRM_TITLE = "Save this?"
    CHOOSE: dict[str, str] = {}
    """What to say for a field left unchosen, e.g. {"outcome": "choose the outcome"}."""

    def on_mount(self) -> None:
        if self.FIRST_FIELD:
            self.query_one(f"#{self.FIRST_FIELD}").focus()

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
        self.show_errors([error])

    def show_errors(self, errors: list[SchoolLogError] | list[SchoolLogError | str]) -> None:
        """Each message under the field it names (else at the foot of the form); focus the first field."""
        fields = []
        for error in errors:
            message = str(error)
            field = self.field_for(message)
            slots = self.query(f"#{field}-error") if field and field.isidentifier() else None
            slot = slots.first(FieldError) if slots else self.query_one("#form-error", FieldError)
            slot.say(humane(without_form(message), self.CHOOSE.get(field or "", "")))
            widgets = self.query(f"#{field}") if field and field.isidentifier() else None
            fields.append((widgets.first() if widgets else None, slot))
        order = {node: n for n, node in enumerate(self.walk_children())}
        placed = [(widget, slot) for widget, slot in fields if widget is not None and widget.focusable]
        if placed:
            widget, slot = min(placed, key=lambda pair: order.get(pair[0], len(order)))
            widget.focus()
            slot.scroll_visible()
        elif fields:
            fields[0][1].scroll_visible()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        """Check everything, confirm the summary (if the form has one), then write."""
        self.clear_errors()
        try:
            found = self.problems()
        except SchoolLogError as error:
            found = [error]
        if found:
            self.show_errors(found)
            return
        question = self.summary()
        if question is None:
            self._commit()
            return
        self.app.push_screen(
            ConfirmModal(self.CONFIRM_TITLE, question, yes="Save", no="Go back"),
            lambda yes: self._commit() if yes else None,
        )

    def _commit(self) -> None:
        try:
            self.save()
        except SchoolLogError as error:
            self.show_error(error)
            return
        self.dismiss(True)

    def problems(self) -> list[SchoolLogError]:
        """Every problem with the form, before anything is written (none known: `save` will say)."""
        return []

    def summary(self) -> str | None:
        """What is about to be recorded, for the person to confirm; None saves at once."""
        return None

    def save(self) -> None:
        """Write the form through the domain; raise SchoolLogError to keep the dialog open."""
        raise NotImplementedError
