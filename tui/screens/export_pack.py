"""Save the referral pack for the MASH: where to write it, from which date (1 September unless the whole file
is asked for), and the password it opens with.

The file is written as the command line writes it (mode 0600, never over a file
unless asked, never through a symbolic link); every refusal is said under its field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from school_log.errors import InputError, SchoolLogError
from school_log.local_time import local_today, parse_day
from school_log.model import Pupil
from school_log.outward.exports import Exported, export, school_year_start
from school_log.outward.exports.password import check_password
from tui.screens.modal_form import FormModal

REPLACE = "Replace a file of that name"
WHOLE_FILE = "The whole file (every entry, not only from the date above)"


def default_path(pupil: Pupil, today: date) -> Path:
    return Path.cwd() / f"referral-{pupil.upn}-{today.isoformat()}.pdf"


class ReferralPackModal(FormModal):
    """Dismisses with True once the pack is written (what was written is then in `written`)."""

    FIRST_FIELD = "path"
    NAME = "referral pack"

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil
        self.written: Exported | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Referral pack: {self.pupil.name}", classes="log-dialog-title")
            yield Static("A PDF with the chronology, decision, notifications and body map.", classes="log-hint")
            yield Label("Save to", classes="log-label")
            yield Input(str(default_path(self.pupil, local_today(self.school.clock))), id="path", select_on_focus=False)
            yield self.error_slot("path")
            yield Checkbox(REPLACE, id="replace")
            yield Label("Entries from (YYYY-MM-DD; this school year unless you change it)", classes="log-label")
            start = school_year_start(local_today(self.school.clock)).isoformat()
            yield Input(start, id="since", placeholder=start, select_on_focus=False)
            yield self.error_slot("since")
            yield Checkbox(WHOLE_FILE, id="whole-file")
            yield Label("Password to open it (for anything leaving the school; empty for none)", classes="log-label")
            yield Input(id="password", password=True, placeholder="four unrelated words, told by phone")
            yield self.error_slot("password")
            yield Label("The password again", classes="log-label")
            yield Input(id="password-again", password=True)
            yield self.error_slot("password-again")
            yield from self.buttons("Save pack")

    @on(Checkbox.Changed, "#whole-file")
    def _whole_file(self, event: Checkbox.Changed) -> None:
        self.query_one("#since", Input).disabled = event.value

    def _path(self) -> Path:
        return Path(self.query_one("#path", Input).value.strip()).expanduser()

    def _since(self) -> date | None:
        if self.query_one("#whole-file", Checkbox).value:
            return None
        text = self.query_one("#since", Input).value.strip()
        if not text:
            raise InputError(f"give a date, or tick “{WHOLE_FILE.split(' (')[0]}”", field="since")
        return parse_day(text, "entries from")

    def problems(self) -> list[SchoolLogError]:
        found: list[SchoolLogError] = []
        if not self._path().name:
            found.append(InputError("give a file name for the pack", field="path"))
        try:
            self._since()
        except InputError as error:
            found.append(InputError(error.problem, field="since"))
        password = self.query_one("#password", Input).value
        if password:
            try:
                check_password(password, self.pupil, self.school)
            except InputError as error:
                found.append(error)
        if password != self.query_one("#password-again", Input).value:
            found.append(InputError("the two passwords differ", field="password-again"))
        return found

    def save(self) -> None:
        password = self.query_one("#password", Input).value or None
        replace = self.query_one("#replace", Checkbox).value
        self.written = export(
            self.school,
            "referral",
            self.pupil.id,
            self._path(),
            "pdf",
            self._since(),
            password=password,
            replace=replace,
            how_to_replace=f"tick “{REPLACE}”",
        )
