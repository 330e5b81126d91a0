"""One chronology entry in full, as the DSL reads it before deciding.

Facts, the child's own words and the author's opinion are kept visibly apart
(opinion is labelled as opinion); decisions show their reasons and what they
cover. Other entries are named by their row number in the chronology, never by id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from textual.content import Content

from school_log.model import Addendum, Concern, Decision, Entry, Notification, ReferralOutcome, when
from school_log.school import ChronologyItem
from tui.wording import (
    AGENCY_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    NOTIFICATION_KIND_LABELS,
    OUTCOME_LABELS,
    REFERRAL_OUTCOME_LABELS,
    day,
    on_day,
    mark_line,
    moment,
)


class Links:
    """Who points at whom in one chronology: row numbers, addenda, decisions and outcomes."""

    def __init__(self, items: Sequence[ChronologyItem]) -> None:
        self.row = {item.entry.id: n for n, item in enumerate(items, 1)}
        self.entries = {item.entry.id: item.entry for item in items}
        self.addenda: dict[str, list[ChronologyItem]] = defaultdict(list)
        self.outcomes: dict[str, list[ChronologyItem]] = defaultdict(list)
        self.decided_by: dict[str, list[Decision]] = defaultdict(list)
        for item in items:
            entry = item.entry
            if isinstance(entry, Addendum):
                self.addenda[entry.refers_to].append(item)
            elif isinstance(entry, ReferralOutcome):
                self.outcomes[entry.decision_id].append(item)
            elif isinstance(entry, Decision):
                for covered in entry.covers:
                    self.decided_by[covered].append(entry)

    def ref(self, entry_id: str) -> str:
        """'#3 Concern 17 Nov 2026', or 'an entry not shown' (e.g. a sibling's, household off)."""
        entry = self.entries.get(entry_id)
        if entry is None:
            return "an entry not shown"
        return f"#{self.row[entry_id]} {KIND_LABELS[type(entry)]} {on_day(when(entry))}"


def _field(label: str, value: str, style: str = "") -> Content:
    styled = f"[{style}]$value[/]" if style else "$value"
    return Content.from_markup(f"[b]$label:[/b] {styled}", label=label, value=value)


def _block(label: str, text: str, style: str = "") -> list[Content]:
    return [Content.from_markup("[b]$label[/b]", label=label), Content.from_markup(f"[{style}]$text[/]" if style else "$text", text=text)]


def _body(entry: Entry, links: Links) -> list[Content]:
    lines: list[Content] = []
    match entry:
        case Concern():
            if entry.urgent:
                lines.append(Content.from_markup("[b $error]Marked urgent by the author[/]"))
            if entry.location:
                lines.append(_field("Where", entry.location))
            if entry.categories:
                lines.append(_field("Categories", ", ".join(entry.categories)))
            lines += _block("What happened (fact)", entry.what_happened)
            if entry.child_words:
                lines += _block("The child's words", f"\u201c{entry.child_words}\u201d")
            if entry.opinion:
                lines += _block("Opinion (the author's view, not fact)", entry.opinion, "italic $text-muted")
            if entry.action_taken:
                lines.append(_field("Action taken", entry.action_taken))
            if entry.informed:
                lines.append(_field("Informed", ", ".join(entry.informed)))
            if entry.body_marks:
                lines.append(Content.from_markup("[b]Body marks[/b]"))
                lines += [Content.from_markup("• $mark", mark=mark_line(mark)) for mark in entry.body_marks]
        case Notification():
            lines.append(_field("From", f"{AGENCY_LABELS.get(entry.agency, entry.agency)} — {NOTIFICATION_KIND_LABELS.get(entry.kind, entry.kind)}"))
            if entry.reference:
                lines.append(_field("Reference", entry.reference))
            lines += _block("What the agency said", entry.summary)
            present = {True: "yes", False: "no", None: "not known"}[entry.child_present]
            lines.append(_field("Child present", present))
            if entry.child_voice:
                lines += _block("The child's voice", entry.child_voice)
        case Decision():
            lines.append(_field("Outcome", OUTCOME_LABELS.get(entry.outcome, entry.outcome), "b"))
            lines.append(_field("Threshold level", LEVEL_LABELS.get(entry.level, str(entry.level))))
            lines += _block("Rationale", entry.rationale)
            if entry.agency:
                lines.append(_field("Agency", entry.agency))
            if entry.reference:
                lines.append(_field("Agency reference", entry.reference))
            if entry.review_by:
                lines.append(_field("Review by", day(entry.review_by)))
            covers = "; ".join(links.ref(c) for c in entry.covers) or "no new entries (a review)"
            lines.append(_field("Covers", covers))
            for item in links.outcomes.get(entry.id, []):
                outcome = item.entry
                assert isinstance(outcome, ReferralOutcome)
                lines.append(_field("Referral outcome", f"{REFERRAL_OUTCOME_LABELS.get(outcome.outcome, outcome.outcome)} ({on_day(outcome.recorded_at)})", "b"))
        case ReferralOutcome():
            lines.append(_field("For the decision", links.ref(entry.decision_id)))
            lines.append(_field("Outcome", REFERRAL_OUTCOME_LABELS.get(entry.outcome, entry.outcome), "b"))
            if entry.notes:
                lines += _block("Notes", entry.notes)
        case Addendum():
            lines.append(_field("Adds to", links.ref(entry.refers_to)))
            lines += _block("Text", entry.text)
    return lines


def detail(item: ChronologyItem, links: Links) -> Content:
    """The whole entry: a heading line, its fields, then what was added or decided about it."""
    entry = item.entry
    kind = KIND_LABELS[type(entry)]
    sibling = f"  [sibling: {item.pupil.name}]" if item.sibling else ""
    heading = Content.from_markup(
        "[b $primary]#$row $kind[/]$sibling", row=str(links.row[entry.id]), kind=kind, sibling=sibling
    )
    by = f"{item.author} ({item.role})" if item.role else item.author
    stamp = f"happened {moment(when(entry))}, recorded {moment(entry.recorded_at)}" if hasattr(entry, "occurred_at") else f"recorded {moment(entry.recorded_at)}"
    lines = [heading, Content.from_markup("[$text-muted]$by · $stamp[/]", by=by, stamp=stamp), Content(""), *_body(entry, links)]
    for decision in links.decided_by.get(entry.id, []):
        lines.append(_field("Decided", f"{links.ref(decision.id)}: {OUTCOME_LABELS.get(decision.outcome, decision.outcome)}", "$success"))
    for added in links.addenda.get(entry.id, []):
        lines.append(_field(f"Addendum by {added.author}", f"{moment(added.entry.recorded_at)}: {added.entry.text}"))  # type: ignore[union-attr]
    return Content("\n").join(lines)
