"""Describe one mark just placed on the body map: what it is, how big, and who explained it."""

from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from school_log.body_regions import region
from school_log.errors import InputError
from school_log.forms import parse_mark
from school_log.model import EXPLAINED_BY, MARK_TYPES, BodyMark
from tui.widgets.choices import Choice, Tick
from tui.widgets.field_error import FieldError
from tui.wording import humane

MARK_ERROR = re.compile(r"^body mark \d+, (?P<field>\w+): (?P<problem>.*)$", re.DOTALL)
FIELD_NAMES = {
    "type": "Type of mark",
    "size_mm": "Size",
    "shape": "Shape",
    "colour": "Colour",
    "explanation": "Explanation",
    "explained_by": "Who explained it",
}
ERROR_SLOTS = {"size_mm": "size", "shape": "size", "colour": "size", "explained_by": "explanation"}
"""Fields sharing one error line (they sit on one row)."""


class MarkFormModal(ModalScreen[BodyMark | None]):
    """The mark's details, checked by `parse_mark`; returns the mark, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Add mark", priority=True),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, view: str, region_id: str, x: float | None, y: float | None, number: int) -> None:
        super().__init__()
        self.view, self.region_id, self.x, self.y, self.number = view, region_id, x, y, number

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog mark-box"):
            yield Label(f"Mark {self.number}: {region(self.region_id).label}", classes="log-dialog-title")
            yield FieldError(id="mark-error")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield Label("Type of mark", classes="log-label")
                    yield Choice(((t.capitalize(), t) for t in MARK_TYPES), id="type", prompt="Choose the type…")
                yield Tick("Skin broken", id="skin_broken")
            yield FieldError(id="type-error")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield Label("Size (longest, mm)", classes="log-label")
                    yield Input(id="size_mm", type="integer", placeholder="e.g. 20", select_on_focus=False)
                with Vertical():
                    yield Label("Shape", classes="log-label")
                    yield Input(id="shape", placeholder="e.g. round", select_on_focus=False)
                with Vertical():
                    yield Label("Colour", classes="log-label")
                    yield Input(id="colour", placeholder="e.g. purple", select_on_focus=False)
            yield FieldError(id="size-error")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield Label("Explanation given (their words)", classes="log-label")
                    yield Input(id="explanation", placeholder="e.g. “I fell off my bike”", select_on_focus=False)
                with Vertical():
                    yield Label("Explained by", classes="log-label")
                    yield Select(
                        ((e.capitalize() if e != "none" else "No one", e) for e in EXPLAINED_BY),
                        id="explained_by",
                        value="none",
                        allow_blank=False,
                    )
                with Vertical():
                    yield Label("Seen happen by (staff)", classes="log-label")
                    yield Input(id="witnessed_by", placeholder="e.g. Mr Patel, PE")
            yield FieldError(id="explanation-error")
            with Horizontal(classes="log-buttons"):
                yield Button("Add mark (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#type", Select).focus()

    def form_data(self) -> dict[str, Any]:
        """The mark as `parse_mark` takes it."""
        kind = self.query_one("#type", Select).value
        size = self.query_one("#size_mm", Input).value.strip()
        return {
            "view": self.view,
            "region": self.region_id,
            "x": self.x,
            "y": self.y,
            "type": None if kind is Select.NULL else kind,
            "size_mm": int(size) if size else None,
            "shape": self.query_one("#shape", Input).value,
            "colour": self.query_one("#colour", Input).value,
            "skin_broken": self.query_one("#skin_broken", Checkbox).value,
            "explanation": self.query_one("#explanation", Input).value,
            "explained_by": self.query_one("#explained_by", Select).value,
            "witnessed_by": self.query_one("#witnessed_by", Input).value,
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for error in self.query(FieldError):
            error.say("")
        try:
            mark = parse_mark(self.form_data(), self.number)
        except InputError as error:
            match = MARK_ERROR.match(str(error))
            if match and match["field"] in FIELD_NAMES:
                slot = ERROR_SLOTS.get(match["field"], match["field"])
                choose = "choose a type of mark" if match["field"] == "type" else ""
                problem = humane(match["problem"], choose)
                self.query_one(f"#{slot}-error", FieldError).say(f"{FIELD_NAMES[match['field']]}: {problem}")
            else:
                self.query_one("#mark-error", FieldError).say(str(error))
            return
        self.dismiss(mark)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
