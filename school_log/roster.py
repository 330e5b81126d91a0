"""The school's roster as one account reads it: pupils, lookup, type-ahead, households, imports, leavers.

The pupils on roll are decrypted once per unlock (and again after an import), so a lookup costs nothing.
A pupil who has left is written to a class of its own (`LEAVER`), which supersedes their roster records:
an unlock neither fetches nor opens them, so it does not grow with 25 years of leavers. Their files stay;
they are read, all at once, only when asked for (a leaver's chronology, retention, a transfer, an import).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from school_log.authority import require_dsl
from school_log.codec import (
    family_from_payload,
    family_payload,
    leaver_payload,
    pupil_from_payload,
    pupil_payload,
)
from school_log.errors import InputError
from school_log.folding import fold
from school_log.local_time import local_today
from school_log.model import Family, Pupil
from school_log.roster_files.reading import read_roster
from school_log.roster_files.rows import RosterRow
from school_log.views import ImportResult
from storage import checked_signatures
from storage.records import Draft, Opened
from storage.session import Session

FAMILY = ("family",)
"""The vault class of family records: sealed under the roster key like the roster, read only when asked."""
LEAVER = "leaver"
"""The vault class of the pupils who have left: each record the pupil as they left (`Pupil.left_on`)."""


#: Pupils' records read in one query through the subject index (well within any engine's limit on parameters).
_BATCH = 500


class _Index(NamedTuple):
    by_id: dict[str, Pupil]
    by_upn: dict[str, Pupil]
    born: dict[str, list[date]]  # pupil id -> every date of birth recorded for them, first recorded first


class Roster:
    """The pupils on roll, read once per unlock through `session`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._index: _Index | None = None
        self._everyone: _Index | None = None  # on roll and left, read only when a leaver is asked for

    def forget(self) -> None:
        """Read the roster again next time (after an import, a transfer in, a file destroyed)."""
        self._index = self._everyone = None

    def take_from(self, other: Roster) -> None:
        """Start from the roster another account of this vault has just read, instead of decrypting and
        checking every pupil again (the synthetic school unlocks all its authors at once)."""
        self._index = other._read()

    def pupils(self) -> list[Pupil]:
        return sorted(self.by_id().values(), key=lambda p: (p.family_name.lower(), p.given_name.lower()))

    def by_id(self) -> dict[str, Pupil]:
        """Every pupil on the roster by id."""
        return self._read().by_id

    def _read(self) -> _Index:
        """The pupils on roll: roster records that no later leaver record supersedes."""
        if self._index is None:
            checked = checked_signatures.load(self.session)  # a DSL's unlock: those the team checked are not again
            self._index = _indexed(self.session.read(("roster",), superseded_by=LEAVER, checked=checked))
            if checked is not None:
                checked_signatures.save(self.session, checked)
        return self._index

    def _all(self) -> _Index:
        """Every pupil the roster ever held, as last recorded (on roll, or left): read when asked for."""
        if self._everyone is None:
            self._everyone = _indexed(self.session.read(("roster", LEAVER)))
        return self._everyone

    def with_leavers(self, pupil_ids: Collection[str]) -> dict[str, Pupil]:
        """The pupils on roll by id, and those of `pupil_ids` who have left (read only when one is asked for)."""
        on_roll = self.by_id()
        missing = set(pupil_ids) - on_roll.keys()
        if not missing:
            return on_roll
        everyone = self._everyone.by_id if self._everyone is not None else self._only(missing)
        return on_roll | {pupil_id: everyone[pupil_id] for pupil_id in missing if pupil_id in everyone}

    def _only(self, pupil_ids: Collection[str]) -> dict[str, Pupil]:
        """`pupil_ids` as the roster last recorded them, their records found through the subject index: the
        review's few leavers cost a few reads, not 25 years of them (4.9 s with 10,000 leavers)."""
        wanted = sorted(pupil_ids)
        records = [
            record
            for start in range(0, len(wanted), _BATCH)
            for record in self.session.read(("roster", LEAVER), subjects=wanted[start : start + _BATCH])
        ]
        return _indexed(records).by_id

    def leavers(self) -> list[Pupil]:
        """The pupils who have left, most recently left first."""
        left = [p for p in self._all().by_id.values() if p.left_on is not None]
        return sorted(left, key=lambda p: (p.left_on, p.family_name.lower(), p.given_name.lower()), reverse=True)

    def dates_of_birth(self, pupil: Pupil) -> list[date]:
        """Every date of birth the roster ever recorded for `pupil`, the first recorded first: a later
        import cannot make a child older than the school first knew them (retention rests on it)."""
        return self._all().born.get(pupil.id, [pupil.date_of_birth])

    def pupil(self, ref: str) -> Pupil:
        """A pupil on roll, or one who has left, by id or UPN; an unknown one is a clear InputError."""
        ref = ref.strip()
        for fresh in (False, True):  # not known: perhaps imported since this roster was read
            if fresh:
                self._index = None
            index = self._read()
            found = index.by_id.get(ref) or index.by_upn.get(ref.upper())
            if found is not None:
                return found
        everyone = self._all()
        found = everyone.by_id.get(ref) or everyone.by_upn.get(ref.upper())
        if found is not None:
            return found
        raise InputError(f"no pupil {ref!r} on the roster (give a UPN or a pupil id)")

    def leave(self, pupil_ref: str, on: date) -> Pupil:
        """A DSL records that a pupil on roll left the school on `on` (today or before, not before birth)."""
        left = self.check_leave(pupil_ref, on)
        self._write(_pupil_draft(left))
        return left

    def check_leave(self, pupil_ref: str, on: date) -> Pupil:
        """The pupil as `leave` would record them, writing nothing; a clear InputError if it would refuse."""
        require_dsl(self.session, "record that a pupil has left")
        pupil = self.pupil(pupil_ref)
        if pupil.left_on is not None:
            raise InputError(f"{pupil.upn} already left, on {pupil.left_on.isoformat()}", field="date")
        if on > local_today(self.session.clock):
            raise InputError(f"{on.isoformat()} is in the future: record a leaver once they have left", field="date")
        if on < pupil.date_of_birth:
            raise InputError(f"{on.isoformat()} is before {pupil.upn} was born", field="date")
        return replace(pupil, left_on=on)

    def search(self, text: str, limit: int = 50) -> list[Pupil]:
        """Type-ahead: each word starts a name or preferred name, is part of the UPN,
        or names the year group ("year 5", "y5", "yr R"); accents and case are ignored."""
        words = fold(text).replace("year ", "y").replace("yr ", "y").split()
        found = []
        for pupil in self.pupils():
            named = f"{pupil.given_name} {pupil.preferred_name} {pupil.family_name} {pupil.preferred_surname}"
            names = fold(named).replace("-", " ").split()
            year = f"y{pupil.year_group}".lower()
            if all(w == year or w in pupil.upn.lower() or any(n.startswith(w) for n in names) for w in words):
                found.append(pupil)
                if len(found) >= limit:
                    break
        return found

    def household(self, pupil: Pupil) -> list[Pupil]:
        """The pupil's siblings on roll (same household), not the pupil."""
        return [p for p in self.pupils() if p.household == pupil.household and p.id != pupil.id]

    def family(self, pupil: Pupil) -> Family:
        """The child's family as last imported or corrected (empty when nothing is known): read when asked,
        one child's records, so an unlock never opens every family on roll."""
        return self._families([pupil.id]).get(pupil.id, Family())

    def _families(self, pupil_ids: Sequence[str] | None) -> dict[str, Family]:
        """The latest family of each of `pupil_ids` (None: of everyone) that has one."""
        read = self.session.read(FAMILY, subjects=pupil_ids)
        return {r.subject: family_from_payload(r.data) for r in read if r.kind == "family"}

    def set_family(self, pupil_ref: str, family: Family) -> bool:
        """A DSL adds or corrects the child's family, as a new sealed record; False when nothing changed."""
        require_dsl(self.session, "change a pupil's family details")
        pupil = self.pupil(pupil_ref)
        if family == self.family(pupil):
            return False
        self._write(_family_draft(pupil, family))
        return True

    def link_sibling(self, pupil_ref: str, sibling_ref: str) -> Pupil:
        """A DSL records that `sibling_ref` lives in `pupil_ref`'s household (their other links are left)."""
        require_dsl(self.session, "link siblings")
        pupil, sibling = self.pupil(pupil_ref), self.pupil(sibling_ref)
        if sibling.id == pupil.id:
            raise InputError("a pupil cannot be their own sibling", field="sibling")
        if sibling.household == pupil.household:
            raise InputError(f"{sibling.upn} is already in this household", field="sibling")
        moved = replace(sibling, household=pupil.household)
        self._write(_pupil_draft(moved))
        return moved

    def unlink_sibling(self, sibling_ref: str) -> Pupil:
        """A DSL takes a pupil out of their household: they become a household of their own."""
        require_dsl(self.session, "unlink siblings")
        sibling = self.pupil(sibling_ref)
        if not self.household(sibling):
            raise InputError(f"{sibling.upn} has no siblings on roll to unlink from", field="sibling")
        alone = replace(sibling, household=f"own-{uuid.uuid4().hex[:16]}")
        self._write(_pupil_draft(alone))
        return alone

    def _write(self, draft: Draft) -> None:
        self.session.append(draft)
        self.forget()

    def import_file(self, path: Path) -> ImportResult:
        """Add or update pupils from a CSV or CTF file, all or nothing."""
        require_dsl(self.session, "import the roster")
        return self.import_rows(read_roster(path, local_today(self.session.clock)))

    def preview_rows(self, rows: Sequence[RosterRow]) -> ImportResult:
        """What importing `rows` would do, writing nothing."""
        return self._plan(rows)[1]

    def import_rows(self, rows: Sequence[RosterRow]) -> ImportResult:
        """Add or update pupils by UPN in one transaction (never a duplicate)."""
        require_dsl(self.session, "import the roster")
        drafts, result = self._plan(rows)
        self.session.append(*drafts)
        self.forget()
        return result

    def _plan(self, rows: Sequence[RosterRow]) -> tuple[list[Draft], ImportResult]:
        """A household the file does not state (worked out from shared contacts or address) never moves a
        pupil already on roll, so a DSL's link or unlink stands; a new pupil joins the household of the
        first pupil on roll they share contacts with. Family fields the file leaves empty keep what was known.
        A row with a leaving date records the pupil as left; a leaver the file lists without one is back on roll."""
        index, families = self._all(), self._families(None)
        joins: dict[str, str] = {}  # a worked-out household -> the household of the first pupil on roll in it
        for row in rows:
            if not row.household_stated and row.upn in index.by_upn:
                joins.setdefault(row.household, index.by_upn[row.upn].household)
        drafts, added, updated = [], 0, 0
        for row in rows:
            existing = index.by_upn.get(row.upn)
            pupil = row.as_pupil(existing.id if existing else str(uuid.uuid4()))
            if not row.household_stated:
                pupil = replace(
                    pupil, household=existing.household if existing else joins.get(row.household, row.household)
                )
            known = families.get(pupil.id, Family())
            family = row.family.merged_over(known)
            changes = ([_pupil_draft(pupil)] if existing != pupil else []) + (
                [_family_draft(pupil, family)] if family != known else []
            )
            if not changes:
                continue
            added, updated = added + (existing is None), updated + (existing is not None)
            drafts += changes
        return drafts, ImportResult(added, updated, len(rows) - added - updated)


def _indexed(records: Sequence[Opened]) -> _Index:
    """Each pupil as their last roster or leaver record has them, and every date of birth recorded."""
    latest: dict[str, Pupil] = {}
    born: dict[str, list[date]] = {}
    for record in records:
        if record.kind == "pupil":  # the roster class also carries the team's receipts
            pupil = latest[record.subject] = pupil_from_payload(record.subject, record.data)
            born.setdefault(pupil.id, []).append(pupil.date_of_birth)
    return _Index(latest, {p.upn: p for p in latest.values()}, born)


def _pupil_draft(pupil: Pupil) -> Draft:
    """A pupil on roll in the roster class; one who has left in the leaver class, which supersedes it."""
    if pupil.left_on is not None:
        return Draft(LEAVER, subject=pupil.id, kind="pupil", data=leaver_payload(pupil))
    return Draft("roster", subject=pupil.id, kind="pupil", data=pupil_payload(pupil))


def _family_draft(pupil: Pupil, family: Family) -> Draft:
    return Draft(FAMILY[0], subject=pupil.id, kind="family", data=family_payload(family))
