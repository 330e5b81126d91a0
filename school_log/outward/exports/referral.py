"""The referral pack a DSL sends to the MASH: enough to act on without phoning the school.

Contents, in order, one function a section (so a section can be added between them):
why now (the reason for referral and the immediate risk: is the child safe tonight?);
the referrer (the school's address, URN and phone; the DSL's phone and email, from
`[school]` in config.toml); the child; household and siblings, with a sibling's child
protection plan or open enquiry; the decision with its rationale, threshold level,
parents' awareness and consent; the patterns the log noticed, as they stood when the
decision was made, in words for a reader outside the school; other agencies involved;
agency notifications; the chronology in date order (author and role, facts apart from
opinion, the child's words quoted); and the cumulative body map drawn as a picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from school_log import local_time
from school_log.config import Referrer
from school_log.model import (
    AGENCY_NAMES,
    NOTIFICATION_KIND_NAMES,
    OUTCOME_NAMES,
    REFERRING_OUTCOMES,
    Concern,
    Decision,
    Entry,
    Family,
    Flag,
    Notification,
    Pupil,
    ReferralOutcome,
    when,
)
from school_log.outward.exports import body_map
from school_log.outward.exports.entries import Numbers, byline, parts, print_entry, print_parts, stamp
from school_log.outward.exports.pdf import Document
from school_log.patterns.facts import live_referral
from school_log.patterns.vocab import OVERDUE_CODES
from school_log.views import Chronology, ChronologyItem

#: Each pattern as a reader outside the school understands it: what the log looked for.
PATTERN_WORDS: dict[str, str] = {
    "urgent": "A member of staff marked a concern urgent",
    "referral-route": "A kind of concern that calls for a referral on a single occasion",
    "recurrent-injury": "Injuries seen on several occasions",
    "repeat-region": "The same part of the body injured again",
    "unexplained-injury": "Injuries without an explanation that fits",
    "protected-site-bruise": "Bruising where young children are rarely hurt by accident (TEN-4-FACESp rule)",
    "patterned-injury": "A mark shaped like a hand or an implement",
    "multiple-reporters": "Several members of staff worried within a short time",
    "rising-frequency": "Concerns becoming more frequent",
    "neglect-with-injury": "Signs of neglect alongside injuries",
    "agency-notification": "Information from another agency alongside the school's concerns",
    "household-concerns": "Concerns about the child's siblings at the same time",
    "concerns-after-decision": "Further concerns after an earlier decision not to refer",
}
#: Taken out of a pattern's detail: the log's words to its own DSL, which mean nothing to an outside reader,
#: and the words the pattern's title already says.
_DROPPED = (
    "Patterned injury: ",
    "Same place injured again: ",
    ", not yet decided",
    " not yet reviewed",
    "; reconsider the decision",
    "; consider professional challenge / escalation",
)
#: A sibling's live referral, in words for an outside reader.
_LIVE_WORDS = {
    "Open s47": "open section 47 child protection enquiry",
    "Open s17": "child in need (section 17)",
    "Referral accepted": "referral accepted by children's social care",
    "Referred — awaiting outcome": "referred by the school, awaiting the outcome",
}
_FLAG_WORDS = {"cp-plan": "on a child protection plan", "cin": "child in need", "looked-after": "looked after"}


@dataclass(frozen=True)
class Sender:
    """Who sends the pack: the school as the vault names it, its details from config.toml, the DSL."""

    school: str
    referrer: Referrer
    prepared_by: str


@dataclass(frozen=True)
class Patterns:
    """The log's patterns as they stood at `at` (the decision, or now when there is none)."""

    flags: tuple[Flag, ...]
    at: datetime
    at_decision: bool


def referral_pack(
    chron: Chronology,
    sender: Sender,
    since: date | None,
    at: datetime,
    patterns: Patterns,
    password: str | None = None,
) -> bytes:
    """The pack as PDF bytes, prepared at `at` (nothing touches the disk here); `password` encrypts it.

    `chron` holds the siblings' entries too (for their status); the pack prints only the child's."""
    pupil = chron.pupil
    own = [i for i in chron.items if not i.sibling]
    items = [i for i in own if since is None or local_time.local_day(when(i.entry)) >= since]
    numbers = Numbers(items)
    doc = Document("Referral pack", sender.school, at)
    left_out = len(own) - len(items)
    period = f"entries from {since.isoformat()}" if since else "the whole file"
    if left_out:
        period += (
            f" ({left_out} earlier {'entry' if left_out == 1 else 'entries'} not included: ask for the whole file)"
        )
    doc.title_block(
        f"Referral pack: {pupil.name}",
        f"{sender.school} · prepared by {sender.prepared_by} on {local_time.stamp(at)} · {period}",
    )
    decision = next((i for i in reversed(items) if isinstance(i.entry, Decision)), None)
    why_now(doc, decision)
    referrer(doc, sender)
    child(doc, pupil, local_time.local_day(at))
    _child_and_family(doc, chron.family)
    household(doc, chron)
    decided(doc, decision, numbers)
    noticed(doc, patterns, numbers)
    agencies(doc, items, numbers)
    notifications(doc, items, numbers)
    chronology(doc, items, numbers)
    cumulative_body_map(doc, items)
    return doc.render(password)


def why_now(doc: Document, item: ChronologyItem | None) -> None:
    """The reason for referral and the immediate risk, first: what a duty social worker decides on."""
    doc.heading("Why now")
    decision = item.entry if item else None
    if not isinstance(decision, Decision):
        doc.para("No decision is recorded in this period.")
        return
    doc.field("Decision", OUTCOME_NAMES.get(decision.outcome, decision.outcome))
    referring = decision.outcome in REFERRING_OUTCOMES
    unsaid = "not recorded by the school" if referring else ""
    doc.field("Reason for referral", decision.why_now or unsaid)
    doc.field("Immediate risk", decision.immediate_risk or unsaid)


def referrer(doc: Document, sender: Sender) -> None:
    """Who refers and how to reach them today."""
    details = sender.referrer
    doc.heading("Referrer")
    doc.field("School", sender.school)
    doc.field("Address", details.address or "not set (config.toml [school] address)")
    doc.field("URN", details.urn)
    doc.field("School phone", details.phone)
    doc.field("Referred by", sender.prepared_by)
    doc.field("DSL phone", details.dsl_phone)
    doc.field("DSL email", details.dsl_email)


def child(doc: Document, pupil: Pupil, today: date) -> None:
    doc.heading("The child")
    doc.field("Legal name", f"{pupil.given_name} {pupil.family_name}")
    doc.field("Known as", pupil.preferred_name)
    doc.field("Date of birth", f"{pupil.date_of_birth.isoformat()} (age {pupil.age_on(today)})")
    doc.field("UPN", pupil.upn)
    doc.field("Year group", pupil.year_group)
    doc.field("Sex", pupil.sex)
    doc.field("Flags", ", ".join(pupil.flags))


def household(doc: Document, chron: Chronology) -> None:
    """Siblings on roll, each with a child protection plan, a live referral or open enquiry shown."""
    doc.heading("Household and siblings")
    if not chron.household:
        doc.para("No siblings on roll at this school.")
    for sibling in chron.household:
        born = sibling.date_of_birth.isoformat()
        status = sibling_status(sibling, [i.entry for i in chron.items if i.pupil.id == sibling.id])
        said = f" · {status}" if status else ""
        doc.para(f"{sibling.name} · born {born} · year {sibling.year_group} · UPN {sibling.upn}{said}")


def sibling_status(sibling: Pupil, entries: Sequence[Entry]) -> str:
    """'on a child protection plan; open section 47 child protection enquiry', or ''."""
    own = [e for e in entries if e.transferred is None]
    decisions = sorted((e for e in own if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id))
    outcomes = sorted((e for e in own if isinstance(e, ReferralOutcome)), key=lambda o: (o.recorded_at, o.id))
    live, _ = live_referral(decisions, outcomes)
    said = [words for flag, words in _FLAG_WORDS.items() if flag in sibling.flags]
    return "; ".join([*said, _LIVE_WORDS.get(live, live)] if live else said)


def decided(doc: Document, item: ChronologyItem | None, numbers: Numbers) -> None:
    """The latest decision: rationale, level, who was told and asked, who it was discussed with."""
    doc.heading("Decision")
    if item is None:
        doc.para("No decision is recorded in this period.")
        return
    print_parts(doc, [p for p in parts(item.entry, numbers) if p.column not in ("why_now", "immediate_risk")])
    doc.field("Decided by", byline(item))


def noticed(doc: Document, patterns: Patterns, numbers: Numbers) -> None:
    """What the log noticed when the decision was made (or now, with none), never its reminders to the DSL."""
    flags = [flag for flag in patterns.flags if flag.code not in OVERDUE_CODES]
    if not flags:
        return
    moment = "when the decision was made" if patterns.at_decision else "when this pack was prepared"
    doc.heading("Patterns noted by the log")
    doc.para(f"What the school's log pointed out {moment} ({patterns.at:%Y-%m-%d}), from the entries named:", size=8.5)
    for flag in flags:
        refs = numbers(*(e for e in flag.entries if e in numbers.of))
        detail = outside_words(flag.summary)
        title = PATTERN_WORDS.get(flag.code, "")
        text = f"{title}: {detail}" if title else detail
        doc.para(f"• {text}" + (f" ({refs})" if refs else ""))


def outside_words(summary: str) -> str:
    """A flag's summary without the log's words to its own DSL ("not yet reviewed")."""
    for words in _DROPPED:
        summary = summary.replace(words, "")
    return summary


def agencies(doc: Document, items: list[ChronologyItem], numbers: Numbers) -> None:
    """Every other agency the file names, together: who told the school, who it referred to, who it asked."""
    named: dict[str, list[str]] = {}
    for item in items:
        entry, number = item.entry, numbers(item.entry.id)
        if isinstance(entry, Notification):
            kind = NOTIFICATION_KIND_NAMES.get(entry.kind, entry.kind)
            ref = f", ref {entry.reference}" if entry.reference else ""
            named.setdefault(AGENCY_NAMES.get(entry.agency, entry.agency), []).append(f"{kind} {number}{ref}")
        if isinstance(entry, Decision):
            if entry.agency:
                ref = f", ref {entry.reference}" if entry.reference else ""
                named.setdefault(entry.agency, []).append(f"referred to {number}{ref}")
            for who in entry.discussed_with:
                named.setdefault(who, []).append(f"decision discussed with them {number}")
    doc.heading("Other agencies involved")
    if not named:
        doc.para("None named in this period.")
    for agency, how in named.items():
        doc.field(agency, "; ".join(how))


def notifications(doc: Document, items: list[ChronologyItem], numbers: Numbers) -> None:
    doc.heading("Agency notifications")
    notes = [i for i in items if isinstance(i.entry, Notification)]
    if not notes:
        doc.para("None recorded in this period.")
    for item in notes:
        said = {part.column: part.value for part in parts(item.entry, numbers)}
        ref = f" · ref {said['reference']}" if "reference" in said else ""
        doc.para(f"{numbers(item.entry.id)}  {stamp(item)} · {said['agency']}{ref}: {said['facts']}")


def chronology(doc: Document, items: list[ChronologyItem], numbers: Numbers) -> None:
    doc.heading("Chronology")
    if not items:
        doc.para("Nothing is recorded in this period.")
    for item in items:
        print_entry(doc, item, numbers)


def cumulative_body_map(doc: Document, items: list[ChronologyItem]) -> None:
    marks = [
        body_map.NumberedMark(n, local_time.local_day(when(i.entry)), mark)
        for n, (i, mark) in enumerate(
            ((i, m) for i in items if isinstance(i.entry, Concern) for m in i.entry.body_marks), 1
        )
    ]
    doc.add_page()
    doc.heading("Cumulative body map")
    if not marks:
        doc.para("No body marks are recorded in this period.")
        return
    doc.set_y(body_map.draw(doc, marks, doc.get_y() + 2))
    doc.para("Legend", bold=True)
    for numbered in marks:
        doc.para(body_map.legend_line(numbered), size=8.5)


def _child_and_family(doc: Document, family: Family) -> None:
    """Who the child lives with and how to reach them, so a MASH need not phone the school first."""
    doc.heading("The child and family")
    if family == Family():
        doc.para("No family details are recorded on the school's roster.")
        return
    interpreter = {True: "needed", False: "not needed", None: ""}[family.interpreter]
    language = family.first_language + (
        f" (interpreter {interpreter})" if interpreter and family.first_language else ""
    )
    doc.field("Address", family.address or "Not recorded")
    doc.field("First language", language or (f"Interpreter {interpreter}" if interpreter else "Not recorded"))
    doc.field("Ethnicity", family.ethnicity or "Not recorded")
    doc.field("SEND", family.send or "None recorded")
    doc.field("GP", family.gp or "Not recorded")
    if not family.contacts:
        doc.field("Parents / carers", "None recorded")
    for n, contact in enumerate(family.contacts, 1):
        responsibility = (
            "has parental responsibility" if contact.parental_responsibility else "no parental responsibility recorded"
        )
        about = ", ".join(part for part in (contact.relationship, responsibility) if part)
        lives = f" · lives at {contact.address}" if contact.address and contact.address != family.address else ""
        doc.field(
            f"Contact {n}",
            f"{contact.name} ({about})"
            + (f" · {contact.phone}" if contact.phone else "")
            + (f" · {contact.email}" if contact.email else "")
            + lives,
        )
    doc.field("Others at home", "; ".join(family.household_members) or "None recorded")
