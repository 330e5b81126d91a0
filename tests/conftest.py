"""Test configuration: every test gets its own dirs, a clean environment and a cheap KDF.

The cheap Argon2id profile is selected here, in test configuration only; the
production default in storage.keyslots stays at 64 MiB / 3 iterations.

A test (or fixture) that asks for `store` runs twice: on an SQLite file and on a fresh
PostgreSQL database (see tests/stores.py); `pg_store` is PostgreSQL only. `school` is the
TUI tests' school with something to review (modules with a `school` of their own use theirs).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from school_log import local_time, workdays
from storage import keyslots
from storage.crypto import KdfParams
from tests.factory import PUPILS, Fixture, make_school
from tests.stores import Store, fresh_database, fresh_schema

CHEAP_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the developer's data, config, anchors or SCHOOL_LOG_* variables, nor the time zone and
    working days another test's school set (each process keeps its school's: `local_time`, `workdays`)."""
    isolate(tmp_path, monkeypatch)
    yield


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `isolated` does, for a fixture that outlives one test (undone with its `monkeypatch`)."""
    for name in list(os.environ):
        if name.startswith("SCHOOL_LOG_"):
            monkeypatch.delenv(name)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", CHEAP_KDF)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
    monkeypatch.setattr(local_time, "_zone", local_time.zone_named(local_time.DEFAULT_ZONE))
    monkeypatch.setattr(workdays, "_calendar", workdays.WorkingDays())


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


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so dates on screen do not depend on the machine running the tests."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def school(tmp_path, monkeypatch, utc) -> Fixture:  # type: ignore[no-untyped-def]
    """Jamie: two unexplained bruises to the same arm from two staff; his sister Ella: a police call."""
    return with_entries(make_school(tmp_path, monkeypatch))


def with_entries(fixture: Fixture) -> Fixture:
    """The `school` fixture's entries, written in `fixture`'s school."""
    jamie, ella = (row.upn for row in PUPILS[:2])
    bruise = {"view": "front", "region": "left-upper-arm-front", "type": "bruise", "size_mm": 20, "colour": "purple"}
    fixture.open("tom").log.record_concern(
        {
            "pupil": jamie,
            "occurred_at": "2026-11-10T09:00:00+00:00",
            "what_happened": "Bruise on upper arm seen in PE",
            "body_marks": [bruise],
        }
    )
    fixture.open("tara").log.record_concern(
        {
            "pupil": jamie,
            "occurred_at": "2026-11-18T08:30:00+00:00",
            "what_happened": "Another bruise on the left arm at breakfast club",
            "child_words": "I don't want to go home",
            "opinion": "He seemed frightened",
            "body_marks": [bruise],
        }
    )
    fixture.open("dana").log.notify(
        {
            "pupil": ella,
            "agency": "police",
            "kind": "operation-encompass",
            "occurred_at": "2026-11-21T22:30:00+00:00",
            "summary": "Police called to a domestic incident at home",
        }
    )
    return fixture
