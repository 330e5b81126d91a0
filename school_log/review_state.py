"""The whole-school review's state, so the DSL's current review does not grow with the log's history.

A pupil reaches the review only with an undecided entry, a review date, a live referral
(or its chase), an open task or a recent agency notification; every other pupil's file
can be left unread. For each pupil with any of these the state keeps ids, dates and a
status, never a word of the log; with it the chain position and hash it was worked out
at. Sealed under the team key in the cache table (`storage.cache`), so only the team
opens it, an erasure or a new key epoch drops it, and a chain rolled back or rewritten
since (its hash at that position differs) is never read with it.

On unlock the review reads only the pupils touched since (found through the subject
index, nothing decrypted) and those the state names, with their households: `touched`
and `candidates`. What a pupil's state holds does not depend on thresholds or staff roles;
each listed pupil is assessed afresh from their whole file, so the review is the one the
whole log gives (`tests/test_review_state.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from school_log.model import (
    REFERRING_OUTCOMES,
    Concern,
    Decision,
    Entry,
    Notification,
    Pupil,
    ReferralOutcome,
    Task,
    covered,
)
from school_log.pattern_facts import live_referral
from school_log.tasks import open_tasks
from storage import cache
from storage.records import b64, unb64
from storage.session import Session

#: Versioned: a state of another shape is never read.
NAME = "review-state/1"


@dataclass(frozen=True)
class PupilState:
    """What may put one pupil on the review, from their own file: ids and dates only."""

    undecided: tuple[str, ...] = ()
    review_by: str | None = None  # the latest own decision's review date
    referral: str = ""  # the live referral's status, "" with none live
    referral_since: str | None = None  # when it last moved
    tasks: int = 0  # open tasks and unanswered referrals' chases
    notified: str | None = None  # when the newest agency notification was recorded

    def reviewable(self, since: datetime) -> bool:
        """Whether the pupil may be on the review or beside it (a notification recorded after `since`)."""
        recent = self.notified is not None and datetime.fromisoformat(self.notified) >= since
        return bool(self.undecided or self.review_by or self.referral or self.tasks or recent)


@dataclass
class ReviewState:
    """The review's state at chain position `seq` (whose record hashed to `chain_hash`)."""

    seq: int
    chain_hash: bytes
    newest: str | None  # the newest entry's recorded_at, for the clock warning
    pupils: dict[str, PupilState] = field(default_factory=dict)

    def candidates(self, since: datetime) -> set[str]:
        return {pupil_id for pupil_id, state in self.pupils.items() if state.reviewable(since)}

    def take(self, files: Mapping[str, Sequence[Entry]], pupils: Mapping[str, Pupil], seq: int, chain: bytes) -> None:
        """Each pupil of `files` (whole files) worked out again, and the state moved to `seq`."""
        for pupil_id, entries in files.items():
            state = pupil_state(pupils.get(pupil_id), entries)
            if state == PupilState():
                self.pupils.pop(pupil_id, None)
            else:
                self.pupils[pupil_id] = state
            newest = max((e.recorded_at.isoformat() for e in entries), default=None)
            if newest is not None and (self.newest is None or _at(newest) > _at(self.newest)):
                self.newest = newest
        self.seq, self.chain_hash = seq, chain


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def pupil_state(pupil: Pupil | None, entries: Sequence[Entry]) -> PupilState:
    """One pupil's state from their whole file (`gather` and `open_tasks` read the same)."""
    decided = covered(entries)
    undecided = tuple(e.id for e in entries if isinstance(e, Notification | Concern) and e.id not in decided)
    own = [e for e in entries if e.transferred is None]
    decisions = sorted((e for e in own if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id))
    outcomes = sorted((e for e in own if isinstance(e, ReferralOutcome)), key=lambda o: (o.recorded_at, o.id))
    status, since = live_referral(decisions, outcomes)
    latest = [d for d in decisions if decisions and d.recorded_at == decisions[-1].recorded_at]
    review_by = next((d.review_by.isoformat() for d in reversed(latest) if d.review_by is not None), None)
    notified = max((e.recorded_at.isoformat() for e in entries if isinstance(e, Notification)), default=None, key=_at)
    if pupil is not None:
        tasks = len(open_tasks(pupil, entries))
    else:  # off the roster (it may come back): every task or referral may be open
        referrals = [e for e in decisions if e.outcome in REFERRING_OUTCOMES]
        tasks = len(referrals) + sum(1 for e in own if isinstance(e, Task))
    return PupilState(undecided, review_by, status, since.isoformat() if since else None, tasks, notified)


def build(files: Mapping[str, Sequence[Entry]], pupils: Mapping[str, Pupil], seq: int, chain: bytes) -> ReviewState:
    """The state of the whole log (every pupil's file), at `seq`."""
    state = ReviewState(seq, chain, None)
    state.take(files, pupils, seq, chain)
    return state


def households(chosen: Iterable[str], pupils: Mapping[str, Pupil]) -> set[str]:
    """`chosen` with their siblings: a pupil's review reads their household's files too."""
    homes = {pupils[p].household for p in chosen if p in pupils}
    return set(chosen) | {p.id for p in pupils.values() if p.household in homes}


def load(session: Session) -> ReviewState | None:
    """The team's last review state, or None: missing, of another key epoch, not opening, not of this shape,
    or bound to a chain position whose record is not the one it was computed from."""
    found = cache.load(session, NAME)
    if found is None:
        return None
    seq, data = found
    try:
        state = ReviewState(
            seq,
            unb64(data["chain_hash"]),
            data["newest"],
            {p: PupilState(**{**s, "undecided": tuple(s["undecided"])}) for p, s in data["pupils"].items()},
        )
    except (KeyError, TypeError, ValueError):
        return None
    return state if cache.chain_hash(session, seq) == state.chain_hash else None


def save(session: Session, state: ReviewState, erased: int) -> None:
    """Seal the state for the next unlock (not saved if a file was destroyed since it was worked out)."""
    data: dict[str, Any] = {
        "chain_hash": b64(state.chain_hash),
        "newest": state.newest,
        "pupils": {p: asdict(s) for p, s in state.pupils.items()},
    }
    cache.save(session, NAME, state.seq, data, erased)
