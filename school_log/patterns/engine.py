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

The prompt is graded: "consider-referral" where the weighted case is strong (the
pattern flags' weights add up to `Thresholds.referral_strength`) or on a serious
single occasion (`SERIOUS_CODES`: urgent, statutory routes, TEN-4-FACESp, a patterned
mark); otherwise "review", a DSL look and a recorded decision. While a referral is
live (awaiting its outcome, accepted, s17 or s47) the pupil shows that status, and
only flags resting on entries recorded since the referral last moved count.

Windows are measured on `occurred_at` (when it happened, so a late write-up still
joins its pattern); "within N days" means last minus first <= N days; dates are
the school's calendar days (`local_time`). Every number comes from `Thresholds`;
working days from the school's calendar (`workdays`). `assess` is pure: the same
record, `now`, zone and calendar always give the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType

from school_log.model import (
    Entry,
    Flag,
    Pupil,
    ReviewItem,
)
from school_log.patterns.facts import Facts, gather
from school_log.patterns.rules import RULES
from school_log.patterns.thresholds import Thresholds
from school_log.patterns.vocab import OVERDUE_CODES, SERIOUS_CODES

_NO_ROLES: Mapping[str, str] = MappingProxyType({})
DEFAULT_THRESHOLDS = Thresholds()
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


# --- The public entry points -------------------------------------------------------------


def assess(
    pupil: Pupil,
    entries: Sequence[Entry],
    *,
    household: Sequence[tuple[Pupil, Sequence[Entry]]] = (),
    roles: Mapping[str, str] = _NO_ROLES,
    now: datetime,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> ReviewItem | None:
    """The pupil's place on the DSL's list as of `now`, or None if nothing needs a decision.

    `entries` is this pupil's record (others' entries are ignored), `household` the
    siblings with theirs, `roles` maps author ids to "staff" or "dsl".
    """
    facts = gather(pupil, entries, household, roles, now, thresholds)
    order = {rule: i for i, rule in enumerate(RULES)}
    found = [(flag, order[rule]) for rule in RULES if (flag := rule(facts)) is not None]
    if not facts.unreviewed and not found:
        return None
    flags = tuple(flag for flag, _ in sorted(found, key=lambda fi: (-fi[0].weight, fi[1])))
    open_entries = [e for e in facts.raised if facts.is_open(e)]
    oldest = min((e.recorded_at for e in open_entries), default=None)
    counted = [flag for flag in flags if _counts(flag, facts)]
    strength = round(sum(flag.weight for flag in counted), 2)
    strong = strength >= thresholds.referral_strength or any(flag.code in SERIOUS_CODES for flag in counted)
    return ReviewItem(
        pupil=pupil,
        prompt="consider-referral" if strong else "review",
        unreviewed=len(open_entries),
        oldest_unreviewed_at=oldest,
        flags=flags,
        score=round(sum(flag.weight for flag in flags), 2),
        strength=strength,
        referral_status=facts.referral_status,
    )


def _counts(flag: Flag, facts: Facts) -> bool:
    """A pattern flag resting on something new: open, and since a live referral last moved.

    A flag naming only siblings' entries (household) rests on this pupil's new entries.
    """
    if flag.code in OVERDUE_CODES:
        return False
    mine = [e for e in facts.raised if e.id in flag.entries] or facts.raised
    return any(facts.is_new(e) for e in mine)


def sort_key(item: ReviewItem) -> tuple[int, int, float, datetime, str, str, str]:
    """Order for the DSL's list: an undecided urgent concern first, then consider-referral,
    strongest case, longest waiting."""
    return (
        0 if any(flag.code == "urgent" for flag in item.flags) else 1,
        0 if item.prompt == "consider-referral" else 1,
        -item.strength,
        item.oldest_unreviewed_at or _FAR_FUTURE,
        item.pupil.family_name.casefold(),
        item.pupil.given_name.casefold(),
        item.pupil.id,
    )
