"""Rollback and cut-off are caught on any machine, and verify names every fault (issue 13, findings 4 and 5).

The attacker has write access to the store: they delete its newest records and
rewind the head, or put back an older copy of the whole file. The machine that
wrote remembers the head (its anchor); every other machine needs a signed
checkpoint taken elsewhere — a printed or emailed line.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest

from school_log.cli.main import main
from storage import checkpoint
from storage.anchor import AnchorFile
from storage.errors import InputError, IntegrityError
from storage.records import chain_hash, header_bytes
from storage.session import Session
from storage.vault import Vault
from storage.verify import verify
from tests.cli_runner import Runner
from tests.factory import PASSPHRASES, Fixture, make_school

JAMIE = "R100000000001"


@pytest.fixture
def school(tmp_path, monkeypatch) -> Fixture:  # type: ignore[no-untyped-def]
    fixture = make_school(tmp_path, monkeypatch)
    for n in range(3):
        fixture.open("tom").log.record_concern(
            {"pupil": JAMIE, "what_happened": f"note {n}", "occurred_at": "2026-11-20T09:00:00Z"}
        )
    return fixture


def _another_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine that never wrote to this store: it has no anchor of its own."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-machine"))


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite store (WAL included), as a backup would take it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _cut_tail(path: Path, keep: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("delete from record where seq > ?", (keep,))
        seq, hash_ = conn.execute("select seq, hash from record order by seq desc limit 1").fetchone()
        conn.execute("update head set seq = ?, hash = ?", (seq, hash_))


def _take(session: Session) -> checkpoint.Checkpoint:
    """A checkpoint `school-log checkpoint` would print for `session`."""
    return checkpoint.take(session.vault.signer(session))


def _records(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("select count(*) from record").fetchone()[0]


def test_a_cut_off_tail_passes_elsewhere_without_a_checkpoint_and_fails_with_one(
    school: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Newest records deleted and the head rewound: a machine with no anchor sees an intact chain — the gap —
    and the DSL's signed checkpoint, checked there, names the cut-off."""
    line = _take(school.open("dana").session)
    _cut_tail(school.path, _records(school.path) - 2)
    _another_machine(tmp_path, monkeypatch)
    assert verify(Vault(school.url)).ok  # a hash chain alone cannot see its tail cut off
    report = verify(Vault(school.url), checkpoints=[line])
    assert not report.ok
    assert "records were cut off or the store was rolled back" in report.faults[0].problem


def test_an_older_copy_put_back_is_caught_by_a_checkpoint_via_the_cli(
    school: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole store replaced by last week's backup: `checkpoint export` taken before, then
    `verify --checkpoint FILE` on another machine, exits 1 and names what happened in one line."""
    backup = tmp_path / "backup.db"
    _copy(school.path, backup)
    school.open("tom").log.record_concern(
        {"pupil": JAMIE, "what_happened": "later", "occurred_at": "2026-11-20T10:00Z"}
    )
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    monkeypatch.setenv("SCHOOL_LOG_USER", "dana")
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["dana"])
    saved = tmp_path / "checkpoint.txt"
    assert main(["checkpoint", "export", "-o", str(saved)]) == 0
    assert saved.read_text().startswith("school-log-checkpoint/v1 ")
    _copy(backup, school.path)  # the older copy put back over the live store
    _another_machine(tmp_path, monkeypatch)
    monkeypatch.delenv("SCHOOL_LOG_USER")
    capsys.readouterr()
    assert main(["verify"]) == 0  # on its own, the older copy is a perfectly good chain
    assert main(["verify", "--checkpoint", str(saved)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rolled back to an older copy" in err


def test_two_copies_of_one_vault_on_one_machine_raise_no_false_alarm(school: Fixture, tmp_path: Path) -> None:
    """A restored backup opened beside the live store keeps its own anchor: verifying the older copy on the
    machine that wrote the newer one is not reported as a cut-off."""
    copy = tmp_path / "restored.db"
    _copy(school.path, copy)
    school.open("tom").log.record_concern(
        {"pupil": JAMIE, "what_happened": "later", "occurred_at": "2026-11-20T10:00Z"}
    )
    assert verify(Vault(school.url)).ok
    assert verify(Vault(f"sqlite:///{copy}")).ok


def test_a_cut_off_tail_is_still_caught_on_the_machine_that_wrote(school: Fixture) -> None:
    """The writing machine's own anchor still catches it, without any checkpoint."""
    _cut_tail(school.path, _records(school.path) - 2)
    report = verify(Vault(school.url))
    assert not report.ok and "records were cut off" in report.faults[0].problem


def test_a_forged_or_foreign_checkpoint_is_refused(school: Fixture, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A checkpoint edited to claim more records fails its signature; one of another vault is named as such;
    a file that is not a checkpoint is one clear line."""
    taken = _take(school.open("dana").session)
    forged = checkpoint.Checkpoint(**{**taken.__dict__, "seq": taken.seq - 1})
    problems = [f.problem for f in verify(Vault(school.url), checkpoints=[forged]).faults]
    assert problems and "signature does not match" in problems[0]
    other = make_school(tmp_path / "other", monkeypatch)
    foreign = _take(other.open("dana").session)
    assert "another vault" in verify(Vault(school.url), checkpoints=[foreign]).faults[0].problem
    with pytest.raises(InputError, match="not a school-log checkpoint line"):
        checkpoint.Checkpoint.parse("school-log-checkpoint/v1 nonsense", "note.txt")


def test_every_dsl_unlock_keeps_a_signed_checkpoint_that_verify_checks(school: Fixture) -> None:
    """A DSL's unlock signs the head it saw and keeps it on this machine; verify checks it, so an edited one
    (claiming the store was longer) is named rather than trusted."""
    dana = school.open("dana")
    vault = Vault(school.url)
    kept = checkpoint.kept_here(vault.id, vault.location)
    assert kept is not None and kept.account == dana.session.account_id
    assert verify(vault).ok
    with closing(AnchorFile(vault.id, vault.location)) as anchor:
        edited = checkpoint.Checkpoint(**{**kept.__dict__, "seq": kept.seq + 5})
        anchor.keep_checkpoint(edited.line())
    assert "signature does not match" in verify(vault).faults[0].problem


# --- finding 5: every fault, naming the altered record itself -------------------------------------


def _entry_seqs(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [seq for (seq,) in conn.execute("select seq from record where cls = 'entry' order by seq")]


def test_verify_names_every_altered_record_not_only_the_first(school: Fixture) -> None:
    """Two records altered: both are named, in chain order, and the CLI exits 1."""
    first, _, third = _entry_seqs(school.path)
    with sqlite3.connect(school.path) as conn:
        for seq in (first, third):
            body = bytearray(conn.execute("select body from record where seq = ?", (seq,)).fetchone()[0])
            body[20] ^= 1
            conn.execute("update record set body = ? where seq = ?", (bytes(body), seq))
    report = verify(Vault(school.url))
    assert [f.seq for f in report.faults] == [first, third]


def test_a_forged_middle_record_is_named_itself(school: Fixture) -> None:
    """An attacker who alters a record and recomputes its hash breaks the next record's link — verify names the
    altered record (its signature), not only the innocent one after it."""
    middle = _entry_seqs(school.path)[1]
    vault_id = Vault(school.url).id
    with sqlite3.connect(school.path) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("select * from record where seq = ?", (middle,)).fetchone()
        body = bytearray(row["body"])
        body[20] ^= 1
        header = header_bytes(vault_id, SimpleNamespace(**dict(row)))
        rehashed = chain_hash(row["prev_hash"], header, bytes(body), row["wrapped_key"], row["signature"])
        conn.execute("update record set body = ?, hash = ? where seq = ?", (bytes(body), rehashed, middle))
    report = verify(Vault(school.url))
    assert [f.seq for f in report.faults][:2] == [middle, middle + 1]
    assert "signature does not match" in report.faults[0].problem
    assert "does not link" in report.faults[1].problem


def test_an_unwritable_state_directory_does_not_lock_the_dsl_out(school: Fixture, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A DSL on a machine whose state directory cannot be written still unlocks (the checkpoint is kept
    when it can be); it is the next record that says, in one line, that the anchor did not move."""
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    dana = school.open("dana")
    with pytest.raises(IntegrityError, match="saved, but this machine's anchor"):
        dana.log.record_concern({"pupil": JAMIE, "what_happened": "still saved", "occurred_at": "2026-11-20T10:00Z"})


@pytest.mark.parametrize("where", ["the machine that wrote", "a machine where the DSL only read"])
def test_the_dsls_review_of_a_rolled_back_store_says_what_verify_says(
    school: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """An older copy put back: the DSL's `review` still shows the review (it is all there is) but exits 1 with
    verify's words — and reading it neither keeps the older head as this machine's checkpoint nor hides the
    rollback from a later `verify`."""
    run = Runner(monkeypatch, capsys).as_("dana")
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    if where != "the machine that wrote":
        _another_machine(tmp_path, monkeypatch)
    assert run("review").code == 0  # the DSL reads: this machine keeps a signed checkpoint
    backup = tmp_path / "backup.db"
    _copy(school.path, backup)
    school.open("tom").log.record_concern({"pupil": JAMIE, "what_happened": "later", "urgent": True})
    assert run("review").code == 0
    _copy(backup, school.path)  # last week's copy put back over the live store
    said = run("review")
    assert said.code == 1 and "run 'school-log verify'" in said.err
    assert "rolled back" in said.err or "cut off" in said.err
    assert JAMIE in said.out  # what the store still holds is shown
    again = run("review")  # the first review's audit record moved the store on: still named
    assert again.code == 1 and "school-log verify" in again.err
    verified = run("verify")
    assert verified.code == 1


def _appends_while_the_anchor_is_read(school: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process on this machine appends (and moves the anchor) just as the anchor is next read."""
    tom = school.open("tom")
    read = AnchorFile.seen

    def seen_after_an_append(anchor: AnchorFile):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(AnchorFile, "seen", read)
        tom.log.record_concern({"pupil": JAMIE, "what_happened": "meanwhile", "occurred_at": "2026-11-20T09:00:00Z"})
        return read(anchor)

    monkeypatch.setattr(AnchorFile, "seen", seen_after_an_append)


def test_an_append_by_another_process_during_an_unlock_is_not_taken_for_a_cut_off(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DSL unlocking while a colleague's app saves on the same machine is not told that records were cut
    off (the torture test of issue 19 met this on PostgreSQL): the store is read after the anchor."""
    _appends_while_the_anchor_is_read(school, monkeypatch)
    assert school.open("dana").session.behind is None


def test_an_append_by_another_process_during_verify_is_not_taken_for_a_cut_off(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verify` run while the school keeps writing reports the chain intact, not a cut-off tail."""
    _appends_while_the_anchor_is_read(school, monkeypatch)
    report = verify(Vault(school.url))
    assert report.ok, report.faults
