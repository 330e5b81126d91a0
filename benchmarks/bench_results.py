"""What a benchmark run measured: samples, their spread, the floor, the ratio, and the table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stat:
    """Samples in seconds (or MB for memory) and how they spread."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def as_dict(self) -> dict[str, float | int]:
        s = sorted(self.samples)
        q = statistics.quantiles(s, n=4) if len(s) >= 2 else [s[0], s[0], s[0]]
        return {"median": self.median, "min": s[0], "max": s[-1], "p25": q[0], "p75": q[2], "n": len(s)}


@dataclass
class Row:
    operation: str
    unit: str  # "s" or "MB"
    measured: Stat | None
    floor: Stat | None = None
    target: str = ""
    max_ratio: float | None = None
    max_value: float | None = None
    note: str = ""
    postgres: Stat | None = None  # the same operation on a PostgreSQL copy of the school

    @property
    def ratio(self) -> float | None:
        if self.measured is None or self.floor is None or self.floor.median <= 0:
            return None
        return self.measured.median / self.floor.median

    @property
    def ok(self) -> bool | None:
        if self.measured is None or (self.max_ratio is None and self.max_value is None):
            return None
        good = True
        if self.max_ratio is not None and self.ratio is not None:
            good &= self.ratio <= self.max_ratio
        if self.max_value is not None:
            good &= self.measured.median <= self.max_value
        return good

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "unit": self.unit,
            "measured": self.measured.as_dict() if self.measured else None,
            "floor": self.floor.as_dict() if self.floor else None,
            "ratio": self.ratio,
            "target": self.target,
            "max_ratio": self.max_ratio,
            "max_value": self.max_value,
            "ok": self.ok,
            "note": self.note,
            "postgresql": self.postgres.as_dict() if self.postgres else None,
        }


@dataclass
class Results:
    size: str
    params: dict[str, int]
    school: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    build_seconds: float | None = None
    postgres_note: str = ""  # where the PostgreSQL column comes from, or why it is empty

    def as_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "params": self.params,
            "school": self.school,
            "build_seconds": self.build_seconds,
            "rows": [row.as_dict() for row in self.rows],
            "postgresql": self.postgres_note,
        }


def timed(fn: Callable[[], Any], runs: int, warmup: int = 1) -> Stat:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return Stat(samples)


def per_call(fn: Callable[[], Any], calls: int) -> float:
    """Mean seconds per call over `calls` back-to-back calls (for sub-millisecond operations)."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(results: Results) -> str:
    head = ("operation", "median", "spread (min–max)", "floor", "ratio", "PostgreSQL", "target", "ok")
    lines = []
    for row in results.rows:
        m = row.measured
        spread = f"{_fmt(min(m.samples), row.unit)}–{_fmt(max(m.samples), row.unit)}" if m else "—"
        ratio = f"{row.ratio:.1f}×" if row.ratio is not None else "—"
        ok = "skipped" if m is None else {True: "yes", False: "NO", None: "—"}[row.ok]
        lines.append(
            (
                row.operation,
                _fmt(m.median if m else None, row.unit),
                spread,
                _fmt(row.floor.median if row.floor else None, row.unit),
                ratio,
                _fmt(row.postgres.median if row.postgres else None, row.unit),
                row.target,
                ok,
            )
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [
        f"school-log benchmark — size {results.size}: {results.school['pupils']} pupils,"
        f" {results.school['entries']} entries ({results.school['name']})"
    ]
    if results.build_seconds:
        out.append(f"synthetic school built in {results.build_seconds:.1f} s (cached under .bench/)")
    out += ["", fmt(head), fmt(["-" * w for w in widths]), *map(fmt, lines), ""]
    out += [f"  {row.operation}: {row.note}" for row in results.rows if row.note]
    if results.postgres_note:
        out.append(f"  PostgreSQL: {results.postgres_note}")
    return "\n".join(out)
