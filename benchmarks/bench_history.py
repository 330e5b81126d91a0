"""`--size history`: a secondary school's 25-year log (2,000 on roll, 10,000 who left) at 50k and 250k
entries, on SQLite and on a PostgreSQL copy, every operation timed in interleaved rounds so all four
columns see the same machine; each against the floor the benchmark already measures (the school's
entries read with `sqlite3` and one AES-GCM decrypt each, measured in the same rounds).

What a DSL waits for, each from a fresh start as a DSL meets it: the unlock (Argon2id, accounts, the
roster), `school-log review --json` as a process of its own (wall time and its peak memory), the app
from Enter on the unlock prompt to the first dashboard paint and to the current review, a search for
a word (the store's first ever, which builds the sealed word index from the whole log, once before the
rounds; then the first after each unlock, and one after it), and verifying the whole chain.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_app import _paint_in_child
from bench_child import child_env
from bench_floor import Floor
from bench_postgres import copied_school, server_problem
from bench_results import Stat

from school_log.school import School

WORD = "hungry"
ENTRIES = "cls = 'entry'"
APP_TIMEOUT = 300.0
OPERATIONS = (
    ("unlock", "DSL unlock (Argon2id, accounts, roster)", "s"),
    ("review", "`school-log review --json` (a process of its own)", "s"),
    ("review_mb", "  its peak memory", "MB"),
    ("first", "app: unlock → first paint", "s"),
    ("current", "app: unlock → current review painted", "s"),
    ("search_build", f"search for {WORD!r}, the store's first ever (builds the sealed word index)", "s"),
    ("search_cold", f"search for {WORD!r}, the first after unlock", "s"),
    ("search", f"search for {WORD!r} again", "s"),
    ("verify", "verify the whole chain", "s"),
)

_REVIEW_CHILD = """
import contextlib, json, os, sys
sys.path[:0] = sys.argv[1:3]
from bench_child import prepare_child
os.environ["SCHOOL_LOG_PASSPHRASE"] = prepare_child()
from school_log.cli.main import main
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    code = main(["review", "--json"])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "peak_kib": peak}))
"""


@dataclass
class Column:
    """One school on one store: where it is, who unlocks it, and what was measured."""

    name: str
    url: str
    login: dict[str, str]
    floor: Stat
    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)


def review_process(root: str, url: str, login: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MB of `school-log review --json` run as a DSL runs it, in a process of its own."""
    env = child_env(login["passphrase"]) | {"SCHOOL_LOG_DB": url, "SCHOOL_LOG_USER": login["username"]}
    here = os.path.dirname(os.path.abspath(__file__))
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _REVIEW_CHILD, root, here], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"review --json failed: {(out.stderr.strip().splitlines() or ['no output'])[-1]}")
    return seconds, json.loads(lines[-1])["peak_kib"] / 1024


def measure_round(root: str, column: Column, include_tui: bool) -> None:
    """Every operation once on `column`, each from its own fresh start."""
    start = time.perf_counter()
    dsl = School.unlock(column.url, column.login["username"], column.login["passphrase"])
    column.add("unlock", time.perf_counter() - start)
    try:
        start = time.perf_counter()
        hits = len(dsl.review.search(WORD))
        column.add("search_cold", time.perf_counter() - start)
        start = time.perf_counter()
        dsl.review.search(WORD)
        column.add("search", time.perf_counter() - start)
        start = time.perf_counter()
        report = dsl.verify()
        column.add("verify", time.perf_counter() - start)
        column.notes = [f"{hits} hits", f"verify: {report.records:,} records, ok={report.ok}"]
    finally:
        dsl.lock()
        dsl.session.vault.engine.dispose()
    seconds, peak = review_process(root, column.url, column.login)
    column.add("review", seconds)
    column.add("review_mb", peak)
    if include_tui:
        painted = _paint_in_child(root, column.url, column.login, APP_TIMEOUT)
        if isinstance(painted, str):
            column.notes.append(f"app: {painted}")
        else:
            column.add("first", painted[0])
            column.add("current", painted[1])


def floor_of(db: Path, login: dict[str, str], runs: int) -> tuple[Stat, int]:
    """The floor: every entry read with `sqlite3` and decrypted once, timed `runs` times."""
    dsl = School.unlock(f"sqlite:///{db}", login["username"], login["passphrase"])
    floor = Floor(db, dsl)
    try:
        floor.prepare(ENTRIES)
        n = floor.read(ENTRIES)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            floor.read(ENTRIES)
            samples.append(time.perf_counter() - start)
        return Stat(samples), n
    finally:
        floor.close()
        dsl.lock()
        dsl.session.vault.engine.dispose()


@contextlib.contextmanager
def columns(
    schools: dict[str, tuple[Path, dict[str, Any]]], runs: int, include_postgres: bool, say: Callable[[str], None]
) -> Iterator[tuple[list[Column], str]]:
    """A column per school on SQLite, then per school on a PostgreSQL copy (when a server answers).

    A DSL has looked at each school's dashboard and searched it before, as a school's would have: the
    team-sealed last review the app paints first and the word index are in the store (and in the copy)."""
    made: list[Column] = []
    with contextlib.ExitStack() as stack:
        floors = {}
        for size, (db, meta) in schools.items():
            dsl = School.unlock(f"sqlite:///{db}", meta["dsl"]["username"], meta["dsl"]["passphrase"])
            dsl.review.dashboard()
            start = time.perf_counter()
            dsl.review.search(WORD)
            built = time.perf_counter() - start
            dsl.lock()
            dsl.session.vault.engine.dispose()
            floors[size] = floor_of(db, meta["dsl"], runs)[0]
            made.append(Column(f"{size}", f"sqlite:///{db}", meta["dsl"], floors[size]))
            made[-1].add("search_build", built)
        problem = server_problem() if include_postgres else "not asked for"
        if problem is None:
            for size, (db, meta) in schools.items():
                url = stack.enter_context(copied_school(f"sqlite:///{db}", say))
                made.append(Column(f"{size} on PostgreSQL", url, meta["dsl"], floors[size]))
        yield made, f"PostgreSQL column empty: {problem}" if problem else ""


def history_table(cols: list[Column], schools: dict[str, tuple[Path, dict[str, Any]]], note: str) -> str:
    """A Markdown table: an operation per row, a column per school and store, 'median (ratio to the floor)'."""

    def cell(column: Column, key: str, unit: str) -> str:
        samples = column.samples.get(key)
        if not samples:
            return "—"
        median = Stat(samples).median
        if unit == "MB":
            return f"{median:,.0f} MB"
        ratio = median / column.floor.median
        shown = f"{median * 1000:.0f} ms" if median < 1 else f"{median:.2f} s"
        return f"{shown} ({ratio:.1f}×)"

    lines = [
        "| | " + " | ".join(c.name for c in cols) + " |",
        "|---" * (len(cols) + 1) + "|",
        "| the floor (every entry read and decrypted, raw `sqlite3`) | "
        + " | ".join(f"{c.floor.median * 1000:.0f} ms" for c in cols)
        + " |",
    ]
    lines += [f"| {label} | " + " | ".join(cell(c, key, unit) for c in cols) + " |" for key, label, unit in OPERATIONS]
    out = ["\n".join(lines), ""]
    for size, (_db, meta) in schools.items():
        out.append(
            f"{size}: {meta['pupils']:,} on roll, {meta.get('leavers', 0):,} left, {meta['entries']:,} entries,"
            f" built in {meta.get('build_seconds', 0):.0f} s"
        )
    out += [f"{c.name}: " + "; ".join(c.notes) for c in cols if c.notes]
    if note:
        out.append(note)
    return "\n".join(out)


def run_history(
    root: str,
    schools: dict[str, tuple[Path, dict[str, Any]]],
    runs: int,
    include_postgres: bool,
    include_tui: bool,
    say: Callable[[str], None],
) -> str:
    """Measure `schools` (size -> its scratch copy and metadata) in `runs` interleaved rounds; the table."""
    with columns(schools, runs, include_postgres, say) as (cols, note):
        for n in range(runs):
            for column in cols:
                say(f"round {n + 1} of {runs}: {column.name}")
                measure_round(root, column, include_tui)
        return history_table(cols, schools, note)
