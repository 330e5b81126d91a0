"""One chronology entry as printed (PDF) and as a spreadsheet row (CSV), the same words in both.

Facts are printed apart from opinion, and the child's words in quotation marks,
as the record-keeping guidance asks; every entry names its author, their role and
when it was written as well as when it happened.
"""

from __future__ import annotations

from typing import Any

from school_log.codec import KIND_OF
from school_log.exports.pdf import Document
from school_log.model import OUTCOME_NAMES, Addendum, Concern, Decision, Notification, ReferralOutcome, when
from school_log.views import ChronologyItem

LEVELS = {1: "1 universal", 2: "2 additional support", 3: "3 multi-agency early help", 4: "4 statutory (s17/s47)"}
KIND_WORDS = {
    "concern": "Concern",
    "notification": "Agency notification",
    "decision": "Decision",
    "referral-outcome": "Referral outcome",
    "addendum": "Addendum",
}
CSV_COLUMNS = (
    "number",
    "occurred",
    "recorded",
    "kind",
    "pupil",
    "sibling",
    "author",
    "role",
    "facts",
    "child_words",
    "opinion",
    "action_taken",
    "location",
    "categories",
    "informed",
    "urgent",
    "body_marks",
    "agency",
    "reference",
    "outcome",
    "level",
    "rationale",
    "review_by",
)


def stamp(item: ChronologyItem) -> str:
    return when(item.entry).strftime("%Y-%m-%d %H:%M")


def byline(item: ChronologyItem) -> str:
    role = f" ({item.role})" if item.role else ""
    written = item.entry.recorded_at.strftime("%Y-%m-%d %H:%M")
    return f"{item.author}{role} · written {written} UTC"


def print_entry(doc: Document, number: int, item: ChronologyItem, numbers: dict[str, int]) -> None:
    """One entry: a heading line, then its facts, the child's words, opinion and actions, each labelled."""
    entry = item.entry
    if doc.will_page_break(25):
        doc.add_page()
    about = f" · about {item.pupil.name} (sibling)" if item.sibling else ""
    doc.para(f"#{number}  {stamp(item)} UTC · {KIND_WORDS[KIND_OF[type(entry)]]}{about}", bold=True, size=9.5)
    doc.para(byline(item), size=8)
    if isinstance(entry, Concern):
        doc.field("Facts", entry.what_happened)
        doc.quoted("Child's words", entry.child_words)
        doc.field("Staff opinion", entry.opinion and f"{entry.opinion} (opinion, not fact)")
        doc.field("Action taken", entry.action_taken)
        doc.field("Where", entry.location)
        doc.field("Categories", ", ".join(entry.categories))
        doc.field("Informed", ", ".join(entry.informed))
        doc.field("Urgent", "yes" if entry.urgent else "")
        doc.field("Body marks", f"{len(entry.body_marks)} (see the body map)" if entry.body_marks else "")
    elif isinstance(entry, Notification):
        doc.field("Agency", f"{entry.agency} · {entry.kind}")
        doc.field("Reference", entry.reference)
        doc.field("What was reported", entry.summary)
        present = {True: "yes", False: "no", None: ""}[entry.child_present]
        doc.field("Child present", present)
        doc.quoted("Child's voice", entry.child_voice)
    elif isinstance(entry, Decision):
        covered = ", ".join(f"#{numbers[c]}" for c in entry.covers if c in numbers)
        doc.field("Outcome", OUTCOME_NAMES.get(entry.outcome, entry.outcome))
        doc.field("Threshold level", LEVELS.get(entry.level, str(entry.level)))
        doc.field("Rationale", entry.rationale)
        doc.field("Referred to", " · ".join(p for p in (entry.agency, entry.reference) if p))
        doc.field("Covers", covered)
        doc.field("Review by", entry.review_by.isoformat() if entry.review_by else "")
    elif isinstance(entry, ReferralOutcome):
        doc.field("Agency's decision", entry.outcome)
        doc.field("Notes", entry.notes)
        doc.field("About decision", f"#{numbers[entry.decision_id]}" if entry.decision_id in numbers else "")
    elif isinstance(entry, Addendum):
        doc.field("Adds to", f"#{numbers[entry.refers_to]}" if entry.refers_to in numbers else "an earlier entry")
        doc.field("Text", entry.text)
    doc.ln(2)


def csv_row(number: int, item: ChronologyItem) -> list[str]:
    """The entry as CSV cells in `CSV_COLUMNS` order; text that a spreadsheet would run as a formula is quoted."""
    entry = item.entry
    get: Any = lambda name: getattr(entry, name, "")  # noqa: E731 - one entry's optional fields
    facts = get("what_happened") or get("summary") or get("text") or get("notes")
    marks = "; ".join(f"{m.view} {m.region} {m.type} {m.size_mm or ''}mm".strip() for m in get("body_marks") or ())
    cells = [
        str(number),
        stamp(item),
        entry.recorded_at.strftime("%Y-%m-%d %H:%M"),
        KIND_OF[type(entry)],
        item.pupil.name,
        "yes" if item.sibling else "",
        item.author,
        item.role,
        facts,
        get("child_words") or get("child_voice"),
        get("opinion"),
        get("action_taken"),
        get("location"),
        ", ".join(get("categories") or ()),
        ", ".join(get("informed") or ()),
        "yes" if get("urgent") else "",
        marks,
        get("agency"),
        get("reference"),
        get("outcome"),
        str(get("level") or ""),
        get("rationale"),
        get("review_by").isoformat() if get("review_by") else "",
    ]
    return [_inert(cell) for cell in cells]


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would make it a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
