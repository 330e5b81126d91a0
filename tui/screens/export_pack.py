"""Save the referral pack for the MASH: where to write it, and from which date (the export is audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from school_log.clock import parse_instant
from school_log.errors import InputError
from school_log.exports import export
from school_log.model import Pupil
from tui.screens.modal_form import FormModal


def default_path(pupil: Pupil, today: date) -> Path:
    return Path.cwd() / f"referral-{pupil.upn}-{today.isoformat()}.pdf"


class ReferralPackModal(FormModal):
    """Dismisses with True once the pack is written (the path is then in `written`)."""

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog"):
            yield Label(f"Referral pack: {self.pupil.name}", classes="log-dialog-title")
            yield Static("A PDF with the chronology, decision, notifications and body map.", classes="log-hint")
            yield Label("Save to")
            yield Input(str(default_path(self.pupil, self.school.clock.today())), id="path")
            yield Label("Entries from (YYYY-MM-DD, empty for the whole file)")
            yield Input(id="since", placeholder="2026-09-01")
            yield from self.buttons("Save pack")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def save(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name:
            raise InputError("give a file name for the pack")
        since_text = self.query_one("#since", Input).value.strip()
        since = parse_instant(since_text, "entries from").date() if since_text else None
        self.written = export(self.school, "referral", self.pupil.id, path, "pdf", since).path
