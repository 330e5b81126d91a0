"""`school-log ...` run in-process for the CLI tests, holding every run to the CLI's promise.

Exit 0 prints nothing on stderr; any other exit prints exactly one `school-log: ` line,
and never a traceback. Notes (`school-log: note: …`, such as a count of wrong
passphrases tried) are kept apart from that line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from school_log.cli import main as cli
from tests.factory import PASSPHRASES

NOTE = "school-log: note: "


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str  # stderr without the note lines
    notes: str = ""  # just those lines

    def json(self) -> Any:
        return json.loads(self.out)


def _held_to_promise(code: int, out: str, err: str) -> Result:
    lines = err.splitlines(keepends=True)
    notes = "".join(line for line in lines if line.startswith(NOTE))
    err = "".join(line for line in lines if not line.startswith(NOTE))
    assert "Traceback" not in err + out
    if code == 0:
        assert err == "", err
    else:
        assert err.startswith("school-log: ") and err.count("\n") == 1, err
    return Result(code, out, err, notes)


def command(db: str, user: str, passphrase: str, *argv: str) -> Result:
    """The installed `school-log` command in a process of its own on the store `db`, as `user` (the
    passphrase from the environment, never on the command line), held to the same promise as `Runner`."""
    env = os.environ | {"SCHOOL_LOG_DB": db, "SCHOOL_LOG_USER": user, "SCHOOL_LOG_PASSPHRASE": passphrase}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("school-log")), *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    return _held_to_promise(done.returncode, done.stdout, done.stderr)


class Runner:
    """`school-log ...` in-process, as whoever `as_` last named."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.mp, self.capsys = monkeypatch, capsys

    def as_(self, user: str, passphrase: str | None = None) -> Runner:
        self.mp.setenv("SCHOOL_LOG_USER", user)
        self.mp.setenv("SCHOOL_LOG_PASSPHRASE", passphrase if passphrase is not None else PASSPHRASES[user])
        return self

    def __call__(self, *argv: str, stdin: Any = None) -> Result:
        """Run; `stdin` is text as given, or anything else as its JSON."""
        if stdin is not None:
            text = stdin if isinstance(stdin, str) else json.dumps(stdin)
            self.mp.setattr("sys.stdin", io.StringIO(text))
        self.capsys.readouterr()
        code = cli.main(list(argv))
        out, err = self.capsys.readouterr()
        return _held_to_promise(code, out, err)
