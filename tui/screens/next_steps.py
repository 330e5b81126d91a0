"""The last screen of a school's first run: what is set up, what was skipped and where to do it later."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Label, Static

from school_log.config import config_path
from school_log.errors import SchoolLogError
from tui.screens.base import SchoolModal


class NextStepsScreen(SchoolModal[None]):
    """Read once; Enter (or Esc) goes to the dashboard."""

    BINDINGS = [Binding("escape,enter", "dismiss", "To the dashboard")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog saved-box"):
            yield Label(f"{self.school.name} is set up", classes="log-dialog-title")
            yield Static("\n".join(self.lines()), id="next-steps", markup=False)
            yield Button("Go to the dashboard", id="ok", variant="primary")

    def lines(self) -> list[str]:
        """One line per part of the set-up: done, or how to do it later."""
        try:
            pupils = len(self.school.roster.pupils())
            others = [a for a in self.school.staff.members() if a.username != self.school.me.username]
        except SchoolLogError as error:
            return [f"Could not read the school back: {error}."]
        waiting = sum(1 for a in others if a.must_set_passphrase)
        referrer, zone = self.school.config.referrer, self.school.config.timezone
        return [
            f"• Pupils: {pupils} on the roster." if pupils else
            "• No pupils yet: import the roster later from Staff (s), then Import roster (i).",
            f"• Staff: {len(others)} added, {waiting} still to set their passphrase with their one-time code."
            if others else "• Only you so far: add staff later from Staff (s), then Add account (a).",
            f"• URN {referrer.urn}; times shown in {zone}." if referrer.urn else
            f"• Times shown in {zone}. No URN yet: add urn = \"123456\" under [school] in {config_path()} "
            "(with the address and phone referral packs print).",
            "• Lock the log (ctrl+l) whenever you leave the screen; it locks itself when left idle.",
        ]  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()
