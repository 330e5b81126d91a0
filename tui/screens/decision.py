"""The DSL's decision on a pupil, with its reasons — also, and especially, for not referring.

The entries covered default to every unreviewed concern and notification, so the
decision clears the pupil from the review list unless new flags remain. Nothing
is written until the domain accepts the whole form.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from school_log.errors import InputError
from school_log.model import OUTCOMES, REFERRING_OUTCOMES, Concern, Decision, Notification, when
from school_log.school import Chronology, ChronologyItem
from tui.entry_text import first_words, gist
from tui.screens.modal_form import FormModal
from tui.wording import KIND_LABELS, LEVEL_LABELS, OUTCOME_LABELS, badge, on_day


def reviewable(chronology: Chronology) -> tuple[list[ChronologyItem], set[str]]:
    """The pupil's own concerns and notifications, and the ids no decision covers yet."""
    own = [item for item in chronology.items if not item.sibling]
    covered = {entry_id for item in own if isinstance(item.entry, Decision) for entry_id in item.entry.covers}
    items = [item for item in own if isinstance(item.entry, Concern | Notification)]
    return items, {item.entry.id for item in items if item.entry.id not in covered}


def _covered(item: ChronologyItem) -> str:
    """One line per entry the decision may cover: when, what, who, and its first words."""
    entry = item.entry
    return f"{on_day(when(entry))} · {KIND_LABELS[type(entry)]} · {item.author}: {first_words(gist(entry), 48)}"


class DecisionModal(FormModal):
    """Entries covered, outcome, threshold level, rationale, agency and reference, review-by date."""

    def __init__(self, chronology: Chronology) -> None:
        super().__init__()
        self.chronology = chronology
        self.items, self.unreviewed = reviewable(chronology)

    def compose(self) -> ComposeResult:
        pupil, review = self.chronology.pupil, self.chronology.review
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Decision — {pupil.name}", classes="log-dialog-title")
            if review is not None and review.flags:
                yield Static("Why now: " + ", ".join(badge(flag) for flag in review.flags), classes="log-hint")
            yield Label(
                f"Entries this decision covers ({len(self.unreviewed)} unreviewed, preselected)", classes="log-label"
            )
            yield SelectionList[str](
                *(Selection(_covered(item), item.entry.id, item.entry.id in self.unreviewed) for item in self.items),
                id="covers",
            )
            yield self.error_slot("covers")
            yield Label("Outcome", classes="log-label")
            yield Select([(OUTCOME_LABELS[o], o) for o in OUTCOMES], prompt="Choose the outcome", id="outcome")
            yield self.error_slot("outcome")
            yield Label("Threshold level", classes="log-label")
            yield Select(
                [(label, level) for level, label in LEVEL_LABELS.items()], prompt="Choose the level of need", id="level"
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
            yield Label("Review by (YYYY-MM-DD, optional)", classes="log-label -optional")
            yield Input(id="review_by", placeholder="2026-12-07", select_on_focus=False)
            yield self.error_slot("review_by")
            yield from self.buttons("Save decision")

    @on(Select.Changed, "#outcome")
    def _outcome_changed(self, event: Select.Changed) -> None:
        self.query_one("#referral").set_class(event.value in REFERRING_OUTCOMES, "-referring")

    def save(self) -> None:
        outcome = self.query_one("#outcome", Select).value
        level = self.query_one("#level", Select).value
        covers = self.query_one("#covers", SelectionList).selected
        if not covers and self.unreviewed:
            raise InputError("decision, covers: choose at least one entry this decision covers")
        agency = self.query_one("#agency", Input).value.strip()
        referring = outcome in REFERRING_OUTCOMES
        self.app.school.decide(
            self.chronology.pupil.upn,
            {
                "covers": list(covers) if covers else "unreviewed",
                "outcome": None if outcome is Select.NULL else outcome,
                "level": None if level is Select.NULL else level,
                "rationale": self.query_one("#rationale", TextArea).text,
                "agency": agency if referring else "",
                "reference": self.query_one("#reference", Input).value if referring else "",
                "review_by": self.query_one("#review_by", Input).value.strip() or None,
            },
        )
