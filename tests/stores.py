"""The stores a test can run against: an SQLite file, or a fresh database on a PostgreSQL server.

The server is `SCHOOL_LOG_TEST_PG` (an admin URL; default the local trust-auth server).
Each PostgreSQL test gets its own schema (`?schema=`, as a school in a trust would) in a
database made for the test run, dropped after: a schema costs a millisecond where a
database costs 0.2 s. Tests about a whole database (pg_dump, connecting) take
`fresh_database()`, dropped with FORCE (connections the code under test still pools are
cut). Without a server the PostgreSQL tests skip with one reason — unless
`SCHOOL_LOG_REQUIRE_PG=1` (CI), where a missing server fails them.
Both variables are read at import, before each test's environment is cleaned.
"""

from __future__ import annotations

import functools
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ADMIN_URL = os.environ.get("SCHOOL_LOG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("SCHOOL_LOG_REQUIRE_PG") == "1"


@dataclass(frozen=True)
class Store:
    """A store URL and raw access to it, as someone holding the database (not the program) has."""

    url: str
    path: Path | None  # the SQLite file, None on a server

    @property
    def dialect(self) -> str:
        return make_url(self.url).get_backend_name()

    def _server_side(self) -> tuple[str, str]:
        """The URL as the driver takes it (no `?schema=`), and the libpq options that put the schema first."""
        url = make_url(self.url)
        schema = url.query.get("schema")
        options = f"-c search_path={schema}" if schema else ""
        return url.difference_update_query(["schema"]).render_as_string(hide_password=False), options

    def execute(self, sql: str, **params: Any) -> list[Any]:
        """Run one statement outside school-log, committed; the rows it returns, if any."""
        url, options = self._server_side() if self.path is None else (self.url, "")
        engine = create_engine(url, poolclass=NullPool, connect_args={"options": options} if options else {})
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql), params)
                return list(result) if result.returns_rows else []
        finally:
            engine.dispose()

    def psycopg(self) -> psycopg.Connection:
        """A raw driver connection to this PostgreSQL store (its schema on the search path)."""
        url, options = self._server_side()
        return psycopg.connect(conninfo(url), options=options)

    def count(self) -> int:
        return self.execute("select count(*) from record")[0][0]


def conninfo(url: str) -> str:
    """An SQLAlchemy PostgreSQL URL as libpq (psycopg itself) takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@functools.cache
def server_problem() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when the server answers."""
    try:
        psycopg.connect(conninfo(ADMIN_URL), connect_timeout=3).close()
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or [error.__class__.__name__])[0].removeprefix("connection failed: ")
        return f"no PostgreSQL server at {make_url(ADMIN_URL).render_as_string()}: {first}"
    return None


def require_server() -> None:
    """Skip (or, in CI, fail) the calling test when no server answers."""
    problem = server_problem()
    if problem is None:
        return
    if REQUIRE_PG:
        pytest.fail(f"{problem} (SCHOOL_LOG_REQUIRE_PG=1: the PostgreSQL tests must run)", pytrace=False)
    pytest.skip(f"{problem} (set SCHOOL_LOG_TEST_PG to point at one)")


def _admin(sql: str) -> None:
    with psycopg.connect(conninfo(ADMIN_URL), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]  # names made here, never from input


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database on the server; dropped afterwards."""
    require_server()
    name = f"school_log_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    _admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off')  # tests need no fsync per commit
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def fresh_schema(database_url: str) -> Iterator[Store]:
    """A new, empty schema in the run's database, as a store; dropped afterwards."""
    name = f"school_{uuid.uuid4().hex[:12]}"
    url = f"{database_url}?schema={name}"
    yield Store(url, None)
    Store(database_url, None).execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def raw_bytes(path: Path) -> bytes:
    """A file's bytes as someone copying it sees them, read by another process.

    Never `open()` a database file (or its -wal, -shm) in a process that may hold a
    connection to it: closing that descriptor drops every SQLite lock this process
    holds on the file, and another process may then delete a WAL still in use.
    """
    return subprocess.run(["cat", "--", str(path)], capture_output=True, check=True).stdout
