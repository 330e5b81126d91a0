"""How long `school-log --help` and `--version` take: a person typing them waits for the whole
program to load, so they are measured as separate processes against the floor of a bare
interpreter started the same way (`python -c pass`), interleaved in one run."""

from __future__ import annotations

import subprocess
import sys
import time

from bench_results import Row, Stat


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], capture_output=True, check=True)
    return time.perf_counter() - start


def measure_cli(runs: int) -> list[Row]:
    """`--help` and `--version` (target < 0.3 s each), with a bare interpreter as the floor."""
    program = ["-c", "import sys, tui.main; sys.exit(tui.main.main())"]
    floor, helps, versions = [], [], []
    for _ in range(max(runs, 5)):
        floor.append(_once(["-c", "pass"]))
        helps.append(_once([*program, "--help"]))
        versions.append(_once([*program, "--version"]))
    note = "separate processes; floor: the same interpreter running `pass`"
    return [
        Row("school-log --help", "s", Stat(helps), Stat(floor), "< 0.3 s", max_value=0.3, note=note),
        Row("school-log --version", "s", Stat(versions), Stat(floor), "< 0.3 s", max_value=0.3, note=note),
    ]
