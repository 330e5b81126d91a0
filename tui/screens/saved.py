"""What the person sees after saving a concern: its reference and, if urgent, who to go to now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from school_log.model import Concern


class SavedModal(ModalScreen[None]):
    """Confirms the concern is recorded; an urgent one says to speak to a DSL in person, now."""

    BINDINGS = [Binding("escape,enter", "dismiss", "OK")]

    def __init__(self, concern: Concern, dsl_names: list[str], reference: str) -> None:
        super().__init__()
        self.concern = concern
        self.dsl_names = dsl_names
        self.reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog saved-box"):
            yield Label("Concern recorded", classes="log-dialog-title")
            yield Static(f"Reference: {self.reference}", id="reference")
            yield Static("It is sealed in the log. You can add to it later from My entries; it cannot be changed.")
            if self.concern.urgent:
                names = ", ".join(self.dsl_names) or "the headteacher (no DSL is set up)"
                yield Static(
                    f"URGENT: speak to a designated safeguarding lead now, in person or by phone.\nDSLs: {names}",
                    id="urgent-notice",
                )
            yield Button("OK", id="ok", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()
