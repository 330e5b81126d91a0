"""One chronology entry as printed (PDF) and as a spreadsheet row (CSV), the same words in both.

`LAYOUTS` is the one table of how each kind of entry the log stores is exported:
its name and its labelled parts. A kind missing from it cannot be exported, so
tests/test_exports_kinds.py goes through every kind `school_log.codec` knows and
every field each one stores, and fails on one the exports forgot.

Facts are printed apart from opinion, and the child's words in quotation marks,
as the record-keeping guidance asks; every entry names its author, their role and
when it was written as well as when it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from school_log import local_time
from school_log.codec import KIND_OF
from school_log.model import (
    AGENCY_NAMES,
    HURT_BY_WORDS,
    NOTIFICATION_KIND_NAMES,
    OUTCOME_NAMES,
    REFERRAL_OUTCOME_NAMES,
    Addendum,
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
from school_log.outward.exports.body_map import describe
from school_log.outward.exports.pdf import Document
from school_log.views import ChronologyItem

LEVELS = {1: "1 universal", 2: "2 additional support", 3: "3 multi-agency early help", 4: "4 statutory (s17/s47)"}
CONSENT_WORDS = {"given": "given", "refused": "refused", "not-sought": "not sought"}
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
    "hurt_by",
    "frightened_to_go_home",
    "immediate_danger",
    "household_child_affected",
    "body_marks",
    "agency",
    "reference",
    "child_present",
    "outcome",
    "level",
    "rationale",
    "parents_informed",
    "parents_not_informed_why",
    "consent",
    "discussed_with",
    "why_now",
    "immediate_risk",
    "review_by",
    "refers_to",
    "replaces",
    "assigned_to",
    "due",
)


@dataclass(frozen=True)
class Part:
    """One labelled piece of an entry: the CSV column it fills, its label in the PDF, and its text
    (`printed` when the PDF shows it otherwise, e.g. the child's words in quotation marks)."""

    column: str
    label: str
    value: str
    printed: str = ""


class Numbers:
    """Entries by their number in one document: '#3'; one outside the document is said to be."""

    def __init__(self, items: list[ChronologyItem]) -> None:
        self.of = {item.entry.id: n for n, item in enumerate(items, 1)}

    def __call__(self, *ids: str) -> str:
        shown = ", ".join(f"#{self.of[i]}" for i in ids if i in self.of)
        outside = sum(i not in self.of for i in ids)
        if not outside:
            return shown
        others = f"{outside} entr{'y' if outside == 1 else 'ies'} not in this document"
        return f"{shown} and {others}" if shown else others


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def _concern(entry: Concern, _: Numbers) -> list[Part]:
    return [
        Part("facts", "Facts", entry.what_happened),
        Part("child_words", "Child's words", entry.child_words, f"“{entry.child_words}”"),
        Part("opinion", "Staff opinion", entry.opinion, f"{entry.opinion} (opinion, not fact)"),
        Part("action_taken", "Action taken", entry.action_taken),
        Part("location", "Where", entry.location),
        Part("categories", "Categories", ", ".join(entry.categories)),
        Part("informed", "Informed", ", ".join(entry.informed)),
        Part("urgent", "Urgent", "yes" if entry.urgent else ""),
        Part("hurt_by", "The child said they were hurt by", HURT_BY_WORDS.get(entry.hurt_by, entry.hurt_by)),
        Part("frightened_to_go_home", "Frightened to go home", "yes" if entry.frightened_to_go_home else ""),
        Part("immediate_danger", "Police called or immediate danger", "yes" if entry.immediate_danger else ""),
        Part(
            "household_child_affected",
            "A baby or another child at home affected",
            "yes" if entry.household_child_affected else "",
        ),
        Part("body_marks", "Body marks", "; ".join(map(describe, entry.body_marks))),
    ]


def _notification(entry: Notification, _: Numbers) -> list[Part]:
    agency = AGENCY_NAMES.get(entry.agency, entry.agency)
    return [
        Part("agency", "Agency", f"{agency} · {NOTIFICATION_KIND_NAMES.get(entry.kind, entry.kind)}"),
        Part("reference", "Reference", entry.reference),
        Part("facts", "What was reported", entry.summary),
        Part("child_present", "Child present", _yes_no(entry.child_present)),
        Part("child_words", "Child's voice", entry.child_voice, f"“{entry.child_voice}”"),
    ]


def _decision(entry: Decision, numbers: Numbers) -> list[Part]:
    return [
        Part("outcome", "Outcome", OUTCOME_NAMES.get(entry.outcome, entry.outcome)),
        Part("why_now", "Why now", entry.why_now),
        Part("immediate_risk", "Immediate risk", entry.immediate_risk),
        Part("level", "Threshold level", LEVELS.get(entry.level, str(entry.level))),
        Part("rationale", "Rationale", entry.rationale),
        Part("agency", "Referred to", entry.agency),
        Part("reference", "Reference", entry.reference),
        Part("parents_informed", "Parents or carers told", _yes_no(entry.parents_informed)),
        Part("parents_not_informed_why", "Why they were not told", entry.parents_not_informed_why),
        Part("consent", "Their consent", CONSENT_WORDS.get(entry.consent, entry.consent)),
        Part("discussed_with", "Discussed with", ", ".join(entry.discussed_with)),
        Part("review_by", "Review by", entry.review_by.isoformat() if entry.review_by else ""),
        Part("refers_to", "Covers", numbers(*entry.covers)),
        Part("replaces", "Replaces", numbers(entry.supersedes) if entry.supersedes else ""),
    ]


def _referral_outcome(entry: ReferralOutcome, numbers: Numbers) -> list[Part]:
    return [
        Part("outcome", "Agency's decision", REFERRAL_OUTCOME_NAMES.get(entry.outcome, entry.outcome)),
        Part("facts", "Notes", entry.notes),
        Part("refers_to", "About decision", numbers(entry.decision_id)),
    ]


def _addendum(entry: Addendum, numbers: Numbers) -> list[Part]:
    return [Part("refers_to", "Adds to", numbers(entry.refers_to)), Part("facts", "Text", entry.text)]


def _task(entry: Task, _: Numbers) -> list[Part]:
    return [
        Part("facts", "Task", entry.text),
        Part("assigned_to", "For", entry.assignee_name),
        Part("due", "Due", entry.due.isoformat()),
    ]


def _task_done(entry: TaskDone, numbers: Numbers) -> list[Part]:
    # `task_id` names a task, or a referral's decision (its automatic chase): the number says which
    return [Part("refers_to", "Completes", numbers(entry.task_id)), Part("facts", "What was done", entry.note)]


def _known_condition(entry: KnownCondition, _: Numbers) -> list[Part]:
    return [
        Part("facts", "Known condition", f"{entry.condition}: {entry.name}" if entry.name else entry.condition),
        Part("reference", "On the record from", entry.source),
        Part("location", "Where (body-map baseline)", ", ".join(entry.regions) or "anywhere"),
        Part("body_marks", "Marks it explains", ", ".join(entry.mark_types) or "the condition's usual marks"),
    ]


@dataclass(frozen=True)
class Layout:
    """How one kind of entry is exported: its name, and its parts in the order they are printed."""

    words: str
    parts: Callable[[Any, Numbers], list[Part]]


#: Every kind `school_log.codec.KINDS` stores, by the same name.
LAYOUTS: Mapping[str, Layout] = MappingProxyType(
    {
        "concern": Layout("Concern", _concern),
        "notification": Layout("Agency notification", _notification),
        "decision": Layout("Decision", _decision),
        "referral-outcome": Layout("Referral outcome", _referral_outcome),
        "addendum": Layout("Addendum", _addendum),
        "task": Layout("Task", _task),
        "task-done": Layout("Task done", _task_done),
        "health": Layout("Known health condition", _known_condition),
    }
)


def layout(entry: Entry) -> Layout:
    return LAYOUTS[KIND_OF[type(entry)]]


def parts(entry: Entry, numbers: Numbers) -> list[Part]:
    """The parts of `entry` that say something (an empty one is not printed)."""
    return [part for part in layout(entry).parts(entry, numbers) if part.value]


def print_parts(doc: Document, shown: list[Part]) -> None:
    for part in shown:
        doc.field(part.label, part.printed or part.value)


def stamp(item: ChronologyItem) -> str:
    """When it happened, on the school's clock with the zone named: '2026-09-14 08:45 BST'."""
    return local_time.stamp(when(item.entry))


def byline(item: ChronologyItem) -> str:
    role = f" ({item.role})" if item.role else ""
    return f"{item.author}{role} · written {local_time.stamp(item.entry.recorded_at)}"


def print_entry(doc: Document, item: ChronologyItem, numbers: Numbers) -> None:
    """One entry: a heading line, then its parts (facts, the child's words, opinion...), each labelled; the
    heading stays on the page of the first part."""
    about = f" · about {item.pupil.name} (sibling)" if item.sibling else ""
    number = numbers(item.entry.id)

    def heading(pdf: Any) -> None:  # `pdf`: the recorder of an unbreakable block (see `Document.field`)
        pdf.para(f"{number}  {stamp(item)} · {layout(item.entry).words}{about}", bold=True, size=9.5)
        pdf.para(byline(item), size=8)

    shown = parts(item.entry, numbers)
    if not shown:
        with doc.unbreakable() as pdf:
            heading(pdf)
    for n, part in enumerate(shown):
        doc.field(part.label, part.printed or part.value, lead=heading if n == 0 else None)
    doc.ln(2)


def csv_row(item: ChronologyItem, numbers: Numbers) -> list[str]:
    """The entry as CSV cells in `CSV_COLUMNS` order; text that a spreadsheet would run as a formula is quoted."""
    entry = item.entry
    cells = dict.fromkeys(CSV_COLUMNS, "") | {
        "number": numbers(entry.id).removeprefix("#"),
        "occurred": local_time.iso(when(entry), "minutes"),
        "recorded": local_time.iso(entry.recorded_at, "minutes"),
        "kind": KIND_OF[type(entry)],
        "pupil": item.pupil.name,
        "sibling": "yes" if item.sibling else "",
        "author": item.author,
        "role": item.role,
    }
    for part in parts(entry, numbers):
        if cells.get(part.column) != "":  # not a column, or one this row has filled already
            raise ValueError(f"a {cells['kind']} part cannot fill the CSV column {part.column!r}")
        cells[part.column] = part.value
    return [_inert(cells[column]) for column in CSV_COLUMNS]


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would make it a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
