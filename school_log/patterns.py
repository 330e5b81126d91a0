"""Who needs a DSL decision now, how strongly, and why: the pattern engine.

Serious case reviews (Daniel Pelka and others) found that different staff saw
bruises, hunger and police call-outs and nobody put the pieces together. Each
rule below is one such piece-joining question, asked of one pupil's record (and
their siblings'), and answered with a `Flag` that names the entries it rests on.

Two kinds of flag:

* pattern flags fire only when at least one entry they name is still unreviewed
  (in no `Decision.covers`), so a decision clears them and the pupil leaves the
  list; they may still name older, reviewed entries, because that is the pattern.
* overdue flags (`OVERDUE_CODES`) fire on their own: a decision not made in time,
  or a planned review that did not happen.

Windows are measured on `occurred_at` (when it happened, so a late write-up still
joins its pattern); "within N days" means last minus first <= N days; dates are
UTC calendar dates. Every number comes from `Thresholds`. `assess` is pure: the
same record and `now` always give the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType

from school_log.model import (
    BodyMark,
    Concern,
    Decision,
    Entry,
    Flag,
    Notification,
    Pupil,
    ReferralOutcome,
    ReviewItem,
)
from school_log.thresholds import Thresholds
from school_log.workdays import is_overdue

# --- Vocabulary the rules match against --------------------------------------------------

#: How strongly each flag pushes a pupil up the list (the score is their sum).
#: Statutory routes and "staff said urgent" first; single weak signals last.
WEIGHTS: Mapping[str, int] = MappingProxyType(
    {
        "urgent": 5,
        "referral-route": 5,
        "protected-site-bruise": 4,
        "patterned-injury": 4,
        "recurrent-injury": 3,
        "multiple-reporters": 3,
        "neglect-with-injury": 3,
        "concerns-after-decision": 3,
        "repeat-region": 2,
        "unexplained-injury": 2,
        "rising-frequency": 2,
        "agency-notification": 2,
        "household-concerns": 2,
        "decision-overdue": 2,
        "follow-up-overdue": 1,
    }
)
#: Added to `agency-notification` when school concerns sit near the notification.
AGENCY_WITH_CONCERNS_BONUS = 2

#: Flags about time passing, not about the child; alone they only prompt "review".
OVERDUE_CODES: frozenset[str] = frozenset({"decision-overdue", "follow-up-overdue"})

#: Categories that call for a route even on a single occasion, and the route.
REFERRAL_ROUTES: Mapping[str, str] = MappingProxyType(
    {
        "fgm": "FGM: mandatory report to police (teacher's personal duty, girl under 18)",
        "radicalisation": "Prevent / Channel referral",
        "sexual": "Sexual abuse: children's social care; police if a crime may have been committed",
        "cse": "Child sexual exploitation: children's social care and police",
        "cce": "Child criminal exploitation: children's social care and police",
        "forced-marriage": "Forced marriage: police and children's social care; do not contact the family",
        "honour-based-abuse": (
            "Honour-based abuse: police and children's social care; do not contact the family"
        ),
    }
)

#: TEN-4-FACESp (Pierce et al. 2021) protected sites, as tokens of kebab-case region ids.
#: A region id is split on "-" ("face-left-cheek" -> face, left, cheek). It is protected if
#: it contains a multi-word entry as a run ("shoulder-blade"), or otherwise contains a
#: single-word entry and no `NOT_PROTECTED_TOKENS` word (so "back-of-hand" and
#: "back-of-head" are not "back"; "forearm" is a token, so it never matches "ear").
#: Matches every school_log.body_regions id: eyes, ears, cheeks, mouth, jaws, neck-front/back,
#: chests, flanks, abdomen, hips, genital-area, shoulder-blades, upper/lower-back, buttocks.
PROTECTED_SITES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ear": ("ear", "ears", "earlobe"),  # E
        "neck": ("neck",),  # N
        "frenulum": ("frenulum", "mouth", "lip", "lips"),  # F (the frenulum sits inside the lips)
        "angle of jaw": ("jaw",),  # A
        "cheek": ("cheek", "cheeks"),  # C
        "eyelid or eye": ("eye", "eyes", "eyelid", "eyelids"),  # E, S (subconjunctivae)
        # T: torso = chest, abdomen, back, buttocks, genitourinary area and hip.
        # Checked last, so "back-of-neck" reads as the neck.
        "torso": (
            "shoulder-blade", "chest", "abdomen", "abdominal", "stomach", "tummy", "belly",
            "torso", "trunk", "flank", "rib", "ribs", "back", "buttock", "buttocks",
            "genital", "genitals", "groin", "hip", "hips",
        ),
    }
)
#: Region words that make an id *not* protected even with a torso word in it.
NOT_PROTECTED_TOKENS: frozenset[str] = frozenset(
    {
        "head", "scalp", "forehead", "nose", "chin", "shoulder", "arm", "elbow", "forearm",
        "wrist", "hand", "palm", "finger", "fingers", "thumb", "leg", "thigh", "knee", "shin",
        "calf", "ankle", "foot", "feet", "heel", "sole", "toe", "toes",
    }
)
#: Mark types TEN-4-FACESp treats as bruising. "mark" counts: staff often cannot tell a
#: bruise from a red mark, and a child this young cannot say.
BRUISE_TYPES: frozenset[str] = frozenset({"bruise", "mark"})
#: Words in a mark's shape that suggest an implement or a hand (the "p" of TEN-4-FACESp).
PATTERN_SHAPE_WORDS: tuple[str, ...] = ("fingertip", "finger", "hand", "slap", "loop", "cord", "belt", "bite")
#: Words in what happened (or the child's words) that suggest neglect, matched at a word start.
NEGLECT_WORDS = re.compile(
    r"\b(?:hunger|hungry|starv|food|bins?\b|\w*weight|hygiene|smell|tired|unkempt)",
    re.IGNORECASE,
)
#: Decisions and referral outcomes after which new concerns mean "think again".
LOW_DECISIONS: Mapping[str, str] = MappingProxyType(
    {"monitor": "the decision to monitor", "no-further-action": "the decision of no further action"}
)
LOW_REFERRAL_OUTCOMES: Mapping[str, str] = MappingProxyType(
    {
        "no-further-action": "the referral came back no further action",
        "stepped-down": "the case was stepped down",
    }
)
AGENCY_NAMES: Mapping[str, str] = MappingProxyType(
    {"police": "Police", "health": "Health", "social-care": "Social care", "other": "Agency"}
)

_NO_ROLES: Mapping[str, str] = MappingProxyType({})
_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.utc)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- The facts every rule reads ------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """One pupil's record as of `now`, sorted and split by kind."""

    pupil: Pupil
    now: datetime
    t: Thresholds
    roles: Mapping[str, str]
    concerns: tuple[Concern, ...]  # time order
    notifications: tuple[Notification, ...]  # time order
    decisions: tuple[Decision, ...]  # recorded order
    outcomes: tuple[ReferralOutcome, ...]  # recorded order
    unreviewed: frozenset[str]
    household: tuple[tuple[Pupil, tuple[Entry, ...]], ...]

    def is_open(self, entry: Entry) -> bool:
        return entry.id in self.unreviewed


def _when(entry: Entry) -> datetime:
    """When it happened (concerns, notifications) or was recorded (everything else)."""
    return getattr(entry, "occurred_at", None) or entry.recorded_at


def _order_key(entry: Entry) -> tuple[datetime, datetime, str]:
    return (_when(entry), entry.recorded_at, entry.id)


def _mine(pupil: Pupil, entries: Sequence[Entry], now: datetime) -> list[Entry]:
    """This pupil's entries already recorded by `now`, in time order (replays see the past)."""
    return sorted((e for e in entries if e.pupil_id == pupil.id and e.recorded_at <= now), key=_order_key)


def _gather(
    pupil: Pupil,
    entries: Sequence[Entry],
    household: Sequence[tuple[Pupil, Sequence[Entry]]],
    roles: Mapping[str, str],
    now: datetime,
    t: Thresholds,
) -> _Facts:
    mine = _mine(pupil, entries, now)
    concerns = tuple(e for e in mine if isinstance(e, Concern))
    notifications = tuple(e for e in mine if isinstance(e, Notification))
    decisions = tuple(
        sorted((e for e in mine if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id))
    )
    outcomes = tuple(
        sorted((e for e in mine if isinstance(e, ReferralOutcome)), key=lambda o: (o.recorded_at, o.id))
    )
    covered = {entry_id for d in decisions for entry_id in d.covers}
    unreviewed = frozenset(e.id for e in (*concerns, *notifications) if e.id not in covered)
    siblings = tuple((sib, tuple(ents)) for sib, ents in household if sib.id != pupil.id)
    return _Facts(pupil, now, t, roles, concerns, notifications, decisions, outcomes, unreviewed, siblings)


# --- Small helpers -------------------------------------------------------------------------


def _flag(code: str, summary: str, entries: Sequence[Entry], weight: int | None = None) -> Flag:
    """A flag naming `entries` once each, in time order."""
    unique = {e.id: e for e in entries}
    ids = tuple(e.id for e in sorted(unique.values(), key=_order_key))
    return Flag(code, summary, ids, WEIGHTS[code] if weight is None else weight)


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """'1 concern', '3 concerns'."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _day(d: date, now: datetime) -> str:
    """'3 Mar', with the year when it is not this year."""
    text = f"{d.day} {_MONTHS[d.month - 1]}"  # not %b: the locale must not change the words
    return text if d.year == now.year else f"{text} {d.year}"


def _span(dates: Sequence[date], now: datetime) -> str:
    first, last = min(dates), max(dates)
    return _day(first, now) if first == last else f"{_day(first, now)} to {_day(last, now)}"


def _label(region: str) -> str:
    return region.replace("-", " ").strip() or "unrecorded place"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_injury(concern: Concern) -> bool:
    return bool(concern.body_marks)


_Item = tuple[date, Concern, Hashable]


def _best_window(items: Sequence[_Item], count: int, days: int, facts: _Facts) -> list[_Item] | None:
    """The window of <= `days` days with the most distinct keys (>= `count`) and an open entry.

    Each item is (day, concern, key); "distinct keys" are occasions (days) or authors.
    Ties go to the most recent window: that is the one the DSL is deciding on now.
    """
    best: list[_Item] | None = None
    best_keys = 0
    for start in sorted({day for day, _, _ in items}):
        group = [it for it in items if start <= it[0] and (it[0] - start).days <= days]
        keys = len({key for _, _, key in group})
        if keys < count or not any(facts.is_open(c) for _, c, _ in group):
            continue
        if keys >= best_keys:
            best, best_keys = group, keys
    return best


# --- Rules: one small function each, returning a Flag or None --------------------------


def urgent(f: _Facts) -> Flag | None:
    """Staff marked it urgent: the DSL must see it before anything else."""
    hits = [c for c in f.concerns if c.urgent and f.is_open(c)]
    if not hits:
        return None
    return _flag("urgent", f"{_n(len(hits), 'concern')} marked urgent by staff, not yet decided", hits)


def referral_route(f: _Facts) -> Flag | None:
    """Some categories need a route on a single occasion (FGM duty, Prevent, exploitation)."""
    hits = [c for c in f.concerns if f.is_open(c) and any(cat in REFERRAL_ROUTES for cat in c.categories)]
    if not hits:
        return None
    cats = [cat for cat in REFERRAL_ROUTES if any(cat in c.categories for c in hits)]
    return _flag("referral-route", "; ".join(REFERRAL_ROUTES[cat] for cat in cats), hits)


def recurrent_injury(f: _Facts) -> Flag | None:
    """Injuries on separate days close together: accidents rarely recur that fast."""
    items: list[_Item] = [
        (c.occurred_at.date(), c, c.occurred_at.date()) for c in f.concerns if _is_injury(c)
    ]
    best: list[_Item] | None = None
    for count, days in (f.t.recurrent_injury_short, f.t.recurrent_injury_long):
        group = _best_window(items, count, days, f)
        if group and (best is None or len({d for d, _, _ in group}) > len({d for d, _, _ in best})):
            best = group
    if best is None:
        return None
    dates = sorted({d for d, _, _ in best})
    span = (dates[-1] - dates[0]).days
    summary = f"Injuries seen on {len(dates)} occasions in {_n(span, 'day')} ({_span(dates, f.now)})"
    return _flag("recurrent-injury", summary, [c for _, c, _ in best])


def repeat_region(f: _Facts) -> Flag | None:
    """The same place hurt again: repeated injury to one site is rarely accidental."""
    by_region: dict[str, list[_Item]] = {}
    for c in f.concerns:
        for mark in c.body_marks:
            region = mark.region.strip().lower()
            if region:
                day = c.occurred_at.date()
                by_region.setdefault(region, []).append((day, c, day))
    parts: list[str] = []
    named: list[Concern] = []
    for region in sorted(by_region):
        group = _best_window(by_region[region], 2, f.t.repeat_region_days, f)
        if group is None:
            continue
        dates = sorted({d for d, _, _ in group})
        parts.append(f"{_label(region)} on {len(dates)} occasions ({_span(dates, f.now)})")
        named.extend(c for _, c, _ in group)
    if not named:
        return None
    return _flag("repeat-region", "Same place injured again: " + "; ".join(parts), named)


def _unexplained(mark: BodyMark) -> bool:
    return not mark.explanation.strip() or mark.explained_by == "none"


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


def _explanations_differ(marks: Sequence[BodyMark]) -> bool:
    """The child and a parent/carer explained this record's marks differently."""
    child = {_norm(m.explanation) for m in marks if m.explained_by == "child" and m.explanation.strip()}
    adult = {
        _norm(m.explanation) for m in marks if m.explained_by in ("parent", "carer") and m.explanation.strip()
    }
    return bool(child) and bool(adult) and child != adult


def unexplained_injury(f: _Facts) -> Flag | None:
    """No explanation, or accounts that don't match, is a core marker of inflicted injury."""
    missing = 0
    differ: list[Concern] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not (f.is_open(c) and c.body_marks):
            continue
        gaps = sum(1 for m in c.body_marks if _unexplained(m))
        differs = _explanations_differ(c.body_marks)
        missing += gaps
        if differs:
            differ.append(c)
        if gaps or differs:
            named.append(c)
    if not named:
        return None
    parts = []
    if missing:
        parts.append(f"no explanation given for {_n(missing, 'mark')}")
    if differ:
        where = "" if len(differ) == 1 else f" in {len(differ)} records"
        parts.append(f"child and parent/carer explain the marks differently{where}")
    return _flag("unexplained-injury", _capital("; ".join(parts)), named)


def protected_site(region: str) -> str | None:
    """The TEN-4-FACESp site a region id falls in (e.g. "torso", "ear"), or None."""
    tokens = tuple(t for t in region.strip().lower().split("-") if t)
    for site, words in PROTECTED_SITES.items():
        for word in words:
            run = tuple(word.split("-"))
            if len(run) > 1 and any(tokens[i : i + len(run)] == run for i in range(len(tokens))):
                return site
    if NOT_PROTECTED_TOKENS.intersection(tokens):
        return None
    for site, words in PROTECTED_SITES.items():
        if any(t in words for t in tokens):
            return site
    return None


def _age_in_months(born: date, day: date) -> int:
    return (day.year - born.year) * 12 + (day.month - born.month) - (day.day < born.day)


def protected_site_bruise(f: _Facts) -> Flag | None:
    """TEN-4-FACESp: bruising a young child rarely gets by accident (torso, ears, neck, face)."""
    regions: list[str] = []
    infant_ages: list[int] = []
    ages: list[int] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not f.is_open(c):
            continue
        day = c.occurred_at.date()
        age = f.pupil.age_on(day)
        months = _age_in_months(f.pupil.date_of_birth, day)
        hit = False
        for mark in c.body_marks:
            if mark.type not in BRUISE_TYPES:
                continue
            if 0 <= months < f.t.infant_any_bruise_months:
                infant_ages.append(months)
                hit = True
            elif age < f.t.young_child_age and protected_site(mark.region):
                regions.append(_label(mark.region))
                ages.append(age)
                hit = True
        if hit:
            named.append(c)
    if not named:
        return None
    parts = []
    if regions:
        places = ", ".join(dict.fromkeys(regions))
        parts.append(
            f"Bruising to {places} of a child aged {min(ages)} (under {f.t.young_child_age}: TEN-4-FACESp)"
        )
    if infant_ages:
        parts.append(
            f"Bruising on a baby aged {_n(min(infant_ages), 'month')}"
            f" (any bruise under {f.t.infant_any_bruise_months} months: TEN-4-FACESp)"
        )
    return _flag("protected-site-bruise", "; ".join(parts), named)


def _patterned(mark: BodyMark) -> bool:
    shape = mark.shape.casefold()
    return mark.type == "bite" or any(word in shape for word in PATTERN_SHAPE_WORDS)


def patterned_injury(f: _Facts) -> Flag | None:
    """A mark shaped like a hand, bite or implement points to how it was made, at any age."""
    descriptions: list[str] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not f.is_open(c):
            continue
        marks = [m for m in c.body_marks if _patterned(m)]
        if marks:
            named.append(c)
            for m in marks:
                what = f"{m.type} ({m.shape.strip()})" if m.shape.strip() else m.type
                descriptions.append(f"{what} on {_label(m.region)}")
    if not named:
        return None
    return _flag("patterned-injury", "Patterned injury: " + "; ".join(dict.fromkeys(descriptions)), named)


def multiple_reporters(f: _Facts) -> Flag | None:
    """Several different staff worried at once: the pieces case reviews say nobody joined.

    Concerns written by a DSL are not counted (they are often write-ups of others' calls);
    authors missing from `roles` count as staff.
    """
    count, days = f.t.multiple_reporters
    items: list[_Item] = [
        (c.occurred_at.date(), c, c.author_id) for c in f.concerns if f.roles.get(c.author_id) != "dsl"
    ]
    group = _best_window(items, count, days, f)
    if group is None:
        return None
    authors = len({a for _, _, a in group})
    span = (max(d for d, _, _ in group) - min(d for d, _, _ in group)).days
    summary = f"{authors} different staff raised concerns within {_n(span, 'day')}"
    return _flag("multiple-reporters", summary, [c for _, c, _ in group])


def rising_frequency(f: _Facts) -> Flag | None:
    """Concerns coming faster than before: things at home may be getting worse."""
    window = timedelta(days=f.t.rising_window_days)
    recent = [c for c in f.concerns if f.now - window <= c.occurred_at <= f.now]
    before = [c for c in f.concerns if f.now - 2 * window <= c.occurred_at < f.now - window]
    if len(recent) < f.t.rising_min or len(recent) < f.t.rising_factor * len(before):
        return None
    if not any(f.is_open(c) for c in recent):
        return None
    days = f.t.rising_window_days
    summary = (
        f"{_n(len(recent), 'concern')} in the last {days} days,"
        f" up from {len(before)} in the {days} days before"
    )
    return _flag("rising-frequency", summary, recent)


def _neglect_sign(c: Concern) -> bool:
    return "neglect" in c.categories or bool(
        NEGLECT_WORDS.search(c.what_happened) or NEGLECT_WORDS.search(c.child_words)
    )


def neglect_with_injury(f: _Facts) -> Flag | None:
    """Hunger or neglect alongside injuries was the Daniel Pelka picture, seen by different staff."""
    days = f.t.neglect_with_injury_days
    neglect = [c for c in f.concerns if _neglect_sign(c)]
    injuries = [c for c in f.concerns if _is_injury(c)]
    named: dict[str, Concern] = {}
    for n in neglect:
        for i in injuries:
            # One record counts as both only when staff categorised it as neglect: a word
            # like "food" in an injury's own account ("fell in the food hall") is too weak.
            if i is n and "neglect" not in n.categories:
                continue
            close = abs((n.occurred_at.date() - i.occurred_at.date()).days) <= days
            if close and (f.is_open(n) or f.is_open(i)):
                named[n.id], named[i.id] = n, i
    if not named:
        return None
    dates = [c.occurred_at.date() for c in named.values()]
    span = (max(dates) - min(dates)).days
    n_neglect = sum(1 for c in named.values() if _neglect_sign(c))
    n_injury = sum(1 for c in named.values() if _is_injury(c))
    summary = (
        f"Signs of neglect ({_n(n_neglect, 'record')}) and injury ({_n(n_injury, 'record')})"
        f" within {_n(span, 'day')}"
    )
    return _flag("neglect-with-injury", summary, list(named.values()))


def agency_notification(f: _Facts) -> Flag | None:
    """Another agency knows something; with school concerns nearby it is a joined-up picture."""
    open_notes = [n for n in f.notifications if f.is_open(n)]
    if not open_notes:
        return None
    days = f.t.agency_window_days
    near = [
        c
        for c in f.concerns
        if any(abs((c.occurred_at.date() - n.occurred_at.date()).days) <= days for n in open_notes)
    ]
    sources = []
    for n in open_notes:
        source = AGENCY_NAMES.get(n.agency, "Agency")
        if n.kind == "operation-encompass":
            source += " (Operation Encompass)"
        sources.append(source)
    what = ", ".join(dict.fromkeys(sources))
    summary = f"{what} notification not yet reviewed" if len(open_notes) == 1 else (
        f"{len(open_notes)} agency notifications not yet reviewed: {what}"
    )
    weight = WEIGHTS["agency-notification"]
    if near:
        summary += f", with {_n(len(near), 'school concern')} within {days} days"
        weight += AGENCY_WITH_CONCERNS_BONUS
    return _flag("agency-notification", summary, [*open_notes, *near], weight)


def household_concerns(f: _Facts) -> Flag | None:
    """Siblings' concerns are part of this child's picture (same home, same adults)."""
    if not f.unreviewed:
        return None
    since = f.now - timedelta(days=f.t.household_window_days)
    parts: list[str] = []
    named: list[Entry] = []
    for sib, entries in f.household:
        recent = [
            e
            for e in _mine(sib, entries, f.now)
            if isinstance(e, (Concern, Notification)) and since <= e.occurred_at <= f.now
        ]
        if not recent:
            continue
        n_concerns = sum(1 for e in recent if isinstance(e, Concern))
        n_notes = len(recent) - n_concerns
        counts = [_n(k, w) for k, w in ((n_concerns, "concern"), (n_notes, "agency notification")) if k]
        parts.append(f"{sib.name}: {', '.join(counts)}")
        named.extend(recent)
    if not named:
        return None
    summary = f"Sibling concerns in the last {f.t.household_window_days} days ({'; '.join(parts)})"
    return _flag("household-concerns", summary, named)


def concerns_after_decision(f: _Facts) -> Flag | None:
    """New concerns after "monitor" or "no further action": reconsider, challenge or escalate."""
    events: list[Decision | ReferralOutcome] = sorted(
        (*f.decisions, *f.outcomes), key=lambda e: (e.recorded_at, e.id)
    )
    after: dict[str, tuple[Decision | ReferralOutcome, list[Entry]]] = {}
    for entry in (*f.concerns, *f.notifications):
        if not f.is_open(entry):
            continue
        before = [e for e in events if e.recorded_at < entry.recorded_at]
        if not before:
            continue
        last = before[-1]
        low = LOW_DECISIONS if isinstance(last, Decision) else LOW_REFERRAL_OUTCOMES
        if last.outcome in low:
            after.setdefault(last.id, (last, []))[1].append(entry)
    if not after:
        return None
    parts: list[str] = []
    named: list[Entry] = []
    for event, entries in after.values():
        kinds = {type(e) for e in entries}
        noun = "new concern" if kinds == {Concern} else "new entry"
        plural = "new concerns" if kinds == {Concern} else "new entries"
        if isinstance(event, Decision):
            label, advice = LOW_DECISIONS[event.outcome], "reconsider the decision"
        else:
            label = LOW_REFERRAL_OUTCOMES[event.outcome]
            advice = "consider professional challenge / escalation"
        when = _day(event.recorded_at.date(), f.now)
        parts.append(f"{_n(len(entries), noun, plural)} since {label} ({when}): {advice}")
        named.extend([event, *entries])
    return _flag("concerns-after-decision", _capital("; ".join(parts)), named)


def decision_overdue(f: _Facts) -> Flag | None:
    """Safeguarding decisions are due within a working day; waiting is itself a risk."""
    k = f.t.decision_overdue_working_days
    late = [
        e
        for e in (*f.concerns, *f.notifications)
        if f.is_open(e) and is_overdue(e.recorded_at, f.now, f.t.holidays, working_days=k)
    ]
    if not late:
        return None
    oldest = min(e.recorded_at for e in late).date()
    summary = (
        f"{_n(len(late), 'entry', 'entries')} waiting over {_n(k, 'working day')} for a decision"
        f" (oldest recorded {_day(oldest, f.now)})"
    )
    return _flag("decision-overdue", summary, late)


def follow_up_overdue(f: _Facts) -> Flag | None:
    """A decision promised a review by a date; that date passed with no new decision."""
    if not f.decisions:
        return None
    latest = f.decisions[-1]
    if latest.review_by is None or f.now.date() <= latest.review_by:
        return None
    late = (f.now.date() - latest.review_by).days
    summary = (
        f"Review was due {_day(latest.review_by, f.now)} ({_n(late, 'day')} ago)"
        f" after the decision '{latest.outcome}'"
    )
    return _flag("follow-up-overdue", summary, [latest])


#: Every rule, in the order their flags are listed when weights tie.
RULES: tuple[Callable[[_Facts], Flag | None], ...] = (
    urgent,
    referral_route,
    protected_site_bruise,
    patterned_injury,
    recurrent_injury,
    multiple_reporters,
    neglect_with_injury,
    concerns_after_decision,
    agency_notification,
    repeat_region,
    unexplained_injury,
    rising_frequency,
    household_concerns,
    decision_overdue,
    follow_up_overdue,
)


# --- The public entry points -------------------------------------------------------------


def assess(
    pupil: Pupil,
    entries: Sequence[Entry],
    *,
    household: Sequence[tuple[Pupil, Sequence[Entry]]] = (),
    roles: Mapping[str, str] = _NO_ROLES,
    now: datetime,
    thresholds: Thresholds = Thresholds(),
) -> ReviewItem | None:
    """The pupil's place on the DSL's list as of `now`, or None if nothing needs a decision.

    `entries` is this pupil's record (others' entries are ignored), `household` the
    siblings with theirs, `roles` maps author ids to "staff" or "dsl".
    """
    facts = _gather(pupil, entries, household, roles, now, thresholds)
    order = {rule: i for i, rule in enumerate(RULES)}
    found = [(flag, order[rule]) for rule in RULES if (flag := rule(facts)) is not None]
    if not facts.unreviewed and not found:
        return None
    flags = tuple(flag for flag, _ in sorted(found, key=lambda fi: (-fi[0].weight, fi[1])))
    open_entries = [e for e in (*facts.concerns, *facts.notifications) if facts.is_open(e)]
    oldest = min((e.recorded_at for e in open_entries), default=None)
    pattern = any(flag.code not in OVERDUE_CODES for flag in flags)
    return ReviewItem(
        pupil=pupil,
        prompt="consider-referral" if pattern else "review",
        unreviewed=len(open_entries),
        oldest_unreviewed_at=oldest,
        flags=flags,
        score=sum(flag.weight for flag in flags),
    )


def sort_key(item: ReviewItem) -> tuple[int, int, datetime, str, str, str]:
    """Order for the DSL's list: consider-referral first, strongest score, longest waiting."""
    return (
        0 if item.prompt == "consider-referral" else 1,
        -item.score,
        item.oldest_unreviewed_at or _FAR_FUTURE,
        item.pupil.family_name.casefold(),
        item.pupil.given_name.casefold(),
        item.pupil.id,
    )


__all__ = [
    "AGENCY_WITH_CONCERNS_BONUS",
    "BRUISE_TYPES",
    "NOT_PROTECTED_TOKENS",
    "OVERDUE_CODES",
    "PATTERN_SHAPE_WORDS",
    "PROTECTED_SITES",
    "REFERRAL_ROUTES",
    "RULES",
    "WEIGHTS",
    "assess",
    "protected_site",
    "sort_key",
]
