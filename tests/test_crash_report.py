"""When the app fails unexpectedly, a person sees one line and a way on — never the log's contents.

Textual's own crash report is a traceback with local variables: with a pupil's file open it
printed names, dates of birth and what a child said into the terminal's scrollback. These
tests make the app fail while pupil data is on the screen and in the failing code's locals,
in a real terminal (a pty) and through the Pilot, and look for that data everywhere after.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.factory import NOW, PASSPHRASES, PUPILS

ROOT = Path(__file__).resolve().parents[1]
JAMIE = PUPILS[0]
MARKERS = (JAMIE.given_name, JAMIE.family_name, JAMIE.upn, "marker-said-by-the-child", "passphrase-typed")
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"

FAILING_APP = f"""
import sys
from tui.main import main
from tui.screens.dashboard import DashboardScreen

def action_staff(self):
    secret = "{JAMIE.given_name} {JAMIE.family_name} {JAMIE.upn}: marker-said-by-the-child"  # shown by a traceback
    raise KeyError(secret)

DashboardScreen.action_staff = action_staff
sys.exit(main([]))
"""


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "SCHOOL_LOG_DB": url, "SCHOOL_LOG_NOW": NOW, "PYTHONPATH": str(ROOT), "TERM": "xterm"}


def _school_with_a_concern(url: str) -> None:
    """The factory school (with production key stretching, as the app demands) and one concern about Jamie."""
    env = _env(url)
    subprocess.run([sys.executable, "-m", "tests.app_process", "setup"], cwd=ROOT, env=env, check=True, timeout=120)
    concern = {"pupil": JAMIE.upn, "occurred_at": NOW, "what_happened": "He said: marker-said-by-the-child"}
    subprocess.run(
        [sys.executable, "-m", "tui.main", "record", "--input", "-"],
        cwd=ROOT,
        env={**env, "SCHOOL_LOG_USER": "tom", "SCHOOL_LOG_PASSPHRASE": PASSPHRASES["tom"]},
        input=json.dumps(concern),
        text=True,
        check=True,
        timeout=60,
    )


class Terminal:
    """A program in a pseudo-terminal, as a person's terminal runs it: keys in, everything it prints out."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program, with the pty as its terminal
            os.chdir(ROOT)
            os.execve(argv[0], argv, env)
        self.output = b""

    def read_until(self, wanted: bytes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.output:
            if time.monotonic() > deadline or not self._read(deadline - time.monotonic()):
                pytest.fail(f"never saw {wanted!r}; the screen ended: {self.output[-600:]!r}")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the program has exited and closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())
        time.sleep(0.3)

    def wait(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.2)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.2):
                    pass
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        pytest.fail("the program did not exit")


def test_a_crash_with_a_pupils_file_on_screen_prints_one_line_and_no_pupil_data(tmp_path):
    """The app fails while the DSL's review (a pupil's name and what the child said) is on screen
    and in the failing code's locals: the terminal is left with one line — what failed, where, a
    reference — exit 70, and nothing of the pupil is printed after the app or kept in any file."""
    url = f"sqlite:///{tmp_path / 'school.db'}"
    _school_with_a_concern(url)
    terminal = Terminal([sys.executable, "-c", FAILING_APP], _env(url))
    terminal.read_until(b"Unlock")
    terminal.type("dana\r")
    terminal.type(PASSPHRASES["dana"] + "\r")
    terminal.read_until(JAMIE.given_name.encode())  # the review lists Jamie: pupil data is on the screen
    terminal.type("s")
    code = terminal.wait()

    after = terminal.output.rsplit(LEAVE_ALTERNATE_SCREEN, 1)[-1].decode(errors="replace")
    after = re.sub(r"\x1b\[[0-9;?<>]*[a-zA-Z]", "", after)  # the terminal modes the app turns off as it leaves
    assert code == 70, after
    lines = [line for line in after.replace("\r", "").splitlines() if line.strip()]
    assert len(lines) == 1 and "the app stopped after an unexpected error (KeyError in" in lines[0], after
    assert "reference" in lines[0] and "Traceback" not in after
    for marker in MARKERS:
        assert marker not in after, marker
    reference = lines[0].split("reference ", 1)[1][:6]
    logged = [p for p in tmp_path.rglob("*.log")]
    assert logged and any(reference in p.read_text() for p in logged), "the reference is in the operational log"
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.name.startswith("school.db"):  # the store itself: tests/test_security.py
            data = path.read_bytes()
            assert not any(marker.encode() in data for marker in MARKERS), path


def test_the_pilot_sees_what_the_app_failed_with_but_textual_is_handed_only_the_line(tmp_path, monkeypatch):
    """For developers in tests the original error stays reachable (as the report's cause); what
    Textual would print is the one line, with no pupil data, and the app says it crashed."""
    import asyncio

    from tests.factory import make_school
    from tests.pilot import unlock
    from tui.app import SchoolLogApp
    from tui.crash import CrashReport
    from tui.screens.staff_home import StaffHomeScreen

    fixture = make_school(tmp_path, monkeypatch)
    app = SchoolLogApp(fixture.url)

    def fail(self: StaffHomeScreen, mine: object) -> None:
        secret = f"{JAMIE.given_name} said marker-said-by-the-child"
        raise ValueError(secret)

    monkeypatch.setattr(StaffHomeScreen, "_show", fail, raising=True)  # showing tom's entries fails

    async def scenario() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await unlock(pilot, "tom")

    with pytest.raises(CrashReport) as raised:
        asyncio.run(scenario())
    cause = raised.value.__cause__
    assert isinstance(getattr(cause, "error", cause), ValueError)  # raised in a worker's callback
    assert str(raised.value.__rich__()) == ""  # what Textual prints: nothing; run_app prints the line
    line = app.crashed.line if app.crashed else ""
    assert line.startswith("school-log: the app stopped after an unexpected error (ValueError in ")
    assert JAMIE.given_name not in line and "marker" not in line
    assert app.crashed is not None and app.crashed.kind == "ValueError"
