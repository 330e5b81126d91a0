"""Save the referral pack for the MASH: where to write it, from which date, and the password it opens with.

The file is written as the command line writes it (mode 0600, never over a file
unless asked, never through a symbolic link); every refusal is said under its field.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from school_log.clock import parse_instant
from school_log.errors import InputError, SchoolLogError
from school_log.exports import Exported, export
from school_log.exports.password import check_password
from school_log.model import Pupil
from tui.screens.modal_form import FormModal

REPLACE = "Replace a file of that name"


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
            yield Input(str(default_path(self.pupil, self.school.clock.today())), id="path", select_on_focus=False)
            yield self.error_slot("path")
            yield Checkbox(REPLACE, id="replace")
            yield Label("Entries from (YYYY-MM-DD, empty for the whole file)", classes="log-label")
            yield Input(id="since", placeholder="2026-09-01")
            yield self.error_slot("since")
            yield Label("Password to open it (for anything leaving the school; empty for none)", classes="log-label")
            yield Input(id="password", password=True, placeholder="four unrelated words, told by phone")
            yield self.error_slot("password")
            yield Label("The password again", classes="log-label")
            yield Input(id="password-again", password=True)
            yield self.error_slot("password-again")
            yield from self.buttons("Save pack")

    def _path(self) -> Path:
        return Path(self.query_one("#path", Input).value.strip()).expanduser()

    def _since(self) -> date | None:
        text = self.query_one("#since", Input).value.strip()
        return parse_instant(text, "entries from").date() if text else None

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
