"""The rules about decisions: what came after one, and decisions or reviews not made in time.

Like every rule in `patterns.rules`, each reads a pupil's `Facts` and answers with
a `Flag` naming the entries it rests on, or None.
"""

from __future__ import annotations

from school_log.local_time import local_day
from school_log.model import Concern, Decision, Entry, Flag, Notification, ReferralOutcome
from school_log.patterns.facts import Facts, capitalised, count_of, day_text, make_flag
from school_log.patterns.vocab import LOW_DECISIONS, LOW_REFERRAL_OUTCOMES, REFERRAL_ROUTES
from school_log.patterns.weights import (
    accident_only,
    explanations_differ,
    misfits,
    natures,
    unexplained,
    weigh_record,
)
from school_log.workdays import calendar

_NATURE_WORDS = {"cse": "CSE", "cce": "CCE", "fgm": "FGM", "agency": "agency information"}
#: New natures that are more serious than a decision on something else (beyond `REFERRAL_ROUTES`).
_SERIOUS_NATURES = frozenset({"sexual", "domestic-abuse", "self-harm"})


def _nature_text(found: frozenset[str]) -> str:
    return ", ".join(_NATURE_WORDS.get(n, n.replace("-", " ")) for n in sorted(found))


def _why_again(entry: Entry, prior: frozenset[str], f: Facts) -> str | None:
    """Why an entry after "monitor"/"no further action" needs the decision looked at again, or None.

    The same nature again (an injury after an injury decision, neglect after neglect),
    an unexplained injury, or something more serious: not any later worry.
    """
    mine = natures(entry, f.t)
    if same := mine & prior:
        return f"{_nature_text(same)} again"
    if isinstance(entry, Notification):
        return "another agency's information"
    assert isinstance(entry, Concern)
    if entry.body_marks and not accident_only(entry):
        if explanations_differ(entry.body_marks) or any(unexplained(m) or misfits(m) for m in entry.body_marks):
            return "an unexplained injury"
    if entry.urgent:
        return "marked urgent"
    serious = {cat for cat in entry.categories if cat in REFERRAL_ROUTES} | (mine & _SERIOUS_NATURES)
    if serious:
        return f"more serious: {_nature_text(frozenset(serious))}"
    if entry.body_marks and weigh_record(entry, f.t)[0] >= f.t.occasion_unexplained:
        return "a worrying injury"
    return None


def _covered_natures(event: Decision | ReferralOutcome, f: Facts) -> frozenset[str]:
    """What the decision (or the referral an outcome answers) was about."""
    if isinstance(event, ReferralOutcome):
        decision = next((d for d in f.decisions if d.id == event.decision_id), None)
    else:
        decision = event
    if decision is None:
        return frozenset()
    covered = set(decision.covers)
    return frozenset().union(*(natures(e, f.t) for e in f.raised if e.id in covered))


def concerns_after_decision(f: Facts) -> Flag | None:
    """Concerns continuing after "monitor" or "no further action": reconsider, challenge or escalate."""
    events: list[Decision | ReferralOutcome] = sorted((*f.decisions, *f.outcomes), key=lambda e: (e.recorded_at, e.id))
    after: dict[str, tuple[Decision | ReferralOutcome, list[tuple[Entry, str]]]] = {}
    for entry in f.raised:
        if not f.is_open(entry):
            continue
        before = [e for e in events if e.recorded_at < entry.recorded_at]
        if not before:
            continue
        last = before[-1]
        low = LOW_DECISIONS if isinstance(last, Decision) else LOW_REFERRAL_OUTCOMES
        if last.outcome in low and (why := _why_again(entry, _covered_natures(last, f), f)):
            after.setdefault(last.id, (last, []))[1].append((entry, why))
    if not after:
        return None
    parts: list[str] = []
    named: list[Entry] = []
    for event, found in after.values():
        entries = [e for e, _ in found]
        kinds = {type(e) for e in entries}
        noun = "new concern" if kinds == {Concern} else "new entry"
        plural = "new concerns" if kinds == {Concern} else "new entries"
        if isinstance(event, Decision):
            label, advice = LOW_DECISIONS[event.outcome], "reconsider the decision"
        else:
            label = LOW_REFERRAL_OUTCOMES[event.outcome]
            advice = "consider professional challenge / escalation"
        when = day_text(local_day(event.recorded_at), f.now)
        about = _nature_text(_covered_natures(event, f) - {"agency"})
        on = f", on {about}" if about else ""
        why = ", ".join(dict.fromkeys(w for _, w in found))
        parts.append(f"{count_of(len(entries), noun, plural)} since {label} ({when}{on}): {why}; {advice}")
        named.extend([event, *entries])
    return make_flag(f, "concerns-after-decision", capitalised("; ".join(parts)), named)


def decision_overdue(f: Facts) -> Flag | None:
    """Safeguarding decisions are due within a working day; waiting is itself a risk."""
    k = f.t.decision_overdue_working_days
    late = [e for e in f.raised if f.is_open(e) and calendar().is_overdue(e.recorded_at, f.now, working_days=k)]
    if not late:
        return None
    oldest = local_day(min(e.recorded_at for e in late))
    summary = (
        f"{count_of(len(late), 'entry', 'entries')} waiting over {count_of(k, 'working day')} for a decision"
        f" (oldest recorded {day_text(oldest, f.now)})"
    )
    return make_flag(f, "decision-overdue", summary, late)


def follow_up_overdue(f: Facts) -> Flag | None:
    """A decision promised a review by a date; that date passed with no new decision."""
    if not f.decisions:
        return None
    latest = f.decisions[-1]
    today = local_day(f.now)
    if latest.review_by is None or today <= latest.review_by:
        return None
    late = (today - latest.review_by).days
    summary = (
        f"Review was due {day_text(latest.review_by, f.now)} ({count_of(late, 'day')} ago)"
        f" after the decision '{latest.outcome}'"
    )
    return make_flag(f, "follow-up-overdue", summary, [latest])
