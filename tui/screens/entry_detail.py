"""One chronology entry in full, as the DSL reads it before deciding.

Facts, the child's own words and the author's opinion are kept visibly apart
(opinion is labelled as opinion); decisions show their reasons and what they
cover. Other entries are named by their row number in the chronology, never by id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from textual.content import Content

from school_log.model import (
    OUTCOME_NAMES,
    REFERRAL_OUTCOME_NAMES,
    Addendum,
    Decision,
    ReferralOutcome,
    held_covers,
    senders,
    when,
)
from school_log.views import ChronologyItem
from tui.entry_text import body, field, stamp
from tui.wording import KIND_LABELS, moment, on_day


class Links:
    """Who points at whom in one chronology: row numbers, addenda, decisions and outcomes."""

    def __init__(self, items: Sequence[ChronologyItem]) -> None:
        self.row = {item.entry.id: n for n, item in enumerate(items, 1)}
        self.entries = {item.entry.id: item.entry for item in items}
        self.addenda: dict[str, list[ChronologyItem]] = defaultdict(list)
        self.outcomes: dict[str, list[ChronologyItem]] = defaultdict(list)
        self.decided_by: dict[str, list[Decision]] = defaultdict(list)
        self.superseded_by: dict[str, Decision] = {}
        self.sender_of = senders(item.entry for item in items)
        for item in items:
            entry = item.entry
            if isinstance(entry, Addendum):
                self.addenda[entry.refers_to].append(item)
            elif isinstance(entry, ReferralOutcome):
                self.outcomes[entry.decision_id].append(item)
            elif isinstance(entry, Decision):
                if entry.supersedes:
                    self.superseded_by[entry.supersedes] = entry
                for covered in held_covers(entry, self.sender_of):
                    self.decided_by[covered].append(entry)

    def ref(self, entry_id: str) -> str:
        """'#3 Concern 17 Nov 2026', or 'an entry not shown' (e.g. a sibling's, household off)."""
        entry = self.entries.get(entry_id)
        if entry is None:
            return "an entry not shown"
        return f"#{self.row[entry_id]} {KIND_LABELS[type(entry)]} {on_day(when(entry))}"


def detail(item: ChronologyItem, links: Links, reference: str = "") -> Content:
    """The whole entry: a heading line (with its short `reference`), its parts, then what was added or decided."""
    entry = item.entry
    kind = KIND_LABELS[type(entry)]
    sibling = f"  [sibling: {item.pupil.name}]" if item.sibling else ""
    heading = Content.from_markup(
        "[b $text-primary]#$row $kind[/]$reference$sibling",
        row=str(links.row[entry.id]),
        kind=kind,
        reference=f" · {reference}" if reference else "",
        sibling=sibling,
    )
    by = f"{item.author} ({item.role})" if item.role else item.author
    lines = [
        heading,
        Content.from_markup("[$text-muted]$by · $stamp[/]", by=by, stamp=stamp(entry)),
        Content(""),
        *body(entry, links.ref),
    ]
    if isinstance(entry, Decision) and len(held_covers(entry, links.sender_of)) < len(entry.covers):
        lines.append(
            field(
                "Not covered here",
                "it names entries that did not come with it from the other school; "
                "a decision made elsewhere never covers this school's own entries",
                "b $text-error",
            )
        )
    if entry.id in links.superseded_by:
        later = links.superseded_by[entry.id]
        lines.insert(
            2, field("Superseded by", links.ref(later.id) + " (this decision is kept as it was)", "b $text-warning")
        )
    for answer in links.outcomes.get(entry.id, []):
        outcome = answer.entry
        assert isinstance(outcome, ReferralOutcome)
        label = REFERRAL_OUTCOME_NAMES.get(outcome.outcome, outcome.outcome)
        lines.append(field("Referral outcome", f"{label} ({on_day(outcome.recorded_at)})", "b"))
    for decision in links.decided_by.get(entry.id, []):
        lines.append(
            field(
                "Decided",
                f"{links.ref(decision.id)}: {OUTCOME_NAMES.get(decision.outcome, decision.outcome)}",
                "$text-success",
            )
        )
    for added in links.addenda.get(entry.id, []):
        lines.append(field(f"Addendum by {added.author}", f"{moment(added.entry.recorded_at)}: {added.entry.text}"))  # type: ignore[union-attr]
    return Content("\n").join(lines)
