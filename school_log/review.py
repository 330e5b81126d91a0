"""The safeguarding team's views across pupils: the whole-school review, search, chronology.

Each reads the files it needs once per unlock (then only what was appended since, see `Log.resume`)
and is audited as it reads, as every view of the safeguarding file is.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from school_log import review_state, view_cache
from school_log.authority import require_dsl
from school_log.clock import parse_instant
from school_log.config import Config
from school_log.errors import InputError
from school_log.folding import fold, matched_words
from school_log.local_time import local, local_day
from school_log.log import Log
from school_log.model import MONTHS, Concern, Decision, Entry, Notification, Pupil, ReviewItem, covered, when
from school_log.patterns.engine import assess, sort_key
from school_log.roster import Roster
from school_log.staff import Staff
from school_log.transfer_log import moved_out
from school_log.views import RECENT_DAYS, Chronology, ChronologyItem, Dashboard, FollowUp, RecentNotification
from school_log.word_index import WordIndex
from storage import cache, erasure
from storage.session import Session

#: The word index's name in the team-sealed cache, and how many entries taken in since it was saved make it
#: worth saving again (at most this many are opened again by the next unlock's first search).
WORDS = "words/3"
SAVE_WORDS_AFTER = 500
_IDS_AT_ONCE = 2000  # entries read by id in one statement (below every database's limit on parameters)
_SLICE = 20_000  # records of the chain read at once to build the word index or find a common word


class Review:
    """The DSL's views of the whole school, over the `log` and `roster` of one unlocked account."""

    def __init__(self, session: Session, config: Config, roster: Roster, staff: Staff, log: Log) -> None:
        self.session = session
        self.config = config
        self.roster = roster
        self.staff = staff
        self.log = log
        self._words: WordIndex | None = None  # which entries hold which words, once searched

    def files(self, purpose: str, subjects: Sequence[str]) -> dict[str, int]:
        """How many entries the files of `subjects` hold (pupil id -> count, those with any), from one audited
        read through the subject index (none asked for: none read, nothing audited)."""
        require_dsl(self.session, "see pupils' files")
        files: dict[str, int] = defaultdict(int)
        for entry in self.log.entries(subjects, purpose, audit=True) if subjects else ():
            files[entry.pupil_id] += 1
        return dict(files)

    def reviewed_entries(self) -> dict[str, list[Entry]]:
        """The entries the last whole-school review was built from, by pupil (DSL only; already
        decrypted and audited by that read, so filtering the list reads nothing more)."""
        require_dsl(self.session, "filter the whole-school review")
        return self.log.taken()

    def new_entries(self) -> tuple[list[Entry], bool]:
        """Entries appended since the whole log was last read, taken into it (DSL only), and whether a
        file was destroyed since (the review must then be worked out again, even with nothing new).

        For a dashboard that watches the store: asking costs two indexed queries and
        audits nothing when nothing is new; what is new the vault audits as it opens it.
        """
        require_dsl(self.session, "watch the log for new entries")
        erased = self.log.erased
        new = self.log.take_new()
        return new, self.log.erased != erased

    def chronology(self, pupil_ref: str, household: bool = False) -> Chronology:
        """Every entry about a pupil (and, asked, their siblings) in time order. Audited."""
        require_dsl(self.session, "open a pupil's chronology")
        pupil = self.roster.pupil(pupil_ref)
        siblings = self.roster.household(pupil)
        subjects = [pupil.id] + [s.id for s in siblings]
        entries = self.log.entries(subjects, purpose="chronology", audit=True)  # even a file with nothing in it
        by_pupil: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_pupil[entry.pupil_id].append(entry)
        review = self._assess(pupil, by_pupil[pupil.id], [(s, by_pupil[s.id]) for s in siblings])
        shown = [e for e in entries if household or e.pupil_id == pupil.id]
        pupils = {p.id: p for p in (pupil, *siblings)}  # the pupil may have left: not on roll
        items = tuple(
            ChronologyItem(e, pupils[e.pupil_id], *self.log.byline(e), sibling=e.pupil_id != pupil.id)
            for e in sorted(shown, key=lambda e: (when(e), e.recorded_at))
        )
        return Chronology(pupil, tuple(siblings), items, review, self.roster.family(pupil))

    def as_it_stood(self, chron: Chronology, decision: Decision) -> ReviewItem | None:
        """The review of `chron`'s pupil as it stood when `decision` was made: the patterns that led to it,
        which the decision then clears. From what `chron` holds (its siblings' entries too, if read with
        `household`) recorded by then, the decision itself left out; reads nothing more."""
        moment = decision.recorded_at
        before = [i for i in chron.items if i.entry.recorded_at <= moment and i.entry.id != decision.id]
        siblings = [(s, [i.entry for i in before if i.pupil.id == s.id]) for s in chron.household]
        return self._assess(chron.pupil, [i.entry for i in before if not i.sibling], siblings, moment)

    def search(self, text: str) -> list[Entry]:
        """Every entry whose words contain all of `text`'s words (accents and case ignored), newest
        first. DSL only; audited as one read of the whole school.

        Found through the team-sealed word index: only the entries it lists are opened (and
        checked against the words), with whatever was appended since the index was saved.
        """
        require_dsl(self.session, "search the whole log")
        words = fold(text).split()
        if not words:
            raise InputError("search: give at least one word")
        index, taken = self._take_words()
        ids = index.candidates(words)
        held: dict[str, Entry] = {}
        if len(ids) > _IDS_AT_ONCE:  # entries the review already decrypted (and audited) are not opened again
            held = {e.id: e for entries in self.log.taken().values() for e in entries}
        rest = [i for i in ids if i not in held]
        if len(rest) * 4 > len(index.ids):
            # A word in a good part of the log costs less read in chain order than entry by entry: a slice of the
            # chain at a time, only its hits kept (the whole log held for the session was 1 GB at 250k entries).
            wanted = set(rest)
            opened = [e for entries in self._slices(0, cache.head(self.session)) for e in entries if e.id in wanted]
        else:
            opened = [
                e
                for start in range(0, len(rest), _IDS_AT_ONCE)
                for e in self.log.quietly(ids=rest[start : start + _IDS_AT_ONCE])[0]
            ]
        self.session.audit("search", ["*"], taken + len(ids))
        found = [e for e in (*(held[i] for i in ids if i in held), *opened) if all(word in _hay(e) for word in words)]
        return sorted(found, key=lambda e: e.recorded_at, reverse=True)

    def _take_words(self) -> tuple[WordIndex, int]:
        """The word index up to the chain's end: the one in memory, else the sealed one, else built from
        the whole log (and saved); saved again once enough was taken in. With how many entries it opened."""
        erased = erasure.newest(self.session.vault)
        index = self._words
        if index is None or index.erased != erased:
            saved = cache.load_bytes(self.session, WORDS)
            index = WordIndex.from_bytes(*saved) if saved else None
            if index is None or index.erased != erased:
                index = WordIndex(0, erased)
        built, since = index.seq == 0, index.seq
        again = [i for i in index.set_aside if i not in self.log.unreadable]
        if again:  # read again, so this search says which records it left out, as every search does
            self.log.quietly(ids=again)
        head, read = cache.head(self.session), 0
        for entries in self._slices(since, head):
            for entry in entries:
                index.add(entry.id, _hay(entry).split())
            read += len(entries)
        index.seq = max(since, head)
        index.set_aside += [i for i, aside in self.log.unreadable.items() if aside.seq > since]
        if index.unsaved >= SAVE_WORDS_AFTER or (built and read):
            cache.save_bytes(self.session, WORDS, index.seq, index.to_bytes(), erased)
            index.unsaved = 0
        self._words = index
        return index, read

    def _slices(self, after: int, upto: int) -> Iterator[list[Entry]]:
        """The entries after chain position `after` up to `upto`, a slice of the chain at a time (never the whole
        log at once), kept only by the caller; not audited."""
        for start in range(after, upto, _SLICE):
            yield self.log.quietly(after=start, upto=min(start + _SLICE, upto))[0]

    def forget(self) -> None:
        """Drop the word index held in memory (the account is locked)."""
        self._words = None

    def items(self) -> list[ReviewItem]:
        """The DSL's prompt: who needs a decision now, strongest first, and why. Audited."""
        return self.dashboard().review

    def dashboard(self, recent_days: int = RECENT_DAYS) -> Dashboard:
        """The review, follow-ups and recent agency notifications from one (audited) read.

        With the team's review state (`review_state`) only the files of the pupils it names and of those
        touched since are read; without it (or after an erasure) the whole log, and the state is saved.
        Either way only the pupils who may be listed are assessed.
        """
        require_dsl(self.session, "see the whole-school review")
        with _no_collector_pauses():
            return self._dashboard(recent_days)

    def _dashboard(self, recent_days: int) -> Dashboard:
        moment = self.session.clock.now()
        since = moment - timedelta(days=recent_days)
        pupils = self.roster.by_id()
        state = review_state.load(self.session)
        resumed, audited = self.log.resume(state.seq, "review") if state is not None else (False, False)
        read = 0  # entries read to work the state out afresh
        if state is None or not resumed:
            state, read = self._rebuild(pupils)
            audited = False
        recent = self._catch_up(state, pupils, moment, since, audited, read)
        newest = parse_instant(state.newest) if state.newest else moment
        chosen = {*state.to_assess(local_day(max(moment, newest))), *state.notified(since)}
        follow_ups = self._follow_ups(state, pupils, local_day(moment))
        dashboard = self._board(recent | self.log.taken(), chosen, pupils, moment, newest, since, follow_ups)
        cache.save(self.session, view_cache.NAME, self.log.seq, view_cache.to_data(dashboard), self.log.erased)
        review_state.save(self.session, state, self.log.erased)
        return dashboard

    def _rebuild(self, pupils: Mapping[str, Pupil]) -> tuple[review_state.ReviewState, int]:
        """The state worked out from every pupil's file, read a batch of pupils at a time, never the whole log at
        once: the files the review may read whole (`ReviewState.to_read`) are kept, the rest let go. With how
        many entries were read (the caller audits the view)."""
        self.log.start_at_end()
        seq = self.log.seq
        batches = self.log.each_file(cache.subjects_between(self.session, 0, seq))
        state, read = review_state.ReviewState(seq, self._chain_hash(), None), 0
        for files in batches:
            state.take(files, pupils, seq, state.chain_hash)
            self.log.hold({p: files[p] for p in files if p in state.pupils and (p in pupils or state.pupils[p].asks)})
            read += sum(map(len, files.values()))
        return state, read

    def _catch_up(
        self,
        state: review_state.ReviewState,
        pupils: Mapping[str, Pupil],
        moment: datetime,
        since: datetime,
        audited: bool,
        read: int,
    ) -> dict[str, list[Entry]]:
        """The state moved on to where the log now is, the files the review needs read (audited as one view
        with the `read` entries before it, unless the vault already audited what it opened); returns the
        siblings' recent entries it read."""
        touched = cache.subjects_between(self.session, state.seq, self.log.seq)
        count = read + self.log.load(touched)
        state.take({p: self.log.taken().get(p, []) for p in touched}, pupils, self.log.seq, self._chain_hash())
        newest = parse_instant(state.newest) if state.newest else moment
        today, review_at = local_day(max(moment, newest)), max(moment, newest)
        count += self.log.load(state.to_read(today, since, pupils))
        # A day more than the household window: what `household_concerns` counts happened since its start.
        window = timedelta(days=self.config.thresholds.household_window_days + 1)
        recent = self.log.recent(state.recent_siblings(today, since, pupils), review_at - window)
        count += sum(map(len, recent.values()))
        if not audited:
            self.session.audit("review", ["*"], count)
        return recent

    def _follow_ups(self, state: review_state.ReviewState, pupils: Mapping[str, Pupil], today: date) -> list[FollowUp]:
        """Every review date set, from the state alone (a file sent to another school, which confirmed it,
        is that school's to follow up)."""
        moved = {pupil_id: parse_instant(at) for pupil_id, at in moved_out(self.session, "review").items()}
        found = []
        for pupil_id, pupil_state in state.pupils.items():
            pupil = pupils.get(pupil_id)
            if pupil is None or pupil_state.follow_up is None or pupil_state.last is None:
                continue
            if pupil_id in moved and parse_instant(pupil_state.last) <= moved[pupil_id]:
                continue
            decision_id, outcome, review_by = pupil_state.follow_up
            by = date.fromisoformat(review_by)
            found.append(FollowUp(pupil, decision_id, outcome, by, by < today))
        return sorted(found, key=_follow_up_order)

    def _chain_hash(self) -> bytes:
        return cache.chain_hash(self.session, self.log.seq) or b""

    def _board(
        self,
        by_pupil: Mapping[str, list[Entry]],
        chosen: Iterable[str],
        pupils: Mapping[str, Pupil],
        moment: datetime,
        newest: datetime,
        since: datetime,
        follow_ups: list[FollowUp],
    ) -> Dashboard:
        """The dashboard of the `chosen` pupils' files (with their siblings' from `by_pupil`) as of `moment`."""
        moved = {pupil_id: parse_instant(at) for pupil_id, at in moved_out(self.session, "review").items()}
        households: dict[str, list[Pupil]] = defaultdict(list)
        for member in pupils.values():
            households[member.household].append(member)
        # A pupil who has left stays in the review while a concern or notice about them waits for a decision.
        chosen = set(chosen)
        pupils = self.roster.with_leavers([i for i in chosen if i not in pupils and waiting(by_pupil.get(i, []))])
        items, notifications = [], []
        # An entry dated after this clock (a machine's clock was wrong) is never dropped from the review.
        review_at = max(moment, newest)
        for pupil_id in chosen:
            entries = by_pupil.get(pupil_id, [])
            pupil = pupils.get(pupil_id)
            if pupil is None or not entries:
                continue
            if pupil_id in moved and all(e.recorded_at <= moved[pupil_id] for e in entries):
                continue  # their file is at the school it was transferred to, which confirmed it
            siblings = [(s, by_pupil.get(s.id, [])) for s in households[pupil.household] if s.id != pupil_id]
            item = self._assess(pupil, entries, siblings, review_at)
            if item is not None:
                items.append(item)
            notifications += [
                RecentNotification(pupil, e.id, e.occurred_at, e.agency, e.kind)
                for e in entries
                if isinstance(e, Notification) and e.recorded_at >= since
            ]
        ahead = newest - moment
        warning = (
            f"an entry is dated {_stamp(newest)}, after this machine's clock ({_stamp(moment)}): "
            "check the clocks of the machines recording"
            if ahead.total_seconds() > 60
            else ""
        )
        return Dashboard(
            review=sorted(items, key=sort_key),
            follow_ups=follow_ups,
            # Ties in the same order however many files were read.
            notifications=sorted(notifications, key=lambda n: (n.occurred_at, n.entry_id), reverse=True),
            computed_at=moment,
            clock_warning=warning,
        )

    def cached_dashboard(self) -> Dashboard | None:
        """The last dashboard any DSL computed (sealed under the team key), to show at once
        while `dashboard()` works out the current one. Showing it is audited too."""
        require_dsl(self.session, "see the whole-school review")
        found = cache.load(self.session, view_cache.NAME)
        if found is None:
            return None
        dashboard = view_cache.from_data(found[1], self.roster.with_leavers(view_cache.pupils_named(found[1])))
        if dashboard is not None:
            self.session.audit("review (cached)", ["*"], len(dashboard.review))
        return dashboard

    def _assess(
        self,
        pupil: Pupil,
        entries: Sequence[Entry],
        siblings: Sequence[tuple[Pupil, Sequence[Entry]]],
        at: datetime | None = None,
    ) -> ReviewItem | None:
        return assess(
            pupil,
            entries,
            household=siblings,
            roles=self.staff.roles(),
            now=at or self.session.clock.now(),
            thresholds=self.config.thresholds,
        )


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """The cyclic garbage collector held off while the review reads and assesses: it allocates a few hundred
    thousand objects that are freed by reference counting, and each full collection they set off walked the
    whole heap again (a sixth of the warm review at 50k entries). It runs again as soon as the review is done."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def waiting(entries: Sequence[Entry]) -> bool:
    """Whether a concern or notification among a pupil's `entries` waits for a decision."""
    decided = covered(entries)
    return any(isinstance(e, Concern | Notification) and e.id not in decided for e in entries)


_ID_FIELDS = frozenset({"id", "pupil_id", "author_id", "refers_to", "decision_id"})


def matched(entry: Entry, text: str) -> list[str]:
    """The words of an entry, as written, that a search for `text` matched."""
    return matched_words(_texts(entry), text)


def _hay(entry: Entry) -> str:
    """An entry's free text as a search compares it: folded, its words apart."""
    return fold(" ".join(_texts(entry)))


def _texts(entry: Entry) -> list[str]:
    """The free text of an entry (and of its body marks) that a search looks through."""
    out = [value for name, value in entry.__dict__.items() if isinstance(value, str) and name not in _ID_FIELDS]
    out += [value for value in getattr(entry, "categories", ())]
    for mark in getattr(entry, "body_marks", ()):
        out += [mark.region, mark.type, mark.shape, mark.colour, mark.explanation]
    return out


def _follow_up_order(follow_up: FollowUp) -> tuple[date, str, str]:
    """Earliest review date first; ties in the same order however many files were read."""
    return (follow_up.review_by, follow_up.pupil.id, follow_up.decision_id)


def _stamp(moment: datetime) -> str:
    """'03 Dec 2026 10:00 GMT' on the school's clock, in the log's month words, whatever the machine's locale."""
    there = local(moment)
    return f"{there:%d} {MONTHS[there.month - 1]} {there:%Y %H:%M %Z}"
