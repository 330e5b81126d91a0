"""The concern form's body marks: placed on the body map over the form, listed under it, removed, and read
back from a draft. The words of the narrative fill a mark's witness or explanation (`NarrativeOffers`)."""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from school_log.errors import InputError
from school_log.forms import inputs as forms
from school_log.model import BodyMark
from tui.entry_text import mark_line
from tui.screens.body_map_screen import BodyMapScreen
from tui.screens.narrative_offers import Heard, Kind, NarrativeOffers, filled, lacking

ResultT = TypeVar("ResultT")


class BodyMarks(NarrativeOffers[ResultT]):
    """The marks part of a form with a `#body_marks` list, an `#open-body-map` and a `#remove-mark` button."""

    marks: list[BodyMark]
    _map: BodyMapScreen | None  # the body map, while it is open over the form

    @on(Button.Pressed, "#open-body-map")
    def action_body_map(self) -> None:
        self._open_map(self.marks)

    def _open_map(self, marks: list[BodyMark], describing: dict[str, Any] | None = None) -> None:
        def placed(marks: list[BodyMark] | None) -> None:
            self._map = None
            if marks is not None:
                self.marks = list(marks)
                self._show_marks()

        self._map = BodyMapScreen(marks, describing, self.heard())
        self.app.push_screen(self._map, placed)

    def _show_marks(self) -> None:
        options = self.query_one("#body_marks", OptionList)
        options.set_options(Option(f"{n}. {mark_line(m)}") for n, m in enumerate(self.marks, 1))
        options.highlighted = len(self.marks) - 1 if self.marks else None
        options.display = bool(self.marks)
        self.query_one("#remove-mark", Button).display = bool(self.marks)
        self.refresh_bindings()
        self.show_offers()

    def wanting(self) -> tuple[str, str]:
        return lacking(self.marks)

    def fill(self, kind: Kind, heard: Heard) -> None:
        self.marks = filled(self.marks, kind, heard)
        self._show_marks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_mark":
            return (
                bool(self.marks)
                and isinstance(self.focused, OptionList | Button)
                and self.focused.id in ("body_marks", "remove-mark")
            )
        return True

    @on(Button.Pressed, "#remove-mark")
    def action_remove_mark(self) -> None:
        index = self.query_one("#body_marks", OptionList).highlighted
        if not self.marks:
            return
        del self.marks[index if index is not None else -1]
        self._show_marks()


def kept_marks(kept: Any) -> list[BodyMark]:
    """Marks as a draft kept them (checked again, as the form's own were when placed)."""
    marks = []
    for number, data in enumerate(kept if isinstance(kept, list) else [], 1):
        try:
            marks.append(forms.parse_mark(data, number))
        except InputError:
            continue
    return marks
