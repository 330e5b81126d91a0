"""A passphrase being set, typed twice and never shown: the same fields wherever one is chosen (the first
DSL founding a school, a person setting their own after a one-time code)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from school_log.errors import InputError
from tui.widgets.field_error import FieldError

PASSPHRASE_HINT = "At least 12 characters; a few words work well."


class PassphraseFields(Vertical):
    """Passphrase and repeat (ids `passphrase`, `repeat`), and the line under them (`passphrase-error`)."""

    DEFAULT_CSS = """
    PassphraseFields {
        height: auto;
    }
    """

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading

    def compose(self) -> ComposeResult:
        yield Label(self.heading, classes="log-label")
        yield Static(PASSPHRASE_HINT, classes="log-hint")
        yield Input(password=True, id="passphrase")
        yield Label("Type it again", classes="log-label")
        yield Input(password=True, id="repeat")
        yield FieldError(id="passphrase-error")

    @property
    def value(self) -> str:
        """The passphrase, once both boxes say the same (else InputError on the field)."""
        first = self.query_one("#passphrase", Input).value
        if first != self.query_one("#repeat", Input).value:
            raise InputError("the two passphrases differ: type the same one in both boxes", field="passphrase")
        return first
