"""One SQLAlchemy URL names the store: SQLite by default, PostgreSQL for a shared store."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from storage.app_name import APP_NAME
from storage.errors import InputError
from storage.settings import settings

if TYPE_CHECKING:
    import psycopg

#: How long a PostgreSQL writer waits for the chain head (SQLite's busy timeout is the same 30 s),
#: and how long any one statement may run, before the person is told the store is busy.
LOCK_TIMEOUT_MS = 30_000
STATEMENT_TIMEOUT_MS = 300_000
#: An app is one person: one idle connection kept, a few more while work overlaps. Hundreds of
#: staff on one server go through PgBouncer (see the README), not hundreds of pools.
POOL_SIZE, MAX_OVERFLOW = 1, 4
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_one_shot = False


def default_url() -> str:
    """`SCHOOL_LOG_DB`, else an SQLite file in the platform's user data directory."""
    url = settings().db
    if url:
        return url
    return f"sqlite:///{Path(platformdirs.user_data_dir(APP_NAME)) / 'school-log.db'}"


def parse_url(url: str) -> URL:
    """The URL, or InputError saying it is not one."""
    try:
        return make_url(url)
    except ArgumentError:
        raise InputError(f"database URL {url!r} is not an SQLAlchemy URL") from None


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (None for other databases or in-memory)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def schema_of(url: str) -> str | None:
    """The PostgreSQL schema a school's vault lives in (`?schema=`), None for the default."""
    parsed = parse_url(url)
    schema = parsed.query.get("schema")
    if schema is None:
        return None
    if parsed.get_backend_name() != "postgresql":
        raise InputError(f"{parsed.render_as_string(hide_password=True)}: ?schema= is for PostgreSQL stores only")
    if not isinstance(schema, str) or not _SCHEMA_NAME.fullmatch(schema):
        raise InputError(f"schema {schema!r} is not a plain lower-case name (letters, digits, _)")
    return schema


@contextmanager
def one_shot() -> Iterator[None]:
    """Within: engines keep no idle connection (NullPool), for a CLI call that exits afterwards."""
    global _one_shot
    before, _one_shot = _one_shot, True
    try:
        yield
    finally:
        _one_shot = before


def make_engine(url: str) -> Engine:
    """An engine for the store; see `_sqlite` and `_postgresql` for what each promises."""
    parsed, schema, path = parse_url(url), schema_of(url), sqlite_path(url)
    if path is not None and path.is_dir():
        raise InputError(f"the store {path} is a folder: name the vault's file (such as {path / 'school-log.db'})")
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql(parsed, schema)
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite(url: URL) -> Engine:
    """WAL, a busy timeout, foreign keys, and `synchronous=FULL` because a safeguarding
    record acknowledged as saved must survive a power cut. `BEGIN IMMEDIATE` for writers
    (execution option `immediate=True`) so reading the chain head and appending is atomic
    across processes.
    """
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={LOCK_TIMEOUT_MS}",
            "foreign_keys=ON",
            "synchronous=FULL",
            "secure_delete=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgresql(url: URL, schema: str | None) -> Engine:
    """Writers in READ COMMITTED take the head row `FOR UPDATE` (a waiting writer then reads
    the head its predecessor committed, so no serialization failure can arise); readers get
    one snapshot (REPEATABLE READ), so `verify` compares the chain with the head of the same
    moment. As on SQLite we issue BEGIN ourselves (psycopg in autocommit), so the pool's
    ping runs outside any transaction. Every transaction then sets its own lock and statement
    timeouts and, for a school in its own schema, its `search_path` — with `SET LOCAL`
    semantics, which hold for that transaction only and so stay right behind PgBouncer in
    transaction mode.
    """
    url = url.difference_update_query(["schema"])
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    pool = {"poolclass": NullPool} if _one_shot else {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW}
    engine = create_engine(url, pool_pre_ping=True, pool_recycle=1800, connect_args={"connect_timeout": 10}, **pool)
    settings = [f"set_config('lock_timeout', '{LOCK_TIMEOUT_MS}', true)"]
    settings.append(f"set_config('statement_timeout', '{STATEMENT_TIMEOUT_MS}', true)")
    if schema is not None:
        settings.append(f"set_config('search_path', '{schema}', true)")  # a checked plain name
    configure = "SELECT " + ", ".join(settings)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: psycopg.Connection[Any], _record: ConnectionPoolEntry) -> None:
        dbapi_connection.autocommit = True  # we issue BEGIN ourselves

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN" if immediate else "BEGIN ISOLATION LEVEL REPEATABLE READ")
        conn.exec_driver_sql(configure)

    return engine
