"""Reading: fetching records by class, subject or id, opening their seals, and auditing the read.

Staff get only their own entries; reading anyone else's appends an audit record
(through `storage.writes`, the layer below). A record whose author may not have
written it is set aside, not shown (`storage.trust`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, or_, select

from storage import crypto
from storage.errors import AuthError, IntegrityError
from storage.records import Draft, Opened, Stored, header_bytes, kind_of
from storage.registry import ROSTER_SEALED
from storage.tables import READ_COLUMNS, R
from storage.trust import SetAside, distrust
from storage.writes import Writer

if TYPE_CHECKING:
    from storage.checked_signatures import CheckedSignatures

# The record table again, for the newest record of a class about each subject (`read(superseded_by=...)`).
_OTHER = R.seq.table.alias("other").c


class Reader(Writer):
    """An unlocked account that reads: fetching, opening and auditing records."""

    def read(
        self,
        classes: Sequence[str] = ("entry",),
        *,
        subjects: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        after: int = 0,
        upto: int | None = None,
        mine_only: bool = False,
        superseded_by: str | None = None,
        purpose: str = "read",
        audit: bool | None = None,
        checked: CheckedSignatures | None = None,
        recorded_since: str | None = None,
    ) -> list[Opened]:
        """Every record of `classes` this account may open and its author may have written, in chain order
        (after chain position `after`, up to `upto`).

        Staff get only their own entries (the rest cannot be opened anyway). The read
        is appended to the chain as an audit record naming the purpose and subjects:
        with `audit=None` whenever anything by someone else was opened; `True` always
        (a pupil's file was opened, even if it held nothing); `False` never — the
        caller audits, in the same transaction as what the read was for. A record that a later record of class
        `superseded_by` about the same subject supersedes is left in the store, not fetched or opened. A roster
        record whose digest is in the team's `checked` set (`storage.checked_signatures`) is not checked again.
        """
        if self.must_set_passphrase:
            raise AuthError("set a new passphrase first: a one-time reset code allows nothing else")
        with self._reading() as conn:
            self._refresh(conn)
            query = select(*READ_COLUMNS).where(R.seq > after).order_by(R.seq)
            if upto is not None:
                query = query.where(R.seq <= upto)
            if subjects is not None:
                # Found through the subject's index, the classes kept below: with the class in the query too,
                # SQLite walks the (class, seq) index through every entry of the school to find one pupil's file.
                query = query.where(R.subject.in_(tuple(subjects)))
            elif ids is None:  # entries by id are found through the id's index, for the same reason
                query = query.where(R.cls.in_(tuple(classes)))
            if ids is not None:
                query = query.where(R.id.in_(tuple(ids)))
            if recorded_since is not None:  # a time as `storage.stamps` writes them: only records from then on
                query = query.where(R.created_at >= recorded_since)
            if superseded_by is not None:
                # One grouped pass over that class, joined to each row (a subquery per row walked every record
                # of the class for each: minutes at 10,000 leavers on SQLite).
                newest = (
                    select(_OTHER.subject, func.max(_OTHER.seq).label("seq"))
                    .where(_OTHER.cls == superseded_by)
                    .group_by(_OTHER.subject)
                    .subquery("newest")
                )
                query = query.outerjoin(newest, newest.c.subject == R.subject).where(
                    or_(newest.c.seq.is_(None), newest.c.seq < R.seq)
                )
            if mine_only or (not self.is_team and not set(ROSTER_SEALED) & set(classes)):
                query = query.where(R.author == self.account_id)
            rows = [row for row in map(Stored._make, conn.execute(query)) if row.cls in classes]
        opened = [record for record in (self.open(row, checked=checked) for row in rows) if record is not None]
        if audit is None:
            audit = any(record.author != self.account_id and record.cls not in ROSTER_SEALED for record in opened)
        if audit:
            named = sorted({*(subjects or ()), *(r.subject for r in opened if r.cls not in ROSTER_SEALED)})
            self.append(
                self.audit_draft(purpose, named if subjects is not None or ids is not None else ["*"], len(opened))
            )
        return opened

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection to read through: the shared transaction's inside `within` (it sees the batch so far)."""
        if self._shared is not None:
            yield self._shared
        else:
            with self.vault.connect() as conn:
                yield conn

    def subjects(self, cls: str = "entry") -> set[str]:
        """The subjects of every record of `cls`, from the subject index alone (nothing opened, so nothing
        audited): whose files to open, for a view that needs only some of them."""
        with self._reading() as conn:
            return {
                str(subject) for subject in conn.execute(select(R.subject).distinct().where(R.cls == cls)).scalars()
            }

    def audit(self, purpose: str, subjects: Sequence[str], count: int) -> None:
        """Record a read of the safeguarding file in the chain itself."""
        self.append(self.audit_draft(purpose, subjects, count))

    @staticmethod
    def audit_draft(purpose: str, subjects: Sequence[str], count: int) -> Draft:
        """The audit record of a read, to append with whatever the read was for."""
        return Draft("audit", kind="audit.read", data={"purpose": purpose, "subjects": list(subjects), "count": count})

    def open(self, row: Stored, header: bytes | None = None, checked: CheckedSignatures | None = None) -> Opened | None:
        """The record as this account reads it; None if it holds no key for it or must not trust it.

        A record whose author may not have written it (a decision by a member of
        staff, a roster record not signed by a DSL) is set aside in `set_aside`.
        `header` is the record's `header_bytes`, if the caller has built them already.
        """
        ad = header if header is not None else header_bytes(self.vault_id, row)
        plain = self._unseal(row, ad)
        if plain is None:
            return None
        payload = json.loads(plain)
        kind = payload.get("kind", "") if isinstance(payload, dict) else ""
        if not self._trusted(row, ad, kind, checked):
            return None
        return Opened(
            row.id, row.seq, row.cls, row.subject, row.author, row.created_at, kind, payload["data"], row.epoch
        )

    def check_seal(self, row: Stored, header: bytes) -> bool:
        """For `verify`: whether this account opens the record's seal and may believe it (`set_aside` says why
        not), reading only the payload's kind (`kind_of`): its data is not decoded."""
        plain = self._unseal(row, header)
        return plain is not None and self._trusted(row, header, kind_of(plain))

    def _unseal(self, row: Stored, ad: bytes) -> bytes | None:
        """The record's sealed payload, or None if this account holds no key for it; IntegrityError if altered."""
        if row.cls in ROSTER_SEALED:
            try:
                wrapping: bytes | None = self.roster_key_for(row.epoch)
            except AuthError:
                return None
        else:
            wrapping = self.pair_key(row.author, row.author_key, row.epoch)
        if wrapping is None:
            return None
        try:
            content_key = crypto.open_sealed(wrapping, row.wrapped_key, ad)
            return crypto.open_sealed(content_key, row.body, ad)
        except crypto.CryptoError:
            raise IntegrityError(
                f"record {row.seq} ({row.id}) does not open: it was altered; run 'school-log verify'"
            ) from None

    def _trusted(self, row: Stored, ad: bytes, kind: str, checked: CheckedSignatures | None = None) -> bool:
        """Whether its author may have written it; if not, it is set aside."""
        problem = distrust(self.vault.writers, self.registry, row, ad, kind, checked)
        if problem:
            self.set_aside[row.id] = SetAside(row.seq, row.id, kind, problem)
        return not problem
