"""The school as one unlocked person sees it: the roster, the log, and the DSL's views.

Every screen and every CLI command goes through `School`; it hands plain domain
objects to the vault and gets plain domain objects back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from school_log import forms, references
from school_log.authority import open_vault
from school_log.clock import now, parse_instant
from school_log.codec import (
    KIND_OF,
    from_payload,
    pupil_from_payload,
    pupil_payload,
    to_payload,
)
from school_log.config import Config, load_config
from school_log.errors import AuthError, InputError
from school_log.model import (
    COVERS_UNREVIEWED,
    Addendum,
    Concern,
    Decision,
    Entry,
    Notification,
    Pupil,
    ReferralOutcome,
)
from school_log.roster_files import RosterRow, read_roster
from school_log.tasks import TaskWrites
from school_log.views import ImportResult
from school_log.whole_school import WholeSchoolViews
from storage import accounts
from storage.accounts import AccountInfo
from storage.checkpoint import Checkpoint
from storage.records import Draft, Opened
from storage.session import Session
from storage.trust import SetAside
from storage.verify import Report, verify


class _Roster(NamedTuple):
    by_id: dict[str, Pupil]
    by_upn: dict[str, Pupil]


class School(TaskWrites, WholeSchoolViews):
    """One unlocked account's view of the school."""

    def __init__(self, session: Session, config: Config | None = None) -> None:
        self.session = session
        self.config = config or load_config()
        self._roster: _Roster | None = None
        self._staff: dict[str, AccountInfo] | None = None
        self._staff_roles: dict[str, str] | None = None
        self._log: dict[str, list[Entry]] = {}  # pupil id -> entries, decrypted once per unlock
        self._log_seq = 0
        self._origins: dict[str, dict[str, str]] = {}  # entry id -> where a transferred entry was written
        self._seqs: dict[str, int] = {}  # entry id -> place in the log, for short references

    @classmethod
    def unlock(cls, url: str | None, username: str, passphrase: str) -> School:
        return cls(open_vault(url).unlock(username, passphrase))

    # --- who ---------------------------------------------------------------

    @property
    def me(self) -> AccountInfo:
        return self.staff_by_id()[self.session.account_id]

    @property
    def is_dsl(self) -> bool:
        return self.session.is_team

    @property
    def name(self) -> str:
        return accounts.school_name(self.session)

    def staff(self) -> list[AccountInfo]:
        return sorted(self.staff_by_id().values(), key=lambda a: a.username)

    def staff_by_id(self) -> dict[str, AccountInfo]:
        if self._staff is None:
            self._staff = {info.id: info for info in accounts.list_accounts(self.session)}
        return self._staff

    def dsls(self) -> list[AccountInfo]:
        return [a for a in self.staff() if a.role == "dsl" and a.active]

    def add_staff(self, username: str, name: str, role: str, passphrase: str) -> None:
        accounts.add_account(self.session, username, name, role, passphrase)
        self._forget_staff()

    def reset_staff(self, username: str) -> str:
        """A one-time code for someone who forgot their passphrase (give it to them, once)."""
        code = accounts.reset_account(self.session, username)
        self._forget_staff()
        return code

    def deactivate_staff(self, username: str) -> None:
        accounts.deactivate_account(self.session, username)
        self._forget_staff()

    def change_passphrase(self, old: str, new: str) -> None:
        """A new passphrase, and with it new keys (also how a one-time reset code is used up)."""
        accounts.change_passphrase(self.session, old, new)
        self._forget_staff()

    @property
    def must_set_passphrase(self) -> bool:
        """Unlocked with a one-time reset code: setting a new passphrase is all it allows."""
        return self.session.must_set_passphrase

    @property
    def failed_unlocks(self) -> int:
        """Wrong passphrases tried on this account before this unlock (shown, then recorded)."""
        return self.session.failed_unlocks

    @property
    def set_aside(self) -> list[SetAside]:
        """Records that opened but whose author may not have written them: never shown, reported."""
        return sorted(self.session.set_aside.values(), key=lambda s: s.seq)

    def lock(self) -> None:
        """Drop every key and everything decrypted with them."""
        self.session.lock()
        self._roster = None
        self._forget_staff()
        self._log, self._log_seq = {}, 0
        self._seqs = {}

    def verify(self, checkpoints: Sequence[Checkpoint] = ()) -> Report:
        """Check the whole chain, opening every seal this account holds. Audited: it reads everything."""
        report = verify(self.session.vault, self.session, checkpoints)
        self.session.audit("verify", ["*"], report.opened)
        return report

    # --- roster ------------------------------------------------------------

    def pupils(self) -> list[Pupil]:
        return sorted(self._pupil_map().values(), key=lambda p: (p.family_name.lower(), p.given_name.lower()))

    def _pupil_map(self) -> dict[str, Pupil]:
        return self._roster_index().by_id

    def _roster_index(self) -> _Roster:
        if self._roster is None:
            latest: dict[str, Pupil] = {}
            for record in self.session.read(("roster",)):
                if record.kind == "pupil":  # the roster class also carries the team's receipts
                    latest[record.subject] = pupil_from_payload(record.subject, record.data)
            self._roster = _Roster(latest, {p.upn: p for p in latest.values()})
        return self._roster

    def forget_reads(self) -> None:
        """Forget the decrypted roster and log after records were written or erased elsewhere
        (a transfer in, a file destroyed), so the next read sees the store as it now is."""
        self._roster = None
        self._log, self._log_seq = {}, 0

    def pupil(self, ref: str) -> Pupil:
        """A pupil by id or UPN; an unknown one is a clear InputError."""
        ref = ref.strip()
        for fresh in (False, True):  # not known: perhaps imported since this roster was read
            if fresh:
                self._roster = None
            roster = self._roster_index()
            found = roster.by_id.get(ref) or roster.by_upn.get(ref.upper())
            if found is not None:
                return found
        raise InputError(f"no pupil {ref!r} on the roster (give a UPN or a pupil id)")

    def search_pupils(self, text: str, limit: int = 50) -> list[Pupil]:
        """Type-ahead: each word starts a name or preferred name, is part of the UPN,
        or names the year group ("year 5", "y5", "yr R")."""
        words = text.lower().replace("year ", "y").replace("yr ", "y").split()
        found = []
        for pupil in self.pupils():
            names = f"{pupil.given_name} {pupil.preferred_name} {pupil.family_name} {pupil.preferred_surname}"
            names = names.lower().replace("-", " ").split()
            year = f"y{pupil.year_group}".lower()
            if all(w == year or w in pupil.upn.lower() or any(n.startswith(w) for n in names) for w in words):
                found.append(pupil)
                if len(found) >= limit:
                    break
        return found

    def household(self, pupil: Pupil) -> list[Pupil]:
        """The pupil's siblings on roll (same household), not the pupil."""
        return [p for p in self.pupils() if p.household == pupil.household and p.id != pupil.id]

    def import_roster(self, path: Path) -> ImportResult:
        """Add or update pupils from a CSV or CTF file, all or nothing."""
        self._require_dsl("import the roster")
        return self.import_rows(read_roster(path))

    def preview_rows(self, rows: Sequence[RosterRow]) -> ImportResult:
        """What importing `rows` would do, writing nothing."""
        return self._plan(rows)[1]

    def import_rows(self, rows: Sequence[RosterRow]) -> ImportResult:
        """Add or update pupils by UPN in one transaction (never a duplicate)."""
        self._require_dsl("import the roster")
        drafts, result = self._plan(rows)
        self.session.append(*drafts)
        self._roster = None
        return result

    def _plan(self, rows: Sequence[RosterRow]) -> tuple[list[Draft], ImportResult]:
        by_upn = self._roster_index().by_upn
        drafts, added, updated = [], 0, 0
        for row in rows:
            existing = by_upn.get(row.upn)
            pupil = Pupil(id=existing.id if existing else str(uuid.uuid4()), **row.__dict__)
            if existing == pupil:
                continue
            added, updated = added + (existing is None), updated + (existing is not None)
            drafts.append(Draft("roster", subject=pupil.id, kind="pupil", data=pupil_payload(pupil)))
        return drafts, ImportResult(added, updated, len(rows) - added - updated)

    # --- writing -----------------------------------------------------------

    def _save(self, entry: Entry, *first: Draft) -> Entry:
        """Append the entry (after `first`, e.g. the audit of the read it rests on) in one transaction."""
        pupil = self.pupil(entry.pupil_id)
        draft = Draft("entry", subject=pupil.id, kind=KIND_OF[type(entry)], data=to_payload(entry))
        appended = self.session.append(*first, draft)[-1]
        self._seqs[appended.id] = appended.seq
        return type(entry)(**{**entry.__dict__, "id": appended.id, "recorded_at": parse_instant(appended.created_at)})

    def record_concern(self, data: object) -> Concern:
        """Any member of staff records a concern about any pupil."""
        values = forms.parse_concern(data)
        pupil = self.pupil(values.pop("pupil"))
        return self._save(
            Concern(id="", pupil_id=pupil.id, author_id=self.session.account_id, recorded_at=now(), **values)
        )  # type: ignore[return-value]

    def notify(self, data: object) -> Notification:
        """A DSL records what another agency told the school."""
        self._require_dsl("record agency notifications")
        values = forms.parse_notification(data)
        pupil = self.pupil(values.pop("pupil"))
        return self._save(
            Notification(id="", pupil_id=pupil.id, author_id=self.session.account_id, recorded_at=now(), **values)
        )  # type: ignore[return-value]

    def addendum(self, entry_id: str, data: object) -> Addendum:
        """A correction or follow-up by the original author or a DSL; the original stays."""
        values = forms.parse_addendum(data)
        original = self._find_entry(entry_id, purpose="addendum")  # staff find only their own
        return self._save(
            Addendum(
                id="",
                pupil_id=original.pupil_id,
                author_id=self.session.account_id,
                recorded_at=now(),
                refers_to=original.id,
                **values,
            )
        )  # type: ignore[return-value]

    def decide(self, pupil_ref: str, data: object) -> Decision:
        """Record a DSL decision with its reasons, covering the named (or all unreviewed) entries."""
        self._require_dsl("record decisions")
        values = forms.parse_decision(data)
        pupil = self.pupil(pupil_ref)
        opened = self.session.read(("entry",), subjects=[pupil.id], audit=False)
        entries = [self._entry(record) for record in opened]
        reviewable = {e.id: e for e in entries if isinstance(e, Concern | Notification)}
        if values["covers"] == COVERS_UNREVIEWED:
            covered = {c for e in entries if isinstance(e, Decision) for c in e.covers}
            covers = tuple(i for i in reviewable if i not in covered)
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
        return self._save(
            Decision(id="", pupil_id=pupil.id, author_id=self.session.account_id, recorded_at=now(), **values), audit
        )  # type: ignore[return-value]

    def referral_outcome(self, data: object) -> ReferralOutcome:
        """What the agency decided about a referral, when it comes back."""
        self._require_dsl("record referral outcomes")
        values = forms.parse_referral_outcome(data)
        decision = self._find_entry(values.pop("decision"), audit=False)
        if not isinstance(decision, Decision):
            raise InputError("that entry is not a decision", form="referral outcome", field="decision")
        audit = self.session.audit_draft("referral-outcome", [decision.pupil_id], 1)
        return self._save(
            ReferralOutcome(
                id="",
                pupil_id=decision.pupil_id,
                author_id=self.session.account_id,
                recorded_at=now(),
                decision_id=decision.id,
                **values,
            ),
            audit,
        )  # type: ignore[return-value]

    def _require_dsl(self, action: str) -> None:
        if not self.is_dsl:
            raise AuthError(f"only a DSL can {action}")

    # --- reading -----------------------------------------------------------

    def _entries(self, subjects: Sequence[str] | None, purpose: str, audit: bool | None = None) -> list[Entry]:
        records = self.session.read(("entry",), subjects=subjects, purpose=purpose, audit=audit)
        return [self._entry(record) for record in records]

    def reference(self, entry: Entry) -> str:
        """The entry's short human reference ('C-2026-0412'); it must have been read or written here."""
        return references.reference(entry, self._seqs[entry.id])

    def _entry(self, record: Opened) -> Entry:
        origin = record.data.get("transferred")  # an entry from another school keeps its time, author and school
        if origin is not None:
            self._origins[record.id] = origin
        self._seqs[record.id] = record.seq
        return from_payload(
            record.kind,
            record.data,
            id=record.id,
            pupil_id=record.subject,
            author_id=record.author,
            recorded_at=datetime.fromisoformat(origin["recorded_at"] if origin else record.created_at),
        )

    def byline(self, entry: Entry) -> tuple[str, str]:
        """Who wrote an entry and their role; for a transferred entry, its author at the school it came from."""
        origin = self._origins.get(entry.id)
        if origin is not None:
            return f"{origin['author']}, {origin['school']}", origin["role"]
        author = self.staff_by_id().get(entry.author_id)
        return (author.name, author.role) if author else ("unknown", "")

    def _find_entry(self, entry_id: str, purpose: str = "", audit: bool | None = None) -> Entry:
        """One entry this account can open (staff: only their own — others are simply not found)."""
        records = self.session.read(("entry",), ids=[entry_id.strip()], purpose=purpose, audit=audit)
        if not records:
            raise InputError(f"no entry {entry_id!r} that you can see")
        return self._entry(records[0])

    def my_entries(self) -> list[Entry]:
        """What I wrote, newest first — the only entries a member of staff can ever open."""
        mine = [self._entry(r) for r in self.session.read(("entry",), mine_only=True)]
        return sorted(mine, key=lambda e: e.recorded_at, reverse=True)

    def _forget_staff(self) -> None:
        self._staff, self._staff_roles = None, None

    def _roles(self) -> dict[str, str]:
        if self._staff_roles is None:
            self._staff_roles = {info.id: info.role for info in self.staff_by_id().values()}
        return self._staff_roles
