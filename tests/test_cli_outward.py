"""The outward commands end to end: export, school-key, transfer between two vaults, retention."""

from __future__ import annotations

from pathlib import Path

import pytest

from school_log.cli import passphrases
from storage import erasure
from storage.accounts import create_vault
from tests.cli_runner import Runner
from tests.factory import Fixture, make_school
from tests.test_cli import JAMIE, concern, records

BROOK_PHRASE = "head of safeguarding at brookside"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


@pytest.fixture
def oak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Runner) -> Fixture:
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    assert run.as_("tom")("record", "--input", "-", stdin=concern()).code == 0
    return fixture


def test_export_commands_write_the_named_file(oak, tmp_path: Path, run: Runner) -> None:
    """`export referral` and `export chronology` write PDF and CSV (from the file name) and say so;
    a bad date or a member of staff is refused with one line and no file."""
    made = run.as_("dana")("export", "referral", JAMIE, "-o", str(tmp_path / "pack.pdf"), "--json")
    assert made.code == 0 and made.json()["entries"] == 1
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF-")
    csv = run("export", "chronology", JAMIE, "--from", "2026-11-01", "-o", str(tmp_path / "c.csv"))
    assert csv.code == 0 and "csv, 1 entries" in csv.out
    bad = run("export", "chronology", JAMIE, "--from", "last week", "-o", str(tmp_path / "d.pdf"))
    assert bad.code == 2 and "--from" in bad.err and not (tmp_path / "d.pdf").exists()
    staff = run.as_("tom")("export", "referral", JAMIE, "-o", str(tmp_path / "e.pdf"))
    assert staff.code == 3 and not (tmp_path / "e.pdf").exists()


def test_export_referral_is_this_school_years_unless_the_whole_file_is_asked(oak, tmp_path: Path, run: Runner) -> None:
    """`export referral` starts on 1 September of this school year; `--whole-file` includes every entry;
    `--from` with `--whole-file` is refused with one line and no file."""
    summer = concern(occurred_at="2026-06-10T10:00:00Z", what_happened="Last summer's worry")
    assert run.as_("tom")("record", "--input", "-", stdin=summer).code == 0
    dana = run.as_("dana")
    year = dana("export", "referral", JAMIE, "-o", str(tmp_path / "year.pdf"), "--json")
    whole = dana("export", "referral", JAMIE, "-o", str(tmp_path / "whole.pdf"), "--whole-file", "--json")
    assert (year.json()["entries"], whole.json()["entries"]) == (1, 2)
    both = dana("export", "referral", JAMIE, "--from", "2026-01-01", "--whole-file", "-o", str(tmp_path / "b.pdf"))
    assert both.code == 2 and "--whole-file" in both.err and not (tmp_path / "b.pdf").exists()


def test_transfer_between_two_vaults_by_command(oak, tmp_path: Path, run: Runner) -> None:
    """The DSLs' steps on the command line: the receiver publishes its key (fingerprint printed), the
    sender seals the file, the receiver imports it (naming the sender's key file) and gets a receipt, the
    sender confirms it; a tampered bundle is exit 1 with one line and nothing written."""
    brook = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(brook, "Brookside Academy", "bea", "Beatriz Núñez", BROOK_PHRASE, simulated_clock=True)
    run.mp.setenv("SCHOOL_LOG_USER", "bea")
    run.mp.setenv("SCHOOL_LOG_PASSPHRASE", BROOK_PHRASE)
    key = run("--db", brook, "school-key", "-o", str(tmp_path / "brook.key"))
    assert key.code == 0 and key.out.startswith("Brookside Academy\nfingerprint ")
    fingerprint = key.out.split()[-1]
    assert len(fingerprint) == 49 and fingerprint.count("-") == 9

    assert run.as_("dana")("school-key", "-o", str(tmp_path / "oak.key")).code == 0
    sent = run("transfer", "export", JAMIE, "--to", str(tmp_path / "brook.key"), "-o", str(tmp_path / "b"))
    assert sent.code == 0 and "Brookside Academy" in sent.out
    listed = run("transfer", "list", "--json").json()
    assert [(t["upn"], t["state"], t["to_fingerprint"]) for t in listed] == [(JAMIE, "awaiting receipt", fingerprint)]

    tampered = tmp_path / "t"
    blob = bytearray((tmp_path / "b").read_bytes())
    blob[len(blob) // 2] ^= 1
    tampered.write_bytes(bytes(blob))
    run.mp.setenv("SCHOOL_LOG_USER", "bea")
    run.mp.setenv("SCHOOL_LOG_PASSPHRASE", BROOK_PHRASE)
    before = records(brook)
    bad = run("--db", brook, "transfer", "import", str(tampered))
    assert bad.code == 1 and str(tampered) in bad.err and records(brook) == before
    assert not Path(f"{tampered}.receipt").exists()

    got = run("--db", brook, "transfer", "import", str(tmp_path / "b"), "--from", str(tmp_path / "oak.key"), "--json")
    assert got.code == 0 and got.json()["entries"] == 1 and got.json()["from_school"] == "Oakfield Primary"
    chron = run("--db", brook, "chronology", JAMIE, "--json").json()
    assert [e["what_happened"] for e in chron["entries"]] == [concern()["what_happened"]]

    done = run.as_("dana")("transfer", "receipt", str(tmp_path / "b.receipt"))
    assert done.code == 0 and "confirmed" in done.out
    assert run("transfer", "list", "--json").json()[0]["state"].startswith("confirmed")


def test_retention_commands(oak, run: Runner) -> None:
    """`retention` lists files due (none today), `retention hold` and `release` need a reason and a DSL."""
    listed = run.as_("dana")("retention")
    assert listed.code == 0 and listed.out.strip() == "No file is due for review."
    soon = run("retention", "--within", "7000", "--json").json()
    assert [(r["upn"], r["review_due"], r["legal_hold"]) for r in soon] == [(JAMIE, "2042-04-02", False)]
    assert run("retention", "hold", JAMIE, "--reason", "IICSA").code == 0
    assert run("retention", "--within", "7000", "--json").json()[0]["hold_reason"] == "IICSA"
    assert run("retention", "hold", JAMIE).code == 2  # --reason is required
    assert run.as_("tom")("retention").code == 3


def test_retention_period_and_a_two_person_destroy_by_command(oak, run: Runner, monkeypatch) -> None:
    """`retention period` shows the period and sets it (with a reason, never below 25 years);
    `retention destroy` by one DSL proposes, by the other confirms and wipes; the list marks a proposal."""
    assert "date of birth + 25 years (the minimum)" in run.as_("dana")("retention", "period").out
    assert run("retention", "period", "--years", "24", "--reason", "shorter").code == 2
    assert run("retention", "period", "--years", "26").code == 2  # a reason is required
    assert run("retention", "period", "--reason", "why").code == 2  # a reason alone sets nothing
    assert run("retention", "period", "--years", "26", "--reason", "Trust policy").code == 0
    shown = run.as_("derek")("retention", "period", "--json").json()
    assert (shown["years"], shown["set_by"], shown["reason"]) == (26, "Dana Lead", "Trust policy")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2043-04-02T09:00:00+00:00")  # Jamie (born 2017-04-02) is due
    proposed = run.as_("dana")("retention", "destroy", JAMIE, "--reason", "Reviewed")
    assert proposed.code == 0 and "another DSL (Derek Deputy) must confirm" in proposed.out
    assert "DESTRUCTION PROPOSED" in run("retention").out
    assert run("retention", "destroy", JAMIE, "--reason", "Reviewed").code == 2  # not the proposer again
    gone = run.as_("derek")("retention", "destroy", JAMIE, "--reason", "Agreed", "--json").json()
    assert (gone["destroyed"], gone["proposed_by"], gone["wiped"]) == (JAMIE, "Dana Lead", True)
    assert run("retention", "purge").code == 0
    assert run.as_("tom")("retention", "purge").code == 3


def test_a_destroy_whose_wipe_could_not_finish_says_so_and_how_to_finish_it(oak, run: Runner, monkeypatch) -> None:
    """If another machine begins a long read between the destroy's commit and its wipe, the DSL is told the
    file is destroyed but copies remain in the write-ahead log (exit 1), and `retention purge` wipes them."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T09:00:00+00:00")
    assert run.as_("dana")("retention", "destroy", JAMIE, "--reason", "Reviewed").code == 0
    with monkeypatch.context() as busy:
        busy.setattr(erasure, "purge", lambda vault, wait_ms=None: erasure.Purged(False, erasure.IN_USE))
        late = run.as_("derek")("retention", "destroy", JAMIE, "--reason", "Agreed")
    assert late.code == 1 and f"the file of {JAMIE} is destroyed, but another machine" in late.err
    assert "then run 'school-log retention purge'" in late.err
    assert run("retention", "purge").code == 0
