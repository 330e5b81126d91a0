"""Place marks on the body map: the region is named as the cursor moves; each mark is described."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from school_log.errors import InputError
from school_log.model import BodyMark
from tui.entry_text import mark_line
from tui.screens.mark_form import MarkFormModal
from tui.screens.narrative_offers import NOTHING, Heard
from tui.widgets.body_map import BodyMap


class BodyMapScreen(ModalScreen[list[BodyMark]]):
    """The front and back figures with the marks so far; returns the marks when done.

    `describing` (from a draft) is a mark whose description was being typed: its form opens again, filled in.
    `heard`: what the concern's narrative says of a witness and an account, offered to each mark's form.
    """

    BINDINGS = [
        Binding("d", "done", "Done"),
        Binding("ctrl+s", "done", "Done", show=False),
        Binding("escape", "done", "Done", show=False),
        Binding("x,delete", "remove", "Remove mark"),
    ]

    def __init__(
        self, marks: Sequence[BodyMark] = (), describing: dict[str, Any] | None = None, heard: Heard = NOTHING
    ) -> None:
        super().__init__()
        self.marks = list(marks)
        self.heard = heard
        self.describing: MarkFormModal | None = None  # the mark form, while it is open
        self._resume = describing

    def compose(self) -> ComposeResult:
        with Horizontal(id="body-map-layout"):
            yield BodyMap(self.marks)
            with Vertical(id="body-map-side"):
                yield Label("Cursor on", classes="log-label")
                yield Static("", id="region-name", markup=False)
                yield Static("Arrows move · v front/back · Enter or click places a mark", classes="log-hint")
                yield Label("Marks", classes="log-label")
                yield OptionList(id="mark-list", markup=False)
                yield Static("", id="no-marks", classes="log-hint")
                yield Button("Done (d)", id="done", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._show_marks()
        self.query_one(BodyMap).focus()
        if self._resume is not None:
            self._describe_again(self._resume)

    def describing_state(self) -> dict[str, Any] | None:
        """The mark being described, where and as typed so far (None: no form open, or nothing typed in it)."""
        form = self.describing
        fields = form.typed() if form else None
        return (
            None
            if form is None or fields is None
            else {"at": [form.view, form.region_id, form.x, form.y], "fields": fields}
        )

    def _describe_again(self, kept: dict[str, Any]) -> None:
        try:
            view, region_id, x, y = kept["at"]
            MarkFormModal.check_place(view, region_id)
        except (KeyError, TypeError, ValueError, InputError):
            return
        fields = kept.get("fields")
        self._describe(view, region_id, x, y, fields if isinstance(fields, dict) else None)

    @on(BodyMap.Highlighted)
    def _name_region(self, event: BodyMap.Highlighted) -> None:
        self.query_one("#region-name", Static).update(event.region.label)

    @on(BodyMap.Picked)
    def _picked(self, event: BodyMap.Picked) -> None:
        self._describe(event.view, event.region_id, event.x, event.y)

    def _describe(
        self, view: str, region_id: str, x: float | None, y: float | None, fields: dict[str, Any] | None = None
    ) -> None:
        def described(mark: BodyMark | None) -> None:
            self.describing = None
            if mark is not None:
                self.marks.append(mark)
                self._show_marks()
            self.query_one(BodyMap).focus()

        self.describing = MarkFormModal(view, region_id, x, y, len(self.marks) + 1, fields, self.heard)
        self.app.push_screen(self.describing, described)

    def _show_marks(self) -> None:
        self.query_one(BodyMap).set_marks(self.marks)
        options = self.query_one("#mark-list", OptionList)
        options.set_options(Option(f"{n}. {mark_line(m)}") for n, m in enumerate(self.marks, 1))
        options.highlighted = len(self.marks) - 1 if self.marks else None
        self.query_one("#no-marks", Static).update("" if self.marks else "None yet.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return bool(self.marks) and self.focused is self.query_one("#mark-list")
        return True

    def action_remove(self) -> None:
        """Remove the mark highlighted in the list (Tab to the list first)."""
        index = self.query_one("#mark-list", OptionList).highlighted
        if index is not None and self.marks:
            del self.marks[index]
            self._show_marks()

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.dismiss(self.marks)
