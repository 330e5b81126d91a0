"""The countdown before an idle lock: on top of whatever is shown, gone at the next key or mouse move."""

from __future__ import annotations

from math import ceil

from textual.widgets import Static


class IdleWarning(Static):
    """'Locking in 27 s …': the last seconds before the idle lock, counted down."""

    DEFAULT_CSS = """
    IdleWarning {
        dock: top;
        width: 100%;
        height: auto;
        padding: 0 1;
        background: $warning;
        color: $text;
        text-style: bold;
    }
    """

    def count(self, seconds_left: float) -> None:
        self.update(
            f"Locking in {ceil(seconds_left)} s: nobody has used the log for a while. "
            "Press any key or move the mouse to stay unlocked. "
            "A form you are filling in is sealed and offered back when you unlock."
        )
