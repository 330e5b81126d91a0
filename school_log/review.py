"""The safeguarding team's views across pupils: the whole-school review, search, chronology.

Each reads the log once per unlock (then only what was appended since, see `Log.whole`)
and is audited as it reads, as every view of the safeguarding file is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from school_log import view_cache
from school_log.authority import require_dsl
from school_log.clock import parse_instant
from school_log.config import Config
from school_log.errors import InputError
from school_log.folding import fold, matched_words
from school_log.local_time import local, local_day
from school_log.log import Log
from school_log.model import MONTHS, Decision, Entry, Notification, Pupil, ReviewItem, when
from school_log.patterns.engine import assess, sort_key
from school_log.roster import Roster
from school_log.staff import Staff
from school_log.transfer_log import moved_out
from school_log.views import RECENT_DAYS, Chronology, ChronologyItem, Dashboard, FollowUp, RecentNotification
from storage import cache
from storage.session import Session


class Review:
    """The DSL's views of the whole school, over the `log` and `roster` of one unlocked account."""

    def __init__(self, session: Session, config: Config, roster: Roster, staff: Staff, log: Log) -> None:
        self.session = session
        self.config = config
        self.roster = roster
        self.staff = staff
        self.log = log

    def files(self, purpose: str) -> dict[str, int]:
        """How many entries each pupil's file holds (pupil id -> count), from one audited read."""
        require_dsl(self.session, "see every pupil's file")
        return {pupil_id: len(entries) for pupil_id, entries in self.log.whole(purpose).items() if entries}

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
        pupils = self.roster.by_id()
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
        first. DSL only; audited."""
        require_dsl(self.session, "search the whole log")
        words = fold(text).split()
        if not words:
            raise InputError("search: give at least one word")
        found = []
        for entry in (e for entries in self.log.whole("search").values() for e in entries):
            hay = fold(" ".join(_texts(entry)))
            if all(word in hay for word in words):
                found.append(entry)
        return sorted(found, key=lambda e: e.recorded_at, reverse=True)

    def items(self) -> list[ReviewItem]:
        """The DSL's prompt: who needs a decision now, strongest first, and why. Audited."""
        return self.dashboard().review

    def dashboard(self, recent_days: int = RECENT_DAYS) -> Dashboard:
        """The review, follow-ups and recent agency notifications from one (audited) read."""
        require_dsl(self.session, "see the whole-school review")
        by_pupil = self.log.whole("review")
        moved = {pupil_id: parse_instant(at) for pupil_id, at in moved_out(self.session, "review").items()}
        households: dict[str, list[Pupil]] = defaultdict(list)
        pupils = self.roster.by_id()
        for member in pupils.values():
            households[member.household].append(member)
        items, follow_ups, notifications = [], [], []
        moment = self.session.clock.now()
        newest = max((e.recorded_at for entries in by_pupil.values() for e in entries), default=moment)
        # An entry dated after this clock (a machine's clock was wrong) is never dropped from the review.
        review_at = max(moment, newest)
        today, since = local_day(moment), moment - timedelta(days=recent_days)
        for pupil_id, entries in by_pupil.items():
            pupil = pupils.get(pupil_id)
            if pupil is None:
                continue
            if pupil_id in moved and all(e.recorded_at <= moved[pupil_id] for e in entries):
                continue  # their file is at the school it was transferred to, which confirmed it
            siblings = [(s, by_pupil.get(s.id, [])) for s in households[pupil.household] if s.id != pupil_id]
            item = self._assess(pupil, entries, siblings, review_at)
            if item is not None:
                items.append(item)
            # A follow-up is this school's own promise: a transferred decision's review date was another's.
            decisions = sorted(
                (e for e in entries if isinstance(e, Decision) and e.transferred is None), key=lambda d: d.recorded_at
            )
            if decisions and decisions[-1].review_by is not None:
                latest, by = decisions[-1], decisions[-1].review_by
                follow_ups.append(FollowUp(pupil, latest.id, latest.outcome, by, by < today))
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
        dashboard = Dashboard(
            review=sorted(items, key=sort_key),
            follow_ups=sorted(follow_ups, key=lambda f: f.review_by),
            notifications=sorted(notifications, key=lambda n: n.occurred_at, reverse=True),
            computed_at=moment,
            clock_warning=warning,
        )
        cache.save(self.session, view_cache.NAME, self.log.seq, view_cache.to_data(dashboard), self.log.erased)
        return dashboard

    def cached_dashboard(self) -> Dashboard | None:
        """The last dashboard any DSL computed (sealed under the team key), to show at once
        while `dashboard()` works out the current one. Showing it is audited too."""
        require_dsl(self.session, "see the whole-school review")
        found = cache.load(self.session, view_cache.NAME)
        if found is None:
            return None
        dashboard = view_cache.from_data(found[1], self.roster.by_id())
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


_ID_FIELDS = frozenset({"id", "pupil_id", "author_id", "refers_to", "decision_id"})


def matched(entry: Entry, text: str) -> list[str]:
    """The words of an entry, as written, that a search for `text` matched."""
    return matched_words(_texts(entry), text)


def _texts(entry: Entry) -> list[str]:
    """The free text of an entry (and of its body marks) that a search looks through."""
    out = [value for name, value in entry.__dict__.items() if isinstance(value, str) and name not in _ID_FIELDS]
    out += [value for value in getattr(entry, "categories", ())]
    for mark in getattr(entry, "body_marks", ()):
        out += [mark.region, mark.type, mark.shape, mark.colour, mark.explanation]
    return out


def _stamp(moment: datetime) -> str:
    """'03 Dec 2026 10:00 GMT' on the school's clock, in the log's month words, whatever the machine's locale."""
    there = local(moment)
    return f"{there:%d} {MONTHS[there.month - 1]} {there:%Y %H:%M %Z}"
