"""The referral pack a DSL sends to the MASH: the child, the household, the decision, the evidence.

Contents, in order: the child's details; household and siblings; the decision
with its rationale and threshold level; the patterns the log noticed; agency
notifications; the chronology in date order (author and role, facts apart from
opinion, the child's words quoted); and the cumulative body map drawn as a
picture, front and back, each mark numbered with a legend of date, type, size
and the explanation given.
"""

from __future__ import annotations

from datetime import date, datetime

from school_log import local_time
from school_log.exports import body_map
from school_log.exports.entries import Numbers, byline, parts, print_entry, print_parts, stamp
from school_log.exports.pdf import Document
from school_log.model import Concern, Decision, Family, Notification, when
from school_log.views import Chronology


def referral_pack(
    chron: Chronology,
    school: str,
    prepared_by: str,
    since: date | None,
    at: datetime,
    password: str | None = None,
) -> bytes:
    """The pack as PDF bytes, prepared at `at` (nothing touches the disk here); `password` encrypts it."""
    pupil = chron.pupil
    items = [
        i for i in chron.items if not i.sibling and (since is None or local_time.local_day(when(i.entry)) >= since)
    ]
    numbers = Numbers(items)
    doc = Document("Referral pack", school, at)
    period = f"entries from {since.isoformat()}" if since else "every entry on file"
    doc.title_block(
        f"Referral pack: {pupil.name}",
        f"{school} · prepared by {prepared_by} on {local_time.stamp(at)} · {period}",
    )

    doc.heading("The child")
    today = local_time.local_day(at)
    doc.field("Legal name", f"{pupil.given_name} {pupil.family_name}")
    doc.field("Known as", pupil.preferred_name)
    doc.field("Date of birth", f"{pupil.date_of_birth.isoformat()} (age {pupil.age_on(today)})")
    doc.field("UPN", pupil.upn)
    doc.field("Year group", pupil.year_group)
    doc.field("Sex", pupil.sex)
    doc.field("Flags", ", ".join(pupil.flags))
    _child_and_family(doc, chron.family)

    doc.heading("Household and siblings")
    if not chron.household:
        doc.para("No siblings on roll at this school.")
    for sibling in chron.household:
        born = sibling.date_of_birth.isoformat()
        doc.para(f"{sibling.name} · born {born} · year {sibling.year_group} · UPN {sibling.upn}")

    doc.heading("Decision")
    decisions = [i for i in items if isinstance(i.entry, Decision)]
    if not decisions:
        doc.para("No decision is recorded in this period.")
    for item in decisions[-1:]:
        print_parts(doc, parts(item.entry, numbers))
        doc.field("Decided by", byline(item))

    if chron.review and chron.review.flags:
        doc.heading("Patterns noted by the log")
        for flag in chron.review.flags:
            refs = numbers(*(e for e in flag.entries if e in numbers.of))
            doc.para(f"• {flag.summary}" + (f" ({refs})" if refs else ""))

    doc.heading("Agency notifications")
    notes = [i for i in items if isinstance(i.entry, Notification)]
    if not notes:
        doc.para("None recorded in this period.")
    for item in notes:
        said = {part.column: part.value for part in parts(item.entry, numbers)}
        ref = f" · ref {said['reference']}" if "reference" in said else ""
        doc.para(f"{numbers(item.entry.id)}  {stamp(item)} · {said['agency']}{ref}: {said['facts']}")

    doc.heading("Chronology")
    if not items:
        doc.para("Nothing is recorded in this period.")
    for item in items:
        print_entry(doc, item, numbers)

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
    else:
        doc.set_y(body_map.draw(doc, marks, doc.get_y() + 2))
        doc.para("Legend", bold=True)
        for numbered in marks:
            doc.para(body_map.legend_line(numbered), size=8.5)
    return doc.render(password)


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
