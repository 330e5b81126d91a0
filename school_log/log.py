"""The log as one account writes and reads it: every kind of entry, and the entries read back.

Each write is checked as the screens' forms are, refused plainly when it is the
safeguarding team's and this account is not on it (the vault would refuse it too),
and appended with the audit of the read it rests on in one transaction. What is read
is decrypted once per unlock: the files the team's views need, a batch of pupils at a
time, then only what was appended since; and each entry's place in the chain for its
short reference. A record that opens but is not the shape
of its kind (written by something other than this program) is set aside and
reported, never allowed to stop a whole-school read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from school_log import references
from school_log.authority import require_dsl
from school_log.clock import parse_instant
from school_log.codec import KIND_OF, from_payload, to_payload
from school_log.errors import InputError, IntegrityError
from school_log.forms import inputs as forms
from school_log.indicators import questions
from school_log.model import (
    COVERS_UNREVIEWED,
    Addendum,
    Concern,
    Decision,
    Entry,
    KnownCondition,
    Notification,
    ReferralOutcome,
    Task,
    TaskDone,
    covered,
)
from school_log.roster import Roster
from school_log.staff import CODE_MARKS, Staff
from storage import cache, erasure
from storage.records import Draft, Opened
from storage.session import Session
from storage.trust import SetAside

#: Pupils' files read in one query through the subject index (well within any engine's limit on parameters).
_BATCH = 500

E = TypeVar("E", Concern, Notification, Addendum, Decision, ReferralOutcome, Task, TaskDone, KnownCondition)


class Log:
    """The entries this account writes and may read, through `session`."""

    def __init__(self, session: Session, roster: Roster, staff: Staff) -> None:
        self.session = session
        self.roster = roster
        self.staff = staff
        self._by_pupil: dict[str, list[Entry]] = {}  # pupil id -> entries, decrypted once per unlock
        self._seq = 0  # the last record taken into `_by_pupil`
        self._seqs: dict[str, int] = {}  # entry id -> place in the log, for short references
        self.unreadable: dict[str, SetAside] = {}  # records that opened but are not the shape of their kind
        self._erased = 0  # the newest tombstone when the log was read: a newer one means a file was destroyed
        self._loaded: set[str] | None = None  # read on from a review state: the pupils whose whole file is read

    def forget(self) -> None:
        """Read the whole log again next time (records were written or erased elsewhere)."""
        self._by_pupil, self._seq, self._loaded = {}, 0, None
        self.unreadable = {}

    def lock(self) -> None:
        """Drop everything decrypted."""
        self.forget()
        self._seqs = {}

    # --- writing -----------------------------------------------------------

    def _write(self, kind: type[E], pupil_id: str, values: Mapping[str, Any], *first: Draft) -> E:
        """A new entry of `kind` by this account, now, appended (after `first`, e.g. the audit of the
        read it rests on) in one transaction; returned with the id and time the vault gave it."""
        pupil = self.roster.pupil(pupil_id)
        entry = kind(
            id="",
            pupil_id=pupil.id,
            author_id=self.session.account_id,
            recorded_at=self.session.clock.now(),
            **values,
        )
        draft = Draft("entry", subject=pupil.id, kind=KIND_OF[kind], data=to_payload(entry))
        appended = self.session.append(*first, draft)[-1]
        self._seqs[appended.id] = appended.seq
        return replace(entry, id=appended.id, recorded_at=parse_instant(appended.created_at))

    def record_concern(self, data: object) -> Concern:
        """Any member of staff records a concern about any pupil."""
        values = forms.parse_concern(data, self.session.clock.now())
        pupil = self.roster.pupil(values.pop("pupil"))
        return self._write(Concern, pupil.id, values)

    def offers(self, data: object) -> list[questions.Offer]:
        """What the words of a concern being written answer that its boxes do not (checked as `record_concern`
        checks it; nothing is written): the form asks "This sounds like a disclosure — tick it?" before saving."""
        values = forms.parse_concern(data, self.session.clock.now())
        pupil = self.roster.pupil(values.pop("pupil"))
        now = self.session.clock.now()
        return questions.offers(Concern(id="", pupil_id=pupil.id, author_id="", recorded_at=now, **values))

    def notify(self, data: object) -> Notification:
        """A DSL records what another agency told the school."""
        require_dsl(self.session, "record agency notifications")
        values = forms.parse_notification(data, self.session.clock.now())
        pupil = self.roster.pupil(values.pop("pupil"))
        return self._write(Notification, pupil.id, values)

    def record_condition(self, data: object) -> KnownCondition:
        """A DSL records a known health condition or birthmark on a pupil's file (from a care plan, the red
        book, a consultant's letter): the review then reads the marks it explains as explained by it."""
        require_dsl(self.session, "record health conditions")
        values = forms.parse_condition(data)
        pupil = self.roster.pupil(values.pop("pupil"))
        return self._write(KnownCondition, pupil.id, values)

    def addendum(self, entry_id: str, data: object) -> Addendum:
        """A correction or follow-up by the original author or a DSL; the original stays."""
        values = forms.parse_addendum(data)
        original = self.find(entry_id, purpose="addendum")  # staff find only their own
        return self._write(Addendum, original.pupil_id, {"refers_to": original.id, **values})

    def decide(self, pupil_ref: str, data: object) -> Decision:
        """Record a DSL decision with its reasons, covering the named (or all unreviewed) entries."""
        require_dsl(self.session, "record decisions")
        values = forms.parse_decision(data, self.session.clock.now())
        pupil = self.roster.pupil(pupil_ref)
        opened = self.session.read(("entry",), subjects=[pupil.id], audit=False)
        entries = self._entries(opened)
        reviewable = {e.id: e for e in entries if isinstance(e, Concern | Notification)}
        if values["covers"] == COVERS_UNREVIEWED:
            decided = covered(entries)
            covers = tuple(i for i in reviewable if i not in decided)
        else:
            covers = tuple(values["covers"])
            for entry_id in covers:
                if entry_id not in reviewable:
                    raise InputError(
                        f"{entry_id!r} is not a concern or notification about this pupil",
                        form="decision",
                        field="covers",
                    )
        values["covers"] = covers
        if values["supersedes"] and not any(isinstance(e, Decision) and e.id == values["supersedes"] for e in entries):
            raise InputError("that is not an earlier decision about this pupil", form="decision", field="supersedes")
        audit = self.session.audit_draft("decision", [pupil.id], len(opened))
        return self._write(Decision, pupil.id, values, audit)

    def referral_outcome(self, data: object) -> ReferralOutcome:
        """What the agency decided about a referral, when it comes back."""
        require_dsl(self.session, "record referral outcomes")
        values = forms.parse_referral_outcome(data)
        decision = self.find(values.pop("decision"), audit=False)
        if not isinstance(decision, Decision):
            raise InputError("that entry is not a decision", form="referral outcome", field="decision")
        audit = self.session.audit_draft("referral-outcome", [decision.pupil_id], 1)
        return self._write(ReferralOutcome, decision.pupil_id, {"decision_id": decision.id, **values}, audit)

    def add_task(self, pupil_ref: str, data: object) -> Task:
        """A DSL sets a task about a pupil for someone (any account), due on a date."""
        require_dsl(self.session, "set tasks")
        values = forms.parse_task(data, self.session.clock.now())
        if values["assignee"] not in self.staff.by_id():
            raise InputError("no such member of staff", form="task", field="assignee")
        pupil = self.roster.pupil(pupil_ref)
        name = self.staff.by_id()[values["assignee"]].name
        return self._write(Task, pupil.id, {"assignee_name": name, **values})

    def complete_task(self, data: object) -> TaskDone:
        """A task (or a referral's automatic chase, named by its decision) done, with a note."""
        require_dsl(self.session, "complete tasks")
        values = forms.parse_task_done(data)
        task = self.find(values["task"], purpose="task")
        if not isinstance(task, Task | Decision):
            raise InputError("that entry is not a task or a referral", form="task done", field="task")
        return self._write(TaskDone, task.pupil_id, {"task_id": task.id, "note": values["note"]})

    # --- reading -----------------------------------------------------------

    def entries(self, subjects: Sequence[str] | None, purpose: str, audit: bool | None = None) -> list[Entry]:
        """The entries about `subjects` (every pupil: None) this account can open, in chain order."""
        records = self.session.read(("entry",), subjects=subjects, purpose=purpose, audit=audit)
        return self._entries(records)

    def _entries(self, records: Sequence[Opened]) -> list[Entry]:
        """The domain entries opened records hold; one that is not the shape of its kind is set aside."""
        entries = []
        for record in records:
            try:
                entries.append(self._entry(record))
            except ValueError as error:  # the codec's message names the fields, never their values
                self.unreadable[record.id] = SetAside(record.seq, record.id, record.kind, str(error))
        return entries

    def _entry(self, record: Opened) -> Entry:
        """The domain entry an opened record holds (a transferred one keeps the time it was written there)."""
        entry = from_payload(
            record.kind,
            record.data,
            id=record.id,
            pupil_id=record.subject,
            author_id=record.author,
            recorded_at=datetime.fromisoformat(record.created_at),
        )
        self._seqs[record.id] = record.seq
        if entry.transferred is not None:
            return replace(entry, recorded_at=entry.transferred.recorded_at)
        return entry

    def quietly(
        self, after: int = 0, ids: Sequence[str] | None = None, upto: int | None = None
    ) -> tuple[list[Entry], int]:
        """The entries after chain position `after` (up to `upto`; only `ids`, if given) this account can open, in
        chain order, and the position of the last record read (`after` if none). Not audited: the caller audits
        what it was for."""
        records = self.session.read(("entry",), ids=ids, after=after, upto=upto, audit=False)
        return self._entries(records), (records[-1].seq if records else after)

    def find(self, entry_id: str, purpose: str = "", audit: bool | None = None) -> Entry:
        """One entry this account can open (staff: only their own — others are simply not found)."""
        records = self.session.read(("entry",), ids=[entry_id.strip()], purpose=purpose, audit=audit)
        if not records:
            raise InputError(f"no entry {entry_id!r} that you can see")
        found = self._entries(records)
        if not found:
            raise IntegrityError(f"entry {entry_id!r} cannot be read: {self.unreadable[records[0].id]}")
        return found[0]

    def my_entries(self) -> list[Entry]:
        """What I wrote, newest first — the only entries a member of staff can ever open. Entries a DSL
        brought in from another school were written there, not by them."""
        mine = [e for e in self._entries(self.session.read(("entry",), mine_only=True)) if e.transferred is None]
        return sorted(mine, key=lambda e: e.recorded_at, reverse=True)

    def taken(self) -> dict[str, list[Entry]]:
        """The entries read so far (already decrypted and audited), by pupil: after `resume`, the whole files
        `load` read."""
        if self._loaded is not None:
            return {pupil_id: self._by_pupil.get(pupil_id, []) for pupil_id in self._loaded}
        return self._by_pupil

    def resume(self, seq: int, purpose: str) -> tuple[bool, bool]:
        """Read on from `seq`, where a review state was worked out, what was appended since (taken in as
        `take_new` takes it; nothing before it is read unless `load` asks): whether the log is now at or past
        `seq` with no file destroyed since, and whether the vault audited the read."""
        if self._seq == 0 and not self._by_pupil:  # nothing read yet this unlock
            self._seq, self._loaded, self._erased = seq, set(), erasure.newest(self.session.vault)
        erased = self._erased
        audited = self._take(purpose)[1]
        return self._erased == erased and self._seq >= seq, audited

    def start_at_end(self) -> None:
        """Nothing read yet, and the log taken as read up to the chain's end as it is now: each file is then
        read by `load` or `each_file`, never the whole log at once (a rebuild of the review state at 250,000
        entries held them all: about 1 GB)."""
        self.forget()
        self._seq, self._loaded = cache.head(self.session), set()
        self._erased = erasure.newest(self.session.vault)

    def load(self, subjects: Iterable[str]) -> int:
        """After `resume`, the whole files of `subjects` as far as the log is read (through the subject
        index; the caller audits the view): how many entries they hold."""
        if self._loaded is not None:
            for files in self.each_file(set(subjects) - self._loaded):
                self.hold(files)
        return sum(len(self._by_pupil.get(pupil_id, [])) for pupil_id in subjects)

    def hold(self, files: Mapping[str, list[Entry]]) -> None:
        """Whole files `each_file` gave, kept as `load` keeps what it reads (and not read again)."""
        if self._loaded is not None:
            self._by_pupil.update(files)
            self._loaded.update(files)

    def each_file(self, subjects: Iterable[str]) -> Iterator[dict[str, list[Entry]]]:
        """After `resume`, the whole files of `subjects` as far as the log is read, a batch of pupils at a time
        and kept only by the caller (the caller audits the view)."""
        wanted = sorted(subjects)
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            opened = self.session.read(("entry",), subjects=batch, audit=False)
            files: dict[str, list[Entry]] = {pupil_id: [] for pupil_id in batch}
            for entry in self._entries([record for record in opened if record.seq <= self._seq]):
                files[entry.pupil_id].append(entry)
            yield files

    def recent(self, subjects: Iterable[str], since: datetime) -> dict[str, list[Entry]]:
        """After `resume`, the entries of `subjects` recorded at or after `since` as far as the log is read (the
        caller audits the view): a sibling's recent concerns, without their years of history. Kept apart from the
        whole files (`taken`); those whose whole file was read are left out (it is there)."""
        wanted = sorted(set(subjects) - (self._loaded or set()))
        files: dict[str, list[Entry]] = {pupil_id: [] for pupil_id in wanted}
        stamp = since.astimezone(UTC).isoformat(timespec="microseconds")  # as `storage.stamps` writes them
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            opened = self.session.read(("entry",), subjects=batch, recorded_since=stamp, audit=False)
            for entry in self._entries([record for record in opened if record.seq <= self._seq]):
                files[entry.pupil_id].append(entry)
        return files

    def take_new(self) -> list[Entry]:
        """Entries appended since the log was last read, taken into it (the vault audits what it opens, as the
        review's)."""
        return self._take("review")[0]

    def _take(self, purpose: str) -> tuple[list[Entry], bool]:
        """What `take_new` gives, and whether the vault audited the read (it opened another's entry).

        If a file was destroyed since the log was read (on this machine or any other), everything
        decrypted is dropped and read again, the roster too: nothing destroyed stays on a screen.
        """
        before, erased = self._seq, erasure.newest(self.session.vault)
        if erased != self._erased:
            self._by_pupil, self._seq, self._erased, self._loaded = {}, 0, erased, None
            self.roster.forget()
        opened = self.session.read(("entry",), after=self._seq, purpose=purpose)
        taken = self._entries(opened)
        for entry in taken:
            self._by_pupil.setdefault(entry.pupil_id, []).append(entry)
        if opened:
            self._seq = opened[-1].seq
        me = self.session.account_id
        return [e for e in taken if self._seqs[e.id] > before], any(e.author_id != me for e in taken)

    @property
    def erased(self) -> int:
        """The newest tombstone when the whole log was last read (a view computed then is saved only if
        no file was destroyed since)."""
        return self._erased

    @property
    def seq(self) -> int:
        """The last record the whole log has taken in (what a saved dashboard was computed up to)."""
        return self._seq

    def reference(self, entry: Entry) -> str:
        """The entry's short human reference ('C-2026-0412'); it must have been read or written here."""
        return references.reference(entry, self._seqs[entry.id])

    def byline(self, entry: Entry) -> tuple[str, str]:
        """Who wrote an entry and their role; for a transferred entry, its author at the school it came from.
        An entry written under a one-time code its author has not confirmed says so after the name."""
        origin = entry.transferred
        if origin is not None:
            return f"{origin.author}, {origin.school}", origin.role
        name, role = self.staff.author(entry.author_id)
        mark = self.code_mark(entry)
        return (f"{name} {CODE_MARKS[mark]}" if mark else name), role

    def code_mark(self, entry: Entry) -> str | None:
        """ "unconfirmed" or "disputed": written under a one-time code (a DSL saw it) its author's owner has not
        confirmed, or said was not theirs; None for every other entry."""
        if entry.transferred is not None:
            return None
        return self.staff.mark(entry.author_id, self._seqs[entry.id])
