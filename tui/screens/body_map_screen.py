"""Place marks on the body map: the region is named as the cursor moves; each mark is described."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from school_log.model import BodyMark
from tui.entry_text import mark_line
from tui.screens.mark_form import MarkFormModal
from tui.widgets.body_map import BodyMap


class BodyMapScreen(ModalScreen[list[BodyMark]]):
    """The front and back figures with the marks so far; returns the marks when done."""

    BINDINGS = [
        Binding("d", "done", "Done"),
        Binding("ctrl+s", "done", "Done", show=False),
        Binding("escape", "done", "Done", show=False),
        Binding("x,delete", "remove", "Remove mark"),
    ]

    def __init__(self, marks: Sequence[BodyMark] = ()) -> None:
        super().__init__()
        self.marks = list(marks)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body-map-layout"):
            yield BodyMap(self.marks)
            with Vertical(id="body-map-side"):
                yield Label("Cursor on", classes="log-label")
                yield Static("", id="region-name", markup=False)
                yield Static("Arrows move · Enter or click places a mark", classes="log-hint")
                yield Label("Marks", classes="log-label")
                yield OptionList(id="mark-list", markup=False)
                yield Static("", id="no-marks", classes="log-hint")
                yield Button("Done (d)", id="done", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._show_marks()
        self.query_one(BodyMap).focus()

    @on(BodyMap.Highlighted)
    def _name_region(self, event: BodyMap.Highlighted) -> None:
        self.query_one("#region-name", Static).update(event.region.label)

    @on(BodyMap.Picked)
    def _picked(self, event: BodyMap.Picked) -> None:
        def described(mark: BodyMark | None) -> None:
            if mark is not None:
                self.marks.append(mark)
                self._show_marks()
            self.query_one(BodyMap).focus()

        self.app.push_screen(
            MarkFormModal(event.view, event.region_id, event.x, event.y, len(self.marks) + 1), described
        )

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
