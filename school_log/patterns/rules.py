"""The pattern rules: one small function per flag, each naming the entries it rests on.

Each rule asks one piece-joining question of a pupil's `Facts` and answers with a
`Flag` or None. The words they match are in `patterns.vocab`, how much an injury
weighs in `patterns.weights`, every number in `Thresholds`; the rules about what
happens after a decision are in `patterns.decision_rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from school_log.local_time import local_day
from school_log.model import (
    AGENCY_NAMES,
    BodyMark,
    Concern,
    Entry,
    Flag,
    Notification,
    age_in_months,
)
from school_log.patterns.decision_rules import concerns_after_decision, decision_overdue, follow_up_overdue
from school_log.patterns.facts import (
    Facts,
    Item,
    accounts_text,
    best_window,
    capitalised,
    count_of,
    entries_of,
    heaviest_window,
    is_injury,
    make_flag,
    region_label,
    span_text,
)
from school_log.patterns.vocab import (
    BRUISE_TYPES,
    CME_WORDS,
    REFERRAL_ROUTES,
)
from school_log.patterns.weights import (
    Occasion,
    accident_only,
    explanations_differ,
    known_condition,
    misfits,
    neglect_sign,
    protected_site,
    unexplained,
    weigh_mark,
    weigh_record,
    witnessed,
    worrying_pattern,
)
from school_log.patterns.word_rules import WORD_RULES

# --- Rules: one small function each, returning a Flag or None --------------------------


def urgent(f: Facts) -> Flag | None:
    """Staff marked it urgent: the DSL must see it before anything else."""
    hits = [c for c in f.concerns if c.urgent and f.is_open(c)]
    if not hits:
        return None
    return make_flag(f, "urgent", f"{count_of(len(hits), 'concern')} marked urgent by staff, not yet decided", hits)


def referral_route(f: Facts) -> Flag | None:
    """Some categories need a route on a single occasion (FGM duty, Prevent, exploitation)."""
    hits = [c for c in f.concerns if f.is_open(c) and any(cat in REFERRAL_ROUTES for cat in c.categories)]
    if not hits:
        return None
    cats = [cat for cat in REFERRAL_ROUTES if any(cat in c.categories for c in hits)]
    return make_flag(f, "referral-route", "; ".join(REFERRAL_ROUTES[cat] for cat in cats), hits)


def recurrent_injury(f: Facts) -> Flag | None:
    """Injuries on separate days close together, weighed: accidents seen by staff are not a pattern."""
    best: tuple[list[Occasion], int] | None = None
    for count, days in (f.t.recurrent_injury_short, f.t.recurrent_injury_long):
        group = heaviest_window(f.occasions, count, days, f)
        if group and (best is None or len(group) > len(best[0])):
            best = group, count
    if best is None:
        return None
    group, count = best
    dates = [o.day for o in group]
    span = (dates[-1] - dates[0]).days
    summary = (
        f"Injuries seen on {len(dates)} occasions in {count_of(span, 'day')} ({span_text(dates, f.now)}):"
        f" {accounts_text(group, f.now)}"
    )
    weight = sum(o.weight for o in group)
    return make_flag(f, "recurrent-injury", summary, [c for o in group for c in o.concerns], scale=weight / count)


def _region_occasions(f: Facts) -> dict[str, list[Occasion]]:
    """Each body region's injury days, weighing only the marks on that region."""
    marks: dict[str, dict[date, list[tuple[Concern, BodyMark]]]] = {}
    for c in f.within_reach(f.t.repeat_region_days):
        for mark in c.body_marks:
            region = mark.region.strip().lower()
            if region:
                marks.setdefault(region, {}).setdefault(local_day(c.occurred_at), []).append((c, mark))
    out: dict[str, list[Occasion]] = {}
    for region, days in marks.items():
        for day in sorted(days):
            weight, account = max((weigh_mark(m, c, f.t) for c, m in days[day]), key=lambda wa: wa[0])
            concerns = tuple(dict.fromkeys(c for c, _ in days[day]))
            out.setdefault(region, []).append(Occasion(day, concerns, weight, account))
    return out


def repeat_region(f: Facts) -> Flag | None:
    """The same place hurt again, weighed: repeated injury to one site is rarely accidental."""
    parts: list[str] = []
    named: list[Concern] = []
    heaviest = 0.0
    by_region = _region_occasions(f)
    for region in sorted(by_region):
        group = heaviest_window(by_region[region], 2, f.t.repeat_region_days, f)
        if group is None:
            continue
        dates = [o.day for o in group]
        when = f"{span_text(dates, f.now)}: {accounts_text(group, f.now)}"
        parts.append(f"{region_label(region)} on {len(dates)} occasions ({when})")
        named.extend(c for o in group for c in o.concerns)
        heaviest = max(heaviest, sum(o.weight for o in group))
    if not named:
        return None
    return make_flag(f, "repeat-region", "Same place injured again: " + "; ".join(parts), named, scale=heaviest / 2)


def unexplained_injury(f: Facts) -> Flag | None:
    """No explanation, "don't know", or accounts that don't match: core markers of inflicted injury."""
    missing = misfit = 0
    differ: list[Concern] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not (f.is_open(c) and c.body_marks):
            continue
        gaps = sum(1 for m in c.body_marks if unexplained(m))
        odd = sum(1 for m in c.body_marks if misfits(m))
        differs = explanations_differ(c.body_marks) and not all(witnessed(m) for m in c.body_marks)
        missing, misfit = missing + gaps, misfit + odd
        if differs:
            differ.append(c)
        if gaps or odd or differs:
            named.append(c)
    if not named:
        return None
    parts = []
    if missing:
        parts.append(f"no explanation given for {count_of(missing, 'mark')}")
    if misfit:
        parts.append(f"the account does not fit {count_of(misfit, 'mark')}")
    if differ:
        where = "" if len(differ) == 1 else f" in {len(differ)} records"
        parts.append(f"child and parent/carer explain the marks differently{where}")
    scale = max(weigh_record(c, f.t)[0] for c in named)
    return make_flag(f, "unexplained-injury", capitalised("; ".join(parts)), named, scale=scale)


def protected_site_bruise(f: Facts) -> Flag | None:
    """TEN-4-FACESp: bruising a young child rarely gets by accident (torso, ears, neck, face).

    The rule (Pierce et al. 2021) is for bruising with no confirmed accidental mechanism: a bruise staff saw
    happen (`witnessed_by`, in a concern not marked urgent) is such a mechanism, so a nursery child who bumped
    a table dancing in front of two staff is not TEN-4-FACESp. A baby under 5 months is: the partnerships'
    non-mobile protocols refer any bruise, whoever saw it.
    """
    regions: list[str] = []
    infant_ages: list[int] = []
    ages: list[int] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not f.is_open(c):
            continue
        day = local_day(c.occurred_at)
        age = f.pupil.age_on(day)
        months = age_in_months(f.pupil.date_of_birth, day)
        hit = False
        for mark in c.body_marks:
            if mark.type not in BRUISE_TYPES or known_condition(mark):  # a birthmark at its baseline
                continue
            if 0 <= months < f.t.infant_any_bruise_months:
                infant_ages.append(months)
                hit = True
            elif age < f.t.young_child_age and protected_site(mark.region) and not (witnessed(mark) and not c.urgent):
                regions.append(region_label(mark.region))
                ages.append(age)
                hit = True
        if hit:
            named.append(c)
    if not named:
        return None
    parts = []
    if regions:
        places = ", ".join(dict.fromkeys(regions))
        parts.append(f"Bruising to {places} of a child aged {min(ages)} (under {f.t.young_child_age}: TEN-4-FACESp)")
    if infant_ages:
        parts.append(
            f"Bruising on a baby aged {count_of(min(infant_ages), 'month')}"
            f" (any bruise under {f.t.infant_any_bruise_months} months: TEN-4-FACESp)"
        )
    return make_flag(f, "protected-site-bruise", "; ".join(parts), named)


def patterned_injury(f: Facts) -> Flag | None:
    """A mark shaped like a hand, bite or implement points to how it was made, at any age."""
    descriptions: list[str] = []
    named: list[Concern] = []
    for c in f.concerns:
        if not f.is_open(c):
            continue
        marks = [m for m in c.body_marks if worrying_pattern(m)]
        if marks:
            named.append(c)
            for m in marks:
                what = f"{m.type} ({m.shape.strip()})" if m.shape.strip() else m.type
                descriptions.append(f"{what} on {region_label(m.region)}")
    if not named:
        return None
    return make_flag(f, "patterned-injury", "Patterned injury: " + "; ".join(dict.fromkeys(descriptions)), named)


def multiple_reporters(f: Facts) -> Flag | None:
    """Several different staff worried at once: the pieces case reviews say nobody joined.

    Concerns written by a DSL are not counted (they are often write-ups of others' calls),
    nor accidents staff saw happen (a first-aid note is not a worry); authors missing
    from `roles` count as staff. A transferred concern is its author's at the school it
    came from, with their role there (never the importing DSL's).
    """
    count, days = f.t.multiple_reporters
    items: list[Item] = [
        (local_day(c.occurred_at), c, author)
        for c in f.concerns
        for author, role in [_reporter(c, f.roles)]
        if role != "dsl" and not accident_only(c)
    ]
    group = best_window(items, count, days, f)
    if group is None:
        return None
    authors = len({a for _, _, a in group})
    span = (max(d for d, _, _ in group) - min(d for d, _, _ in group)).days
    summary = f"{authors} different staff raised concerns within {count_of(span, 'day')}"
    return make_flag(f, "multiple-reporters", summary, [c for _, c, _ in group])


def _reporter(concern: Concern, roles: Mapping[str, str]) -> tuple[str, str | None]:
    """Who raised a concern, and their role: here, or at the school a transferred one came from."""
    origin = concern.transferred
    if origin is not None:
        return f"{origin.fingerprint}/{origin.author}", origin.role
    return concern.author_id, roles.get(concern.author_id)


def rising_frequency(f: Facts) -> Flag | None:
    """Concerns coming faster than before: things at home may be getting worse."""
    window = timedelta(days=f.t.rising_window_days)
    worries = [c for c in f.concerns if not accident_only(c)]  # first-aid notes are not worries
    recent = [c for c in worries if f.now - window <= c.occurred_at <= f.now]
    before = [c for c in worries if f.now - 2 * window <= c.occurred_at < f.now - window]
    if len(recent) < f.t.rising_min or len(recent) < f.t.rising_factor * len(before):
        return None
    if not any(f.is_open(c) for c in recent):
        return None
    days = f.t.rising_window_days
    summary = (
        f"{count_of(len(recent), 'concern')} in the last {days} days, up from {len(before)} in the {days} days before"
    )
    return make_flag(f, "rising-frequency", summary, recent)


def neglect_with_injury(f: Facts) -> Flag | None:
    """Hunger or neglect alongside injuries was the Daniel Pelka picture, seen by different staff."""
    days = f.t.neglect_with_injury_days
    near = f.within_reach(days)  # a pair holds an open concern: both are within `days` of one
    neglect = [c for c in near if neglect_sign(c)]
    injuries = [c for c in near if is_injury(c)]  # a staff-witnessed accident is not an injury sign
    named: dict[str, Concern] = {}
    for n in neglect:
        for i in injuries:
            # One record counts as both only when staff categorised it as neglect: a word
            # like "food" in an injury's own account ("fell in the food hall") is too weak.
            if i is n and "neglect" not in n.categories:
                continue
            close = abs((local_day(n.occurred_at) - local_day(i.occurred_at)).days) <= days
            if close and (f.is_open(n) or f.is_open(i)):
                named[n.id], named[i.id] = n, i
    if not named:
        return None
    dates = [local_day(c.occurred_at) for c in named.values()]
    span = (max(dates) - min(dates)).days
    n_neglect = sum(1 for c in named.values() if neglect_sign(c))
    n_injury = sum(1 for c in named.values() if is_injury(c))
    summary = (
        f"Signs of neglect ({count_of(n_neglect, 'record')}) and injury ({count_of(n_injury, 'record')})"
        f" within {count_of(span, 'day')}"
    )
    return make_flag(f, "neglect-with-injury", summary, list(named.values()))


def agency_notification(f: Facts) -> Flag | None:
    """Another agency knows something; with school concerns nearby it is a joined-up picture."""
    open_notes = [n for n in f.notifications if f.is_open(n)]
    if not open_notes:
        return None
    days = f.t.agency_window_days
    near = [
        c
        for c in f.concerns
        if any(abs((local_day(c.occurred_at) - local_day(n.occurred_at)).days) <= days for n in open_notes)
    ]
    sources = []
    for n in open_notes:
        source = AGENCY_NAMES.get(n.agency, "Agency")
        if n.kind == "operation-encompass":
            source += " (Operation Encompass)"
        sources.append(source)
    what = ", ".join(dict.fromkeys(sources))
    summary = (
        f"{what} notification not yet reviewed"
        if len(open_notes) == 1
        else (f"{len(open_notes)} agency notifications not yet reviewed: {what}")
    )
    extra = 0.0
    if near:
        summary += f", with {count_of(len(near), 'school concern')} within {days} days"
        extra = f.t.agency_with_concerns_bonus
    return make_flag(f, "agency-notification", summary, [*open_notes, *near], extra=extra)


def same_incident(one: Notification, other: Notification) -> bool:
    """One agency incident recorded for two children of a household: the same agency and reference, or, with
    no reference, the same agency, kind and summary on the same day. It is one incident, counted once."""
    if one.agency != other.agency:
        return False
    if one.reference.strip() or other.reference.strip():
        return one.reference.strip().casefold() == other.reference.strip().casefold()
    return (
        one.kind == other.kind
        and one.occurred_at.date() == other.occurred_at.date()
        and " ".join(one.summary.split()) == " ".join(other.summary.split())
    )


def missing_education(f: Facts) -> Flag | None:
    """A child missing education (not seen, no contact, "home education" claimed without notice) after welfare
    concerns: Children Missing Education guidance and KCSIE say refer without waiting for ten days' absence."""
    missing = [
        c
        for c in f.concerns
        if f.is_open(c)
        and (
            "missing-education" in c.categories or CME_WORDS.search(c.what_happened) or CME_WORDS.search(c.child_words)
        )
    ]
    if not missing:
        return None
    since = missing[0].occurred_at - timedelta(days=f.t.cme_welfare_days)
    welfare = [
        c
        for c in f.concerns
        if since <= c.occurred_at < missing[0].occurred_at
        and c not in missing
        and not accident_only(c)
        and not set(c.categories) <= {"attendance"}
    ]
    if not welfare:
        return None
    days = f.t.cme_welfare_days
    summary = (
        f"Missing education ({count_of(len(missing), 'concern')}) after {count_of(len(welfare), 'welfare concern')}"
        f" in the {days} days before: refer without waiting (Children Missing Education; KCSIE)"
    )
    return make_flag(f, "missing-education", summary, [*welfare, *missing])


def household_concerns(f: Facts) -> Flag | None:
    """Siblings' concerns are part of this child's picture (same home, same adults); an agency's notification
    this child's record holds too is one incident, already counted here, not a sibling's concern."""
    if not f.unreviewed:
        return None
    since = f.now - timedelta(days=f.t.household_window_days)
    parts: list[str] = []
    named: list[Entry] = []
    for sib, entries in f.household:
        recent = [
            e
            for e in entries_of(sib, entries, f.now)
            if isinstance(e, (Concern, Notification))
            and since <= e.occurred_at <= f.now
            and not (isinstance(e, Notification) and any(same_incident(e, mine) for mine in f.notifications))
        ]
        if not recent:
            continue
        n_concerns = sum(1 for e in recent if isinstance(e, Concern))
        n_notes = len(recent) - n_concerns
        counts = [count_of(k, w) for k, w in ((n_concerns, "concern"), (n_notes, "agency notification")) if k]
        parts.append(f"{sib.name}: {', '.join(counts)}")
        named.extend(recent)
    if not named:
        return None
    summary = f"Sibling concerns in the last {f.t.household_window_days} days ({'; '.join(parts)})"
    return make_flag(f, "household-concerns", summary, named)


#: Every rule, in the order their flags are listed when weights tie.
RULES: tuple[Callable[[Facts], Flag | None], ...] = (
    urgent,
    referral_route,
    *WORD_RULES,
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
    missing_education,
    household_concerns,
    decision_overdue,
    follow_up_overdue,
)
