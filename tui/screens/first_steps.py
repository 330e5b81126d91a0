"""The steps after founding a school, over its first DSL's dashboard: the roster, then staff, then what is
left to do. Each step can be skipped (Esc) and done later from Staff accounts (`s` on the dashboard)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Static

from tui.screens.next_steps import NextStepsScreen
from tui.screens.roster_import import RosterImportScreen
from tui.screens.staff_admin import StaffAdminScreen


class RosterStep(RosterImportScreen):
    """Step 1 of 2: the pupils, from the MIS export (preview, then Import), or skipped."""

    HEADING = "Step 1 of 2: import the roster (MIS CSV export or DfE CTF)"
    BINDINGS = [
        Binding("escape", "back", "Skip for now"),
        Binding("escape", "next_step", "Next: staff"),
        Binding("ctrl+s", "import_roster", "Import"),
    ]

    def introduction(self) -> ComposeResult:
        yield Static(
            "Give the path of the pupil list exported from SIMS, Arbor, Bromcom (CSV) or a CTF file. Enter "
            "previews the first rows and how each column is read; nothing is written until Import.",
            classes="log-hint",
        )

    def more_buttons(self) -> ComposeResult:
        yield Button("Skip for now", id="next")

    def after_import(self) -> None:
        button = self.query_one("#next", Button)
        button.label = "Next: staff"
        button.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc says "Skip for now" until a file is imported, then "Next: staff"."""
        if action in ("back", "next_step"):
            return self.imported == (action == "next_step")
        return True

    @on(Button.Pressed, "#next")
    def action_next_step(self) -> None:
        self.dismiss()


class StaffStep(StaffAdminScreen):
    """Step 2 of 2: staff accounts, each given a one-time code to hand over (never a passphrase)."""

    BINDINGS = [
        Binding("escape", "back", "Done"),
        Binding("a", "add", "Add a member of staff"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Step 2 of 2: add staff", id="staff-title", classes="log-title-bar")
        yield Static(
            "Each person you add gets a one-time code: hand it to them in person. Their first unlock with it "
            "asks them to choose a passphrase only they know. Add the other DSLs with the role DSL.",
            classes="log-hint",
        )
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="log-buttons"):
            yield Button("Add a member of staff", id="add", variant="primary")
            yield Button("Done", id="next")
        yield Footer()

    FIRST_FOCUS = "#add"

    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.dismiss()


def set_up_next(app: App[Any]) -> None:
    """Over the dashboard of a school just founded: the roster, then staff, then what is left; each step
    closed (done or skipped) opens the next, and the last leaves the DSL on the dashboard."""

    def staff(_: object = None) -> None:
        app.push_screen(StaffStep(), lambda _: app.push_screen(NextStepsScreen()))

    app.push_screen(RosterStep(), staff)
