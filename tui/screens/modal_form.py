"""The shape every DSL form shares: a centred dialog, inline errors per field, Save and Cancel.

Domain checks raise `InputError` naming the form and the field; a form shows every
problem at once, each under the field it names (or on the form's own line when it names
none), in plain words, and takes the person to the first. Forms that record a decision
about a child show a summary to confirm before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from school_log.drafts import Unsaved
from school_log.errors import InputError, SchoolLogError
from tui.drafting import fill, forget, read_fields
from tui.screens.base import SchoolModal
from tui.screens.confirm import ConfirmModal, ask_to_discard
from tui.widgets.field_error import FieldError
from tui.wording import humane

ResultT = TypeVar("ResultT")


def field_of(error: SchoolLogError) -> str | None:
    """The field a problem is about (None: the form as a whole, or not a problem with input)."""
    return error.field if isinstance(error, InputError) else None


class FormScreen(Screen[ResultT]):
    """A screen holding a form: each problem is said on the line under its field (`FieldError`
    with id "<field>-error"), or on the form's own line ("form-error")."""

    FORM_SLOT = "form"
    """The id (before "-error") of the line for problems about the form as a whole."""
    ERROR_SLOTS: ClassVar[Mapping[str, str]] = {}
    """Fields whose problems are said on another field's line, e.g. fields sharing a row."""
    CHOOSE: ClassVar[Mapping[str, str]] = {}
    """What to say for a field left unchosen, e.g. {"outcome": "choose the outcome"}."""

    @staticmethod
    def error_slot(field: str) -> FieldError:
        return FieldError(id=f"{field}-error")

    def clear_errors(self) -> None:
        for slot in self.query(FieldError):
            slot.say("")
        self.query(".-invalid-field").remove_class("-invalid-field")

    def describe(self, error: SchoolLogError) -> str:
        """What to say about one problem, beside its field (the field's own name is not repeated)."""
        field = field_of(error)
        return humane(error.problem if isinstance(error, InputError) else str(error), self.CHOOSE.get(field or "", ""))

    def line_for(self, field: str | None) -> str:
        """The id (before "-error") of the line a problem with `field` is said on."""
        key = self.ERROR_SLOTS.get(field, field) if field else None
        return key if key and self.query(f"#{key}-error") else self.FORM_SLOT

    def show_error(self, error: SchoolLogError) -> None:
        self.show_errors([error])

    def show_errors(self, errors: Sequence[SchoolLogError]) -> None:
        """Each problem under the field it is about (the first one found wins a shared line); then
        mark those fields and take the person to them."""
        lines = [self.line_for(field_of(error)) for error in errors]
        for line, error in reversed(list(zip(lines, errors, strict=True))):
            self.query_one(f"#{line}-error", FieldError).say(self.describe(error))
        fields: list[tuple[Widget | None, FieldError]] = []
        for line, error in zip(lines, errors, strict=True):
            field = field_of(error)
            beside = [f"#{field}"] if field else []
            if line != self.FORM_SLOT:
                beside.append(f"#{line}")  # a field sharing another's line
            widget = next((found.first() for found in map(self.query, beside) if found), None)
            if widget is not None:
                widget.add_class("-invalid-field")
            fields.append((widget, self.query_one(f"#{line}-error", FieldError)))
        self.point_to(fields)

    def point_to(self, fields: list[tuple[Widget | None, FieldError]]) -> None:
        """Focus the first field (on screen) with a problem and show its line; else show the first line."""
        order = {node: n for n, node in enumerate(self.walk_children())}
        placed = [(widget, line) for widget, line in fields if widget is not None and widget.focusable]
        if placed:
            widget, line = min(placed, key=lambda pair: order.get(pair[0], len(order)))
            widget.focus()
            line.scroll_visible()
        elif fields:
            fields[0][1].scroll_visible()


class FormModal(FormScreen[bool], SchoolModal[bool]):
    """A dialog that dismisses with True once its `save` wrote something, False on cancel.

    A form naming its `FORM` holds a pupil's words: what is typed in it is kept over a
    lock (tui/drafting.py) and can be opened again, filled in, with `restoring`.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    FIRST_FIELD: str | None = None
    """The id of the field focused when the dialog opens, so Enter and typing work at once."""
    CONFIRM_TITLE = "Save this?"
    FORM = ""
    """The form's name in a draft kept over a lock; "" for a form that holds no pupil's words (never kept)."""
    DONE = "Saved"
    """What to say once it is saved."""
    NAME = "form"
    """What the form is called to the person ("Discard this decision?")."""

    def __init__(self) -> None:
        super().__init__()
        self.draft_id: str | None = None
        self._blank: dict[str, Any] = {}
        self._restoring: dict[str, Any] | None = None

    def on_mount(self) -> None:
        self._blank = read_fields(self)
        if self._restoring is not None:
            fill(self, self._restoring)
        if self.FIRST_FIELD:
            self.query_one(f"#{self.FIRST_FIELD}").focus()

    def restoring(self, unsaved: Unsaved) -> Self:
        """Open filled in as a draft left it; its draft is forgotten once the form is saved or discarded."""
        self.draft_id, self._restoring = unsaved.id, unsaved.fields
        return self

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        """The pupil the form is about, and what else opening it again takes (a kept form says)."""
        return "", {}

    def unsaved(self) -> Unsaved | None:
        """What is typed in the form, if it is kept over a lock and anything is."""
        fields = read_fields(self) if self.FORM else self._blank
        if fields == self._blank:
            return None
        pupil_id, context = self.opened_on()
        if self.draft_id is None:
            return Unsaved(self.FORM, pupil_id, fields, context)
        return Unsaved(self.FORM, pupil_id, fields, context, id=self.draft_id)

    def _forget_draft(self) -> None:
        school = self.app.school
        problem = forget(school, self) if school is not None else None
        if problem:
            self.app.notify(problem, severity="warning")

    def buttons(self, save_label: str = "Save") -> ComposeResult:
        with Horizontal(classes="log-buttons"):
            yield Button(save_label, variant="primary", id="save")
            yield Button("Cancel", id="cancel")
        yield self.error_slot("form")
        yield Static("ctrl+s save · esc cancel", classes="log-hint")

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def holds_typing(self) -> bool:
        """Whether closing the form now would throw away something typed or chosen (a passphrase too)."""
        return read_fields(self) != self._blank or any(field.value for field in self.query(Input) if field.password)

    def action_cancel(self) -> None:
        """Close unsaved; a form holding anything typed asks first."""
        if self.holds_typing():
            ask_to_discard(self, self.NAME, self._discard)
        else:
            self._discard()

    def _discard(self) -> None:
        self._forget_draft()
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
        self._forget_draft()
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
