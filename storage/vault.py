"""The vault: a store named by one SQLAlchemy URL; open it, replay its registry, unlock an account.

Records are generic — a `kind` (sealed inside the payload), an opaque `subject`
id and a JSON payload; `storage.session` seals, appends and opens them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, bindparam, inspect, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel

from storage import crypto
from storage.engine import default_url, make_engine, sqlite_path
from storage.errors import AuthError, InputError, IntegrityError
from storage.keyslots import open_keys, user_tag
from storage.records import header_of, signed_message
from storage.registry import CONTROL_CLASSES, Refused, Registry
from storage.session import Session
from storage.tables import READ_COLUMNS, HeadRow, KeyslotRow, R, VaultRow

# Statements built once: catching up runs for every record written.
_HEAD_SEQ = select(HeadRow.seq).where(HeadRow.id == 1)
_CONTROL_RECORDS = (
    select(*READ_COLUMNS, R.signature)
    .where(R.cls.in_(CONTROL_CLASSES), R.seq > bindparam("after"), R.seq <= bindparam("head"))
    .order_by(R.seq)
)


class Vault:
    """A store named by one SQLAlchemy URL."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        self._id: str | None = None

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
        path = sqlite_path(self.url)
        if path is not None and not path.exists():
            return False  # never create a stray empty file just by looking
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
        """An unlocked account, or AuthError saying exactly why not. Writes nothing."""
        vault_id = self.id
        tag = user_tag(vault_id, username)
        with self.connect() as conn:
            slot = conn.execute(select(KeyslotRow).where(KeyslotRow.user_tag == tag)).first()
            if slot is None:
                raise AuthError(f"no account {username!r} in this vault")
            registry = self.load_registry(conn)
        account = registry.accounts.get(slot.account)
        if account is None or account.user_tag != tag:
            raise IntegrityError(f"the key slot for {username!r} belongs to no account; run 'school-log verify'")
        if not account.active:
            raise AuthError(f"account {username!r} is deactivated")
        try:
            keys = open_keys(slot.sealed, passphrase, account.id, slot.key_version)
        except crypto.CryptoError:
            raise AuthError(f"wrong passphrase for {username!r}") from None
        if slot.key_version != account.key_version or account.keys[account.key_version] != (
            keys.exchange_public,
            keys.signing_public,
        ):
            raise IntegrityError(f"the keys of {username!r} do not match the chain; run 'school-log verify'")
        session = Session(self, vault_id, account.id, username, keys, registry)
        session.open_grants()
        return session


def _reason(error: DatabaseError) -> str:
    return str(error.orig).splitlines()[0] if error.orig else error.__class__.__name__
