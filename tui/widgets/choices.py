"""Choosing widgets whose state reads without colour, and whose prompt is never a choice.

Textual's Select lists its "Choose…" prompt as the first line of the dropdown, so one
line off picked the wrong outcome; its Checkbox and SelectionList draw the same
glyph ticked or not, telling them apart only by colour. These fix both.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, Select, SelectionList

T = TypeVar("T")
TICKED, UNTICKED = "X", " "


class Choice(Select[T]):
    """A Select whose blank line is its prompt, shown greyed and impossible to pick."""

    def _setup_options_renderables(self) -> None:
        super()._setup_options_renderables()
        if self._allow_blank:
            self.query_one(OptionList).disable_option_at_index(0)


class Tick(Checkbox):
    """A checkbox that shows X when ticked and an empty box when not."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.BUTTON_INNER = TICKED if self.value else UNTICKED

    def watch_value(self) -> None:
        super().watch_value()  # the checkbox's own "-on" class and Changed message
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        self.refresh()


class TickList(SelectionList[T]):
    """A SelectionList drawing X beside ticked lines; Enter moves on instead of toggling.

    Space ticks and unticks. Enter is what people press to be done with a field, and
    on this list it used to untick the highlighted entry without a word.
    """

    BINDINGS = [Binding("enter", "app.focus_next", "Next field", show=False)]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        meta = segments[1].style.meta if segments[1].style else {}
        index = meta.get("option") if meta else None
        if index is None:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment(TICKED if ticked else UNTICKED, segments[1].style)
        return Strip(segments, strip.cell_length)
