"""Recording what the agency decided about a referral, when the answer comes back.

A "no further action" or "stepped down" answer matters later: new concerns after
it raise a flag prompting the DSL to challenge or escalate.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Select, Static, TextArea

from school_log.model import REFERRAL_OUTCOMES, Decision
from tui.screens.modal_form import FormModal
from tui.wording import OUTCOME_LABELS, REFERRAL_OUTCOME_LABELS, on_day


class ReferralOutcomeModal(FormModal):
    """The agency's answer to one decision: outcome and notes."""

    def __init__(self, decision: Decision, pupil_name: str) -> None:
        super().__init__()
        self.decision = decision
        self.pupil_name = pupil_name

    def compose(self) -> ComposeResult:
        d = self.decision
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Referral outcome — {self.pupil_name}", classes="log-dialog-title")
            agency = f" to {d.agency}" if d.agency else ""
            yield Static(
                f"Decision of {on_day(d.recorded_at)}: {OUTCOME_LABELS.get(d.outcome, d.outcome)}{agency}",
                classes="log-hint",
            )
            yield Label("What the agency decided", classes="log-label")
            yield Select(
                [(REFERRAL_OUTCOME_LABELS[o], o) for o in REFERRAL_OUTCOMES], prompt="Choose the outcome", id="outcome"
            )
            yield self.error_slot("outcome")
            yield Label("Notes", classes="log-label -optional")
            yield TextArea(id="notes")
            yield self.error_slot("notes")
            yield from self.buttons()

    def save(self) -> None:
        outcome = self.query_one("#outcome", Select).value
        self.app.school.referral_outcome(
            {
                "decision": self.decision.id,
                "outcome": None if outcome is Select.NULL else outcome,
                "notes": self.query_one("#notes", TextArea).text,
            }
        )
