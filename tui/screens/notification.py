"""Recording what another agency told the school (e.g. an Operation Encompass call).

The pupil is chosen before the form opens (from the chronology, or the pupil
picker on the dashboard) and named at its top, so it is filed on the right child.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from school_log.errors import InputError, SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from school_log.local_time import zone
from school_log.model import AGENCIES, AGENCY_NAMES, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, Pupil
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice
from tui.widgets.pupil_picker import describe
from tui.wording import TYPED_AS, as_typed, parse_typed

STAND_INS = {"agency": AGENCIES[0], "summary": "-", "occurred_at": None}


class NotificationModal(FormModal):
    """Agency, kind, when, reference, summary, whether the child was present and their voice."""

    FIRST_FIELD = "agency"
    CHOOSE = {"agency": "choose the agency that told the school"}
    FORM = "notification"
    NAME = "agency notification"
    DONE = "Notification recorded"

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.pupil.id, {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("Agency notification", classes="log-dialog-title")
            yield Static(f"Pupil: {describe(self.pupil)}", classes="log-hint")
            yield Label("Agency", classes="log-label")
            yield Choice([(AGENCY_NAMES[a], a) for a in AGENCIES], prompt="Choose the agency…", id="agency")
            yield self.error_slot("agency")
            yield Label("Kind", classes="log-label -optional")
            yield Select(
                [(NOTIFICATION_KIND_NAMES[k], k) for k in NOTIFICATION_KINDS],
                value="other",
                allow_blank=False,
                id="kind",
            )
            yield self.error_slot("kind")
            yield Label(f"When it happened ({TYPED_AS}, {zone().key})", classes="log-label")
            yield Input(as_typed(self.school.clock.now()), id="occurred_at", select_on_focus=False)
            yield self.error_slot("occurred_at")
            yield Label("Agency reference", classes="log-label -optional")
            yield Input(id="reference", select_on_focus=False)
            yield self.error_slot("reference")
            yield Label("What the agency said", classes="log-label")
            yield TextArea(id="summary")
            yield self.error_slot("summary")
            yield Label("Was the child present?", classes="log-label -optional")
            yield Choice([("Yes", True), ("No", False)], prompt="Not known…", id="child_present")
            yield Label("The child's voice (their words or wishes, if known)", classes="log-label -optional")
            yield TextArea(id="child_voice")
            yield self.error_slot("child_voice")
            yield from self.buttons()

    def _occurred_at(self) -> str | None:
        """The typed local time as the ISO instant the domain takes (blank: now)."""
        text = self.query_one("#occurred_at", Input).value.strip()
        if not text:
            return None
        try:
            return parse_typed(text).isoformat()
        except ValueError:
            raise InputError(
                f"{text!r} is not a time like {TYPED_AS}", form="notification", field="occurred_at"
            ) from None

    def data(self) -> dict[str, Any]:
        """The form as `Log.notify` takes it (InputError for a time that is not a time)."""
        return {**self._rest(), "occurred_at": self._occurred_at()}

    def problems(self) -> list[SchoolLogError]:
        try:
            self._occurred_at()
        except InputError as error:
            typed = [error]
        else:
            typed = []
        data = {**self._rest(), "occurred_at": None} if typed else self.data()
        return [*typed, *problems(partial(forms.parse_notification, now=self.school.clock.now()), data, STAND_INS)]

    def _rest(self) -> dict[str, Any]:
        """The form without its typed time (which failed to read)."""
        present = self.query_one("#child_present", Select).value
        agency = self.query_one("#agency", Select).value
        return {
            "pupil": self.pupil.upn,
            "agency": None if agency is Select.NULL else agency,
            "kind": self.query_one("#kind", Select).value,
            "reference": self.query_one("#reference", Input).value,
            "summary": self.query_one("#summary", TextArea).text,
            "child_present": None if present is Select.NULL else present,
            "child_voice": self.query_one("#child_voice", TextArea).text,
        }

    def save(self) -> None:
        self.school.log.notify(self.data())
