"""Appending: one write transaction holding the chain's lock, sealing each record and chaining it.

Each entry gets a fresh content key; the payload is sealed under it with the
header as associated data, and the content key is sealed under the author's
*pair key* with the team (see `storage.crypto`); roster records under the roster
key of their epoch. Authority is checked on every append (`storage.trust`), and
every record's time comes from `storage.stamps`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlmodel import col

from storage import crypto
from storage.errors import AuthError, IntegrityError
from storage.keyring import Keyring
from storage.prepared import Prepared
from storage.records import GENESIS_HASH, Appended, Draft, Stored, canonical, chain_hash, header_bytes, signed_message
from storage.registry import CONTROL_CLASSES, ROSTER_SEALED, Registry
from storage.stamps import CLOCK_SUBJECT, stamp
from storage.tables import HEAD, HeadRow, RecordRow
from storage.trust import refuse_to_append

# Statements built once: appending runs them for every record written.
_HEAD_FOR_UPDATE = Prepared(HEAD.with_for_update())
_UPDATE_HEAD = Prepared(
    update(HeadRow).where(col(HeadRow.id) == 1).values(seq=bindparam("seq"), hash=bindparam("hash"))
)
_INSERT_HEAD = Prepared(insert(HeadRow).values(id=1, seq=bindparam("seq"), hash=bindparam("hash")))
_INSERT_RECORD = Prepared(insert(RecordRow))


class Writer(Keyring):
    """An unlocked account that appends: the write transaction, sealing and chaining."""

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction holding the chain's write lock; remembers the new head."""
        if self._keys is None:  # refuse when locked, before taking the lock
            raise AuthError("the vault is locked")
        self._head, keys = None, self._keys
        try:
            with self.vault.connect(write=True) as conn:
                yield conn
        except BaseException:
            # Nothing was written: forget what this transaction's control records taught us.
            self._keys = keys
            with self.vault.connect() as conn:
                self.registry.reset_to(self.vault.load_registry(conn))
            raise
        if self._head is not None:
            try:
                self._anchor.remember(*self._head)
            except IntegrityError as error:  # committed already: say so, and that the anchor did not move
                raise IntegrityError(f"saved, but {error}") from None

    @contextmanager
    def within(self, conn: Connection) -> Iterator[None]:
        """Append and read inside a transaction another session holds (`transaction()`), so that
        several accounts write one batch in one commit (the synthetic school writes each day so)."""
        self._shared = conn
        try:
            yield
        finally:
            self._shared = None

    def append(self, *drafts: Draft) -> list[Appended]:
        """Append records as one transaction (or into the shared one, inside `within`)."""
        if self._shared is not None:
            return self.append_in(self._shared, *drafts)
        with self.transaction() as conn:
            return self.append_in(conn, *drafts)

    def append_in(
        self, conn: Connection, *drafts: Draft, check: Callable[[Registry], None] | None = None
    ) -> list[Appended]:
        """Append records inside `transaction()`: take the head, check, seal, chain, move the head.

        `check` runs under the write lock with the registry current, for rules that
        must hold against what others wrote a moment ago (a username still unused).
        """
        head = _HEAD_FOR_UPDATE(conn).fetchone()
        seq, prev = head if head else (0, GENESIS_HASH)
        self.vault.load_registry(conn, self.registry, head=seq)
        if check is not None:
            check(self.registry)
        account = self.registry.accounts.get(self.account_id)
        if self.registry.accounts and (account is None or not account.active):
            raise AuthError("this account has been deactivated")
        if account is not None and account.keys[account.key_version] != (
            self.keys.exchange_public,
            self.keys.signing_public,
        ):
            raise AuthError("this account's keys were reset: unlock again with the new passphrase")
        for draft in drafts:
            refuse_to_append(self.vault.writers, self.registry, self.account_id, draft)
        team = account is not None and self.is_team  # none yet: the vault's first records
        stamped = stamp(conn, self.registry.clock, self.clock, seq, _purpose(drafts, team))
        created_at = stamped.created_at
        self.clock_note = stamped.note or self.clock_note
        ids = []
        for draft in drafts:
            seq += 1
            row = self._seal(draft, seq, prev, created_at)
            _INSERT_RECORD(conn, row)
            if draft.cls in CONTROL_CLASSES:
                self.vault.load_registry(conn, self.registry, head=seq)
            prev = row["hash"]
            ids.append(Appended(row["id"], seq, row["created_at"]))
        (_UPDATE_HEAD if head else _INSERT_HEAD)(conn, {"seq": seq, "hash": prev})
        self.registry.last_seq = seq  # current before, and every draft since was applied
        self._head = (seq, prev)
        return ids

    def _seal(self, draft: Draft, seq: int, prev: bytes, created_at: str) -> dict[str, Any]:
        account = self.registry.accounts.get(self.account_id)
        key_version = account.key_version if account else 1
        if draft.cls in ("entry", "audit"):
            epoch = self.registry.epoch
        elif draft.cls in ROSTER_SEALED:
            epoch = self.registry.roster_epoch
        else:
            epoch = 0
        header = Stored(
            seq=seq,
            id=str(uuid.uuid4()),
            cls=draft.cls,
            subject=draft.subject,
            author=self.account_id,
            author_key=key_version,
            epoch=epoch,
            created_at=created_at,
            prev_hash=prev,
        )
        ad = header_bytes(self.vault_id, header)
        if draft.cls in CONTROL_CLASSES:
            body, wrapped = draft.public, b""
        else:
            content_key = crypto.random_key()
            body = crypto.seal(content_key, canonical({"kind": draft.kind, "data": draft.data}), ad)
            if draft.cls in ROSTER_SEALED:
                wrapping: bytes | None = self.roster_key_for(epoch)
            else:
                wrapping = self.pair_key(self.account_id, key_version, epoch)
            if wrapping is None:
                raise IntegrityError("no team key to write to; run 'school-log verify'")
            wrapped = crypto.seal(wrapping, content_key, ad)
        signature = crypto.sign(self.keys.signing, signed_message(ad, body, wrapped))
        record = header._replace(body=body, wrapped_key=wrapped, signature=signature)
        return record._asdict() | {"hash": chain_hash(prev, ad, body, wrapped, signature)}


def _purpose(drafts: Sequence[Draft], is_team: bool) -> str:
    """How `storage.stamps` dates these records: a DSL putting the time right, a read (audit records only,
    never refused for the clock), or a write."""
    if is_team and any(d.cls == "audit" and d.subject == CLOCK_SUBJECT for d in drafts):
        return "clock"
    return "read" if all(d.cls == "audit" for d in drafts) else "write"
