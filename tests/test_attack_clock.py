"""The vault's clock cannot be talked into hiding or backdating a record (issue 13, finding 6).

`SCHOOL_LOG_NOW` freezes the clock for tests, demos and replays. In a real school's
vault it must not let anyone date an urgent disclosure in 2099 (so that it never
reaches the review) or in 2019 (rewriting the file's history).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from school_log.clock import confirm_date
from school_log.enrol import enrol
from school_log.errors import InputError
from school_log.school import School
from storage.accounts import create_vault
from storage.clock import machine_now
from storage.vault import Vault
from storage.verify import verify
from tests.cli_runner import Runner
from tests.factory import NOW, PASSPHRASES, PUPILS, make_school
from tests.test_attack_bad_input import in_a_process

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


FAST = "2027-02-23T10:00:00+00:00"  # three months ahead of NOW


def test_one_fast_clock_cannot_lock_the_school(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One machine three months fast records a concern (issue 20, finding 4). The DSL's review still runs (its
    audit dated by the newest record, and a note says why); a teacher's write is refused with the way on; the DSL
    confirms today's date with `school-log clock`, and from then everyone writes again and verify is green."""
    school = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    run = Runner(monkeypatch, capsys)
    monkeypatch.setenv("SCHOOL_LOG_NOW", FAST)
    assert run.as_("tom")("record", "--input", "-", stdin=URGENT).code == 0
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    review = run.as_("dana")("review")
    assert review.code == 0 and JAMIE in review.out
    assert "recorded at the newest record's time" in review.notes
    before = _count(school.path)
    refused = run.as_("tom")("record", "--input", "-", stdin=URGENT)
    assert refused.code == 2 and "before the newest record" in refused.err and "school-log clock" in refused.err
    assert _count(school.path) == before
    assert run.as_("tom")("clock", "--confirm", "2026-11-23").code == 3  # only a DSL
    assert run.as_("dana")("clock", "--confirm", "2027-02-23").code == 2  # not what this machine's clock says
    confirmed = run.as_("dana")("clock", "--confirm", "2026-11-23")
    assert confirmed.code == 0 and "dated from 2026-11-23" in confirmed.out and confirmed.out.rstrip().endswith("GMT.")
    assert run.as_("tom")("record", "--input", "-", stdin=URGENT).code == 0
    assert verify(Vault(school.url)).ok


def test_a_fast_machine_in_a_real_vault_is_refused(
    real_school: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a real school's vault a machine whose own clock is months ahead of the newest record cannot write
    (it would lock everyone else out): refused, one line, nothing written; on a right clock the write goes in."""
    url, path = real_school
    before = _count(path)
    fast = datetime.now(UTC) + timedelta(days=90)
    monkeypatch.setattr("storage.stamps.machine_now", lambda: fast)
    tom = School.unlock(url, "tom", PASSPHRASES["tom"])
    with pytest.raises(InputError, match="90 days after the newest record"):
        tom.log.record_concern(URGENT)
    assert _count(path) == before
    monkeypatch.setattr("storage.stamps.machine_now", machine_now)  # the clock put right
    assert School.unlock(url, "tom", PASSPHRASES["tom"]).log.record_concern(URGENT).urgent


def test_after_a_long_silence_a_dsl_confirms_the_date(
    real_school: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real vault untouched for longer than any holiday: reads still work, the first write asks for a DSL to
    confirm the date, and once confirmed (the date typed, checked against the clock) writing goes on."""
    url, path = real_school
    later = datetime.now(UTC) + timedelta(days=70)
    monkeypatch.setattr("storage.stamps.machine_now", lambda: later)
    monkeypatch.setattr("school_log.clock.Clock.now", lambda self: later)
    dana = School.unlock(url, "dana", PASSPHRASES["dana"])
    dana.review.dashboard()
    assert "70 days after the newest record" in dana.session.clock_note
    tom = School.unlock(url, "tom", PASSPHRASES["tom"])
    with pytest.raises(InputError, match="school-log clock --confirm"):
        tom.log.record_concern(URGENT)
    confirm_date(dana.session, later.date())
    assert tom.log.record_concern(URGENT).urgent
    assert verify(Vault(url)).ok


def test_a_fast_machine_and_the_dsls_in_separate_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, as machines do it: a process whose clock is three months fast records; the DSL's `review` in
    another process exits 0 with a note; a teacher's process is refused until the DSL's `clock --confirm`."""
    school = make_school(tmp_path, monkeypatch)
    concern = json.dumps(URGENT)
    assert in_a_process(school.url, "tom", "record", "--input", "-", now=FAST, stdin=concern).returncode == 0
    review = in_a_process(school.url, "dana", "review")
    assert review.returncode == 0 and JAMIE in review.stdout and "newest record" in review.stderr
    refused = in_a_process(school.url, "tom", "record", "--input", "-", stdin=concern)
    assert refused.returncode == 2 and "school-log clock --confirm" in refused.stderr
    assert in_a_process(school.url, "dana", "clock", "--confirm", NOW[:10]).returncode == 0
    assert in_a_process(school.url, "tom", "record", "--input", "-", stdin=concern).returncode == 0
