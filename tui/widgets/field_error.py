"""The line under a form field that says what is wrong with it; takes no room when all is well."""

from __future__ import annotations

from textual.widgets import Static


class FieldError(Static):
    """Plain text (never markup: messages quote what was typed), hidden while empty."""

    DEFAULT_CSS = """
    FieldError {
        color: $text-error;
        text-style: bold;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def say(self, message: str) -> None:
        self.update(message)
        self.display = bool(message)
