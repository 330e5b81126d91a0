"""The DSL's decision on a pupil, with its reasons — also, and especially, for not referring.

The entries covered default to every unreviewed concern and notification, so the
decision clears the pupil from the review list unless new flags remain. A later
decision may supersede an earlier one, which stays in the record marked as such.
Nothing is written until the domain accepts the whole form and the DSL has
confirmed a summary of it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.widgets.selection_list import Selection

from school_log import receipts
from school_log.errors import InputError, SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from school_log.local_time import local_today
from school_log.model import (
    CONSENTS,
    COVERS_UNREVIEWED,
    OUTCOME_NAMES,
    OUTCOMES,
    REFERRING_OUTCOMES,
    Concern,
    Decision,
    Notification,
    covered,
    when,
)
from school_log.patterns.facts import count_of
from school_log.views import Chronology, ChronologyItem
from tui.entry_text import first_words, gist
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice, TickList
from tui.wording import CONSENT_LABELS, KIND_LABELS, LEVEL_LABELS, badge, day, on_day

REVIEW_AFTER = timedelta(days=14)
"""The review date a decision gets unless the DSL changes it: a follow-up is never silently lost."""
STAND_INS: dict[str, Any] = {
    "covers": COVERS_UNREVIEWED,
    "outcome": "monitor",
    "level": 1,
    "rationale": "-",
    "agency": "-",
    "review_by": None,
    "supersedes": "",
    "parents_not_informed_why": "-",
    "consent": "",
    "discussed_with": [],
    "why_now": "",
    "immediate_risk": "",
}
#: What the agency reads first in the referral pack: asked for whenever the outcome refers.
WHY_NOW_MISSING = {
    "why_now": "say why you are referring now, in a few lines (printed first in the pack)",
    "immediate_risk": "say what the risk is today: is the child safe to go home tonight?",
}


def reviewable(chronology: Chronology) -> tuple[list[ChronologyItem], set[str]]:
    """The pupil's own concerns and notifications, and the ids no decision covers yet."""
    own = [item for item in chronology.items if not item.sibling]
    decided = covered([item.entry for item in own])
    items = [item for item in own if isinstance(item.entry, Concern | Notification)]
    return items, {item.entry.id for item in items if item.entry.id not in decided}


def _covered(item: ChronologyItem) -> str:
    """One line per entry the decision may cover: when, what, who, and its first words."""
    entry = item.entry
    return f"{on_day(when(entry))} · {KIND_LABELS[type(entry)]} · {item.author}: {first_words(gist(entry), 48)}"


def decision_line(decision: Decision) -> str:
    """'18 Nov 2026: Monitor in school' — how an earlier decision is named."""
    return f"{on_day(decision.recorded_at)}: {OUTCOME_NAMES.get(decision.outcome, decision.outcome)}"


class DecisionModal(FormModal):
    """Outcome, level, rationale, referral, who was told and asked, review date, what it covers."""

    DEFAULT_CSS = """
    DecisionModal #decision-actions { dock: bottom; height: auto; }
    DecisionModal #decision-fields { height: 1fr; }
    """
    FIRST_FIELD = "outcome"
    CONFIRM_TITLE = "Record this decision?"
    FORM = "decision"
    NAME = "decision"
    DONE = "Decision recorded"
    CHOOSE = {
        "outcome": "choose the outcome",
        "level": "choose the level of need",
        "consent": "choose whether consent was given",
    }

    def __init__(self, chronology: Chronology) -> None:
        super().__init__()
        self.chronology = chronology
        self.items, self.unreviewed = reviewable(chronology)
        self.earlier = [i.entry for i in chronology.items if not i.sibling and isinstance(i.entry, Decision)]

    def compose(self) -> ComposeResult:
        pupil, review = self.chronology.pupil, self.chronology.review
        with Vertical(classes="log-dialog form-box", id="decision-box"):
            with VerticalScroll(id="decision-fields"):
                yield Label(f"Decision — {pupil.name}", classes="log-dialog-title")
                if review is not None and review.flags:
                    yield Static("Why now: " + ", ".join(badge(flag) for flag in review.flags), classes="log-hint")
                yield Label("Outcome", classes="log-label")
                yield Choice([(OUTCOME_NAMES[o], o) for o in OUTCOMES], prompt="Choose the outcome…", id="outcome")
                yield self.error_slot("outcome")
                yield Label("Threshold level", classes="log-label")
                yield Choice(
                    [(label, level) for level, label in LEVEL_LABELS.items()],
                    prompt="Choose the level of need…",
                    id="level",
                )
                yield self.error_slot("level")
                yield Label("Rationale (why this decision — required, also when not referring)", classes="log-label")
                yield TextArea(id="rationale")
                yield self.error_slot("rationale")
                with Vertical(id="referral"):
                    yield Label("Agency referred to", classes="log-label")
                    yield Input(
                        id="agency", placeholder="e.g. Northshire children's services front door", select_on_focus=False
                    )
                    yield self.error_slot("agency")
                    yield Label("Agency reference (if given)", classes="log-label -optional")
                    yield Input(id="reference", select_on_focus=False)
                    yield self.error_slot("reference")
                    yield Label("Why now: the reason for referral, in a few lines (printed first)", classes="log-label")
                    yield TextArea(id="why_now")
                    yield self.error_slot("why_now")
                    yield Label("Immediate risk: is the child safe to go home tonight?", classes="log-label")
                    yield Input(
                        id="immediate_risk",
                        placeholder="e.g. not safe: dad lives at home; police and MASH told at 14:10",
                        select_on_focus=False,
                    )
                    yield self.error_slot("immediate_risk")
                yield Label("Parents or carers informed?", classes="log-label -optional")
                yield Choice([("Yes", True), ("No", False)], prompt="Not recorded…", id="parents_informed")
                with Vertical(id="not-informed"):
                    yield Label("Why they were not told (e.g. it would put the child at risk)", classes="log-label")
                    yield Input(id="parents_not_informed_why", select_on_focus=False)
                    yield self.error_slot("parents_not_informed_why")
                yield Label("Consent", classes="log-label -optional")
                yield Choice([(CONSENT_LABELS[c], c) for c in CONSENTS], prompt="Not recorded…", id="consent")
                yield self.error_slot("consent")
                yield Label("Discussed with (comma-separated)", classes="log-label -optional")
                yield Input(
                    id="discussed_with", placeholder="e.g. MASH duty social worker, headteacher", select_on_focus=False
                )
                yield Label("Review by (YYYY-MM-DD; two weeks on unless you change it)", classes="log-label")
                yield Input(
                    (local_today(self.school.clock) + REVIEW_AFTER).isoformat(), id="review_by", select_on_focus=False
                )
                yield self.error_slot("review_by")
                if self.earlier:
                    yield Label(
                        "Supersedes an earlier decision? (it stays in the record)", classes="log-label -optional"
                    )
                    yield Choice(
                        [(decision_line(d), d.id) for d in reversed(self.earlier)],
                        prompt="No: a new decision…",
                        id="supersedes",
                    )
                    yield self.error_slot("supersedes")
                yield Label(
                    f"Entries this decision covers ({len(self.unreviewed)} unreviewed, ticked; space ticks)",
                    classes="log-label",
                )
                yield TickList[str](
                    *(
                        Selection(_covered(item), item.entry.id, item.entry.id in self.unreviewed)
                        for item in self.items
                    ),
                    id="covers",
                )
                yield self.error_slot("covers")
            with Vertical(id="decision-actions"):
                yield from self.buttons("Save decision")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#not-informed").display = False

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.chronology.pupil.id, {}

    @on(Select.Changed, "#outcome")
    def _outcome_changed(self, event: Select.Changed) -> None:
        self.query_one("#referral").set_class(event.value in REFERRING_OUTCOMES, "-referring")

    @on(Select.Changed, "#parents_informed")
    def _informed_changed(self, event: Select.Changed) -> None:
        revealed = self.query_one("#not-informed")
        revealed.display = event.value is False
        if revealed.display:  # shown where the DSL is looking, not below the fold
            self.call_after_refresh(revealed.scroll_visible, animate=False)

    def _value(self, selector: str) -> Any:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def data(self) -> dict[str, Any]:
        """The form as `Log.decide` takes it."""
        covers = self.query_one("#covers", TickList).selected
        referring = self._value("#outcome") in REFERRING_OUTCOMES
        informed = self._value("#parents_informed")
        return {
            "covers": list(covers) if covers else COVERS_UNREVIEWED,
            "outcome": self._value("#outcome"),
            "level": self._value("#level"),
            "rationale": self.query_one("#rationale", TextArea).text,
            "agency": self.query_one("#agency", Input).value.strip() if referring else "",
            "reference": self.query_one("#reference", Input).value if referring else "",
            "review_by": self.query_one("#review_by", Input).value.strip() or None,
            "supersedes": self._value("#supersedes") if self.earlier else "",
            "parents_informed": informed,
            "parents_not_informed_why": self.query_one("#parents_not_informed_why", Input).value
            if informed is False
            else "",
            "consent": self._value("#consent") or "",
            "discussed_with": self.query_one("#discussed_with", Input).value,
            "why_now": self.query_one("#why_now", TextArea).text if referring else "",
            "immediate_risk": self.query_one("#immediate_risk", Input).value if referring else "",
        }

    def problems(self) -> list[SchoolLogError]:
        found: list[SchoolLogError] = []
        if not self.query_one("#covers", TickList).selected and self.unreviewed:
            found.append(InputError("tick at least one entry this decision covers", form="decision", field="covers"))
        data = self.data()
        if data["outcome"] in REFERRING_OUTCOMES:
            found += [
                InputError(words, form="decision", field=name)
                for name, words in WHY_NOW_MISSING.items()
                if not data[name].strip()
            ]
        return found + list(problems(forms.parse_decision, self.data(), STAND_INS))

    def summary(self) -> str:
        values = forms.parse_decision(self.data())
        pupil = self.chronology.pupil
        covers = self.query_one("#covers", TickList).selected
        lines = [
            f"About {pupil.name} (UPN {pupil.upn}).",
            f"Outcome: {OUTCOME_NAMES[values['outcome']]}",
            f"Level: {LEVEL_LABELS[values['level']]}",
        ]
        if values["agency"]:
            lines.append(
                f"Referred to: {values['agency']}" + (f" (ref {values['reference']})" if values["reference"] else "")
            )
        if values["why_now"]:
            lines.append(f"Why now: {first_words(values['why_now'], 120)}")
        if values["immediate_risk"]:
            lines.append(f"Immediate risk: {first_words(values['immediate_risk'], 120)}")
        informed = values["parents_informed"]
        if informed is not None:
            told = "yes" if informed else f"no — {values['parents_not_informed_why']}"
            lines.append(f"Parents or carers informed: {told}")
        if values["consent"]:
            lines.append(f"Consent: {CONSENT_LABELS[values['consent']]}")
        if values["discussed_with"]:
            lines.append(f"Discussed with: {', '.join(values['discussed_with'])}")
        lines.append(f"Review by: {day(values['review_by'])}" if values["review_by"] else "No review date")
        if values["supersedes"]:
            earlier = next(d for d in self.earlier if d.id == values["supersedes"])
            lines.append(f"Supersedes the decision of {decision_line(earlier)}")
        lines.append(f"Covers {count_of(len(covers) if covers else len(self.unreviewed), 'entry', 'entries')}")
        lines.append(f"Rationale: {first_words(values['rationale'], 120)}")
        lines.append("Once saved it is sealed; a later decision can supersede it.")
        return "\n".join(lines)

    def save(self) -> None:
        school = self.school
        decision = school.log.decide(self.chronology.pupil.upn, self.data())
        entries = [item.entry for item in self.items]
        try:  # the decision is written: a receipt that fails must not keep the dialog open to save it twice
            receipts.acknowledge(school, receipts.covered(decision, entries), receipts.ACTION_TAKEN)
        except SchoolLogError as error:
            self.app.notify(
                f"Decision saved; the staff could not be told action was taken: {error}", severity="warning"
            )
