"""The vault: a store named by one SQLAlchemy URL; open it, replay its registry, unlock an account.

Records are generic — a `kind` (sealed inside the payload), an opaque `subject`
id and a JSON payload; `storage.session` seals, appends and opens them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, inspect, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from storage import crypto
from storage.checkpoint import keep_here
from storage.engine import default_url, make_engine, sqlite_path
from storage.errors import AuthError, InputError, IntegrityError
from storage.keyslots import WeakKeySlot, failed_unlocks, open_keys, user_tag, with_failed_unlocks
from storage.probe import foreign_tables, not_ours
from storage.records import header_of, signed_message
from storage.registry import CONTROL_CLASSES, Refused, Registry
from storage.session import Session
from storage.tables import READ_COLUMNS, HeadRow, KeyslotRow, R, VaultRow

if TYPE_CHECKING:
    from storage.session import Writers

# Statements built once: catching up runs for every record written.
_HEAD_SEQ = select(HeadRow.seq).where(HeadRow.id == 1)
_CONTROL_RECORDS = (
    select(*READ_COLUMNS)
    .where(R.cls.in_(CONTROL_CLASSES), R.seq > bindparam("after"), R.seq <= bindparam("head"))
    .order_by(R.seq)
)


class Vault:
    """A store named by one SQLAlchemy URL.

    `writers` is the domain's one table of which roles may write which kind of
    record; every session of this vault applies it on each append and each read.
    """

    def __init__(self, url: str | None = None, writers: Writers | None = None) -> None:
        self.url = url or default_url()
        self.writers = writers
        self.engine = make_engine(self.url)
        self._id: str | None = None

    @property
    def location(self) -> str:
        """Where this store is (a file's full path, or the server URL without password).

        Anchors are kept per vault *and* location, so two copies of one vault on one
        machine (a backup restored beside the live file) never raise a false alarm.
        """
        path = sqlite_path(self.url)
        return str(path.resolve()) if path is not None else self.safe_url

    @contextmanager
    def connect(self, write: bool = False) -> Iterator[Connection]:
        """A transaction; writers take the write lock before reading anything."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(immediate=write)
                with conn.begin():
                    yield conn
        except OperationalError as error:
            if "locked" in str(error.orig):
                raise IntegrityError("the store is busy (locked by another writer); try again") from None
            raise IntegrityError(f"the store at {self.safe_url} cannot be read: {_reason(error)}") from None
        except DatabaseError as error:
            raise IntegrityError(f"the store at {self.safe_url} is damaged: {_reason(error)}") from None

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, fit for an error message."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def exists(self) -> bool:
        if not_ours(self.url):
            return False  # never create, convert or rewrite a file that is not a vault just by looking
        try:
            if not inspect(self.engine).has_table("vault"):
                return False
        except DatabaseError as error:
            raise IntegrityError(f"the store at {self.safe_url} is damaged: {_reason(error)}") from None
        with self.connect() as conn:
            return conn.execute(select(VaultRow.__table__.c.id)).first() is not None  # type: ignore[attr-defined]

    def create_tables(self) -> None:
        path = sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        SQLModel.metadata.create_all(self.engine)

    def require(self) -> None:
        """InputError, naming the URL, unless a vault is here."""
        if not self.exists():
            raise InputError(f"no school-log vault at {self.safe_url}: create one with 'school-log init'")

    def adopt_id(self, vault_id: str) -> None:
        """The id of a vault being created here (before its row can be read back)."""
        self._id = vault_id

    def refuse_foreign(self) -> None:
        """InputError if the URL names a database that holds anything but a vault of ours.

        `init` must never add tables to someone else's database.
        """
        if foreign_tables(self.engine, self.url):
            raise InputError(f"{self.safe_url} already holds another database's tables; refusing to add a vault to it")

    @property
    def id(self) -> str:
        if self._id is None:
            self.require()
            with self.connect() as conn:
                found = conn.execute(select(VaultRow.__table__.c.id)).scalar_one()  # type: ignore[attr-defined]
            try:
                self._id = str(uuid.UUID(found))  # it names this machine's anchor file
            except (TypeError, ValueError):
                raise IntegrityError(f"{self.safe_url}: the vault's id is damaged") from None
        return self._id

    def load_registry(self, conn: Connection, registry: Registry | None = None, head: int | None = None) -> Registry:
        """Replay control records (checking who signed each) after what `registry` holds.

        Afterwards the registry is current up to the chain head seen in this
        transaction, so the next call reads only what was appended since.
        """
        registry = registry or Registry()
        if head is None:
            head = conn.execute(_HEAD_SEQ).scalar() or 0
        if head <= registry.last_seq:
            return registry
        rows = conn.execute(_CONTROL_RECORDS, {"after": registry.last_seq, "head": head})
        vault_id = self.id
        for row in rows:
            header = header_of(vault_id, row)
            try:
                key = registry.signing_key(row.author, row.author_key, row.cls, row.body)
                if not crypto.verify_signature(key, row.signature, signed_message(header, row.body, row.wrapped_key)):
                    raise Refused("bad signature")
                registry.apply(row.seq, row.cls, row.body)
            except Refused as refused:
                raise IntegrityError(f"record {row.seq} ({row.id}): {refused}; run 'school-log verify'") from None
        registry.last_seq = head
        return registry

    def unlock(self, username: str, passphrase: str) -> Session:
        """An unlocked account, or AuthError saying exactly why not.

        A wrong passphrase is counted on the account's key slot (never the text
        tried); the next successful unlock reports the count in `failed_unlocks`.
        """
        vault_id = self.id
        tag = user_tag(vault_id, username)
        with self.connect() as conn:
            slot = conn.execute(select(KeyslotRow).where(KeyslotRow.user_tag == tag)).first()
            registry = self.load_registry(conn)
        if slot is None:
            if any(a.user_tag == tag for a in registry.accounts.values()):
                raise AuthError(f"account {username!r} is deactivated")
            raise AuthError(f"no account {username!r} in this vault")
        account = registry.accounts.get(slot.account)
        if account is None or account.user_tag != tag:
            raise IntegrityError(f"the key slot for {username!r} belongs to no account; run 'school-log verify'")
        if not account.active:
            raise AuthError(f"account {username!r} is deactivated")
        try:
            keys = open_keys(slot.sealed, passphrase, account.id, slot.key_version)
        except WeakKeySlot:
            raise AuthError(
                f"the key slot of {username!r} is protected more weakly than this program allows: "
                "ask a DSL to reset the account"
            ) from None
        except crypto.CryptoError:
            self._update_failures(tag, lambda n: n + 1)
            raise AuthError(f"wrong passphrase for {username!r}") from None
        if slot.key_version != account.key_version or account.keys[account.key_version] != (
            keys.exchange_public,
            keys.signing_public,
        ):
            raise IntegrityError(f"the keys of {username!r} do not match the chain; run 'school-log verify'")
        session = Session(self, vault_id, account.id, username, keys, registry)
        session.open_grants()
        if session.is_team:  # what a DSL saw, signed, kept on this machine
            keep_here(session)
        session.failed_unlocks = failed_unlocks(slot.sealed)
        if session.failed_unlocks:
            self._update_failures(tag, lambda n: 0)
            if not session.must_set_passphrase:
                session.audit("failed unlocks before this one", [], session.failed_unlocks)
        return session

    def failed_unlocks(self, username: str) -> int:
        """Wrong passphrases tried on an account since it last unlocked (0 for no such account)."""
        with self.connect() as conn:
            slot = conn.execute(select(KeyslotRow.sealed).where(KeyslotRow.user_tag == user_tag(self.id, username)))
            blob = slot.scalar()
        return failed_unlocks(blob) if blob else 0

    def _update_failures(self, tag: str, change: Callable[[int], int]) -> None:
        with self.connect(write=True) as conn:
            blob = conn.execute(select(KeyslotRow.sealed).where(KeyslotRow.user_tag == tag)).scalar()
            if blob:
                conn.execute(
                    KeyslotRow.__table__.update()  # type: ignore[attr-defined]
                    .where(KeyslotRow.user_tag == tag)
                    .values(sealed=with_failed_unlocks(blob, change(failed_unlocks(blob))))
                )


def _reason(error: DatabaseError) -> str:
    return str(error.orig).splitlines()[0] if error.orig else error.__class__.__name__
