"""What the screens call things: flag badges, outcome and level names, and dates and times.

Kept in one place so every screen says the same words for the same domain value,
and none of them shows an internal id. How an entry itself reads is `tui.entry_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType

from school_log.body_regions import REGIONS_BY_ID
from school_log.local_time import local, local_day, zone
from school_log.model import (
    MONTHS,
    Addendum,
    Concern,
    Decision,
    Flag,
    KnownCondition,
    Notification,
    Pupil,
    ReferralOutcome,
    Task,
    TaskDone,
)
from school_log.patterns.vocab import OVERDUE_CODES

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
        # What the words say (school_log.indicators): the thing itself, in a DSL's words, so the badge reads
        # as the reason to act before the summary is read; the summary quotes the words.
        "disclosure": "told of harm",
        "domestic-abuse-witnessed": "domestic abuse",
        "online-grooming": "grooming",
        "unsafe-care": "unsafe carer",
        "adult-load": "young carer",
        "exploitation-missing": "missing+exploited",
        "whereabouts-unknown": "whereabouts unknown",
        "fgm-told": "FGM told",
        "honour-based": "honour abuse",
        "indecent-image": "indecent image",
        "private-fostering": "private fostering",
        "immediate-danger": "DANGER",
        "frightened-at-home": "afraid of home",
        "household-child": "child at home",
        "non-mobile-baby": "baby bruised",
        "missing-education": "missing education",
    }
)
CATEGORY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "physical": "Physical abuse",
        "emotional": "Emotional abuse",
        "sexual": "Sexual abuse",
        "neglect": "Neglect",
        "child-on-child": "Child-on-child abuse",
        "online": "Online safety",
        "domestic-abuse": "Domestic abuse",
        "cse": "Child sexual exploitation (CSE)",
        "cce": "Child criminal exploitation (CCE)",
        "fgm": "Female genital mutilation (FGM)",
        "forced-marriage": "Forced marriage",
        "honour-based-abuse": "Honour-based abuse",
        "radicalisation": "Radicalisation",
        "mental-health": "Mental health",
        "self-harm": "Self-harm",
        "missing-education": "Missing education",
        "attendance": "Attendance",
        "other": "Other",
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
CONSENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "given": "Given by the parents or carers",
        "refused": "Refused (say in the rationale why you went ahead or not)",
        "not-sought": "Not sought (say why in the rationale)",
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
        Task: "Task",
        TaskDone: "Task done",
        KnownCondition: "Known health condition",
    }
)
TYPED_FORMAT = "%Y-%m-%d %H:%M"
TYPED_AS = "YYYY-MM-DD HH:MM"
"""How a person types a time into a form (local wall-clock minutes)."""


def is_overdue(flag: Flag) -> bool:
    """A flag about time passing (shown in the warning colour)."""
    return flag.code in OVERDUE_CODES


def badge(flag: Flag) -> str:
    return FLAG_BADGES.get(flag.code, flag.code)


def day(d: date) -> str:
    """'7 Nov 2026' — month words, never a locale's or an ambiguous 07/11."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def on_day(t: datetime) -> str:
    """The local calendar day of an instant, as `day` writes it."""
    return day(local_day(t))


def moment(t: datetime) -> str:
    """An instant on the school's clock, to the minute: '17 Nov 2026 09:30'."""
    there = local(t)
    return f"{day(there.date())} {there:%H:%M}"


def as_typed(t: datetime) -> str:
    """An instant as a form field holds it: the school's time, '2026-11-17 09:30'."""
    return local(t).strftime(TYPED_FORMAT)


def parse_typed(text: str) -> datetime:
    """The school's 'YYYY-MM-DD HH:MM' as an aware instant; ValueError if it is not one."""
    return datetime.strptime(text.strip(), TYPED_FORMAT).replace(tzinfo=zone())


def waited(since: datetime | None, now: datetime) -> str:
    """How long the oldest unreviewed entry has waited: '3d', '5h', 'new'."""
    if since is None:
        return "—"
    hours = int((now - since).total_seconds() // 3600)
    if hours >= 24:
        return f"{hours // 24}d"
    return f"{hours}h" if hours > 0 else "new"


def year(pupil: Pupil, *, short: bool = True) -> str:
    """'Y4' in tables ('Year 4' in full); 'Nursery' either way."""
    if pupil.year_group.upper() == "N":
        return "Nursery"
    return f"Y{pupil.year_group}" if short else f"Year {pupil.year_group}"


def pupil_flags(flags: Iterable[str]) -> str:
    """'CP plan SEN': a pupil's (or a roster row's) flags as people say them."""
    return " ".join(PUPIL_FLAG_LABELS.get(f, f) for f in flags)


def region_label(region_id: str) -> str:
    region = REGIONS_BY_ID.get(region_id)
    return region.label if region else region_id


def category(code: str) -> str:
    """'cse' -> 'Child sexual exploitation (CSE)': never the code where a person reads it."""
    return CATEGORY_LABELS.get(code, code.replace("-", " ").capitalize())


_FUTURE = re.compile(r"^'(?P<value>[^']+)' is in the future$")
_UNCHOSEN = re.compile(r"^(missing|None) is not one of: .*$", re.DOTALL)


def humane(message: str, choose: str = "") -> str:
    """A domain message ('outcome: missing is not one of: ...') as a person says it, beside its field.

    The field's own name is dropped (the message sits under it); a choice not made says
    what to choose; a time in the future is shown as a date, not as ISO 8601.
    """
    field, colon, problem = message.partition(": ")
    if not colon or not field.replace("_", "").isalnum():
        problem = message
    problem = problem.strip()
    if _UNCHOSEN.match(problem) or (choose and problem.startswith("is required (")):
        problem = choose or "choose one"
    elif problem == "is required and must not be empty":
        problem = "this is required"
    elif match := _FUTURE.match(problem):
        try:
            problem = f"that date is in the future: {moment(datetime.fromisoformat(match['value']))}"
        except ValueError:
            pass
    return problem[:1].upper() + problem[1:]


_ASIDE = re.compile(r" \(([^()]*)\)")
_DATED = re.compile(r"(\d{1,2} [A-Z][a-z]{2}(?: \d{4})?) (.+)")


def plain_why(summary: str) -> str:
    """A flag's reason as a busy DSL reads it in three seconds: each reason said once.

    "within 0 days" reads "on the same day"; an aside repeated on every occasion ("(unusual site
    for an accident)" five times) is said once at the end with how many it was; occasions with
    the same account are put together ("not explained on 1 Nov, 5 Nov and 9 Nov").
    """
    text = re.sub(r"\b(?:within|in) 0 days\b", "on the same day", summary)
    asides = [a for a in _ASIDE.findall(text)]
    repeated = [a for a in dict.fromkeys(asides) if asides.count(a) > 1]
    for aside in repeated:
        text = text.replace(f" ({aside})", "")
    head, colon, tail = text.rpartition(": ")
    parts: list[str] = []
    for part in tail.split("; "):  # an account may hold "; " itself ("patterned bruise; not explained")
        if parts and not _DATED.fullmatch(part):
            parts[-1] += f"; {part}"
        else:
            parts.append(part)
    dated = [_DATED.fullmatch(part) for part in parts]
    if colon and all(dated):
        by_account: dict[str, list[str]] = {}
        for match in dated:
            assert match is not None
            by_account.setdefault(match[2], []).append(match[1])
        if len(by_account) < len(parts):
            tail = "; ".join(f"{account} on {_and(days)}" for account, days in by_account.items())
            text = f"{head}: {tail}"
    for aside in repeated:
        text += f" — {aside}: {asides.count(aside)} of them"
    return text


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
