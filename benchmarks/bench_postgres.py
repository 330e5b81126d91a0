"""The PostgreSQL column: the same school copied into a fresh database on a server, the same
operations timed there, and the 8-writer throughput on both stores.

The server is `SCHOOL_LOG_BENCH_PG` (default the local one); without an answer the column
is empty and the table says why. The copy is dropped afterwards.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from bench_results import Results, Stat, per_call, timed
from sqlalchemy import create_engine, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from school_log.school import School
from storage import keyslots
from storage.crypto import KdfParams
from storage.tables import CacheRow, HeadRow, KeyslotRow, RecordRow, VaultRow
from storage.vault import Vault

SERVER = os.environ.get("SCHOOL_LOG_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WRITERS, EACH = 8, 10  # processes, and records each writes once all are unlocked
COPY_BATCH = 5000
WARM_RECORDS = 20
#: The rows that get a PostgreSQL value: how each operation's name starts, and its key in `measure`.
COLUMN = {"record one": "record", "open one": "chronology", "DSL's": "review", "8 writers": "writers"}


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def server_problem() -> str | None:
    """Why there is no PostgreSQL column, or None."""
    try:
        psycopg.connect(_conninfo(SERVER), connect_timeout=3).close()
    except psycopg.Error as error:
        return f"no PostgreSQL server at {make_url(SERVER).render_as_string()} ({str(error).splitlines()[0]})"
    return None


@contextlib.contextmanager
def copied_school(sqlite_url: str, say: Callable[[str], None]) -> Iterator[str]:
    """A fresh database on the server holding exactly the rows of the SQLite school; dropped after."""
    name = f"school_log_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(SERVER), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        say(f"copying the school into PostgreSQL database {name}")
        Vault(url).create_tables()
        source, target = create_engine(sqlite_url, poolclass=NullPool), create_engine(url, poolclass=NullPool)
        with source.connect() as read, target.begin() as write:
            for model in (VaultRow, RecordRow, HeadRow, KeyslotRow, CacheRow):
                table = model.__table__  # type: ignore[attr-defined]
                rows = read.execute(select(table)).mappings()
                while batch := [dict(row) for row in rows.fetchmany(COPY_BATCH)]:
                    write.execute(insert(table), batch)
        with target.begin() as write:
            write.exec_driver_sql("ANALYZE")  # the statistics a database in use has
        source.dispose()
        target.dispose()
        yield url
    finally:
        with psycopg.connect(_conninfo(SERVER), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _writer(url: str, login: dict[str, str], form: dict[str, Any], minimum: KdfParams, barrier: Any, done: Any) -> None:
    keyslots.MINIMUM_KDF = minimum  # the parent's: a school built by the tests uses a cheap profile
    school = School.unlock(url, login["username"], login["passphrase"])  # the slow part, before the start
    barrier.wait(120)
    for n in range(EACH):
        school.log.record_concern({**form, "what_happened": f"{form['what_happened']} ({n})"})
    done.put(os.getpid())


def measure_writers(url: str, login: dict[str, str], form: dict[str, Any], runs: int) -> Stat:
    """Seconds per record landed while 8 processes write 10 each at once (throughput = 1 / this).

    From a fork server (modules preloaded, never this process's keys), not forked from here;
    each unlocks on its own and the clock starts when the last of them is ready.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["school_log.school", "bench_postgres"])
    samples = []
    for _ in range(runs):
        barrier, done = context.Barrier(WRITERS + 1), context.Queue()
        args = (url, login, form, keyslots.MINIMUM_KDF, barrier, done)
        workers = [context.Process(target=_writer, args=args) for _ in range(WRITERS)]
        for worker in workers:
            worker.start()
        barrier.wait(300)
        start = time.perf_counter()
        for _ in workers:
            done.get(timeout=300)
        samples.append((time.perf_counter() - start) / (WRITERS * EACH))
        for worker in workers:
            worker.join(60)
            if worker.exitcode != 0:
                raise RuntimeError(f"a writer process failed (exit {worker.exitcode})")
    return Stat(samples)


def measure(
    url: str, meta: dict[str, Any], form: Callable[[int], dict[str, Any]], runs: int, writer_runs: int, state: Path
) -> dict[str, Stat]:
    """Record, chronology, review and 8 writers on the copy, keyed as the SQLite rows are."""
    previous = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(state)  # this copy's own anchor: the SQLite run has moved on
    try:
        teacher = School.unlock(url, meta["teacher"]["username"], meta["teacher"]["passphrase"])
        dsl = School.unlock(url, meta["dsl"]["username"], meta["dsl"]["passphrase"])
        counter = iter(range(10**9))
        for _ in range(WARM_RECORDS):  # past the first commits' set-up, as on SQLite
            teacher.log.record_concern(form(next(counter)))
        found = {
            "record": Stat(
                [per_call(lambda: teacher.log.record_concern(form(next(counter))), 20) for _ in range(runs)]
            ),
            "chronology": timed(lambda: dsl.review.chronology(meta["focus_upn"]), runs),
            "review": timed(dsl.review.items, runs),
            "writers": measure_writers(url, meta["teacher"], form(0), writer_runs),
        }
        for school in (teacher, dsl):
            school.lock()
            school.session.vault.engine.dispose()
        return found
    finally:
        if previous is None:
            os.environ.pop("XDG_STATE_HOME", None)
        else:
            os.environ["XDG_STATE_HOME"] = previous


def fill_postgres_column(
    results: Results,
    url: str,
    meta: dict[str, Any],
    form: Callable[[int], dict[str, Any]],
    runs: int,
    writer_runs: int,
    scratch: Path,
    say: Callable[[str], None],
) -> None:
    """Time the rows in COLUMN again on a PostgreSQL copy of the school at `url`, when a server answers."""
    problem = server_problem()
    if problem is not None:
        results.postgres_note = f"column empty: {problem}"
        return
    with copied_school(url, say) as pg_url:
        say("the same on PostgreSQL")
        found = measure(pg_url, meta, form, runs, writer_runs, scratch / "pg-state")
    for row in results.rows:
        key = next((key for start, key in COLUMN.items() if row.operation.startswith(start)), None)
        if key is not None:
            row.postgres = found[key]
    results.postgres_note = (
        f"a fresh database on {make_url(SERVER).render_as_string()} holding a copy of the same school;"
        f" 8 writers land {1 / found['writers'].median:.0f} records/s there"
    )
