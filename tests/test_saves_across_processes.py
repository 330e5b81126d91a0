"""Every save a person was told about is kept, with the app and the CLI working one store at once.

The school as it really runs: one long-lived app (the real `SchoolLogApp`, driven by the
Pilot in its own process: tests/app_process.py) locking and unlocking — by ctrl+l and by
the idle lock — while CLI processes record, list, review, verify and export beside it,
some of them at the same moment as the app saves. Afterwards every write that reported
success is in the store, `verify` is green and, on SQLite, `PRAGMA integrity_check` says ok.

This is the test that caught a teacher's saved concern vanishing: a look at the database
file with `open()` inside the app dropped the app's SQLite locks, so a CLI process closing
its connection believed it was alone and deleted the WAL the app was still writing to.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.factory import NOW, PASSPHRASES, PUPILS

ROOT = Path(__file__).resolve().parents[1]
JAMIE, NOAH = PUPILS[0].upn, PUPILS[2].upn
ROUNDS = 4
TIMEOUT = 120


def _env(url: str, **extra: str) -> dict[str, str]:
    """This test's environment (its own data, config and state dirs) for a child process on `url`."""
    return {**os.environ, "SCHOOL_LOG_DB": url, "SCHOOL_LOG_NOW": NOW, "PYTHONPATH": str(ROOT), **extra}


def _as(user: str) -> dict[str, str]:
    return {"SCHOOL_LOG_USER": user, "SCHOOL_LOG_PASSPHRASE": PASSPHRASES[user]}


class Cli:
    """`school-log …` processes on one store, started now and finished later, so they overlap."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.url, self.tmp = url, tmp
        self.running: list[tuple[list[str], subprocess.Popen[str]]] = []
        self.n = 0

    def start(self, user: str, *argv: str, stdin: str = "") -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "tui.main", *argv]
        read, write = os.pipe()  # stdin written whole now (far below a pipe's buffer), so the command never waits
        os.write(write, stdin.encode())
        os.close(write)
        try:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=_env(self.url, **_as(user)),
                stdin=read,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        finally:
            os.close(read)
        self.running.append((command, process))
        return process

    def finish(self) -> list[tuple[str, str]]:
        """Wait for every started command: each must exit 0; their (stdout, stderr)."""
        outputs = []
        for command, process in self.running:
            out, err = process.communicate(timeout=TIMEOUT)
            assert process.returncode == 0, (command[3:], process.returncode, err)
            assert "Traceback" not in out + err
            outputs.append((out, err))
        self.running = []
        return outputs

    def run(self, user: str, *argv: str, stdin: str = "") -> str:
        self.start(user, *argv, stdin=stdin)
        [(out, _)] = self.finish()
        return out

    def record(self, user: str, marker: str) -> None:
        concern = {"pupil": NOAH, "occurred_at": NOW, "what_happened": marker}
        self.start(user, "record", "--input", "-", stdin=json.dumps(concern))

    def export(self) -> None:
        self.n += 1
        self.start("dana", "export", "chronology", JAMIE, "-o", str(self.tmp / f"chronology-{self.n}.csv"))


class AppProcess:
    """The app in its own process (tests/app_process.py), one command and one answer at a time."""

    def __init__(self, url: str, user: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.app_process", "drive", user],
            cwd=ROOT,
            env=_env(url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def tell(self, line: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            _, err = self.process.communicate(timeout=TIMEOUT)
            pytest.fail(f"the app process ended at {line!r}: {err[-2000:]}")
        result: dict[str, Any] = json.loads(answer)
        assert "error" not in result, (line, result)
        return result

    def quit(self) -> None:
        out, err = self.process.communicate("quit\n", timeout=TIMEOUT)
        assert self.process.returncode == 0, err[-2000:]
        assert json.loads(out.splitlines()[-1]) == {"ok": "quit", "return_code": 0}, out


def test_every_reported_save_survives_an_app_and_cli_processes_on_one_store(tmp_path, store):
    """A teacher told "Concern recorded" can rely on it: nothing the app or a CLI command reported
    as saved is lost, whatever else ran on the store meanwhile, and the store is left whole."""
    subprocess.run(
        [sys.executable, "-m", "tests.app_process", "setup"], cwd=ROOT, env=_env(store.url), check=True, timeout=120
    )
    cli = Cli(store.url, tmp_path)
    app = AppProcess(store.url, "tom")
    from_app, from_cli = [], []
    app.tell("unlock")
    for n in range(ROUNDS):
        from_app.append(app.tell(f"record app-round-{n}-first")["saved"])
        app.tell("lock" if n % 2 == 0 else "idle")
        app.tell("unlock")
        for user in ("tara", "sam"):  # these write while the app does
            cli.record(user, f"cli-round-{n}-{user}")
            from_cli.append(f"cli-round-{n}-{user}")
        cli.start("tom", "entries", "--json")
        cli.start("dana", "review", "--json")
        cli.export()
        from_app.append(app.tell(f"record app-round-{n}-second")["saved"])
        cli.finish()
        cli.run("dana", "verify")
        from_app.append(app.tell(f"record app-round-{n}-third")["saved"])
    app.quit()

    toms = {e["what_happened"] for e in json.loads(cli.run("tom", "entries", "--json"))}
    assert set(from_app) <= toms, sorted(set(from_app) - toms)
    chronology = json.loads(cli.run("dana", "chronology", NOAH, "--json"))
    assert set(from_cli) <= {e.get("what_happened") for e in chronology["entries"]}
    report = json.loads(cli.run("dana", "verify", "--json"))
    assert report["ok"] and not report["faults"], report
    if store.path is not None:  # every process that held the file has exited: ask SQLite itself
        conn = sqlite3.connect(store.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
