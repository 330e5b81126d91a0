"""The whole-school review's state, so the DSL's current review does not grow with the log's history.

A pupil reaches the review only with an undecided entry or a review date passed; beside it
only with a review date, an open task or referral chase, or a recent agency notification.
For each pupil with any of these the state keeps ids, codes and dates, never a word of the
log; with it the chain position and hash it was worked out at. Sealed under the team key in
the cache table (`storage.cache`), so only the team opens it, an erasure or a new key epoch
drops it, and a chain rolled back or rewritten since (its hash at that position differs) is
never read with it.

On unlock the review reads only the files of the pupils touched since (found through the
subject index, nothing decrypted) and of those the state names (`ReviewState.to_read`).
What the state holds depends on neither thresholds nor staff roles; each pupil who may be
listed is assessed afresh from their whole file, so the review is the one the whole log
gives (`tests/test_review_state.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from school_log.model import (
    REFERRING_OUTCOMES,
    Concern,
    Decision,
    Entry,
    Notification,
    Pupil,
    Task,
    covered,
)
from school_log.tasks import open_tasks
from storage import cache
from storage.records import b64, unb64
from storage.session import Session

#: Versioned: a state of another shape is never read.
NAME = "review-state/3"


@dataclass(frozen=True)
class PupilState:
    """What may put one pupil on the review or beside it, from their own file: ids, codes and dates only."""

    undecided: tuple[str, ...] = ()
    review_by: str | None = None  # the latest own decision's review date: assessed once it has passed
    tasks: int = 0  # open tasks and unanswered referrals' chases
    notified: str | None = None  # when the newest agency notification was recorded
    follow_up: tuple[str, str, str] | None = None  # the latest own decision's id, outcome and review date
    last: str | None = None  # when the newest entry was recorded (with a follow-up: was the file sent on since?)

    @property
    def asks(self) -> bool:
        """Whether something in the file may ask for the DSL, whether or not the pupil is on roll."""
        return bool(self.undecided or self.review_by or self.notified)

    def is_recent(self, since: datetime) -> bool:
        return self.notified is not None and _at(self.notified) >= since


@dataclass
class ReviewState:
    """The review's state at chain position `seq` (whose record hashed to `chain_hash`)."""

    seq: int
    chain_hash: bytes
    newest: str | None  # the newest entry's recorded_at, for the clock warning
    pupils: dict[str, PupilState] = field(default_factory=dict)
    #: Pupils with a concern or notification that happened after it was recorded here (one brought in by a
    #: transfer keeps the time it was written there): a sibling's recent entries are found by when they were
    #: recorded (`recent_siblings`), which holds for every other pupil.
    backdated: set[str] = field(default_factory=set)

    def to_assess(self, today: date) -> list[str]:
        """The pupils who may be on the review on `today`: an undecided entry, or a review date passed.

        Every other pupil's assessment is empty: pattern flags rest on an undecided entry of
        the pupil's own, and the only flag without one is a review date passed.
        """
        return [
            pupil_id
            for pupil_id, state in self.pupils.items()
            if state.undecided or (state.review_by is not None and date.fromisoformat(state.review_by) < today)
        ]

    def to_read(self, today: date, since: datetime, pupils: Mapping[str, Pupil]) -> set[str]:
        """Whose whole files the dashboard reads: those `to_assess`, those on roll with open tasks (the dashboard
        lists only theirs: a leaver's unanswered referrals, counted in case they return, are not read on every
        unlock), those with a notification since `since`, and those of `recent_siblings`' pupils whose entries
        cannot be found by when recorded."""
        tasks = [pupil_id for pupil_id, state in self.pupils.items() if state.tasks and pupil_id in pupils]
        whole = {*self.to_assess(today), *tasks, *self.notified(since)}
        return whole | (self._siblings(pupils) & self.backdated)

    def recent_siblings(self, today: date, since: datetime, pupils: Mapping[str, Pupil]) -> set[str]:
        """The siblings of those with an undecided entry whose files `to_read` does not read whole: only their
        recent concerns and notifications join a pattern (`household_concerns`), and every one of theirs
        happened before it was recorded, so the entries recorded since the household window began are enough."""
        return self._siblings(pupils) - self.to_read(today, since, pupils)

    def _siblings(self, pupils: Mapping[str, Pupil]) -> set[str]:
        return households([pupil_id for pupil_id, state in self.pupils.items() if state.undecided], pupils)

    def notified(self, since: datetime) -> list[str]:
        """The pupils with an agency notification recorded since `since`."""
        return [pupil_id for pupil_id, state in self.pupils.items() if state.is_recent(since)]

    def take(self, files: Mapping[str, Sequence[Entry]], pupils: Mapping[str, Pupil], seq: int, chain: bytes) -> None:
        """Each pupil of `files` (whole files) worked out again, and the state moved to `seq`."""
        for pupil_id, entries in files.items():
            state = pupil_state(pupils.get(pupil_id), entries)
            if state == PupilState():
                self.pupils.pop(pupil_id, None)
            else:
                self.pupils[pupil_id] = state
            if any(
                isinstance(e, Concern | Notification) and (e.transferred or e.occurred_at > e.recorded_at)
                for e in entries
            ):
                self.backdated.add(pupil_id)
            else:
                self.backdated.discard(pupil_id)
            newest = max((e.recorded_at.isoformat() for e in entries), default=None, key=_at)
            if newest is not None and (self.newest is None or _at(newest) > _at(self.newest)):
                self.newest = newest
        self.seq, self.chain_hash = seq, chain


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def pupil_state(pupil: Pupil | None, entries: Sequence[Entry]) -> PupilState:
    """One pupil's state from their whole file, read as `gather`, `open_tasks` and the dashboard read it."""
    decided = covered(entries)
    undecided = tuple(e.id for e in entries if isinstance(e, Notification | Concern) and e.id not in decided)
    own = [e for e in entries if e.transferred is None]
    decisions = sorted((e for e in own if isinstance(e, Decision)), key=lambda d: (d.recorded_at, d.id))
    latest = [d for d in decisions if d.recorded_at == decisions[-1].recorded_at]  # the facts' and the dashboard's
    review_by = next((d.review_by.isoformat() for d in reversed(latest) if d.review_by is not None), None)
    notified = max((e.recorded_at.isoformat() for e in entries if isinstance(e, Notification)), default=None, key=_at)
    if pupil is not None:
        tasks = len(open_tasks(pupil, entries))
    else:  # off the roster (it may come back): every task or referral may be open
        referrals = [d for d in decisions if d.outcome in REFERRING_OUTCOMES]
        tasks = len(referrals) + sum(1 for e in own if isinstance(e, Task))
    ordered = sorted((e for e in own if isinstance(e, Decision)), key=lambda d: d.recorded_at)  # as the dashboard
    follow_up, last = None, None
    if ordered and ordered[-1].review_by is not None:
        follow_up = (ordered[-1].id, ordered[-1].outcome, ordered[-1].review_by.isoformat())
        last = max((e.recorded_at.isoformat() for e in entries), key=_at)
    return PupilState(undecided, review_by, tasks, notified, follow_up, last)


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
            {p: _pupil(s) for p, s in data["pupils"].items()},
            set(data["backdated"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return state if cache.chain_hash(session, seq) == state.chain_hash else None


def _pupil(data: dict[str, Any]) -> PupilState:
    follow_up = data["follow_up"]
    return PupilState(**{**data, "undecided": tuple(data["undecided"]), "follow_up": follow_up and tuple(follow_up)})


def save(session: Session, state: ReviewState, erased: int) -> None:
    """Seal the state for the next unlock (not saved if a file was destroyed since it was worked out)."""
    data: dict[str, Any] = {
        "chain_hash": b64(state.chain_hash),
        "newest": state.newest,
        "pupils": {p: asdict(s) for p, s in state.pupils.items()},
        "backdated": sorted(state.backdated),
    }
    cache.save(session, NAME, state.seq, data, erased)
