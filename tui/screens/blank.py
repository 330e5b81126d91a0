"""A blank screen for when someone walks up: hides everything, keeps the log unlocked."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class BlankScreen(Screen[None]):
    """Nothing on it but a faint hint; any key or click puts back what was there."""

    def compose(self) -> ComposeResult:
        yield Static("Press any key to return", id="blank-hint")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss()
