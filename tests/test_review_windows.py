"""Pattern windows start near what is undecided: the review is the same as a full recomputation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from school_log.model import Concern
from school_log.patterns import facts as pattern_facts
from school_log.school import School
from school_log.synthetic.build import build_school

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
BENCH_SMALL = {"pupils": 200, "staff": 12, "years": 2, "entries": 3_000}  # benchmarks/bench.py's "small" school


def test_the_review_is_the_full_recomputation_pupil_for_pupil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The DSL's review, with windows that skip a pupil's settled history, lists exactly the pupils, prompts,
    flags, named entries, weights and summaries that looking through every entry of every file gives."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW.isoformat())
    built = build_school(f"sqlite:///{tmp_path / 'school.db'}", seed=1, now=NOW, **BENCH_SMALL)
    dsl = School.unlock(built.url, built.dsl.username, built.dsl.passphrase)
    skipped = []
    within_reach = pattern_facts.within_reach

    def counting(concerns: tuple[Concern, ...], unreviewed: frozenset[str], days: int) -> tuple[Concern, ...]:
        near = within_reach(concerns, unreviewed, days)
        skipped.append(len(concerns) - len(near))
        return near

    monkeypatch.setattr(pattern_facts, "within_reach", counting)
    windowed = dsl.review.dashboard().review
    monkeypatch.setattr(pattern_facts, "reach", lambda _open_days, _days: date.min)  # every window, as before
    full = dsl.review.dashboard().review
    assert (
        sum(skipped) > 500
    )  # settled history was skipped (only pupils who may be listed are assessed), so the comparison means something
    assert len(windowed) > 20 and any(item.flags for item in windowed)
    assert windowed == full
