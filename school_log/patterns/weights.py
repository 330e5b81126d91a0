"""How much one injury occasion weighs, and what a concern is about.

Counting marks is not enough: a DSL told "consider referral" for every second
playground accident stops trusting the prompt, and that is how real patterns get
missed. So each mark is weighed by what its entry says: seen by staff as it
happened, or explained alike by the child and a parent/carer, weighs little; no
account, "don't know", accounts that differ, a site rarely hurt by accident, or
a patterned mark weigh much. Every number comes from `Thresholds`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from school_log.health import VOUCHED
from school_log.local_time import local_day
from school_log.mark_words import told_alike
from school_log.model import BodyMark, Concern, Entry, Notification
from school_log.patterns.thresholds import Thresholds
from school_log.patterns.vocab import (
    ADULT_BITE_WORDS,
    ANIMAL_BITE_WORDS,
    CHILD_BITE_MM,
    CHILD_BITE_WORDS,
    GRIP_SPORT_WORDS,
    HEAT_TYPES,
    HEAT_WORDS,
    NATURE_CATEGORIES,
    NEGLECT_WORDS,
    NOT_PROTECTED_TOKENS,
    PATTERN_SHAPE_WORDS,
    PROTECTED_SITES,
    RARE_SITE_RUNS,
    UNSURE_WORDS,
)

_WHO = {"child": "the child", "parent": "a parent", "carer": "a carer", "other": "someone else"}


@dataclass(frozen=True)
class Occasion:
    """One day's injuries: how much they weigh together, and the account behind that weight."""

    day: date
    concerns: tuple[Concern, ...]
    weight: float
    account: str  # "seen by Ms Patel as it happened", "not explained", "explained by the child"


# --- What the marks say --------------------------------------------------------------------


def witnessed(mark: BodyMark) -> bool:
    return bool(mark.witnessed_by.strip())


def known_condition(mark: BodyMark) -> bool:
    """The pupil's record explains the mark (`school_log.health.vouched`)."""
    return mark.witnessed_by.startswith(VOUCHED)


def seen_or_known(mark: BodyMark) -> str:
    """Who vouches for a witnessed mark: 'seen by Ms Patel as it happened', or the known condition."""
    if known_condition(mark):
        return f"explained by {mark.witnessed_by}"
    return f"seen by {mark.witnessed_by.strip()} as it happened"


def unexplained(mark: BodyMark) -> bool:
    """No account, or "don't know": staff did not see it happen and nobody says how."""
    if witnessed(mark):
        return False
    text = mark.explanation.strip()
    return not text or mark.explained_by == "none" or bool(UNSURE_WORDS.search(text))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


def _accounts(marks: Sequence[BodyMark]) -> tuple[set[str], set[str]]:
    child = {_norm(m.explanation) for m in marks if m.explained_by == "child" and m.explanation.strip()}
    adult = {_norm(m.explanation) for m in marks if m.explained_by in ("parent", "carer") and m.explanation.strip()}
    return child, adult


#: Body areas: marks on one side of one area (a cheek and the jaw beside it) may be one injury drawn twice.
_AREAS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "head": frozenset(
            {
                "head",
                "scalp",
                "forehead",
                "eye",
                "eyes",
                "cheek",
                "jaw",
                "ear",
                "mouth",
                "lip",
                "lips",
                "nose",
                "chin",
                "temple",
                "neck",
            }
        ),  # fmt: skip
        "arm": frozenset(
            {"shoulder", "arm", "elbow", "forearm", "wrist", "hand", "palm", "finger", "fingers", "thumb"}
        ),
        "leg": frozenset({"hip", "thigh", "knee", "shin", "calf", "ankle", "foot", "heel", "sole", "toe", "toes"}),
    }
)


def _place(region: str) -> tuple[str, str]:
    """(side, area) of a region: "left-cheek" and "left-jaw" are one place; the left shin and the right knee
    are not; the torso is one place."""
    tokens = region.strip().lower().split("-")
    side = tokens[0] if tokens and tokens[0] in ("left", "right") else "centre"
    area = next((name for name, words in _AREAS.items() if words.intersection(tokens)), "torso")
    return side, area


def explanations_differ(marks: Sequence[BodyMark]) -> bool:
    """The child and a parent/carer explained *the same mark* differently: marks in one place (one side of
    the head, an arm, a leg, or the torso). Two marks in different places, each with its own account (a
    shin bruise told by the child, a bump on the other knee told by mum), are not accounts that differ."""
    by_place: dict[tuple[str, str], list[BodyMark]] = {}
    for mark in marks:
        by_place.setdefault(_place(mark.region), []).append(mark)
    for same in by_place.values():
        child, adult = _accounts(same)
        if child and adult and child != adult:
            return True
    return False


def corroborated(concern: Concern) -> str:
    """How the child and a parent/carer are known to give one account: "" when they are not.

    Both boxes ticked alike, or one box and the other account in the narrative ("Dad told me the same";
    `school_log.mark_words.told_alike`, quoted so the DSL sees whose words made it alike).
    """
    child, adult = _accounts(concern.body_marks)
    if child and child == adult:
        return "explained alike by the child and a parent/carer"
    said = told_alike(concern)
    return f"explained alike by the child and a parent/carer ('{said}')" if said else ""


def misfits(mark: BodyMark) -> bool:
    """An account that cannot explain the mark: a burn or scald with no source of heat in it."""
    return mark.type in HEAT_TYPES and not unexplained(mark) and not HEAT_WORDS.search(mark.explanation)


def patterned(mark: BodyMark) -> bool:
    shape = mark.shape.casefold()
    return mark.type == "bite" or any(word in shape for word in PATTERN_SHAPE_WORDS)


def pattern_fits(mark: BodyMark) -> str:
    """Why a patterned mark's own record explains its pattern, or "" (it is then a route on its own).

    NICE CG89 suspects maltreatment from a *human* bite "unlikely to have been caused by a young child" and
    from grip or implement marks with no suitable explanation. So a bite an animal made (named in its
    account), a bite a young child made by its size (under 3 cm, or "child-sized" in its shape; an adult's
    spans 3 cm or more between the canines) and grip marks from a grappling sport named in the account
    (judo, wrestling) are weighed by their account like any mark. A bite said to be an adult's, an unmeasured
    human bite, and a hand, slap, belt or loop mark keep the route, witnessed or not.
    """
    if not patterned(mark):
        return ""
    shape, account = mark.shape, "" if unexplained(mark) else mark.explanation
    if mark.type == "bite" or "bite" in shape.casefold():
        if ADULT_BITE_WORDS.search(shape):
            return ""
        if ANIMAL_BITE_WORDS.search(shape) or ANIMAL_BITE_WORDS.search(account):
            return "an animal's bite"
        if CHILD_BITE_WORDS.search(shape) or (mark.size_mm is not None and mark.size_mm < CHILD_BITE_MM):
            return "a young child's bite by its size"
        return ""
    grip = any(word in shape.casefold() for word in ("finger", "fingertip")) or "grip" in shape.casefold()
    if grip and GRIP_SPORT_WORDS.search(account):
        return "grip marks from a grappling sport"
    return ""


def worrying_pattern(mark: BodyMark) -> bool:
    """A patterned mark its record does not explain: a route on the first occasion (`pattern_fits`)."""
    return patterned(mark) and not pattern_fits(mark)


@lru_cache(maxsize=1024)
def protected_site(region: str) -> str | None:
    """The TEN-4-FACESp site a region id falls in (e.g. "torso", "ear"), or None."""
    tokens = tuple(t for t in region.strip().lower().split("-") if t)
    for site, words in PROTECTED_SITES.items():
        for word in words:
            run = tuple(word.split("-"))
            if len(run) > 1 and _has_run(tokens, run):
                return site
    if NOT_PROTECTED_TOKENS.intersection(tokens):
        return None
    for site, words in PROTECTED_SITES.items():
        if any(t in words for t in tokens):
            return site
    return None


def _has_run(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    return any(tokens[i : i + len(run)] == run for i in range(len(tokens)))


@lru_cache(maxsize=1024)
def rare_site(region: str) -> bool:
    """A place children rarely hurt by accident: upper arm, back of thigh, TEN-4-FACESp sites."""
    tokens = tuple(t for t in region.strip().lower().split("-") if t)
    return protected_site(region) is not None or any(_has_run(tokens, run) for run in RARE_SITE_RUNS)


def weigh_mark(mark: BodyMark, concern: Concern, t: Thresholds) -> tuple[float, str]:
    """(weight, account) of one mark among the marks its concern records."""
    record = concern.body_marks
    if witnessed(mark):
        weight, account = t.occasion_witnessed, seen_or_known(mark)
    elif explanations_differ(record):
        weight, account = t.occasion_differing, "child and parent/carer explain it differently"
    elif unexplained(mark):
        weight = t.occasion_unexplained
        account = f"no account ('{mark.explanation.strip()}')" if mark.explanation.strip() else "not explained"
    elif misfits(mark):
        weight, account = t.occasion_unexplained, f"the account does not fit a {mark.type}"
    elif alike := corroborated(concern):  # read only when nothing above answers: it reads the narrative
        weight, account = t.occasion_corroborated, alike
    else:
        weight, account = t.occasion_explained, f"explained by {_WHO.get(mark.explained_by, 'someone')}"
    if rare_site(mark.region) and not witnessed(mark):
        weight += t.occasion_rare_site
        account += " (unusual site for an accident)"
    if worrying_pattern(mark):
        weight, account = max(weight, t.occasion_patterned), f"patterned {mark.type}; {account}"
    elif patterned(mark):
        account = f"{pattern_fits(mark)}; {account}"
    return weight, account


def weigh_record(concern: Concern, t: Thresholds) -> tuple[float, str]:
    """The heaviest of a record's marks: one worrying mark is not lightened by a scraped knee."""
    return max((weigh_mark(m, concern, t) for m in concern.body_marks), key=lambda wa: wa[0])


def occasions(concerns: Sequence[Concern], t: Thresholds) -> tuple[Occasion, ...]:
    """Each day with injuries, weighed; the day's heaviest record sets its weight and account."""
    by_day: dict[date, list[Concern]] = {}
    for c in concerns:
        if c.body_marks:
            by_day.setdefault(local_day(c.occurred_at), []).append(c)
    out = []
    for day in sorted(by_day):
        weight, account = max((weigh_record(c, t) for c in by_day[day]), key=lambda wa: wa[0])
        if accounts_changed(by_day[day]) and weight < t.occasion_differing:
            weight, account = t.occasion_differing, "the account changed between records"
        out.append(Occasion(day, tuple(by_day[day]), weight, account))
    return tuple(out)


def accounts_changed(same_day: Sequence[Concern]) -> bool:
    """One person's account of the same place, on the same day, differs between two records
    (told the teacher "fell off my bike", told the TA "my brother did it")."""
    told: dict[tuple[str, str], set[str]] = {}
    for c in same_day:
        for m in c.body_marks:
            if m.explanation.strip() and m.explained_by != "none" and not witnessed(m):
                told.setdefault((m.explained_by, m.region), set()).add(_norm(m.explanation))
    return len({c.id for c in same_day}) > 1 and any(len(accounts) > 1 for accounts in told.values())


def accident_only(concern: Concern) -> bool:
    """Staff saw every mark happen and nothing else is worrying: an accident report, not a worry."""
    return (
        bool(concern.body_marks)
        and all(witnessed(m) and not worrying_pattern(m) for m in concern.body_marks)
        and not concern.urgent
        and set(concern.categories) <= {"physical", "child-on-child"}
    )


# --- What an entry is about ----------------------------------------------------------------


def neglect_sign(c: Concern) -> bool:
    return "neglect" in c.categories or bool(
        NEGLECT_WORDS.search(c.what_happened) or NEGLECT_WORDS.search(c.child_words)
    )


def natures(entry: Entry, t: Thresholds) -> frozenset[str]:
    """What an entry is about, to tell "the same again" from any later worry.

    An injury ("injury": marks weighing at least an ordinary occasion, so not an
    accident staff saw or one the child and parent explain alike; or "physical"
    with no marks), neglect ("neglect"), one of `NATURE_CATEGORIES`, or for an agency
    notification "agency"; a concern only about wellbeing has none.
    """
    if isinstance(entry, Notification):
        return frozenset({"agency"})
    if not isinstance(entry, Concern):
        return frozenset()
    found = set(NATURE_CATEGORIES.intersection(entry.categories))
    if entry.body_marks:
        if weigh_record(entry, t)[0] >= t.occasion_explained:
            found.add("injury")
    elif "physical" in entry.categories:
        found.add("injury")
    if neglect_sign(entry):
        found.add("neglect")
    return frozenset(found)
