"""Withdraw a transfer no receipt came back for (sealed to a key the other school lost, sent to the wrong
school): the reason is a chained record, and the transfer is no longer listed as overdue."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from school_log.outward import transfer
from school_log.outward.pending import Alert
from tui.screens.modal_form import FormModal


class WithdrawTransferModal(FormModal):
    """Dismissed with True once withdrawn; `open_file` is set when the DSL chose to open the pupil instead."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Withdraw", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    FIRST_FIELD = "reason"
    FORM_SLOT = "reason"
    DONE = "Transfer withdrawn"

    def __init__(self, alert: Alert) -> None:
        super().__init__()
        self.alert = alert
        self.open_file = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog withdraw-box"):
            yield Label("Withdraw this transfer?", classes="log-dialog-title")
            yield Static(self.alert.text, markup=False)
            yield Static(
                "If the other school cannot open the file (their key changed) or it went to the wrong school, "
                "withdraw it and send it again. A receipt that comes later still confirms it.",
                classes="log-hint",
            )
            yield Input(id="reason", placeholder="Why (e.g. Brookside replaced its key; sent again)")
            yield self.error_slot("reason")
            yield from self.buttons("Withdraw transfer")
            if self.alert.pupil_id is not None:
                yield Button("Open the pupil's file instead", id="open-file")
        yield Footer()

    @on(Input.Submitted, "#reason")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#open-file")
    def _open_file(self) -> None:
        self.open_file = True
        self.dismiss(False)

    def save(self) -> None:
        assert self.alert.bundle is not None  # only a transfer's alert offers this
        transfer.withdraw(self.school, self.alert.bundle, self.query_one("#reason", Input).value)
