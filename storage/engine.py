"""One SQLAlchemy URL names the store: SQLite by default, PostgreSQL for a shared store."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.errors import InputError

APP_NAME = "school-log"


def default_url() -> str:
    """`SCHOOL_LOG_DB`, else an SQLite file in the platform's user data directory."""
    url = os.environ.get("SCHOOL_LOG_DB")
    if url:
        return url
    return f"sqlite:///{Path(platformdirs.user_data_dir(APP_NAME)) / 'school-log.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL (None for other databases or in-memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine whose transactions take the write lock up front when asked to.

    SQLite: WAL, a busy timeout, foreign keys, and `synchronous=FULL` because a
    safeguarding record acknowledged as saved must survive a power cut.
    `BEGIN IMMEDIATE` for writers (execution option `immediate=True`) so reading
    the chain head and appending is atomic across processes.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"database URL {url!r} is not an SQLAlchemy URL") from None
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "busy_timeout=30000",
            "foreign_keys=ON",
            "synchronous=FULL",
            "secure_delete=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
