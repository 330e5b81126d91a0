"""The vault's clock cannot be talked into hiding or backdating a record (issue 13, finding 6).

`SCHOOL_LOG_NOW` freezes the clock for tests, demos and replays. In a real school's
vault it must not let anyone date an urgent disclosure in 2099 (so that it never
reaches the review) or in 2019 (rewriting the file's history).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from school_log.enrol import enrol
from school_log.errors import InputError
from school_log.school import School
from storage.accounts import create_vault
from storage.vault import Vault
from storage.verify import verify
from tests.factory import NOW, PASSPHRASES, PUPILS, make_school

JAMIE = "R100000000001"
URGENT = {"pupil": JAMIE, "what_happened": "disclosed abuse", "categories": ["sexual"], "urgent": True}


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("select count(*) from record").fetchone()[0]


@pytest.fixture
def real_school(tmp_path: Path) -> tuple[str, Path]:
    """A vault as a school makes it: real time (no SCHOOL_LOG_NOW at creation)."""
    path = tmp_path / "real.db"
    url = f"sqlite:///{path}"
    create_vault(url, "Real Primary", "dana", "Dana Lead", PASSPHRASES["dana"])
    dana = School.unlock(url, "dana", PASSPHRASES["dana"])
    enrol(dana, "tom", "Tom Teach", "staff", PASSPHRASES["tom"])
    dana.roster.import_rows(PUPILS)
    return url, path


@pytest.mark.parametrize("frozen", ["2099-01-01T09:00:00Z", "2019-01-01T09:00:00Z"])
def test_a_real_vault_refuses_a_frozen_clock(
    real_school: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, frozen: str
) -> None:
    """In a real vault a record dated far from this machine's clock — ahead (never reviewed) or behind
    (rewriting history) — is refused with one line, and nothing is written."""
    url, path = real_school
    before = _count(path)
    monkeypatch.setenv("SCHOOL_LOG_NOW", frozen)  # read as the program starts: tom unlocks with it
    tom = School.unlock(url, "tom", PASSPHRASES["tom"])
    with pytest.raises(InputError, match="keeps real time"):
        tom.log.record_concern(URGENT)
    assert _count(path) == before
    monkeypatch.delenv("SCHOOL_LOG_NOW")
    tom = School.unlock(url, "tom", PASSPHRASES["tom"])
    assert tom.log.record_concern(URGENT).urgent  # the machine's own clock is fine


def test_a_simulated_vault_says_so_for_ever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo, training or replay vault follows SCHOOL_LOG_NOW — and its first records say so, so verify
    tells anyone that its times are not real; a school's vault says nothing of the kind."""
    school = make_school(tmp_path, monkeypatch)
    assert verify(Vault(school.url)).clock == "simulated"
    monkeypatch.delenv("SCHOOL_LOG_NOW")
    real = tmp_path / "real.db"
    create_vault(f"sqlite:///{real}", "Real Primary", "dana", "Dana Lead", PASSPHRASES["dana"])
    assert verify(Vault(f"sqlite:///{real}")).clock == "real"


def test_time_never_goes_backwards_along_the_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a simulated clock cannot step back past the newest record (a write is refused, nothing written),
    and a record whose date was edited to before the one preceding it is named by verify."""
    school = make_school(tmp_path, monkeypatch)
    tom = school.open("tom")
    tom.log.record_concern({**URGENT, "occurred_at": "2026-11-20T09:00:00Z"})
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-22T10:00:00+00:00")  # a day before NOW
    tom = school.open("tom")
    before = _count(school.path)
    with pytest.raises(InputError, match="before the newest record"):
        tom.log.record_concern({**URGENT, "occurred_at": "2026-11-20T09:00:00Z"})
    assert _count(school.path) == before
    with sqlite3.connect(school.path) as conn:
        seq = conn.execute("select max(seq) from record where cls = 'entry'").fetchone()[0]
        conn.execute("update record set created_at = '2026-01-01T00:00:00.000000+00:00' where seq = ?", (seq,))
    report = verify(Vault(school.url))
    assert any(f.seq == seq and "before the record before it" in f.problem for f in report.faults)


def test_an_entry_dated_after_the_clock_is_still_reviewed_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine whose clock ran a few minutes fast recorded an urgent concern: the DSL's review, on a machine
    whose clock is right, still shows the pupil — and says the clocks disagree."""
    school = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-23T10:04:00+00:00")  # 4 minutes fast
    school.open("tom").log.record_concern({**URGENT, "occurred_at": "2026-11-23T10:03:00Z"})
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    board = school.open("dana").review.dashboard()
    assert JAMIE in {item.pupil.upn for item in board.review}
    assert "after this machine's clock" in board.clock_warning
