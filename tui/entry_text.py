"""How an entry reads on screen: its gist, its marks and its parts, facts, the child's words and opinion kept apart.

The staff home and the DSL's chronology show an entry with the same headings,
so a concern reads the same to the person who wrote it and to the DSL who acts
on it. Labels and dates come from `tui.wording`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from school_log.model import (
    AGENCY_NAMES,
    NOTIFICATION_KIND_NAMES,
    OUTCOME_NAMES,
    REFERRAL_OUTCOME_NAMES,
    Addendum,
    BodyMark,
    Concern,
    Decision,
    Entry,
    KnownCondition,
    Notification,
    ReferralOutcome,
    Task,
    TaskDone,
    when,
)
from tui.wording import (
    CONSENT_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    category,
    day,
    moment,
    region_label,
)


def first_words(text: str, limit: int = 60) -> str:
    """The text on one line, cut with '…' at `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def gist(entry: Entry) -> str:
    """The one line that says what an entry is about."""
    match entry:
        case Concern():
            marks = f" [{len(entry.body_marks)} mark{'s' * (len(entry.body_marks) != 1)}]" if entry.body_marks else ""
            return ("URGENT " if entry.urgent else "") + entry.what_happened + marks
        case Notification():
            return f"{AGENCY_NAMES.get(entry.agency, entry.agency)}: {entry.summary}"
        case Decision():
            return f"{OUTCOME_NAMES.get(entry.outcome, entry.outcome)} (level {entry.level}): {entry.rationale}"
        case ReferralOutcome():
            outcome = REFERRAL_OUTCOME_NAMES.get(entry.outcome, entry.outcome)
            return f"{outcome}: {entry.notes}" if entry.notes else outcome
        case Addendum():
            return entry.text
        case Task():
            return f"{entry.text} (for {entry.assignee_name or 'the team'}, due {day(entry.due)})"
        case TaskDone():
            return f"Done: {entry.note}"
        case KnownCondition():
            where = ", ".join(region_label(r) for r in entry.regions) or "anywhere"
            return f"Known condition: {entry.name or entry.condition} ({where}); {entry.source}"
    return ""


def mark_line(mark: BodyMark) -> str:
    """'Bruise, Left upper arm (front), 20 mm, round, purple; explained by child: "fell"'."""
    parts = [mark.type.capitalize(), region_label(mark.region)]
    if mark.size_mm is not None:
        parts.append(f"{mark.size_mm} mm")
    parts += [p for p in (mark.shape, mark.colour) if p]
    if mark.skin_broken:
        parts.append("skin broken")
    text = ", ".join(parts)
    if not mark.explanation:
        return f"{text}; no explanation"
    who = "" if mark.explained_by == "none" else f" by {mark.explained_by}"
    return f"{text}; explained{who}: \u201c{mark.explanation}\u201d"


def stamp(entry: Entry) -> str:
    """'happened 17 Nov 2026 09:30, recorded 17 Nov 2026 10:02' (only 'recorded …' for a written-only entry)."""
    recorded = f"recorded {moment(entry.recorded_at)}"
    return f"happened {moment(when(entry))}, {recorded}" if hasattr(entry, "occurred_at") else recorded


def field(label: str, value: str, style: str = "") -> Content:
    """'Label: value' on one line."""
    styled = f"[{style}]$value[/]" if style else "$value"
    return Content.from_markup(f"[b]$label:[/b] {styled}", label=label, value=value)


def block(label: str, text: str, style: str = "") -> list[Content]:
    """A heading, then the text under it."""
    return [
        Content.from_markup("[b]$label[/b]", label=label),
        Content.from_markup(f"[{style}]$text[/]" if style else "$text", text=text),
    ]


def body(entry: Entry, ref: Callable[[str], str]) -> list[Content]:
    """Every part of an entry under its own heading; `ref` names another entry it points at."""
    lines: list[Content] = []
    match entry:
        case Concern():
            if entry.urgent:
                lines.append(Content.from_markup("[b $text-error]Marked urgent by the author[/]"))
            if entry.location:
                lines.append(field("Where", entry.location))
            if entry.categories:
                lines.append(field("Categories", ", ".join(category(c) for c in entry.categories)))
            lines += block("What happened (fact)", entry.what_happened)
            if entry.child_words:
                lines += block("The child's words", f"\u201c{entry.child_words}\u201d")
            if entry.opinion:
                lines += block("Opinion (the author's view, not fact)", entry.opinion, "italic $text-muted")
            if entry.action_taken:
                lines.append(field("Action taken", entry.action_taken))
            if entry.informed:
                lines.append(field("Informed", ", ".join(entry.informed)))
            if entry.body_marks:
                lines.append(Content.from_markup("[b]Body marks[/b]"))
                lines += [Content.from_markup("• $mark", mark=mark_line(mark)) for mark in entry.body_marks]
        case Notification():
            agency = AGENCY_NAMES.get(entry.agency, entry.agency)
            lines.append(field("From", f"{agency} — {NOTIFICATION_KIND_NAMES.get(entry.kind, entry.kind)}"))
            if entry.reference:
                lines.append(field("Reference", entry.reference))
            lines += block("What the agency said", entry.summary)
            present = {True: "yes", False: "no", None: "not known"}[entry.child_present]
            lines.append(field("Child present", present))
            if entry.child_voice:
                lines += block("The child's voice", entry.child_voice)
        case Decision():
            lines.append(field("Outcome", OUTCOME_NAMES.get(entry.outcome, entry.outcome), "b"))
            lines.append(field("Threshold level", LEVEL_LABELS.get(entry.level, str(entry.level))))
            lines += block("Rationale", entry.rationale)
            if entry.agency:
                lines.append(field("Agency", entry.agency))
            if entry.reference:
                lines.append(field("Agency reference", entry.reference))
            if entry.review_by:
                lines.append(field("Review by", day(entry.review_by)))
            if entry.parents_informed is not None:
                told = "yes" if entry.parents_informed else f"no — {entry.parents_not_informed_why}"
                lines.append(field("Parents or carers informed", told))
            if entry.consent:
                lines.append(field("Consent", CONSENT_LABELS.get(entry.consent, entry.consent)))
            if entry.discussed_with:
                lines.append(field("Discussed with", ", ".join(entry.discussed_with)))
            if entry.supersedes:
                lines.append(field("Supersedes", ref(entry.supersedes), "$text-warning"))
            lines.append(field("Covers", "; ".join(ref(c) for c in entry.covers) or "no new entries (a review)"))
        case ReferralOutcome():
            lines.append(field("For the decision", ref(entry.decision_id)))
            lines.append(field("Outcome", REFERRAL_OUTCOME_NAMES.get(entry.outcome, entry.outcome), "b"))
            if entry.notes:
                lines += block("Notes", entry.notes)
        case Addendum():
            lines.append(field("Adds to", ref(entry.refers_to)))
            lines += block("Text", entry.text)
        case Task():
            lines += block("To do", entry.text)
            lines.append(field("For", entry.assignee_name or "the team"))
            lines.append(field("Due", day(entry.due), "b"))
        case TaskDone():
            lines.append(field("Done", ref(entry.task_id)))
            lines += block("What was done", entry.note)
        case KnownCondition():
            lines.append(field("Condition", f"{entry.condition}: {entry.name}" if entry.name else entry.condition, "b"))
            lines.append(field("Where", ", ".join(region_label(r) for r in entry.regions) or "anywhere"))
            lines.append(field("Marks it explains", ", ".join(entry.mark_types) or "the condition's usual marks"))
            lines += block("On the record from", entry.source)
    return lines


def summary(entry: Entry, pupil_name: str) -> str:
    """The entry in two short lines for a list: when written, what, about whom; how it starts."""
    return f"{moment(entry.recorded_at)}  {KIND_LABELS[type(entry)]} · {pupil_name}\n  {first_words(gist(entry), 50)}"


def details(entry: Entry, pupil_name: str, ref: Callable[[str], str]) -> Content:
    """One of my own entries in full (the staff home): what, about whom, its reference, then every part.

    `ref` gives an entry's short reference ('C-2026-0412') from its id."""
    heading = Content.from_markup(
        "[b $text-primary]$kind about $name[/]", kind=KIND_LABELS[type(entry)], name=pupil_name
    )
    lines = [
        heading,
        Content.from_markup("[$text-muted]Reference $id · $stamp[/]", id=ref(entry.id), stamp=stamp(entry)),
        Content(""),
        *body(entry, lambda entry_id: f"reference {ref(entry_id)}"),
    ]
    return Content("\n").join(lines)
