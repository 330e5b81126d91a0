"""Recording what the agency decided about a referral, when the answer comes back.

A "no further action" or "stepped down" answer matters later: new concerns after
it raise a flag prompting the DSL to challenge or escalate. The answer is
confirmed from a summary before it is written: one line off in a list once
recorded "No further action" for a Section 47.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static, TextArea

from school_log.errors import SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from school_log.model import OUTCOME_NAMES, REFERRAL_OUTCOME_NAMES, REFERRAL_OUTCOMES, Decision
from tui.entry_text import first_words
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice
from tui.wording import on_day


class ReferralOutcomeModal(FormModal):
    """The agency's answer to one decision: outcome and notes."""

    FIRST_FIELD = "outcome"
    CONFIRM_TITLE = "Record this referral outcome?"
    CHOOSE = {"outcome": "choose what the agency decided"}
    FORM = "referral_outcome"
    NAME = "referral outcome"
    DONE = "Referral outcome recorded"

    def __init__(self, decision: Decision, pupil_name: str) -> None:
        super().__init__()
        self.decision = decision
        self.pupil_name = pupil_name

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.decision.pupil_id, {"decision": self.decision.id}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Referral outcome — {self.pupil_name}", classes="log-dialog-title")
            yield Static(self._about(), classes="log-hint")
            yield Label("What the agency decided", classes="log-label")
            yield Choice(
                [(REFERRAL_OUTCOME_NAMES[o], o) for o in REFERRAL_OUTCOMES], prompt="Choose the outcome…", id="outcome"
            )
            yield self.error_slot("outcome")
            yield Label("Notes", classes="log-label -optional")
            yield TextArea(id="notes")
            yield self.error_slot("notes")
            yield from self.buttons()

    def _about(self) -> str:
        d = self.decision
        agency = f" to {d.agency}" if d.agency else ""
        return f"Decision of {on_day(d.recorded_at)}: {OUTCOME_NAMES.get(d.outcome, d.outcome)}{agency}"

    def data(self) -> dict[str, Any]:
        outcome = self.query_one("#outcome", Select).value
        return {
            "decision": self.decision.id,
            "outcome": None if outcome is Select.NULL else outcome,
            "notes": self.query_one("#notes", TextArea).text,
        }

    def problems(self) -> list[SchoolLogError]:
        return list(problems(forms.parse_referral_outcome, self.data(), {"outcome": REFERRAL_OUTCOMES[0]}))

    def summary(self) -> str:
        values = forms.parse_referral_outcome(self.data())
        lines = [
            f"About {self.pupil_name}.",
            self._about(),
            f"The agency decided: {REFERRAL_OUTCOME_NAMES[values['outcome']]}",
        ]
        if values["notes"]:
            lines.append(f"Notes: {first_words(values['notes'], 120)}")
        return "\n".join(lines)

    def save(self) -> None:
        self.school.log.referral_outcome(self.data())
