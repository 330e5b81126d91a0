"""Staff accounts for the DSL: who can unlock the log, adding, resetting and deactivating them.

A DSL never types anyone else's passphrase: adding an account and resetting one each
give a one-time code, shown to the DSL once; the person's first unlock with it must set
their own passphrase (typed twice, never shown). Deactivating cannot be undone here,
so it asks first.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from school_log.errors import SchoolLogError
from school_log.model import ROLES
from tui.screens.base import SchoolScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.modal_form import FormModal
from tui.screens.one_time_code import OneTimeCodeModal
from tui.screens.roster_import import RosterImportScreen

ROLE_LABELS = {"staff": "Staff", "dsl": "DSL (safeguarding team)"}


class AddStaffModal(FormModal):
    """A new account: username, name and role; it gets a one-time code (`code` after saving), never a passphrase."""

    def __init__(self) -> None:
        super().__init__()
        self.username, self.code = "", ""

    FIRST_FIELD = "username"
    NAME = "new account"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("Add a staff account", classes="log-dialog-title")
            yield Label("Username", classes="log-label")
            yield Input(id="username", placeholder="e.g. jsmith")
            yield self.error_slot("username")
            yield Label("Full name", classes="log-label")
            yield Input(id="name")
            yield Label("Role", classes="log-label")
            yield Select([(ROLE_LABELS[r], r) for r in ROLES], value="staff", allow_blank=False, id="role")
            yield self.error_slot("role")
            yield Static(
                "You get a one-time code to give them in person; their first unlock with it sets a passphrase "
                "only they know.",
                classes="log-hint",
            )
            yield from self.buttons("Add account")

    def save(self) -> None:
        self.username = self.query_one("#username", Input).value.strip().lower()
        self.code = self.school.staff.add(
            self.username, self.query_one("#name", Input).value, str(self.query_one("#role", Select).value)
        )


class ResetModal(FormModal):
    """Reset a forgotten passphrase: the account gets a one-time code instead (`code` after saving)."""

    def __init__(self, username: str) -> None:
        super().__init__()
        self.username = username
        self.code = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Reset the passphrase of {self.username}", classes="log-dialog-title")
            yield Static(
                "Their passphrase stops working now. You get a one-time code to give them in person; "
                "their first unlock with it must set a new passphrase of their own.",
                classes="log-hint",
            )
            yield self.error_slot("username")
            yield from self.buttons("Reset passphrase")

    def save(self) -> None:
        self.code = self.school.staff.reset(self.username)


class StaffAdminScreen(SchoolScreen[None]):
    """Every account with its role and whether it can still unlock; roster import from here too."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "Add account"),
        Binding("r", "reset", "Reset passphrase"),
        Binding("x", "deactivate", "Deactivate"),
        Binding("i", "roster", "Import roster"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Staff accounts", id="staff-title", classes="log-title-bar")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    FIRST_FOCUS = "#accounts"

    def on_mount(self) -> None:
        table = self.query_one("#accounts", DataTable)
        table.add_columns("Username", "Name", "Role", "Can unlock")
        self.show_accounts()
        self.query_one(self.FIRST_FOCUS).focus()

    def show_accounts(self, keep: str | None = None) -> None:
        table = self.query_one("#accounts", DataTable)
        try:
            accounts = self.school.staff.members()
        except SchoolLogError as error:
            self.notify(f"Could not read the staff accounts: {error}", severity="error", timeout=10)
            return
        table.clear()
        for account in accounts:
            if not account.active:
                active = Text("deactivated", style="dim")
            else:
                active = Text("awaiting their own passphrase") if account.must_set_passphrase else Text("yes")
            table.add_row(
                Text(account.username),
                Text(account.name),
                Text(ROLE_LABELS.get(account.role, account.role)),
                active,
                key=account.username,
            )
        if keep is not None:
            table.move_cursor(row=table.get_row_index(keep))

    @property
    def selected(self) -> str | None:
        table = self.query_one("#accounts", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_back(self) -> None:
        self.dismiss()

    def action_add(self) -> None:
        modal = AddStaffModal()

        def added(saved: bool | None) -> None:
            if saved:
                self.show_accounts(modal.username)
                self.app.push_screen(OneTimeCodeModal(modal.username, modal.code))

        self.app.push_screen(modal, added)

    def action_reset(self) -> None:
        username = self.selected
        if username is None:
            return

        modal = ResetModal(username)

        def reset(saved: bool | None) -> None:
            if saved:
                self.show_accounts(username)
                self._identity_replaced()
                self.app.push_screen(OneTimeCodeModal(username, modal.code))

        self.app.push_screen(modal, reset)

    def _identity_replaced(self) -> None:
        """A DSL left the team: the school's identity key is a new one, which sending schools need."""
        if self.school.staff.identity_replaced:
            self.notify(
                "The school's identity key was replaced: send the new one (school-log school-key -o FILE) "
                "to the schools that send you files",
                severity="warning",
                timeout=30,
            )

    def action_deactivate(self) -> None:
        username = self.selected
        if username is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.school.staff.deactivate(username)
            except SchoolLogError as error:
                self.notify(str(error), severity="error")
                return
            self.show_accounts(username)
            self.notify(f"{username} can no longer unlock")
            self._identity_replaced()

        question = f"Deactivate {username}? They will no longer be able to unlock the log. Their entries stay."
        self.app.push_screen(ConfirmModal("Deactivate account", question, yes="Deactivate", no="Keep"), confirmed)

    def action_roster(self) -> None:
        self.app.push_screen(RosterImportScreen())
