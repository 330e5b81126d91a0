"""An unlocked account: its keys, appending sealed records to the chain, reading them back.

Each entry gets a fresh content key; the payload is sealed under it with the
header as associated data, and the content key is sealed under the author's
*pair key* with the team (see `storage.crypto`), so only its author and the
safeguarding team can ever open it. Roster records are sealed under the roster
key of their epoch, which every account holds, and so are signed by a DSL and
checked on every read. Reading anyone else's entries appends an audit record.

Authority is checked here, on every append and every read, not in the screens
(the rule is `storage.trust`); every record's time comes from `storage.stamps`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update
from sqlmodel import col

from storage import crypto, labels
from storage.anchor import AnchorFile
from storage.clock import Clock
from storage.errors import AuthError, IntegrityError
from storage.labels import FIRST_ROSTER_EPOCH
from storage.prepared import Prepared
from storage.records import (
    GENESIS_HASH,
    Appended,
    Draft,
    Opened,
    Stored,
    canonical,
    chain_hash,
    header_bytes,
    signed_message,
    unb64,
)
from storage.registry import CONTROL_CLASSES, ROSTER_SEALED, AccountState, Registry
from storage.stamps import CLOCK_SUBJECT, stamp
from storage.tables import HEAD, READ_COLUMNS, HeadRow, R, RecordRow
from storage.trust import SetAside, distrust, refuse_to_append

if TYPE_CHECKING:
    from storage.vault import Vault

# Statements built once: appending runs them for every record written.
_HEAD_FOR_UPDATE = Prepared(HEAD.with_for_update())
_UPDATE_HEAD = Prepared(
    update(HeadRow).where(col(HeadRow.id) == 1).values(seq=bindparam("seq"), hash=bindparam("hash"))
)
_INSERT_HEAD = Prepared(insert(HeadRow).values(id=1, seq=bindparam("seq"), hash=bindparam("hash")))
_INSERT_RECORD = Prepared(insert(RecordRow))
# The record table again, for the newest record of a class about each subject (`read(superseded_by=...)`).
_OTHER = R.seq.table.alias("other").c


class Session:
    """One unlocked account: its keys, the roster keys and (for a DSL) the team keys."""

    def __init__(
        self,
        vault: Vault,
        vault_id: str,
        account_id: str,
        username: str,
        keys: crypto.KeyPair,
        registry: Registry,
        clock: Clock,
    ) -> None:
        self.vault = vault
        self.vault_id = vault_id
        self.account_id = account_id
        self.username = username
        self._keys: crypto.KeyPair | None = keys
        self.registry = registry
        self.clock = clock  # what `storage.stamps` dates this session's records by
        self._shared: Connection | None = None  # another session's transaction this one writes into
        self._pair_keys: dict[tuple[str, int, int], bytes] = {}
        self._rosters: dict[int, bytes] = {}
        self._team: dict[int, crypto.X25519PrivateKey] = {}
        self._handover: dict[tuple[int, int], bytes] = {}
        self._head: tuple[int, bytes] | None = None
        self._anchor = AnchorFile(vault_id, vault.location)
        self.set_aside: dict[str, SetAside] = {}
        self.failed_unlocks = 0  # wrong passphrases tried since this account last unlocked
        self.behind: str | None = None  # why the store is behind what this machine saw of it (a rollback)
        self.clock_note = ""  # a read recorded at the newest record's time, this clock being out of bounds: why

    # --- keys -------------------------------------------------------------

    @property
    def keys(self) -> crypto.KeyPair:
        if self._keys is None:
            raise AuthError("the vault is locked")
        return self._keys

    @property
    def account(self) -> AccountState:
        return self.registry.accounts[self.account_id]

    @property
    def is_team(self) -> bool:
        account = self.account
        return account.role == "dsl" and account.active and not account.pending_reset

    @property
    def must_set_passphrase(self) -> bool:
        """Unlocked with a one-time reset code: nothing is allowed but setting a new passphrase."""
        return bool(self.account.pending_reset)

    def open_grants(self) -> None:
        """Unwrap the roster keys, team keys and handed-over pair keys granted to this key."""
        key_version = self.account.key_version
        for grant in self.registry.grants.get((self.account_id, key_version), []):
            for epoch, stanza in grant.rosters.items():
                label = labels.roster_grant(epoch, self.account_id, key_version)
                self._rosters[epoch] = crypto.unwrap(self.keys.exchange, stanza, label)
            for epoch, stanza in grant.team.items():
                raw = crypto.unwrap(self.keys.exchange, stanza, labels.team_grant(epoch, self.account_id, key_version))
                self._team[epoch] = crypto.exchange_private(raw)
            if grant.handover:
                label = labels.handover(self.account_id, key_version)
                handed = json.loads(crypto.unwrap(self.keys.exchange, grant.handover, label))
                for name, key in handed.items():
                    version, epoch = (int(part) for part in name.split(":"))
                    self._handover[(version, epoch)] = unb64(key)
        if self.registry.roster_epoch not in self._rosters:
            raise IntegrityError("the current roster key was not granted to this account; run 'school-log verify'")

    def adopt_first_keys(self, roster_key: bytes, team: crypto.X25519PrivateKey) -> None:
        """The keys of a vault being created, before any grant of them is written."""
        self._rosters[FIRST_ROSTER_EPOCH] = roster_key
        self._team[1] = team

    def catch_up(self) -> None:
        """Read the control records written since the last look, outside the write lock.

        For work that builds control records from the registry (accounts, key
        epochs): done first, so that the registry it builds from is current and
        under the lock only the few records written in between are replayed.
        """
        with self.vault.connect() as conn:
            self._refresh(conn)

    def _refresh(self, conn: Connection) -> None:
        """Catch up with control records written since unlock (new grants, removed accounts).

        Keys granted since to this session's key (a new roster epoch after someone
        left) are opened; if the account's keys were reset meanwhile, this session's
        key gets no new grants, and its writes are refused in `append_in`.
        """
        account = self.registry.accounts.get(self.account_id)
        mine = (self.account_id, account.key_version) if account else None
        before = len(self.registry.grants.get(mine, ())) if mine else 0
        self.vault.load_registry(conn, self.registry)
        if mine and len(self.registry.grants.get(mine, ())) != before and self.account.key_version == mine[1]:
            self.open_grants()

    @property
    def roster_key(self) -> bytes:
        """The roster key new roster records and profiles are sealed under."""
        return self.roster_key_for(self.registry.roster_epoch)

    def roster_key_for(self, epoch: int) -> bytes:
        key = self._rosters.get(max(epoch, FIRST_ROSTER_EPOCH)) if self._keys is not None else None
        if key is None:
            raise AuthError("the vault is locked" if self._keys is None else f"no roster key of epoch {epoch}")
        return key

    def roster_keys(self) -> dict[int, bytes]:
        """Every roster key this account holds, by epoch (to grant them all to a new key)."""
        if self._keys is None:
            raise AuthError("the vault is locked")
        return dict(self._rosters)

    def team_private(self, epoch: int) -> crypto.X25519PrivateKey | None:
        return self._team.get(epoch) if self._keys is not None else None

    def handed_over(self) -> dict[tuple[int, int], bytes]:
        """Pair keys of this account's earlier keys, handed over at a reset or a new passphrase."""
        return dict(self._handover)

    def lock(self) -> None:
        """Drop every key from this session (idle lock, logout), and give back its idle connections:
        a locked app holds nothing open on the store (the next unlock opens the vault afresh)."""
        self._keys = None
        self._rosters.clear()
        self._team.clear()
        self._pair_keys.clear()
        self._handover.clear()
        self._anchor.close()
        self.vault.engine.dispose()

    def use_keys(self, keys: crypto.KeyPair) -> None:
        """Go on with the account's new keys (after appending its rekey in this transaction)."""
        self._keys = keys
        self._pair_keys.clear()

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

    # --- reading ----------------------------------------------------------

    def read(
        self,
        classes: Sequence[str] = ("entry",),
        *,
        subjects: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        after: int = 0,
        mine_only: bool = False,
        superseded_by: str | None = None,
        purpose: str = "read",
        audit: bool | None = None,
    ) -> list[Opened]:
        """Every record of `classes` this account may open and its author may have written, in chain order.

        Staff get only their own entries (the rest cannot be opened anyway). The read
        is appended to the chain as an audit record naming the purpose and subjects:
        with `audit=None` whenever anything by someone else was opened; `True` always
        (a pupil's file was opened, even if it held nothing); `False` never — the
        caller audits, in the same transaction as what the read was for. A record that a later record of class
        `superseded_by` about the same subject supersedes is left in the store, not fetched or opened.
        """
        if self.must_set_passphrase:
            raise AuthError("set a new passphrase first: a one-time reset code allows nothing else")
        with self._reading() as conn:
            self._refresh(conn)
            query = select(*READ_COLUMNS).where(R.seq > after).order_by(R.seq)
            if subjects is not None:
                # Found through the subject's index, the classes kept below: with the class in the query too,
                # SQLite walks the (class, seq) index through every entry of the school to find one pupil's file.
                query = query.where(R.subject.in_(tuple(subjects)))
            elif ids is None:  # entries by id are found through the id's index, for the same reason
                query = query.where(R.cls.in_(tuple(classes)))
            if ids is not None:
                query = query.where(R.id.in_(tuple(ids)))
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
        opened = [record for record in map(self.open, rows) if record is not None]
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

    def audit(self, purpose: str, subjects: Sequence[str], count: int) -> None:
        """Record a read of the safeguarding file in the chain itself."""
        self.append(self.audit_draft(purpose, subjects, count))

    @staticmethod
    def audit_draft(purpose: str, subjects: Sequence[str], count: int) -> Draft:
        """The audit record of a read, to append with whatever the read was for."""
        return Draft("audit", kind="audit.read", data={"purpose": purpose, "subjects": list(subjects), "count": count})

    def open(self, row: Stored, header: bytes | None = None) -> Opened | None:
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
        if not self._trusted(row, ad, kind):
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

    def _trusted(self, row: Stored, ad: bytes, kind: str) -> bool:
        """Whether its author may have written it; if not, it is set aside."""
        problem = distrust(self.vault.writers, self.registry, row, ad, kind)
        if problem:
            self.set_aside[row.id] = SetAside(row.seq, row.id, kind, problem)
        return not problem


# A canonical payload ends with its kind: `canonical` sorts "kind" after "data".
_KIND_TAIL = re.compile(rb',"kind":"([a-z][a-z0-9._-]*)"}\Z')


def kind_of(plain: bytes) -> str:
    """A sealed payload's kind, read from its last bytes without decoding its data.

    In valid JSON a tail `,"kind":"x"}` can only be the object's last "kind" member,
    the one `json.loads` keeps, so a payload not written canonically cannot show
    `verify` one kind and a reader another; one whose tail is not so is decoded.
    """
    match = _KIND_TAIL.search(plain, max(0, len(plain) - 64))
    if match:
        return match.group(1).decode("ascii")
    payload = json.loads(plain)
    return payload.get("kind", "") if isinstance(payload, dict) else ""


def _purpose(drafts: Sequence[Draft], is_team: bool) -> str:
    """How `storage.stamps` dates these records: a DSL putting the time right, a read (audit records only,
    never refused for the clock), or a write."""
    if is_team and any(d.cls == "audit" and d.subject == CLOCK_SUBJECT for d in drafts):
        return "clock"
    return "read" if all(d.cls == "audit" for d in drafts) else "write"
