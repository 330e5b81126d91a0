"""school-log benchmark: the operations a school waits for, against the floor they cannot beat.

    .venv/bin/python benchmarks/bench.py [--json] [--size small|full|history] [--runs N]

Builds a synthetic school once (`school_log.synthetic`, cached under `.bench/`, keyed by
the generator parameters, the seed and the generator's source), copies it to a scratch
file and times each operation several times with `time.perf_counter`. Each read by a
DSL also appends its audit record, as it does for real.

The FLOOR is measured in the same run on the same rows and sizes with nothing but the
standard library `sqlite3` and one AES-GCM decrypt per row (reads), or one insert plus
commit of a blob of the same size into a scratch table with the same pragmas (writes).
The ratio says how much the layers above the floor cost.

This script sits above every layer: it may import tui, school_log, storage and sqlite3.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import inspect
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, Path(__file__).resolve().parent):  # the project, and this script's own modules
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


from bench_app import measure_tui  # noqa: E402
from bench_cli import measure_cli  # noqa: E402
from bench_floor import Floor  # noqa: E402
from bench_history import run_history  # noqa: E402
from bench_memory import measure_memory  # noqa: E402
from bench_postgres import fill_postgres_column, measure_writers  # noqa: E402
from bench_results import Results, Row, Stat, per_call, table, timed  # noqa: E402

from school_log.school import School  # noqa: E402
from school_log.synthetic import build, plan, roll, words  # noqa: E402
from storage.vault import Vault  # noqa: E402

NOW = "2026-11-23T10:00:00+00:00"  # a Monday morning: the benchmark school is frozen in time
SEED = 1
SIZES: dict[str, dict[str, int]] = {
    "full": {"pupils": 2000, "staff": 80, "years": 5, "entries": 50_000},
    "small": {"pupils": 200, "staff": 12, "years": 2, "entries": 3_000},
    "tiny": {"pupils": 24, "staff": 5, "years": 1, "entries": 120},
}
RUNS = {"full": 7, "small": 5, "tiny": 1}
#: `--size history`: a secondary school's 25 years (2,000 on roll, 10,000 who left) at two lengths of log.
HISTORY: dict[str, dict[str, int]] = {
    f"{n // 1000}k": {"pupils": 2000, "staff": 80, "years": 25, "entries": n, "leavers": 10_000}
    for n in (50_000, 250_000)
}
SEARCH_WORD = "hungry"
NEW_RECORDS = 1000  # written between two verifies: the measure of an incremental verify
WARM_RECORDS = 200  # about six WAL pages each: more than a checkpoint waits for


# --- The cached school -------------------------------------------------------------------


def cache_key(params: dict[str, int], seed: int) -> str:
    source = "".join(inspect.getsource(m) for m in (build, plan, roll, words))
    text = json.dumps(
        {"params": params, "seed": seed, "now": NOW, "generator": hashlib.sha256(source.encode()).hexdigest()},
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cached_school(
    params: dict[str, int], cache_dir: Path, seed: int = SEED, say: Callable[[str], None] = lambda _m: None
) -> tuple[Path, dict[str, Any], float | None]:
    """The built school's file and its logins; built now (and timed) if not cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    key = cache_key(params, seed)
    db, meta_file = cache_dir / f"school-{key}.db", cache_dir / f"school-{key}.json"
    if db.exists() and meta_file.exists():
        return db, json.loads(meta_file.read_text()), None
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    say(f"building the synthetic school {params} (seed {seed}) into {db} ...")
    start = time.perf_counter()
    built = build.build_school(f"sqlite:///{db}", seed=seed, progress=say, **params)
    seconds = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = {
        "name": built.name,
        "pupils": built.pupils,
        "entries": built.entries,
        "counts": built.counts,
        "focus_upn": built.focus_upn,
        "leavers": built.leavers,
        "concerning_upns": list(built.concerning_upns),
        "teacher": asdict(built.teacher),
        "dsl": asdict(built.dsl),
        "build_seconds": seconds,
    }
    meta_file.write_text(json.dumps(meta, indent=2))
    return db, meta, seconds


# --- The measurements ------------------------------------------------------------------------


def concern_form(upn: str, n: int) -> dict[str, Any]:
    return {
        "pupil": upn,
        "categories": ["emotional"],
        "location": "classroom",
        "what_happened": f"Benchmark concern {n}: pupil was tearful at the start of the lesson.",
        "child_words": "I'm just tired.",
        "action_taken": "Reassured the pupil and passed to the DSL.",
    }


def measure_record(teacher: School, floor: Floor, upn: str, rounds: int, batch: int) -> list[Row]:
    """Rounds of `batch` records, bare-bones records and floor writes, interleaved so all see the same machine.

    Every store is first written past a WAL checkpoint: a WAL file still growing makes
    every commit flush file metadata too, which a school's long-used store never pays.
    """
    counter = iter(range(10**9))
    for _ in range(WARM_RECORDS):  # past the store's first WAL checkpoint (the cached file's WAL is empty)
        teacher.log.record_concern(concern_form(upn, next(counter)))
    size = floor.conn.execute(
        "SELECT length(id) + length(subject) + length(author) + length(created_at) + length(prev_hash)"
        " + length(body) + length(wrapped_key) + length(signature) + length(hash) + 24"
        " FROM record ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    records, bare, floors = [], [], []
    with floor.writer(size) as insert, floor.bare_recorder() as bare_record:
        for _ in range(rounds):
            records.append(per_call(lambda: teacher.log.record_concern(concern_form(upn, next(counter))), batch))
            bare.append(per_call(bare_record, batch))
            floors.append(per_call(insert, batch))
    note = f"floor: INSERT+COMMIT of {size} bytes; {rounds} rounds of {batch} of each, interleaved"
    return [
        Row(
            "record one concern (seal, sign, chain, commit)",
            "s",
            Stat(records),
            Stat(floors),
            "≤ 2× floor",
            max_ratio=2.0,
            note=note,
        ),
        Row(
            "  the same, bare-bones (raw sqlite3, no layers)",
            "s",
            Stat(bare),
            Stat(floors),
            "(reference)",
            note="sealed twice, signed, chained, indexed: what no Python record can beat",
        ),
    ]


def measure_chronology(dsl: School, floor: Floor, upn: str, runs: int) -> Row:
    chron = dsl.review.chronology(upn)
    subjects = [chron.pupil.id, *(s.id for s in chron.household)]
    where = f"cls = 'entry' AND subject IN ({','.join('?' * len(subjects))})"
    floor.prepare(where, tuple(subjects))
    stat = timed(lambda: dsl.review.chronology(upn), runs)
    floor_stat = timed(lambda: floor.read(where, tuple(subjects)), runs)
    return Row(
        "open one pupil's chronology",
        "s",
        stat,
        floor_stat,
        "≤ 5× floor and ≤ 100 ms",
        max_ratio=5.0,
        max_value=0.100,
        note=f"{len(chron.items)} entries shown; floor reads the same rows",
    )


def measure_all(dsl: School, floor: Floor, runs: int) -> list[Row]:
    floor.prepare("cls = 'entry'")
    floor_stat = timed(lambda: floor.read("cls = 'entry'"), runs)
    n_entries = floor.read("cls = 'entry'")
    review = timed(dsl.review.items, runs)
    listed = len(dsl.review.items())
    search = timed(lambda: dsl.review.search(SEARCH_WORD), runs)
    hits = len(dsl.review.search(SEARCH_WORD))
    return [
        Row(
            "DSL's whole-school review",
            "s",
            review,
            floor_stat,
            "≤ 5× floor",
            max_ratio=5.0,
            note=f"{listed} pupils listed from {n_entries} entries",
        ),
        Row(
            f"search every entry for {SEARCH_WORD!r}",
            "s",
            search,
            floor_stat,
            "≤ 500 ms",
            max_value=0.5,
            note=f"{hits} hits",
        ),
    ]


def measure_verify(dsl: School, floor: Floor, runs: int) -> Row:
    where = "cls IN ('entry', 'audit', 'roster')"
    floor.prepare(where)
    stat = timed(dsl.verify, runs, warmup=0)
    report = dsl.verify()
    floor_stat = timed(lambda: floor.read(where), runs)
    return Row(
        "verify the whole chain (`verify --full`)",
        "s",
        stat,
        floor_stat,
        "≤ 10 s",
        max_value=10.0,
        note=f"{report.records} records, ok={report.ok}; floor decrypts the sealed rows only (no signatures)",
    )


def measure_verify_since(dsl: School, teacher: School, upn: str, runs: int) -> Row:
    """`verify` after NEW_RECORDS concerns recorded since the last verify found the chain intact (which
    `measure_verify` has just done): it checks only what came after that verify's checkpoint."""
    counter = iter(range(10**6, 10**7))
    samples = []
    for _ in range(runs):
        for _ in range(NEW_RECORDS):
            teacher.log.record_concern(concern_form(upn, next(counter)))
        start = time.perf_counter()
        report = dsl.verify(full=False)
        samples.append(time.perf_counter() - start)
    since = report.since.seq if report.since else 0
    return Row(
        f"verify after {NEW_RECORDS:,} new records (from the last verify's checkpoint)",
        "s",
        Stat(samples),
        target="≤ 2 s",
        max_value=2.0,
        note=f"{report.records - since} of {report.records} records checked, ok={report.ok}",
    )


# --- Running it all ------------------------------------------------------------------------


def _copy_store(source: Path, target: Path) -> None:
    """A whole copy of an SQLite store, WAL included, made by SQLite (never by reading its files)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def run(
    size: str = "full",
    *,
    params: dict[str, int] | None = None,
    runs: int | None = None,
    cache_dir: Path | None = None,
    include_tui: bool = True,
    include_memory: bool = True,
    include_postgres: bool = True,
    say: Callable[[str], None] = lambda _m: None,
) -> Results:
    """Build (or reuse) the school, copy it to a scratch file and measure everything."""
    params = params or SIZES[size]
    runs = runs or RUNS.get(size, 3)
    cache_dir = cache_dir or ROOT / ".bench"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=cache_dir, prefix="run-") as scratch_dir,
        _bench_environment(Path(scratch_dir)),
    ):
        cached, meta, built_in = cached_school(params, cache_dir, say=say)
        db = Path(scratch_dir) / "school.db"
        _copy_store(cached, db)
        url = f"sqlite:///{db}"
        Vault(url).upgrade()  # a school cached by an older schema
        results = Results(
            size,
            params,
            {k: meta[k] for k in ("name", "pupils", "entries", "counts", "focus_upn")},
            build_seconds=built_in or meta.get("build_seconds"),
        )
        say(f"measuring on a copy of {cached.name} ({meta['entries']} entries, {runs} runs each)")
        teacher = School.unlock(url, meta["teacher"]["username"], meta["teacher"]["passphrase"])
        dsl = School.unlock(url, meta["dsl"]["username"], meta["dsl"]["passphrase"])
        floor = Floor(db, dsl)
        try:
            say("the command line's --help and --version")
            results.rows.extend(measure_cli(runs))
            say("record")
            results.rows.extend(measure_record(teacher, floor, meta["concerning_upns"][-1], max(runs, 5) * 2, batch=20))
            say("chronology")
            results.rows.append(measure_chronology(dsl, floor, meta["focus_upn"], max(runs, 5)))
            say("review and search")
            results.rows.extend(measure_all(dsl, floor, runs))
            say("verify")
            results.rows.append(measure_verify(dsl, floor, max(1, min(runs, 3))))
            upn = meta["concerning_upns"][-1]
            results.rows.append(measure_verify_since(dsl, teacher, upn, max(1, min(runs, 3))))
            say("8 writers at once")
            writer_runs = max(1, min(runs, 3))
            results.rows.append(measure_writers_row(url, meta, writer_runs))
            if include_postgres:
                form = lambda n: concern_form(upn, n)  # noqa: E731
                fill_postgres_column(results, url, meta, form, max(runs, 5), writer_runs, Path(scratch_dir), say)
            if include_memory:
                say("peak memory")
                results.rows.append(measure_memory(str(ROOT), url, meta["dsl"], runs))
            if include_tui:  # last: the app is the newest code
                say("app")
                dsl.review.dashboard()  # a DSL has looked before: the team-sealed view the app paints first
                results.rows.extend(measure_tui(str(ROOT), url, meta["dsl"], max(1, min(runs, 3))))
        finally:
            floor.close()
            teacher.lock()
            dsl.lock()
            for engine in {teacher.session.vault.engine, dsl.session.vault.engine}:
                engine.dispose()
    return results


def history(
    runs: int,
    include_tui: bool,
    include_postgres: bool,
    say: Callable[[str], None],
    cache_dir: Path | None = None,
    sizes: dict[str, dict[str, int]] | None = None,
) -> str:
    """`--size history`: both lengths of the 25-year school (`sizes`), built once each, measured side by side."""
    cache_dir = cache_dir or ROOT / ".bench"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=cache_dir, prefix="run-") as scratch_dir,
        _bench_environment(Path(scratch_dir)),
    ):
        schools = {}
        for size, params in (sizes or HISTORY).items():
            cached, meta, built_in = cached_school(params, cache_dir, say=say)
            db = Path(scratch_dir) / f"school-{size}.db"
            _copy_store(cached, db)
            Vault(f"sqlite:///{db}").upgrade()
            meta = meta | {"leavers": params["leavers"], "build_seconds": built_in or meta.get("build_seconds", 0)}
            schools[size] = (db, meta)
        return run_history(str(ROOT), schools, runs, include_postgres, include_tui, say)


def measure_writers_row(url: str, meta: dict[str, Any], runs: int) -> Row:
    form = concern_form(meta["concerning_upns"][-1], 0)
    stat = measure_writers(url, meta["teacher"], form, runs)
    return Row(
        "8 writers at once (per record landed)",
        "s",
        stat,
        target="(reference)",
        note=f"8 processes x 10 records into one chain; {1 / stat.median:.0f} records/s",
    )


@contextlib.contextmanager
def _bench_environment(scratch: Path):  # type: ignore[no-untyped-def]
    """Frozen time, and this run's own anchors and (empty) config; everything restored after."""
    names = ("SCHOOL_LOG_NOW", "XDG_STATE_HOME", "XDG_CONFIG_HOME")
    before = {name: os.environ.get(name) for name in names}
    os.environ.update(
        {"SCHOOL_LOG_NOW": NOW, "XDG_STATE_HOME": str(scratch / "state"), "XDG_CONFIG_HOME": str(scratch / "config")}
    )
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--size", choices=[*sorted(SIZES), "history"], default="full")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per operation")
    parser.add_argument("--no-tui", action="store_true", help="skip the app measurement")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL column")
    args = parser.parse_args(argv)
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if not args.json else (lambda _m: None)
    if args.size == "history":  # a table of its own: two schools, two stores, side by side
        print(history(args.runs or 2, not args.no_tui, not args.no_postgres, say))
        return 0
    results = run(
        args.size, runs=args.runs, include_tui=not args.no_tui, include_postgres=not args.no_postgres, say=say
    )
    print(json.dumps(results.as_dict(), indent=2) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
