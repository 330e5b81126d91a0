"""The vault: a store named by one SQLAlchemy URL; open it, replay its registry, unlock an account.

Records are generic — a `kind` (sealed inside the payload), an opaque `subject`
id and a JSON payload; `storage.session` seals, appends and opens them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, bindparam, inspect, select, update
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlmodel import col

from storage import crypto, migrations
from storage.checkpoint import Signer, behind_what_was_seen, keep_here
from storage.clock import Clock
from storage.engine import default_url, make_engine, parse_url, schema_of, sqlite_path
from storage.errors import AuthError, InputError, IntegrityError
from storage.keyslots import WeakKeySlot, WeakUserTags, failed_unlocks, open_keys, user_tag, with_failed_unlocks
from storage.probe import foreign_tables, not_ours
from storage.profiles import profile
from storage.records import FORMAT, header_bytes, signed_message
from storage.registry import CONTROL_CLASSES, Refused, Registry
from storage.session import Session
from storage.tables import READ_COLUMNS, HeadRow, KeyslotRow, R, VaultRow
from storage.unlock_log import logged_unlock
from storage.usertags import stretch_tags

if TYPE_CHECKING:
    from storage.trust import Writers

# Statements built once: catching up runs for every record written.
_HEAD_SEQ = select(col(HeadRow.seq)).where(col(HeadRow.id) == 1)
_VAULT = select(col(VaultRow.id), col(VaultRow.format))
#: PostgreSQL's lock_not_available, query_canceled (statement_timeout), serialization and deadlock failures.
log = logging.getLogger("school_log.storage")  # the operational log (school_log/oplog.py): no pupil data
_BUSY = {"55P03", "57014", "40001", "40P01"}
_NOT_PERMITTED = "42501"  # PostgreSQL's insufficient_privilege: the role's rights, not the store, are wrong
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
            connection = self.engine.connect()
        except DBAPIError as error:
            raise self._cannot_connect(error) from None
        try:
            with connection as conn:
                conn = conn.execution_options(immediate=write)
                with conn.begin():
                    yield conn
        except OperationalError as error:
            if "locked" in str(error.orig) or getattr(error.orig, "sqlstate", None) in _BUSY:
                log.warning("store busy: gave up waiting for the write lock (%s)", "write" if write else "read")
                raise IntegrityError("the store is busy (locked by another writer); try again") from None
            raise IntegrityError(f"the store at {self.safe_url} cannot be read: {self._reason(error)}") from None
        except DatabaseError as error:
            if getattr(error.orig, "sqlstate", None) == _NOT_PERMITTED:
                raise AuthError(
                    f"the database role of {self.safe_url} is not permitted to do this: {self._reason(error)} "
                    "(grant it its own schema; see the README's PostgreSQL section)"
                ) from None
            raise IntegrityError(f"the store at {self.safe_url} is damaged: {self._reason(error)}") from None

    def _cannot_connect(self, error: DBAPIError) -> InputError | AuthError:
        """A server that refuses us is bad input (2) or, if it is who we are, authentication (3)."""
        reason = self._reason(error)
        kind = AuthError if "authentication" in reason or "role" in reason or "password" in reason else InputError
        return kind(f"cannot connect to the store at {self.safe_url}: {reason}")

    def _reason(self, error: DBAPIError) -> str:
        """The driver's first telling line, never the password."""
        lines = [line.strip() for line in str(error.orig).splitlines() if line.strip()] if error.orig else []
        fatal = [line for line in lines if "FATAL:" in line]
        reason = (fatal or lines or [error.__class__.__name__])[0]
        reason = reason.split("FATAL:", 1)[-1].strip().removeprefix("connection failed: ")
        password = parse_url(self.url).password
        return reason.replace(str(password), "***") if password else reason

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, fit for an error message."""
        return parse_url(self.url).render_as_string(hide_password=True)

    def exists(self) -> bool:
        if not_ours(self.url):
            return False  # never create, convert or rewrite a file that is not a vault just by looking
        with self.connect() as conn:
            return inspect(conn).has_table("vault") and conn.execute(_VAULT).first() is not None

    def create_tables(self) -> None:
        """Make the schema (in its own PostgreSQL schema if the URL names one) by running every migration."""
        path = sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        schema = schema_of(self.url)
        with self.connect(write=True) as conn:
            if schema is not None and not inspect(conn).has_schema(schema):
                # Only when missing: even IF NOT EXISTS needs the right to create schemas in the database,
                # which a role given its own schema (the README's set-up) does not have.
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            migrations.upgrade(conn)

    def upgrade(self) -> tuple[str, str]:
        """Migrate the vault's schema to this program's, holding the chain head: (revision before, after)."""
        self._check_vault(upgrading=True)
        with self.connect(write=True) as conn:
            conn.execute(select(col(HeadRow.seq)).with_for_update())  # no writer appends mid-migration
            before = migrations.upgrade(conn)
        return str(before), migrations.HEAD  # a vault is here, so at least the baseline

    def require(self) -> None:
        """InputError, naming the URL, unless a vault this program can read is here."""
        self._id = self._check_vault()

    def _check_vault(self, upgrading: bool = False) -> str:
        """The vault's id, after checking there is exactly one vault here, at this program's schema and format."""
        missing = InputError(f"no school-log vault at {self.safe_url}: create one with 'school-log init'")
        if not_ours(self.url):  # never create, convert or rewrite a file that is not a vault just by looking
            raise missing
        with self.connect() as conn:
            revision = migrations.revision(conn)
            if revision is None:
                raise missing
            if not migrations.is_known(revision):
                raise InputError(
                    f"the store at {self.safe_url} was made by a newer school-log (schema {revision}): "
                    "upgrade school-log to open it"
                )
            if revision != migrations.HEAD and not upgrading:
                raise InputError(
                    f"the store at {self.safe_url} has an older schema ({revision}, this program uses "
                    f"{migrations.HEAD}): run 'school-log upgrade' to bring it up to date"
                )
            vaults = conn.execute(_VAULT).all()
        if not vaults:
            raise missing
        if len(vaults) > 1:
            raise IntegrityError(f"{self.safe_url}: holds {len(vaults)} vaults where one belongs")
        found, format_ = vaults[0]
        if format_ > FORMAT:
            raise InputError(
                f"the store at {self.safe_url} was written in vault format {format_}, newer than this "
                f"program's {FORMAT}: upgrade school-log to open it"
            )
        try:
            return str(uuid.UUID(found))  # it names this machine's anchor file
        except (TypeError, ValueError):
            raise IntegrityError(f"{self.safe_url}: the vault's id is damaged") from None

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
        vault_id = self._id
        if vault_id is None:
            vault_id = self._id = self._check_vault()
        return vault_id

    def keeps_simulated_time(self) -> bool:
        """Whether this is a demo, training or replay vault (said in its first record; no key needed).

        False where no vault is: only such a vault may be opened with anything that shows or
        keeps more than a person would see (Textual's log, debug tracebacks).
        """
        if not_ours(self.url):
            return False
        with self.connect() as conn:
            if not inspect(conn).has_table("vault"):
                return False
            return self.load_registry(conn).clock == "simulated"

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
            header = header_bytes(vault_id, row)
            try:
                key = registry.signing_key(row.author, row.author_key, row.cls, row.body)
                if not crypto.verify_signature(key, row.signature, signed_message(header, row.body, row.wrapped_key)):
                    raise Refused("bad signature")
                registry.apply(row.seq, row.cls, row.body, row.author, row.created_at)
            except Refused as refused:
                raise IntegrityError(f"record {row.seq} ({row.id}): {refused}; run 'school-log verify'") from None
        registry.last_seq = head
        return registry

    @logged_unlock
    def unlock(self, username: str, passphrase: str, clock: Clock | None = None) -> Session:
        """An unlocked account, or AuthError saying exactly why not.

        The session keeps `clock` (by default the start-up clock, `SCHOOL_LOG_NOW` or the machine's).

        A wrong passphrase is counted on the account's key slot (never the text
        tried); the next successful unlock reports the count in `failed_unlocks`.
        """
        vault_id = self.id
        tag, slot, registry = self._slot(username)
        if slot is None:
            raise AuthError(f"no account {username!r} in this vault, or it is deactivated")
        account = registry.accounts.get(slot.account)
        if account is None:
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
        session = Session(self, vault_id, account.id, username, keys, registry, clock or Clock.from_environment())
        session.open_grants()
        if profile(session, account)["username"] != username.strip().lower():
            raise IntegrityError(f"the key slot for {username!r} belongs to another account; run 'school-log verify'")
        session.behind = behind_what_was_seen(self.signer(session))  # before anything is appended or kept
        if session.is_team and session.behind is None:  # what a DSL saw, signed, kept on this machine
            keep_here(self.signer(session))
        session.failed_unlocks = failed_unlocks(slot.sealed)
        if session.failed_unlocks:
            self._update_failures(tag, lambda n: 0)
            if not session.must_set_passphrase:
                session.audit("failed unlocks before this one", [], session.failed_unlocks)
        stretch_tags(session)  # a vault written before usernames were stretched: once, by a DSL
        return session

    def signer(self, session: Session) -> Signer:
        """What a checkpoint needs of `session`, an account unlocked here: this store, and the key that signs."""
        account = session.account  # the registry's state of it, as this session replayed it
        return Signer(
            session.vault_id,
            self.location,
            self.connect,
            session.registry,
            session.account_id,
            account.key_version,
            session.keys.signing,
        )

    def failed_unlocks(self, username: str) -> int:
        """Wrong passphrases tried on an account since it last unlocked (0 for no such account)."""
        slot = self._slot(username)[1]
        return failed_unlocks(slot.sealed) if slot else 0

    def _slot(self, username: str) -> tuple[str, Row[KeyslotRow] | None, Registry]:
        """The username's tag, its key slot (None: no active account by that name) and the registry.

        The tag is stretched (Argon2id, the vault's signed cost) outside any transaction; if a DSL
        renamed the slots meanwhile (`storage.usertags`), it is stretched again at the new cost.
        """
        with self.connect() as conn:
            registry = self.load_registry(conn)
        while True:
            params = registry.user_tags
            try:
                tag = user_tag(self.id, username, params)
            except WeakUserTags as weak:
                raise IntegrityError(f"{weak}: this program will not use a store made so") from None
            with self.connect() as conn:
                slot = conn.execute(select(KeyslotRow).where(col(KeyslotRow.user_tag) == tag)).first()
                self.load_registry(conn, registry)
            if registry.user_tags == params:
                return tag, slot, registry

    def _update_failures(self, tag: str, change: Callable[[int], int]) -> None:
        with self.connect(write=True) as conn:
            blob = conn.execute(select(col(KeyslotRow.sealed)).where(col(KeyslotRow.user_tag) == tag)).scalar()
            if blob:
                conn.execute(
                    update(KeyslotRow)
                    .where(col(KeyslotRow.user_tag) == tag)
                    .values(sealed=with_failed_unlocks(blob, change(failed_unlocks(blob))))
                )


def _reason(error: DatabaseError) -> str:
    return str(error.orig).splitlines()[0] if error.orig else error.__class__.__name__
