"""The benchmark script still runs end to end (no timing is asserted: machines differ)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

from tests.stores import server_problem

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def load_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("school_log_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_bench_measures_every_operation_against_its_floor(tmp_path):
    """`make bench` produces a table and JSON with a median, spread, floor and ratio per operation."""
    bench = load_bench()
    results = bench.run("tiny", runs=1, cache_dir=tmp_path / "bench")
    rows = {row.operation: row for row in results.rows}
    # ten operations (--help and --version among them), a bare-bones record for reference, verify from the last
    # verify's checkpoint, and the app's two paints
    assert len(rows) == 13
    app = next(r for op, r in rows.items() if "dashboard paint" in op)
    assert app.measured and app.measured.median > 0, app.note  # a fresh app process per run, headless
    for name in ("record", "bare-bones", "chronology", "review", "verify"):
        row = next(r for op, r in rows.items() if name in op)
        assert row.measured and row.floor and row.ratio and row.ratio > 0, name
    assert next(r for op, r in rows.items() if "memory" in op).measured.median > 0
    since = next(r for op, r in rows.items() if "new records" in op)
    assert since.measured and "of" in since.note and "ok=True" in since.note
    for name in ("record one", "chronology", "review", "8 writers"):  # the PostgreSQL column, when a server answers
        row = next(r for op, r in rows.items() if name in op)
        assert row.measured and (row.postgres is not None) == (server_problem() is None), name
    assert "PostgreSQL" in bench.table(results) and results.postgres_note
    data = json.loads(json.dumps(results.as_dict()))
    assert {"median", "min", "max", "p25", "p75"} <= set(data["rows"][0]["measured"])
    assert "ratio" in bench.table(results) and "SCHOOL_LOG_NOW" not in os.environ
    cached = sorted((tmp_path / "bench").glob("school-*.db"))
    assert len(cached) == 1
    again = bench.run(
        "tiny", runs=1, cache_dir=tmp_path / "bench", include_tui=False, include_memory=False, include_postgres=False
    )
    assert again.build_seconds == results.build_seconds  # reused from the cache, not rebuilt


def test_bench_history_sets_two_schools_side_by_side(tmp_path):
    """`make bench BENCH_ARGS='--size history'` (here two tiny histories with leavers) gives one table: every
    operation in a column per school and store, each with its ratio to the floor."""
    bench = load_bench()
    school = {"pupils": 24, "staff": 5, "years": 3, "leavers": 30}
    sizes = {name: school | {"entries": n} for name, n in (("a", 120), ("b", 240))}
    shown = bench.history(1, True, True, lambda _m: None, cache_dir=tmp_path / "bench", sizes=sizes)
    head, rule, floor, *rows = shown.split("\n\n")[0].splitlines()
    columns = ["a", "b"] + (["a on PostgreSQL", "b on PostgreSQL"] if server_problem() is None else [])
    assert head == "| | " + " | ".join(columns) + " |" and floor.startswith("| the floor")
    assert len(rows) == 9 and all(row.count("|") == len(columns) + 2 for row in rows)
    # the word index is built once, on SQLite; the PostgreSQL copies hold it
    assert all("—" not in row for row in rows if "first ever" not in row), shown
    assert "—" not in next(row for row in rows if "first ever" in row).split("|")[2], shown
    assert "×)" in rows[0] and "MB" in rows[2] and "24 on roll, 30 left" in shown and "ok=True" in shown
