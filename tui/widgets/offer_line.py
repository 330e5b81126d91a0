"""A line offering to fill a box from what the person wrote; it fills nothing until they click it or press its key."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static


class OfferLine(Static):
    """Plain text (never markup: it quotes the narrative), hidden while there is nothing to offer."""

    DEFAULT_CSS = """
    OfferLine {
        color: $text-accent;
        height: auto;
    }
    OfferLine:hover {
        text-style: underline;
    }
    """

    class Accepted(Message):
        """The person clicked the offer."""

        def __init__(self, line: OfferLine) -> None:
            super().__init__()
            self.line = line

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def offer(self, words: str) -> None:
        self.update(words)
        self.display = bool(words)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Accepted(self))
