"""Looking at a database before touching it: is it ours, empty, or someone else's?

Opening an SQLite file through the engine sets WAL mode, which rewrites the file's
header — harmless for a vault, but `entries` pointed at a zero-length file or at
some other program's database must leave it exactly as it was. So an SQLite file
is first looked at read-only, with the plain driver.

Only SQLite ever opens the file. On POSIX, closing *any* descriptor of a file drops
every lock this process holds on it, the live connections' included; another process
then believes it is alone, checkpoints and deletes the WAL this one is still writing
to, and saved records are lost (SQLite's "How To Corrupt An SQLite Database File",
§2.2). SQLite's own descriptors do not do that: it keeps one lock table per file for
the whole process and defers closing a descriptor while any connection holds a lock.
So the probe asks SQLite (a `mode=ro` connection, closed at once), never `open()`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers the vault's tables in SQLModel's metadata)
from storage.engine import schema_of, sqlite_path

_OURS = frozenset(SQLModel.metadata.tables) | {"alembic_version"}


def _sqlite_tables(path: Path) -> set[str] | None:
    """The tables of an SQLite file, read by SQLite without writing; None if it is not an SQLite file."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:  # "file is not a database": not SQLite at all
        return None
    finally:
        conn.close()  # used as a context manager, a connection commits but is not closed


def not_ours(url: str) -> bool:
    """True if the URL names an SQLite file that cannot hold a vault: missing, empty, or without our tables.

    A file that is not SQLite at all is left to the engine, which calls it damaged.
    """
    path = sqlite_path(url)
    if path is None:
        return False
    if not path.exists() or path.stat().st_size == 0:
        return True
    tables = _sqlite_tables(path)
    return tables is not None and "vault" not in tables


def foreign_tables(engine: Engine, url: str) -> list[str]:
    """Tables in the database that are not a vault's (a new vault must not be added beside them)."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists() or path.stat().st_size == 0:
            return []
        tables = _sqlite_tables(path)
        if tables is None:
            return ["(not an SQLite database)"]
    else:
        tables = set(inspect(engine).get_table_names(schema=schema_of(url)))
    return sorted(tables - _OURS)
