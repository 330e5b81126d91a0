"""The one-time code of a new or reset account, shown to the DSL once: it is never stored readable anywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class OneTimeCodeModal(ModalScreen[None]):
    """Shows the code to hand over in person; the person's first unlock with it must set a new passphrase."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Done")]

    def __init__(self, username: str, code: str) -> None:
        super().__init__()
        self.username = username
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog saved-box"):
            yield Label(f"One-time code for {self.username}", classes="log-dialog-title")
            yield Static(self.code, id="one-time-code", markup=False)
            yield Static(
                "Give it to them in person. Their first unlock with it must set a passphrase of their own; "
                "you will not see this code again. They will be asked to confirm that they used it themselves.",
                classes="log-hint",
            )
            yield Button("Done", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()
