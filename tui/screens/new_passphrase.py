"""Setting your own passphrase after unlocking with a one-time code (nothing else is allowed until then)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from school_log.school import School
from tui.screens.modal_form import FormModal
from tui.widgets.passphrase_fields import PassphraseFields


class NewPassphraseModal(FormModal):
    """The account was added or reset by a DSL: choose your own passphrase, which also makes your new keys."""

    FIRST_FIELD = "passphrase"
    NAME = "new passphrase"

    def __init__(self, resetting: School, code: str) -> None:
        """`resetting` is unlocked with the one-time `code`, not yet the app's: its new passphrase comes first."""
        super().__init__()
        self.resetting = resetting
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("Choose a new passphrase", classes="log-dialog-title")
            yield Static(
                "You unlocked with a one-time code. Choose a passphrase only you know; "
                "the code stops working once it is set.",
                classes="log-hint",
            )
            yield PassphraseFields("New passphrase")
            yield from self.buttons("Set passphrase")

    def save(self) -> None:
        self.resetting.staff.change_passphrase(self.code, self.query_one(PassphraseFields).value)
