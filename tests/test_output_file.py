"""Every file the program writes for a person is its owner's alone, never written over unasked, and never
written through a symbolic link (issue 20, finding 10; issue 21, "exports are world-readable").

Each attack is performed through the real command: a file left at the output path, a link to a file the
attacker wants overwritten (or to one they want created), a link swapped in after the program looked,
a loose umask, a failure half-way through a replacement.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from school_log import output_file as output_module
from school_log.errors import InputError
from school_log.output_file import output_file
from school_log.outward import transfer
from school_log.school import School
from storage.accounts import create_vault
from tests.cli_runner import Runner
from tests.factory import Fixture
from tests.test_cli import JAMIE
from tests.test_cli_outward import no_terminal, oak, run  # noqa: F401 - their school, runner, no terminal

BEA = ("bea", "Bea Brook", "head of safeguarding at brookside")
VICTIM = b"the head teacher's own notes\n"


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """A machine whose default would make every new file world-readable (0644)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def dana(oak: Fixture, run: Runner) -> Runner:  # noqa: F811 - the fixtures of tests.test_cli_outward
    """The command run as the DSL, on Oakfield with Tom's concern about Jamie."""
    return run.as_("dana")


@pytest.fixture
def brook_key(tmp_path: Path) -> Path:
    """Another school's public key file, to send a transfer to."""
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(url, "Brookside Academy", *BEA, simulated_clock=True)
    brook = School.unlock(url, BEA[0], BEA[2])
    key = tmp_path / "brook.key"
    key.write_text(json.dumps(transfer.public_key(brook).to_data()))
    brook.session.vault.engine.dispose()
    return key


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


#: Each command that writes a file for a person, given where to write it.
WRITERS: dict[str, Callable[[Path], list[str]]] = {
    "export referral": lambda out: ["export", "referral", JAMIE, "-o", str(out)],
    "export chronology pdf": lambda out: ["export", "chronology", JAMIE, "-o", str(out)],
    "export chronology csv": lambda out: ["export", "chronology", JAMIE, "--format", "csv", "-o", str(out)],
    "checkpoint export": lambda out: ["checkpoint", "export", "-o", str(out)],
    "school-key": lambda out: ["school-key", "-o", str(out)],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_written_file_is_the_owners_alone(dana: Runner, tmp_path: Path, command: str) -> None:
    """With a umask that would leave it world-readable, each file is created 0600."""
    out = tmp_path / "made"
    done = dana(*WRITERS[command](out))
    assert done.code == 0, done.err
    assert out.stat().st_size > 0 and _mode(out) == 0o600


def test_a_transfer_bundle_and_its_receipt_are_the_owners_alone(
    dana: Runner, tmp_path: Path, brook_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sealed bundle, and the receipt the receiving school writes, are 0600 too."""
    assert dana("transfer", "export", JAMIE, "--to", str(brook_key), "-o", str(tmp_path / "b")).code == 0
    assert dana("school-key", "-o", str(tmp_path / "oak.key")).code == 0
    monkeypatch.setenv("SCHOOL_LOG_DB", f"sqlite:///{tmp_path / 'brook.db'}")
    dana.as_("bea", BEA[2])
    imported = dana(
        "transfer", "import", str(tmp_path / "b"), "--from", str(tmp_path / "oak.key"), "--receipt", str(tmp_path / "r")
    )
    assert imported.code == 0, imported.err
    assert _mode(tmp_path / "b") == 0o600 and _mode(tmp_path / "r") == 0o600


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_existing_file_is_refused_and_left_as_it_was(dana: Runner, tmp_path: Path, command: str) -> None:
    """`-o` naming a file that exists: one line saying so (and how to replace it, where the command can),
    exit 2, the file untouched."""
    out = tmp_path / "existing"
    out.write_bytes(VICTIM)
    done = dana(*WRITERS[command](out))
    assert done.code == 2 and "already exists" in done.err
    assert ("--force" in done.err) == (command != "school-key")
    assert out.read_bytes() == VICTIM


@pytest.mark.parametrize(
    ("command", "force"),
    [(c, False) for c in sorted(WRITERS)] + [(c, True) for c in sorted(WRITERS) if c != "school-key"],
)
def test_a_symbolic_link_is_never_followed(dana: Runner, tmp_path: Path, command: str, force: bool) -> None:
    """`-o` naming a link to a file someone wants overwritten, or a dangling link to a file someone wants
    created elsewhere: refused, even with --force (school-key has none); the target neither changed nor made."""
    victim, planted = tmp_path / "victim", tmp_path / "planted"
    victim.write_bytes(VICTIM)
    (tmp_path / "to-victim").symlink_to(victim)
    (tmp_path / "dangling").symlink_to(planted)
    for link in ("to-victim", "dangling"):
        argv = WRITERS[command](tmp_path / link) + (["--force"] if force else [])
        done = dana(*argv)
        assert done.code == 2 and "symbolic link" in done.err, done.err
        assert (tmp_path / link).is_symlink()
    assert victim.read_bytes() == VICTIM and not planted.exists()


def test_a_transfer_never_writes_through_a_link(dana: Runner, tmp_path: Path, brook_key: Path) -> None:
    """A bundle's path that is a link is refused, and nothing is recorded as sent."""
    victim = tmp_path / "victim"
    victim.write_bytes(VICTIM)
    (tmp_path / "link").symlink_to(victim)
    done = dana("transfer", "export", JAMIE, "--to", str(brook_key), "-o", str(tmp_path / "link"))
    assert done.code == 2 and "symbolic link" in done.err
    assert victim.read_bytes() == VICTIM and dana("transfer", "list", "--json").json() == []


@pytest.mark.parametrize("command", ["export referral", "export chronology csv", "checkpoint export"])
def test_force_replaces_a_file_whole_and_makes_it_the_owners(dana: Runner, tmp_path: Path, command: str) -> None:
    """`--force` replaces an existing world-readable file with a new one (a new inode, 0600), leaving
    no temporary file beside it."""
    out = tmp_path / "existing"
    out.write_bytes(VICTIM)
    out.chmod(0o644)
    inode = out.stat().st_ino
    done = dana(*WRITERS[command](out), "--force")
    assert done.code == 0, done.err
    assert out.read_bytes() != VICTIM and out.stat().st_ino != inode and _mode(out) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_refuses_a_directory_or_a_device(dana: Runner, tmp_path: Path) -> None:
    """Whatever is not a regular file is never replaced: a directory, a named pipe."""
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    for name, says in (("dir", "is a directory"), ("fifo", "not a regular file")):
        done = dana("export", "referral", JAMIE, "-o", str(tmp_path / name), "--force")
        assert done.code == 2 and says in done.err
    assert (tmp_path / "dir").is_dir() and stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)


# --- the helper itself: races and failures half-way ------------------------------------------------


def test_a_link_swapped_in_after_the_look_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between looking at the path and creating the file, someone puts a link there: the create itself
    (O_CREAT | O_EXCL | O_NOFOLLOW) refuses it, and the link's target is untouched."""
    victim, path = tmp_path / "victim", tmp_path / "out"
    victim.write_bytes(VICTIM)
    real_existing = output_module._existing

    def looked_then_swapped(p: Path) -> os.stat_result | None:
        found = real_existing(p)
        path.symlink_to(victim)
        return found

    monkeypatch.setattr(output_module, "_existing", looked_then_swapped)
    with pytest.raises(InputError, match="appeared while it was being written"), output_file(path) as out:
        out.write(b"pupil data")
    assert victim.read_bytes() == VICTIM and path.is_symlink()


def test_a_failure_half_way_keeps_nothing(tmp_path: Path) -> None:
    """An error while writing a new file removes it; an error while replacing one leaves the old one whole
    and no temporary file behind."""
    new = tmp_path / "new"
    with pytest.raises(RuntimeError), output_file(new) as out:
        out.write(b"half a pack")
        raise RuntimeError("the audit record could not be written")
    assert not new.exists()
    old = tmp_path / "old"
    old.write_bytes(VICTIM)
    with pytest.raises(RuntimeError), output_file(old, replace=True) as out:
        out.write(b"half a pack")
        raise RuntimeError("the audit record could not be written")
    assert old.read_bytes() == VICTIM and sorted(p.name for p in tmp_path.iterdir()) == ["old"]


def test_an_export_the_log_cannot_record_is_not_kept(
    dana: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the `audit.export` record cannot be appended, no file is left (and a replaced one is as it was)."""
    from storage.session import Session

    def refuse(*_: object, **__: object) -> None:
        raise InputError("the store refused the write")

    monkeypatch.setattr(Session, "append", refuse)
    done = dana("export", "referral", JAMIE, "-o", str(tmp_path / "pack.pdf"))
    assert done.code == 2 and not (tmp_path / "pack.pdf").exists()
    (tmp_path / "old.pdf").write_bytes(VICTIM)
    done = dana("export", "referral", JAMIE, "-o", str(tmp_path / "old.pdf"), "--force")
    assert done.code == 2 and (tmp_path / "old.pdf").read_bytes() == VICTIM
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or p.name.startswith(".")) == ["old.pdf"]
