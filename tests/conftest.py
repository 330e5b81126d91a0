"""Test configuration: every test gets its own dirs, a clean environment and a cheap KDF.

The cheap Argon2id profile is selected here, in test configuration only; the
production default in storage.keyslots stays at 64 MiB / 3 iterations.

A test (or fixture) that asks for `store` runs twice: on an SQLite file and on a fresh
PostgreSQL database (see tests/stores.py); `pg_store` is PostgreSQL only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from storage import keyslots
from storage.crypto import KdfParams
from tests.stores import Store, fresh_database, fresh_schema

CHEAP_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the developer's data, config, anchors or SCHOOL_LOG_* variables."""
    for name in list(os.environ):
        if name.startswith("SCHOOL_LOG_"):
            monkeypatch.delenv(name)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", CHEAP_KDF)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
    yield


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The database this test run makes its PostgreSQL schemas in (skips when no server answers)."""
    with fresh_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store(request, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """A fresh, empty store: an SQLite file, then a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'school.db'}", tmp_path / "school.db")
        return
    with fresh_schema(request.getfixturevalue("pg_database")) as made:
        yield made


@pytest.fixture
def pg_store(pg_database) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """A fresh, empty store in its own schema on the PostgreSQL server."""
    with fresh_schema(pg_database) as made:
        yield made
