"""The pattern rules: one small function per flag, each naming the entries it rests on.

Each rule asks one piece-joining question of a pupil's `Facts` and answers with a
`Flag` or None. The vocabulary the rules match against is defined here, next to
the rules that use it; every number comes from `Thresholds`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from school_log.model import (
    BodyMark,
    Concern,
    Decision,
    Entry,
    Flag,
    Notification,
    ReferralOutcome,
)
from school_log.pattern_facts import (
    Facts,
    Item,
    best_window,
    capitalised,
    count_of,
    day_text,
    entries_of,
    is_injury,
    make_flag,
    region_label,
    span_text,
)
from school_log.pattern_vocab import (
    AGENCY_NAMES,
    AGENCY_WITH_CONCERNS_BONUS,
    BRUISE_TYPES,
    LOW_DECISIONS,
    LOW_REFERRAL_OUTCOMES,
    NEGLECT_WORDS,
    NOT_PROTECTED_TOKENS,
    PATTERN_SHAPE_WORDS,
    PROTECTED_SITES,
    REFERRAL_ROUTES,
    WEIGHTS,
)
from school_log.workdays import is_overdue

# --- Rules: one small function each, returning a Flag or None --------------------------


def urgent(f: Facts) -> Flag | None:
    """Staff marked it urgent: the DSL must see it before anything else."""
    hits = [c for c in f.concerns if c.urgent and f.is_open(c)]
    if not hits:
        return None
    return make_flag("urgent", f"{count_of(len(hits), 'concern')} marked urgent by staff, not yet decided", hits)


def referral_route(f: Facts) -> Flag | None:
    """Some categories need a route on a single occasion (FGM duty, Prevent, exploitation)."""
    hits = [c for c in f.concerns if f.is_open(c) and any(cat in REFERRAL_ROUTES for cat in c.categories)]
    if not hits:
        return None
    cats = [cat for cat in REFERRAL_ROUTES if any(cat in c.categories for c in hits)]
    return make_flag("referral-route", "; ".join(REFERRAL_ROUTES[cat] for cat in cats), hits)


def recurrent_injury(f: Facts) -> Flag | None:
    """Injuries on separate days close together: accidents rarely recur that fast."""
    items: list[Item] = [(c.occurred_at.date(), c, c.occurred_at.date()) for c in f.concerns if is_injury(c)]
    best: list[Item] | None = None
    for count, days in (f.t.recurrent_injury_short, f.t.recurrent_injury_long):
        group = best_window(items, count, days, f)
        if group and (best is None or len({d for d, _, _ in group}) > len({d for d, _, _ in best})):
            best = group
    if best is None:
        return None
    dates = sorted({d for d, _, _ in best})
    span = (dates[-1] - dates[0]).days
    summary = f"Injuries seen on {len(dates)} occasions in {count_of(span, 'day')} ({span_text(dates, f.now)})"
    return make_flag("recurrent-injury", summary, [c for _, c, _ in best])


def repeat_region(f: Facts) -> Flag | None:
    """The same place hurt again: repeated injury to one site is rarely accidental."""
    by_region: dict[str, list[Item]] = {}
    for c in f.concerns:
        for mark in c.body_marks:
            region = mark.region.strip().lower()
            if region:
                day = c.occurred_at.date()
                by_region.setdefault(region, []).append((day, c, day))
    parts: list[str] = []
    named: list[Concern] = []
    for region in sorted(by_region):
        group = best_window(by_region[region], 2, f.t.repeat_region_days, f)
        if group is None:
            continue
        dates = sorted({d for d, _, _ in group})
        parts.append(f"{region_label(region)} on {len(dates)} occasions ({span_text(dates, f.now)})")
        named.extend(c for _, c, _ in group)
    if not named:
        return None
    return make_flag("repeat-region", "Same place injured again: " + "; ".join(parts), named)


def _unexplained(mark: BodyMark) -> bool:
    return not mark.explanation.strip() or mark.explained_by == "none"


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


def _explanations_differ(marks: Sequence[BodyMark]) -> bool:
    """The child and a parent/carer explained this record's marks differently."""
    child = {_norm(m.explanation) for m in marks if m.explained_by == "child" and m.explanation.strip()}
    adult = {_norm(m.explanation) for m in marks if m.explained_by in ("parent", "carer") and m.explanation.strip()}
    return bool(child) and bool(adult) and child != adult


def unexplained_injury(f: Facts) -> Flag | None:
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
        parts.append(f"no explanation given for {count_of(missing, 'mark')}")
    if differ:
        where = "" if len(differ) == 1 else f" in {len(differ)} records"
        parts.append(f"child and parent/carer explain the marks differently{where}")
    return make_flag("unexplained-injury", capitalised("; ".join(parts)), named)


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


def protected_site_bruise(f: Facts) -> Flag | None:
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
    return make_flag("protected-site-bruise", "; ".join(parts), named)


def _patterned(mark: BodyMark) -> bool:
    shape = mark.shape.casefold()
    return mark.type == "bite" or any(word in shape for word in PATTERN_SHAPE_WORDS)


def patterned_injury(f: Facts) -> Flag | None:
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
                descriptions.append(f"{what} on {region_label(m.region)}")
    if not named:
        return None
    return make_flag("patterned-injury", "Patterned injury: " + "; ".join(dict.fromkeys(descriptions)), named)


def multiple_reporters(f: Facts) -> Flag | None:
    """Several different staff worried at once: the pieces case reviews say nobody joined.

    Concerns written by a DSL are not counted (they are often write-ups of others' calls);
    authors missing from `roles` count as staff.
    """
    count, days = f.t.multiple_reporters
    items: list[Item] = [
        (c.occurred_at.date(), c, c.author_id) for c in f.concerns if f.roles.get(c.author_id) != "dsl"
    ]
    group = best_window(items, count, days, f)
    if group is None:
        return None
    authors = len({a for _, _, a in group})
    span = (max(d for d, _, _ in group) - min(d for d, _, _ in group)).days
    summary = f"{authors} different staff raised concerns within {count_of(span, 'day')}"
    return make_flag("multiple-reporters", summary, [c for _, c, _ in group])


def rising_frequency(f: Facts) -> Flag | None:
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
        f"{count_of(len(recent), 'concern')} in the last {days} days, up from {len(before)} in the {days} days before"
    )
    return make_flag("rising-frequency", summary, recent)


def _neglect_sign(c: Concern) -> bool:
    return "neglect" in c.categories or bool(
        NEGLECT_WORDS.search(c.what_happened) or NEGLECT_WORDS.search(c.child_words)
    )


def neglect_with_injury(f: Facts) -> Flag | None:
    """Hunger or neglect alongside injuries was the Daniel Pelka picture, seen by different staff."""
    days = f.t.neglect_with_injury_days
    neglect = [c for c in f.concerns if _neglect_sign(c)]
    injuries = [c for c in f.concerns if is_injury(c)]
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
    n_injury = sum(1 for c in named.values() if is_injury(c))
    summary = (
        f"Signs of neglect ({count_of(n_neglect, 'record')}) and injury ({count_of(n_injury, 'record')})"
        f" within {count_of(span, 'day')}"
    )
    return make_flag("neglect-with-injury", summary, list(named.values()))


def agency_notification(f: Facts) -> Flag | None:
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
    summary = (
        f"{what} notification not yet reviewed"
        if len(open_notes) == 1
        else (f"{len(open_notes)} agency notifications not yet reviewed: {what}")
    )
    weight = WEIGHTS["agency-notification"]
    if near:
        summary += f", with {count_of(len(near), 'school concern')} within {days} days"
        weight += AGENCY_WITH_CONCERNS_BONUS
    return make_flag("agency-notification", summary, [*open_notes, *near], weight)


def household_concerns(f: Facts) -> Flag | None:
    """Siblings' concerns are part of this child's picture (same home, same adults)."""
    if not f.unreviewed:
        return None
    since = f.now - timedelta(days=f.t.household_window_days)
    parts: list[str] = []
    named: list[Entry] = []
    for sib, entries in f.household:
        recent = [
            e
            for e in entries_of(sib, entries, f.now)
            if isinstance(e, (Concern, Notification)) and since <= e.occurred_at <= f.now
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
    return make_flag("household-concerns", summary, named)


def concerns_after_decision(f: Facts) -> Flag | None:
    """New concerns after "monitor" or "no further action": reconsider, challenge or escalate."""
    events: list[Decision | ReferralOutcome] = sorted((*f.decisions, *f.outcomes), key=lambda e: (e.recorded_at, e.id))
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
        when = day_text(event.recorded_at.date(), f.now)
        parts.append(f"{count_of(len(entries), noun, plural)} since {label} ({when}): {advice}")
        named.extend([event, *entries])
    return make_flag("concerns-after-decision", capitalised("; ".join(parts)), named)


def decision_overdue(f: Facts) -> Flag | None:
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
        f"{count_of(len(late), 'entry', 'entries')} waiting over {count_of(k, 'working day')} for a decision"
        f" (oldest recorded {day_text(oldest, f.now)})"
    )
    return make_flag("decision-overdue", summary, late)


def follow_up_overdue(f: Facts) -> Flag | None:
    """A decision promised a review by a date; that date passed with no new decision."""
    if not f.decisions:
        return None
    latest = f.decisions[-1]
    if latest.review_by is None or f.now.date() <= latest.review_by:
        return None
    late = (f.now.date() - latest.review_by).days
    summary = (
        f"Review was due {day_text(latest.review_by, f.now)} ({count_of(late, 'day')} ago)"
        f" after the decision '{latest.outcome}'"
    )
    return make_flag("follow-up-overdue", summary, [latest])


#: Every rule, in the order their flags are listed when weights tie.
RULES: tuple[Callable[[Facts], Flag | None], ...] = (
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
