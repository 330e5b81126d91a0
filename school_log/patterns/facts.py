"""The facts every pattern rule reads, and the small helpers rules share.

`gather` turns one pupil's entries (and their siblings') into `Facts` as of
`now`: sorted, split by kind, with the set of entries no decision covers yet,
each injury occasion weighed, and any referral still live.

Entries transferred from another school are the child's history: their concerns and
notifications join the patterns (weighed by their authors' roles there), and a
transferred decision covers the entries that came from its school; but only this school's own
decisions and referral outcomes decide what is live, overdue or settled here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from school_log.health import vouched
from school_log.indicators.reader import Indicator, read
from school_log.mark_words import heard
from school_log.model import (
    MONTHS,
    REFERRING_OUTCOMES,
    Concern,
    Decision,
    Entry,
    Flag,
    KnownCondition,
    Notification,
    Pupil,
    ReferralOutcome,
    covered,
    when,
)
from school_log.patterns.thresholds import Thresholds
from school_log.patterns.weights import Occasion, accident_only, occasions

#: A referral is live while its agency has not answered or keeps the case open.
LIVE_OUTCOMES: dict[str | None, str] = {
    None: "Referred — awaiting outcome",
    "accepted": "Referral accepted",
    "s17": "Open s17",
    "s47": "Open s47",
}


# --- The facts every rule reads ------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """One pupil's record as of `now`, sorted and split by kind."""

    pupil: Pupil
    now: datetime
    t: Thresholds
    roles: Mapping[str, str]
    concerns: tuple[Concern, ...]  # time order
    notifications: tuple[Notification, ...]  # time order
    decisions: tuple[Decision, ...]  # this school's own, recorded order
    outcomes: tuple[ReferralOutcome, ...]  # this school's own, recorded order
    unreviewed: frozenset[str]
    household: tuple[tuple[Pupil, tuple[Entry, ...]], ...]
    occasions: tuple[Occasion, ...]  # injury days, weighed, in time order
    referral_status: str  # "" when no referral is live
    referral_since: datetime | None  # the live referral's latest decision or outcome

    @property
    def raised(self) -> tuple[Concern | Notification, ...]:
        """The concerns, then the notifications: the entries a decision covers."""
        return (*self.concerns, *self.notifications)

    def is_open(self, entry: Entry) -> bool:
        return entry.id in self.unreviewed

    @cached_property
    def said(self) -> Mapping[str, tuple[Indicator, ...]]:
        """What the words of each open concern and notification raise (`indicators.read`), read once for every
        word rule rather than once each."""
        return {e.id: read(e) for e in self.raised if self.is_open(e)}

    def within_reach(self, days: int) -> tuple[Concern, ...]:
        """The concerns a window of `days` days holding an open concern can reach (`within_reach`)."""
        return within_reach(self.concerns, self.unreviewed, days)

    def is_new(self, entry: Entry) -> bool:
        """Open, and recorded after the live referral's latest event (always, with none live)."""
        since = self.referral_since
        return self.is_open(entry) and (since is None or entry.recorded_at > since)


def order_key(entry: Entry) -> tuple[datetime, datetime, str]:
    return (when(entry), entry.recorded_at, entry.id)


def entries_of(pupil: Pupil, entries: Sequence[Entry], now: datetime) -> list[Entry]:
    """This pupil's entries already recorded by `now`, in time order (replays see the past)."""
    return sorted((e for e in entries if e.pupil_id == pupil.id and e.recorded_at <= now), key=order_key)


def reach(open_days: Iterable[date], days: int) -> date | None:
    """The first day a window of `days` days holding one of `open_days` can start on (None: none open).

    Pattern flags fire only on a window holding an undecided entry, so nothing before this
    day can be in one: windows start near what is undecided, and a pupil's years of settled
    history cost the review nothing.
    """
    first = min(open_days, default=None)
    return None if first is None else first - timedelta(days=min(days, (first - date.min).days))


def within_reach(concerns: Sequence[Concern], unreviewed: frozenset[str], days: int) -> tuple[Concern, ...]:
    """The concerns on or after the day a window of `days` days holding an open concern can start (`reach`),
    with a day's slack: a rule may count days in the school's time zone, never a day from UTC's."""
    start = reach((c.occurred_at.date() for c in concerns if c.id in unreviewed), days + 1)
    return () if start is None else tuple(c for c in concerns if c.occurred_at.date() >= start)


def gather(
    pupil: Pupil,
    entries: Sequence[Entry],
    household: Sequence[tuple[Pupil, Sequence[Entry]]],
    roles: Mapping[str, str],
    now: datetime,
    t: Thresholds,
) -> Facts:
    mine = entries_of(pupil, entries, now)
    conditions = [e for e in mine if isinstance(e, KnownCondition)]
    concerns = tuple(vouched(heard(e), conditions) for e in mine if isinstance(e, Concern))
    notifications = tuple(e for e in mine if isinstance(e, Notification))
    own = [e for e in mine if e.transferred is None]
    decisions = tuple(sorted((e for e in own if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id)))
    outcomes = tuple(sorted((e for e in own if isinstance(e, ReferralOutcome)), key=lambda o: (o.recorded_at, o.id)))
    decided = covered(mine)
    raised: tuple[Concern | Notification, ...] = (*concerns, *notifications)
    unreviewed = frozenset(e.id for e in raised if e.id not in decided)
    siblings = tuple((sib, tuple(ents)) for sib, ents in household if sib.id != pupil.id)
    status, since = live_referral(decisions, outcomes)
    return Facts(
        pupil, now, t, roles, concerns, notifications, decisions, outcomes, unreviewed, siblings,
        occasions(within_reach(concerns, unreviewed, max(t.recurrent_injury_short[1], t.recurrent_injury_long[1])), t),
        status, since,
    )  # fmt: skip


def live_referral(decisions: Sequence[Decision], outcomes: Sequence[ReferralOutcome]) -> tuple[str, datetime | None]:
    """The newest referral, if still live: its status and when it last moved; else ("", None).

    A referral is live from the decision until the agency answers "no further action"
    or "stepped down"; "accepted", s17 and s47 keep it open. Outcomes arrive in order,
    so the latest one for a decision is its state.
    """
    referral = next((d for d in reversed(decisions) if d.outcome in REFERRING_OUTCOMES), None)
    if referral is None:
        return "", None
    answers = [o for o in outcomes if o.decision_id == referral.id]
    latest = answers[-1] if answers else None
    status = LIVE_OUTCOMES.get(latest.outcome if latest else None)
    return (status, (latest or referral).recorded_at) if status else ("", None)


# --- Small helpers -------------------------------------------------------------------------


def make_flag(
    f: Facts, code: str, summary: str, entries: Sequence[Entry], *, scale: float = 1, extra: float = 0
) -> Flag:
    """A flag naming `entries` once each, in time order, weighing the school's weight x `scale` + `extra`."""
    unique = {e.id: e for e in entries}
    ids = tuple(e.id for e in sorted(unique.values(), key=order_key))
    return Flag(code, summary, ids, round(float(f.t.weights[code]) * scale + extra, 2))


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 concern', '3 concerns'."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def day_text(d: date, now: datetime) -> str:
    """'3 Mar', with the year when it is not this year."""
    text = f"{d.day} {MONTHS[d.month - 1]}"
    return text if d.year == now.year else f"{text} {d.year}"


def span_text(dates: Sequence[date], now: datetime) -> str:
    first, last = min(dates), max(dates)
    return day_text(first, now) if first == last else f"{day_text(first, now)} to {day_text(last, now)}"


def region_label(region: str) -> str:
    return region.replace("-", " ").strip() or "unrecorded place"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_injury(concern: Concern) -> bool:
    """Marks on the body map, other than an accident staff saw happen."""
    return bool(concern.body_marks) and not accident_only(concern)


Item = tuple[date, Concern, Hashable]


def best_window(items: Sequence[Item], count: int, days: int, facts: Facts) -> list[Item] | None:
    """The window of <= `days` days with the most distinct keys (>= `count`) and an open entry.

    Each item is (day, concern, key); "distinct keys" are occasions (days) or authors.
    Ties go to the most recent window: that is the one the DSL is deciding on now.
    """
    first = reach((day for day, c, _ in items if facts.is_open(c)), days)
    if first is None:
        return None
    items = [it for it in items if it[0] >= first]
    best: list[Item] | None = None
    best_keys = 0
    for start in sorted({day for day, _, _ in items}):
        group = [it for it in items if start <= it[0] and (it[0] - start).days <= days]
        keys = len({key for _, _, key in group})
        if keys < count or not any(facts.is_open(c) for _, c, _ in group):
            continue
        if keys >= best_keys:
            best, best_keys = group, keys
    return best


def heaviest_window(items: Sequence[Occasion], count: float, days: int, facts: Facts) -> list[Occasion] | None:
    """The occasions within <= `days` days weighing most, counting at least `count`, one open.

    An occasion counts as its weight up to 1: a witnessed accident is a quarter of
    one, and an unexplained bruise is still one occasion (its weight shows in the
    flag's, not in how many days it stands for). Ties go to the most recent window:
    that is the one the DSL is deciding on now.
    """
    first = reach((o.day for o in items if any(facts.is_open(c) for c in o.concerns)), days)
    if first is None:
        return None
    items = [o for o in items if o.day >= first]
    best: list[Occasion] | None = None
    best_weight = 0.0
    for start in items:
        group = [o for o in items if start.day <= o.day and (o.day - start.day).days <= days]
        counted = sum(min(o.weight, 1.0) for o in group)
        weight = sum(o.weight for o in group)
        if len(group) < 2 or counted < count or not any(facts.is_open(c) for o in group for c in o.concerns):
            continue
        if weight >= best_weight:
            best, best_weight = group, weight
    return best


def accounts_text(group: Sequence[Occasion], now: datetime) -> str:
    """'3 Mar seen by Ms Patel as it happened; 10 Mar not explained'."""
    return "; ".join(f"{day_text(o.day, now)} {o.account}" for o in group)
