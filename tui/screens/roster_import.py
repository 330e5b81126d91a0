"""Importing the roster from the MIS (CSV or CTF): preview what would change, then import.

A roster import is all or nothing, so the preview either shows the counts and the
first rows, or the one line naming the first problem; nothing is written until Import.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from school_log.errors import SchoolLogError
from school_log.local_time import local_today
from school_log.patterns.facts import count_of
from school_log.roster_files.reading import columns_read, read_roster
from school_log.roster_files.rows import RosterRow
from school_log.views import ImportResult
from tui.screens.base import SchoolScreen
from tui.screens.confirm import ConfirmModal
from tui.widgets.field_error import FieldError
from tui.wording import day, pupil_flags

SHOWN_ROWS = 50


def counts(rows: int, result: ImportResult, done: bool) -> str:
    verb = "Imported" if done else "Would import"
    changes = f"{result.added} new, {result.updated} updated, {result.unchanged} unchanged"
    return f"{count_of(rows, 'pupil')} in the file. {verb}: {changes}."


def household(row: RosterRow) -> str:
    """The household as the file gives it, or how it was worked out (the id itself means nothing to anyone)."""
    if row.household_stated:
        return row.household
    return "shared contacts or address" if row.household != row.upn else ""


class RosterImportScreen(SchoolScreen[None]):
    """A path, Preview (writes nothing) and Import; leaving a preview not imported asks first."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "import_roster", "Import"),
    ]

    HEADING = "Import the roster (MIS CSV export or DfE CTF)"

    def compose(self) -> ComposeResult:
        yield Label(self.HEADING, id="roster-title", classes="log-screen-title")
        yield from self.introduction()
        yield Label("File", classes="log-label -optional")
        yield Input(id="roster-path", placeholder="/path/to/roster.csv  (Enter: preview)")
        yield FieldError(id="roster-path-error")
        with Horizontal(id="roster-buttons", classes="log-buttons"):
            yield Button("Preview", id="preview")
            yield Button("Import", id="import", variant="primary")
            yield from self.more_buttons()
        yield Static(id="roster-result")
        yield Static(id="roster-columns", classes="log-hint")
        yield DataTable(id="roster-rows", cursor_type="row")
        yield Footer()

    def introduction(self) -> ComposeResult:
        """What is said under the title (nothing, here)."""
        yield from ()

    def more_buttons(self) -> ComposeResult:
        """Buttons after Import (none, here)."""
        yield from ()

    previewed = False
    """A preview is showing that has not been imported: leaving would lose it unasked."""
    imported = False
    """A file was imported on this screen."""

    def on_mount(self) -> None:
        self.query_one("#roster-rows", DataTable).add_columns("UPN", "Name", "Born", "Year", "Household", "Flags")
        self.query_one("#roster-path", Input).focus()

    def _read(self) -> list[RosterRow] | None:
        """The checked rows, or None after showing the one-line error."""
        text = self.query_one("#roster-path", Input).value.strip()
        try:
            return read_roster(Path(text).expanduser(), local_today(self.school.clock))
        except SchoolLogError as error:
            self._say(str(error), error=True)
            self.query_one("#roster-columns", Static).update("")
            return None

    def _say(self, message: str, error: bool = False) -> None:
        """A result on its line; a problem with the file (one line, naming the row) under the path instead."""
        self.query_one("#roster-path-error", FieldError).say(message if error else "")
        self.query_one("#roster-path", Input).set_class(error, "-invalid-field")
        shown = Content.from_markup("[b $text-success]$message[/]", message="" if error else message)
        self.query_one("#roster-result", Static).update(shown)
        if error:
            self.query_one("#roster-rows", DataTable).clear()

    def _show_columns(self) -> None:
        """How each column of a MIS export is read ("Legal Forename → given_name"), so a wrong guess shows."""
        try:
            read = columns_read(Path(self.query_one("#roster-path", Input).value.strip()).expanduser())
        except SchoolLogError:
            read = []  # the rows were read a moment ago: only a file changed since gets here, and Import says
        shown = " · ".join(name if name == column else f"{name} → {column}" for name, column in read)
        self.query_one("#roster-columns", Static).update(f"Columns: {shown}" if shown else "")

    def _show_rows(self, rows: list[RosterRow]) -> None:
        table = self.query_one("#roster-rows", DataTable)
        table.clear()
        for row in rows[:SHOWN_ROWS]:
            name = f"{row.preferred_name or row.given_name} {row.family_name}"
            flags = pupil_flags(row.flags)
            table.add_row(
                *(Text(v) for v in (row.upn, name, day(row.date_of_birth), row.year_group, household(row), flags))
            )

    @on(Input.Submitted, "#roster-path")
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        rows = self._read()
        if rows is None:
            return
        try:
            preview = self.school.roster.preview_rows(rows)
        except SchoolLogError as error:
            self._say(str(error), error=True)
            return
        self._say(counts(len(rows), preview, done=False) + " Nothing written yet.")
        self._show_rows(rows)
        self._show_columns()
        self.previewed = True

    @on(Button.Pressed, "#import")
    def action_import_roster(self) -> None:
        rows = self._read()
        if rows is None:
            return
        try:
            result = self.school.roster.import_rows(rows)
        except SchoolLogError as error:
            self._say(str(error), error=True)
            return
        self._say(counts(len(rows), result, done=True))
        self._show_rows(rows)
        self.previewed, self.imported = False, True
        self.after_import()

    def after_import(self) -> None:
        """After an import (nothing more, here)."""

    def action_back(self) -> None:
        """Leave; after a preview that was not imported, only once the DSL says so."""
        if not self.previewed:
            self.dismiss()
            return
        question = "The previewed file was not imported: nothing from it is in the roster. Leave anyway?"

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(ConfirmModal("Leave without importing?", question, "Leave", "Stay"), answered)
