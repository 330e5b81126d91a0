"""The DSL's current review, cold (no review state: the whole log read) and warm (the team's state present).

    .venv/bin/python benchmarks/bench_review.py [--size full|small|tiny] [--runs N] [--no-tui]

On a copy of the benchmark school (`bench.cached_school`, built once under `.bench/`): per run,
interleaved, the review in this process (wall and CPU seconds), warm again after a teacher's
new concerns (the state folds in what came since), `school-log review --json` as its own
process, and the app from Enter on the unlock screen to the current review painted.
Issue 26's targets: warm ≤ 1 s, cold ≤ 5 s, `school-log review` ≤ 1 s warm.

This script sits above every layer: it may import tui, school_log, storage and sqlite3.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench import SIZES, _bench_environment, _copy_store, cached_school, concern_form  # noqa: E402
from bench_app import _paint_in_child  # noqa: E402
from bench_child import child_env  # noqa: E402
from bench_results import Stat  # noqa: E402

from school_log.school import School  # noqa: E402

NEW_CONCERNS = 50  # recorded between two reviews: what the state folds in


def _timed(action: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU: what this process spent, whatever else the machine runs)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def _forget_state(db: Path) -> None:
    """No review state, no cached dashboard: the next review reads the whole log, as before issue 26."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM cache")


def _cli_review(url: str, dsl: dict[str, str]) -> float:
    env = child_env(dsl["passphrase"]) | {"SCHOOL_LOG_PASSPHRASE": dsl["passphrase"]}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import sys, tui.main; sys.exit(tui.main.main())"]
        + ["--db", url, "--user", dsl["username"], "review", "--json"],
        env=env,
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def measure(size: str, runs: int, include_tui: bool, say: Callable[[str], None]) -> dict[str, list[float]]:
    cache_dir = ROOT / ".bench"
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory(dir=cache_dir, prefix="run-") as scratch, _bench_environment(Path(scratch)):
        cached, meta, _ = cached_school(SIZES[size], cache_dir, say=say)
        db = Path(scratch) / "school.db"
        _copy_store(cached, db)
        url, dsl = f"sqlite:///{db}", meta["dsl"]
        teacher = School.unlock(url, meta["teacher"]["username"], meta["teacher"]["passphrase"])
        say(f"measuring on a copy of {cached.name} ({meta['entries']} entries, {runs} runs)")
        counter = iter(range(10**9))
        for run in range(runs):
            _forget_state(db)
            wall, cpu = _timed(School.unlock(url, dsl["username"], dsl["passphrase"]).review.dashboard)
            add("review, cold (whole log read, state saved)", wall)
            add("  cold, CPU seconds of this process", cpu)
            wall, cpu = _timed(School.unlock(url, dsl["username"], dsl["passphrase"]).review.dashboard)
            add("review, warm (state present)", wall)
            add("  warm, CPU seconds of this process", cpu)
            for _ in range(NEW_CONCERNS):
                teacher.log.record_concern(concern_form(meta["focus_upn"], next(counter)))
            wall, _cpu = _timed(School.unlock(url, dsl["username"], dsl["passphrase"]).review.dashboard)
            add(f"review, warm after {NEW_CONCERNS} new concerns", wall)
            add("school-log review --json, warm (own process, unlock included)", _cli_review(url, dsl))
            if include_tui:
                warm = _paint_in_child(str(ROOT), url, dsl, 120.0)
                _forget_state(db)
                cold = _paint_in_child(str(ROOT), url, dsl, 120.0)
                for name, got in (("app: unlock to current review, warm", warm), ("app: the same, cold", cold)):
                    if isinstance(got, str):
                        say(f"{name}: {got}")
                    else:
                        add(name, got[1])
            say(f"run {run + 1} of {runs} done")
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-tui", action="store_true", help="skip the app measurement")
    args = parser.parse_args(argv)
    samples = measure(args.size, args.runs, not args.no_tui, lambda m: print(m, file=sys.stderr, flush=True))
    width = max(map(len, samples))
    print(f"{'':{width}}  median    min    max   (seconds; load average {os.getloadavg()[0]:.1f})")
    for name, values in samples.items():
        stat = Stat(values)
        print(f"{name:{width}}  {stat.median:6.2f} {min(values):6.2f} {max(values):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
