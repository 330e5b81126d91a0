"""Looking at a database before touching it: is it ours, empty, or someone else's?

Opening an SQLite file through the engine sets WAL mode, which rewrites the file's
header — harmless for a vault, but `entries` pointed at a zero-length file or at
some other program's database must leave it exactly as it was. So an SQLite file
is first looked at read-only, with the plain driver.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers the vault's tables in SQLModel's metadata)
from storage.engine import schema_of, sqlite_path

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OURS = frozenset(SQLModel.metadata.tables) | {"alembic_version"}


def _sqlite_tables(path: Path) -> set[str] | None:
    """The tables of an SQLite file, read without writing; None if it is not an SQLite file."""
    with path.open("rb") as file:
        if file.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            return None
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
            return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return None


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
