"""The school's roster as one account reads it: pupils, lookup, type-ahead, households, imports.

Decrypted once per unlock (and again after an import), so a lookup costs nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from school_log.authority import require_dsl
from school_log.codec import pupil_from_payload, pupil_payload
from school_log.errors import InputError
from school_log.local_time import local_today
from school_log.model import Pupil
from school_log.roster_files import RosterRow, read_roster
from school_log.views import ImportResult
from storage.records import Draft
from storage.session import Session


class _Index(NamedTuple):
    by_id: dict[str, Pupil]
    by_upn: dict[str, Pupil]
    born: dict[str, list[date]]  # pupil id -> every date of birth recorded for them, first recorded first


class Roster:
    """The pupils on roll, read once per unlock through `session`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._index: _Index | None = None

    def forget(self) -> None:
        """Read the roster again next time (after an import, a transfer in, a file destroyed)."""
        self._index = None

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
        if self._index is None:
            latest: dict[str, Pupil] = {}
            born: dict[str, list[date]] = {}
            for record in self.session.read(("roster",)):
                if record.kind == "pupil":  # the roster class also carries the team's receipts
                    pupil = latest[record.subject] = pupil_from_payload(record.subject, record.data)
                    born.setdefault(pupil.id, []).append(pupil.date_of_birth)
            self._index = _Index(latest, {p.upn: p for p in latest.values()}, born)
        return self._index

    def dates_of_birth(self, pupil: Pupil) -> list[date]:
        """Every date of birth the roster ever recorded for `pupil`, the first recorded first: a later
        import cannot make a child older than the school first knew them (retention rests on it)."""
        return self._read().born.get(pupil.id, [pupil.date_of_birth])

    def pupil(self, ref: str) -> Pupil:
        """A pupil by id or UPN; an unknown one is a clear InputError."""
        ref = ref.strip()
        for fresh in (False, True):  # not known: perhaps imported since this roster was read
            if fresh:
                self._index = None
            index = self._read()
            found = index.by_id.get(ref) or index.by_upn.get(ref.upper())
            if found is not None:
                return found
        raise InputError(f"no pupil {ref!r} on the roster (give a UPN or a pupil id)")

    def search(self, text: str, limit: int = 50) -> list[Pupil]:
        """Type-ahead: each word starts a name or preferred name, is part of the UPN,
        or names the year group ("year 5", "y5", "yr R")."""
        words = text.lower().replace("year ", "y").replace("yr ", "y").split()
        found = []
        for pupil in self.pupils():
            named = f"{pupil.given_name} {pupil.preferred_name} {pupil.family_name} {pupil.preferred_surname}"
            names = named.lower().replace("-", " ").split()
            year = f"y{pupil.year_group}".lower()
            if all(w == year or w in pupil.upn.lower() or any(n.startswith(w) for n in names) for w in words):
                found.append(pupil)
                if len(found) >= limit:
                    break
        return found

    def household(self, pupil: Pupil) -> list[Pupil]:
        """The pupil's siblings on roll (same household), not the pupil."""
        return [p for p in self.pupils() if p.household == pupil.household and p.id != pupil.id]

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
        self._index = None
        return result

    def _plan(self, rows: Sequence[RosterRow]) -> tuple[list[Draft], ImportResult]:
        by_upn = self._read().by_upn
        drafts, added, updated = [], 0, 0
        for row in rows:
            existing = by_upn.get(row.upn)
            pupil = Pupil(id=existing.id if existing else str(uuid.uuid4()), **row.__dict__)
            if existing == pupil:
                continue
            added, updated = added + (existing is None), updated + (existing is not None)
            drafts.append(Draft("roster", subject=pupil.id, kind="pupil", data=pupil_payload(pupil)))
        return drafts, ImportResult(added, updated, len(rows) - added - updated)
