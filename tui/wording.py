"""What the DSL screens call things: flag badges, outcome and level names, dates, entry text.

Kept in one place so the dashboard, the chronology and the modals say the same
words for the same domain value, and none of them shows an internal id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType

from school_log.body_regions import REGIONS_BY_ID
from school_log.model import (
    Addendum,
    BodyMark,
    Concern,
    Decision,
    Entry,
    Flag,
    Notification,
    Pupil,
    ReferralOutcome,
)
from school_log.patterns import OVERDUE_CODES

#: Short badges for the review list; the flag's summary says the rest.
FLAG_BADGES: Mapping[str, str] = MappingProxyType(
    {
        "urgent": "URGENT",
        "referral-route": "route",
        "protected-site-bruise": "TEN-4",
        "patterned-injury": "patterned",
        "recurrent-injury": "recurrent",
        "multiple-reporters": "reporters",
        "neglect-with-injury": "neglect+injury",
        "concerns-after-decision": "after decision",
        "agency-notification": "agency",
        "repeat-region": "same place",
        "unexplained-injury": "unexplained",
        "rising-frequency": "rising",
        "household-concerns": "siblings",
        "decision-overdue": "decision late",
        "follow-up-overdue": "review late",
    }
)
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "refer-social-care": "Refer to children's social care",
        "refer-police": "Refer to police",
        "early-help": "Early help",
        "lado": "Refer to the LADO (allegation about an adult)",
        "consult": "Consult social care (advice, no referral)",
        "monitor": "Monitor in school",
        "no-further-action": "No further action",
    }
)
LEVEL_LABELS: Mapping[int, str] = MappingProxyType(
    {
        1: "1 Universal",
        2: "2 Additional / single-agency",
        3: "3 Multi-agency early help",
        4: "4 Statutory (s17 / s47)",
    }
)
AGENCY_LABELS: Mapping[str, str] = MappingProxyType(
    {"police": "Police", "health": "Health", "social-care": "Children's social care", "other": "Other agency"}
)
NOTIFICATION_KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {"operation-encompass": "Operation Encompass", "other": "Other notification"}
)
REFERRAL_OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "accepted": "Accepted",
        "s17": "Section 17 (child in need)",
        "s47": "Section 47 (child protection enquiry)",
        "no-further-action": "No further action",
        "stepped-down": "Stepped down",
    }
)
PUPIL_FLAG_LABELS: Mapping[str, str] = MappingProxyType(
    {"cp-plan": "CP plan", "cin": "CIN", "looked-after": "Looked after", "sen": "SEN", "eal": "EAL"}
)
KIND_LABELS: Mapping[type, str] = MappingProxyType(
    {
        Concern: "Concern",
        Notification: "Notification",
        Decision: "Decision",
        ReferralOutcome: "Referral outcome",
        Addendum: "Addendum",
    }
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_overdue(flag: Flag) -> bool:
    """A flag about time passing (shown in the warning colour)."""
    return flag.code in OVERDUE_CODES


def badge(flag: Flag) -> str:
    return FLAG_BADGES.get(flag.code, flag.code)


def day(d: date) -> str:
    """'7 Nov 2026' — month words, never a locale's or an ambiguous 07/11."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def on_day(t: datetime) -> str:
    """The local calendar day of an instant, as `day` writes it."""
    return day(t.astimezone().date())


def moment(t: datetime) -> str:
    """An instant in this computer's local time, to the minute: '17 Nov 2026 09:30'."""
    local = t.astimezone()
    return f"{day(local.date())} {local:%H:%M}"


def waited(since: datetime | None, now: datetime) -> str:
    """How long the oldest unreviewed entry has waited: '3d', '5h', 'new'."""
    if since is None:
        return "—"
    hours = int((now - since).total_seconds() // 3600)
    if hours >= 24:
        return f"{hours // 24}d"
    return f"{hours}h" if hours > 0 else "new"


def year(pupil: Pupil) -> str:
    return "Nursery" if pupil.year_group.upper() == "N" else f"Y{pupil.year_group}"


def pupil_flags(pupil: Pupil) -> str:
    return " ".join(PUPIL_FLAG_LABELS.get(f, f) for f in pupil.flags)


def region_label(region_id: str) -> str:
    region = REGIONS_BY_ID.get(region_id)
    return region.label if region else region_id


def first_words(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def gist(entry: Entry) -> str:
    """The one line that says what an entry is about."""
    match entry:
        case Concern():
            marks = f" [{len(entry.body_marks)} mark{'s' * (len(entry.body_marks) != 1)}]" if entry.body_marks else ""
            return ("URGENT " if entry.urgent else "") + entry.what_happened + marks
        case Notification():
            return f"{AGENCY_LABELS.get(entry.agency, entry.agency)}: {entry.summary}"
        case Decision():
            return f"{OUTCOME_LABELS.get(entry.outcome, entry.outcome)} (level {entry.level}): {entry.rationale}"
        case ReferralOutcome():
            return f"{REFERRAL_OUTCOME_LABELS.get(entry.outcome, entry.outcome)}{': ' + entry.notes if entry.notes else ''}"
        case Addendum():
            return entry.text
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
