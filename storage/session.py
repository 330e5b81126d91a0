"""An unlocked account: its keys, appending sealed records to the chain, reading them back.

Each entry gets a fresh content key; the payload is sealed under it with the
header as associated data, and the content key is sealed under the author's
*pair key* with the team (see `storage.crypto`), so only its author and the
safeguarding team can ever open it. Roster records are sealed under the roster
key every account holds. Reading anyone else's entries appends an audit record.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, insert, select, update

from storage import crypto
from storage.anchor import AnchorFile
from storage.clock import now
from storage.errors import AuthError, IntegrityError
from storage.prepared import Prepared
from storage.records import (
    GENESIS_HASH,
    Appended,
    Draft,
    Header,
    Opened,
    Stored,
    canonical,
    chain_hash,
    header_of,
    signed_message,
    unb64,
)
from storage.registry import CONTROL_CLASSES, Registry
from storage.tables import READ_COLUMNS, HeadRow, R, RecordRow

if TYPE_CHECKING:
    from storage.vault import Vault


# Statements built once: appending runs them for every record written.
_HEAD_FOR_UPDATE = Prepared(select(HeadRow.seq, HeadRow.hash).where(HeadRow.id == 1).with_for_update())
_UPDATE_HEAD = Prepared(update(HeadRow).where(HeadRow.id == 1).values(seq=bindparam("seq"), hash=bindparam("hash")))
_INSERT_HEAD = Prepared(insert(HeadRow).values(id=1, seq=bindparam("seq"), hash=bindparam("hash")))
_INSERT_RECORD = Prepared(insert(RecordRow))


class Session:
    """One unlocked account: its keys, the roster key and (for a DSL) the team keys."""

    def __init__(
        self, vault: Vault, vault_id: str, account_id: str, username: str, keys: crypto.KeyPair, registry: Registry
    ) -> None:
        self.vault = vault
        self.vault_id = vault_id
        self.account_id = account_id
        self.username = username
        self._keys: crypto.KeyPair | None = keys
        self.registry = registry
        self._pair_keys: dict[tuple[str, int, int], bytes] = {}
        self._roster_key: bytes | None = None
        self._team: dict[int, crypto.X25519PrivateKey] = {}
        self._handover: dict[tuple[int, int], bytes] = {}
        self._head: tuple[int, bytes] | None = None
        self._anchor = AnchorFile(vault_id)

    # --- keys -------------------------------------------------------------

    @property
    def keys(self) -> crypto.KeyPair:
        if self._keys is None:
            raise AuthError("the vault is locked")
        return self._keys

    @property
    def account(self):  # type: ignore[no-untyped-def]
        return self.registry.accounts[self.account_id]

    @property
    def is_team(self) -> bool:
        account = self.account
        return account.role == "dsl" and account.active

    def open_grants(self) -> None:
        """Unwrap the roster key, team keys and handed-over pair keys granted to this key."""
        key_version = self.account.key_version
        for grant in self.registry.grants.get((self.account_id, key_version), []):
            label = f"{self.account_id}/{key_version}".encode()
            if grant.roster:
                self._roster_key = crypto.unwrap(self.keys.exchange, grant.roster, b"roster/" + label)
            for epoch, stanza in grant.team.items():
                raw = crypto.unwrap(self.keys.exchange, stanza, f"team/{epoch}/".encode() + label)
                self._team[epoch] = crypto.exchange_private(raw)
            if grant.handover:
                handed = json.loads(crypto.unwrap(self.keys.exchange, grant.handover, b"handover/" + label))
                for name, key in handed.items():
                    version, epoch = (int(part) for part in name.split(":"))
                    self._handover[(version, epoch)] = unb64(key)
        if self._roster_key is None:
            raise IntegrityError("no roster key was granted to this account; run 'school-log verify'")

    def _refresh(self, conn: Connection) -> None:
        """Catch up with control records written since unlock (new grants, removed accounts)."""
        mine = (self.account_id, self.account.key_version)
        before = len(self.registry.grants.get(mine, ()))
        self.vault.load_registry(conn, self.registry)
        if len(self.registry.grants.get(mine, ())) != before:
            self.open_grants()

    @property
    def roster_key(self) -> bytes:
        if self._roster_key is None or self._keys is None:
            raise AuthError("the vault is locked")
        return self._roster_key

    def team_private(self, epoch: int) -> crypto.X25519PrivateKey | None:
        return self._team.get(epoch) if self._keys is not None else None

    def lock(self) -> None:
        """Drop every key from this session (idle lock, logout)."""
        self._keys = None
        self._roster_key = None
        self._team.clear()
        self._pair_keys.clear()
        self._handover.clear()
        self._anchor.close()

    def pair_key(self, author: str, author_key: int, epoch: int) -> bytes | None:
        """The key that opens an entry's content key, if this account may read it."""
        cache_key = (author, author_key, epoch)
        cached = self._pair_keys.get(cache_key)
        if cached is not None:
            return cached
        team_public = self.registry.epochs.get(epoch)
        account = self.registry.accounts.get(author)
        if team_public is None or account is None or author_key not in account.keys:
            return None
        author_public = account.keys[author_key][0]
        team = self.team_private(epoch)
        if team is not None:
            key = crypto.pair_key(team, author_public, author_public, team_public)
        elif author == self.account_id and author_key == account.key_version:
            key = crypto.pair_key(self.keys.exchange, team_public, author_public, team_public)
        elif author == self.account_id and (author_key, epoch) in self._handover:
            key = self._handover[(author_key, epoch)]
        else:
            return None
        self._pair_keys[cache_key] = key
        return key

    # --- writing ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction holding the chain's write lock; remembers the new head."""
        if self._keys is None:  # refuse when locked, before taking the lock
            raise AuthError("the vault is locked")
        self._head = None
        with self.vault.connect(write=True) as conn:
            yield conn
        if self._head is not None:
            try:
                self._anchor.remember(*self._head)
            except IntegrityError as error:  # committed already: say so, and that the anchor did not move
                raise IntegrityError(f"saved, but {error}") from None

    def append(self, *drafts: Draft) -> list[Appended]:
        """Append records as one transaction."""
        with self.transaction() as conn:
            return self.append_in(conn, *drafts)

    def append_in(self, conn: Connection, *drafts: Draft) -> list[Appended]:
        """Append records inside `transaction()`: take the head, seal, chain, move the head."""
        head = _HEAD_FOR_UPDATE(conn).fetchone()
        seq, prev = head if head else (0, GENESIS_HASH)
        self.vault.load_registry(conn, self.registry, head=seq)
        account = self.registry.accounts.get(self.account_id)
        if self.registry.accounts and (account is None or not account.active):
            raise AuthError("this account has been deactivated")
        if account is not None and account.keys[account.key_version] != (
            self.keys.exchange_public,
            self.keys.signing_public,
        ):
            raise AuthError("this account's keys were reset: unlock again with the new passphrase")
        ids = []
        for draft in drafts:
            seq += 1
            row = self._seal(draft, seq, prev)
            _INSERT_RECORD(conn, row)
            if draft.cls in CONTROL_CLASSES:
                self.vault.load_registry(conn, self.registry, head=seq)
            prev = row["hash"]
            ids.append(Appended(row["id"], seq, row["created_at"]))
        (_UPDATE_HEAD if head else _INSERT_HEAD)(conn, {"seq": seq, "hash": prev})
        self.registry.last_seq = seq  # current before, and every draft since was applied
        self._head = (seq, prev)
        return ids

    def _seal(self, draft: Draft, seq: int, prev: bytes) -> dict[str, Any]:
        account = self.registry.accounts.get(self.account_id)
        key_version = account.key_version if account else 1
        epoch = self.registry.epoch if draft.cls in ("entry", "audit") else 0
        header = Header(
            vault=self.vault_id,
            seq=seq,
            id=str(uuid.uuid4()),
            cls=draft.cls,
            subject=draft.subject,
            author=self.account_id,
            author_key=key_version,
            epoch=epoch,
            created_at=now().isoformat(timespec="microseconds"),
            prev_hash=prev,
        )
        ad = header.encode()
        if draft.cls in CONTROL_CLASSES:
            body, wrapped = draft.public, b""
        else:
            content_key = crypto.random_key()
            body = crypto.seal(content_key, canonical({"kind": draft.kind, "data": draft.data}), ad)
            if draft.cls == "roster":
                wrapping = self.roster_key
            else:
                wrapping = self.pair_key(self.account_id, key_version, epoch)
                if wrapping is None:
                    raise IntegrityError("no team key to write to; run 'school-log verify'")
            wrapped = crypto.seal(wrapping, content_key, ad)
        signature = crypto.sign(self.keys.signing, signed_message(ad, body, wrapped))
        return {
            "seq": seq,
            "id": header.id,
            "cls": header.cls,
            "subject": header.subject,
            "author": header.author,
            "author_key": header.author_key,
            "epoch": epoch,
            "created_at": header.created_at,
            "prev_hash": prev,
            "body": body,
            "wrapped_key": wrapped,
            "signature": signature,
            "hash": chain_hash(prev, ad, body, wrapped, signature),
        }

    # --- reading ----------------------------------------------------------

    def read(
        self,
        classes: Sequence[str] = ("entry",),
        *,
        subjects: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        after: int = 0,
        mine_only: bool = False,
        purpose: str = "read",
    ) -> list[Opened]:
        """Every record of `classes` this account may open, in chain order (after seq `after`).

        Staff get only their own entries (the rest cannot be opened anyway). When
        anything by someone else is opened, the read itself is appended to the
        chain as an audit record naming the purpose and the subjects.
        """
        with self.vault.connect() as conn:
            self._refresh(conn)
            query = select(*READ_COLUMNS).where(R.cls.in_(tuple(classes)), R.seq > after).order_by(R.seq)
            if subjects is not None:
                query = query.where(R.subject.in_(tuple(subjects)))
            if ids is not None:
                query = query.where(R.id.in_(tuple(ids)))
            if mine_only or (not self.is_team and "roster" not in classes):
                query = query.where(R.author == self.account_id)
            rows = list(map(Stored._make, conn.execute(query)))
        opened = [record for record in map(self._open, rows) if record is not None]
        others = {record.subject for record in opened if record.author != self.account_id and record.cls != "roster"}
        if others:
            self.audit(purpose, sorted(others) if subjects is not None or ids is not None else ["*"], len(opened))
        return opened

    def audit(self, purpose: str, subjects: Sequence[str], count: int) -> None:
        """Record a read of the safeguarding file in the chain itself."""
        self.append(
            Draft("audit", kind="audit.read", data={"purpose": purpose, "subjects": list(subjects), "count": count})
        )

    def _open(self, row: Stored) -> Opened | None:
        if row.cls == "roster":
            wrapping: bytes | None = self.roster_key
        else:
            wrapping = self.pair_key(row.author, row.author_key, row.epoch)
        if wrapping is None:
            return None
        ad = header_of(self.vault_id, row)
        try:
            content_key = crypto.open_sealed(wrapping, row.wrapped_key, ad)
            payload = json.loads(crypto.open_sealed(content_key, row.body, ad))
        except crypto.CryptoError:
            raise IntegrityError(
                f"record {row.seq} ({row.id}) does not open: it was altered; run 'school-log verify'"
            ) from None
        return Opened(
            row.id, row.seq, row.cls, row.subject, row.author, row.created_at, payload["kind"], payload["data"]
        )
