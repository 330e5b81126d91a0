"""A small yes/no question before something that cannot be undone (saving, discarding)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Label, Static


class ConfirmModal(ModalScreen[bool]):
    """Ask once; `y`/Enter on Yes says yes, `n`/Esc says no."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    def __init__(self, title: str, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.heading, self.question, self.yes, self.no = title, question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog confirm-box"):
            yield Label(self.heading, classes="log-dialog-title")
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="log-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


def ask_to_discard(screen: Screen[Any], name: str, discard: Callable[[], None]) -> None:
    """Before a form holding typed words closes unsaved (Esc, Cancel): 'Discard this decision?'.

    Discard runs `discard`; Keep writing (or Esc again) goes back to the form as it was.
    """

    def answered(yes: bool | None) -> None:
        if yes:
            discard()

    question = "What you have typed will be lost. Nothing has been saved."
    screen.app.push_screen(ConfirmModal(f"Discard this {name}?", question, yes="Discard", no="Keep writing"), answered)
