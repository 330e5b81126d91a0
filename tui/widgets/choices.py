"""Choosing widgets whose state reads without colour, whose prompt is never a choice, and that jump
to what is typed.

Textual's Select lists its "Choose…" prompt as the first line of the dropdown, so one
line off picked the wrong outcome, and it opened on the first real option, so "Down,
Enter" picked the second; its Checkbox and SelectionList draw the same glyph ticked or
not, telling them apart only by colour. These fix both, and let a person type the first
letters of an option to go to it, as a browser's dropdown does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, Select, SelectionList

T = TypeVar("T")
TICKED, UNTICKED = "X", " "


def _plain(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Text) else str(prompt)


def typed_match(prompts: Iterable[object], typed: str, after: int | None) -> int | None:
    """The option the letters typed so far go to: the first whose words start with them, looking
    after `after` first so the same letter again moves on to the next such option."""
    words = [[word.casefold() for word in _plain(prompt).replace("-", " ").split()] for prompt in prompts]
    wanted = typed.casefold()
    start = -1 if after is None else after
    order = [*range(start + 1, len(words)), *range(0, start + 1)]
    starting = [i for i in order if words[i] and words[i][0].startswith(wanted)]
    inside = [i for i in order if any(word.startswith(wanted) for word in words[i][1:])]
    found = starting or inside
    return found[0] if found else None


class Choice(Select[T]):
    """A Select whose blank line is its prompt, shown greyed and impossible to pick; it opens on no
    option until one is chosen, and typing letters (open or not) goes to the option they start."""

    def _setup_options_renderables(self) -> None:
        super()._setup_options_renderables()
        if self._allow_blank:
            self.query_one(OptionList).disable_option_at_index(0)

    _typed = ""
    """The letters typed since the choice last moved by another way (cleared on leaving the field)."""

    def action_show_overlay(self) -> None:
        """Open the list; nothing is highlighted until a choice is made, so Down goes to the first option."""
        self.expanded = True

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and character != " "

    async def _on_key(self, event: events.Key) -> None:
        if self.expanded or not self.check_consume_key(event.key, event.character):
            return
        event.stop()
        event.prevent_default()
        assert event.character is not None
        options = [(prompt, value) for prompt, value in self._options if value is not Select.NULL]
        current = next((i for i, (_, value) in enumerate(options) if value == self.value), None)
        # More letters of the same word narrow the choice; a letter that fits nothing starts afresh.
        typed = self._typed + event.character
        index = typed_match((p for p, _ in options), typed, None if len(typed) > 1 else current)
        if index is None:
            typed = event.character
            index = typed_match((p for p, _ in options), typed, current)
        self._typed = typed if index is not None else ""
        if index is not None:
            self.value = options[index][1]

    def _on_blur(self, event: events.Blur) -> None:
        self._typed = ""


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

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and character != " "

    async def _on_key(self, event: events.Key) -> None:
        """A letter goes to the next line whose words start with it (space still ticks)."""
        if not self.check_consume_key(event.key, event.character):
            return
        event.stop()
        event.prevent_default()
        assert event.character is not None
        prompts = [self.get_option_at_index(i).prompt for i in range(self.option_count)]
        here = self.highlighted
        # The line already highlighted counts, unless the same letter is typed again to move on.
        after = here if here is None or self._last == event.character else here - 1
        self._last = event.character
        index = typed_match(prompts, event.character, after)
        if index is not None:
            self.highlighted = index

    _last = ""
    """The letter last typed on the list, so typing it again moves on to the next line it starts."""

    def _on_blur(self, event: events.Blur) -> None:
        self._last = ""

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
