"""Textual's developer switches never copy a real school's log out of the app.

Textual's log (`TEXTUAL_LOG`, devtools) records every keystroke's field value — the passphrase
among them — and every message carrying pupil data; `TEXTUAL_SCREENSHOT` saves the screen as an
unencrypted SVG from a timer; `SCHOOL_LOG_DEBUG` shows tracebacks with locals. Each is refused
on a real school's vault with one line, before anything is shown; the log and debug are for
demo and training (simulated-clock) vaults only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.accounts import create_vault
from tests.factory import PASSPHRASES
from tui.leaks import check_environment
from tui.main import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def real_school(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    create_vault(url, "Oakfield Primary", "dana", "Dana Lead", PASSPHRASES["dana"])
    return url


@pytest.fixture
def demo_school(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    create_vault(url, "Demo Primary", "dana", "Dana Lead", PASSPHRASES["dana"], simulated_clock=True)
    return url


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("TEXTUAL_LOG", "textual.log", "TEXTUAL_LOG"),
        ("TEXTUAL", "devtools,debug", "TEXTUAL=debug, TEXTUAL=devtools"),
        ("SCHOOL_LOG_DEBUG", "1", "SCHOOL_LOG_DEBUG"),
    ],
)
def test_a_switch_that_records_what_is_typed_is_refused_on_a_real_school(
    real_school, monkeypatch, capsys, variable, value, said
):
    """Opening a real school's log with Textual's log, devtools or debug on: exit 2, one line naming
    the switch, and the app never starts (nothing typed can reach the log)."""
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("SCHOOL_LOG_DB", real_school)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err and "demo and training vaults only" in err, err


def test_the_same_switches_are_allowed_on_a_demo_vault_for_developers(demo_school, monkeypatch):
    """A developer may watch Textual's log and get full tracebacks on a simulated-clock vault."""
    monkeypatch.setenv("TEXTUAL_LOG", "textual.log")
    monkeypatch.setenv("SCHOOL_LOG_DEBUG", "1")
    assert check_environment(demo_school) is True
    monkeypatch.delenv("SCHOOL_LOG_DEBUG")
    assert check_environment(demo_school) is False


def test_no_store_yet_counts_as_a_real_school(tmp_path, monkeypatch):
    """Where no vault exists yet, nothing says it is a demo: the switches are refused."""
    monkeypatch.setenv("TEXTUAL_LOG", "textual.log")
    with pytest.raises(Exception, match="TEXTUAL_LOG"):
        check_environment(f"sqlite:///{tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("school", ["real_school", "demo_school"])
def test_a_screenshot_timer_is_refused_and_writes_nothing(school, tmp_path, request):
    """`TEXTUAL_SCREENSHOT=1 school-log` (Textual's timer calls save_screenshot directly) is refused
    on any vault, demo included, with one line and exit 2; no SVG is written anywhere."""
    url = request.getfixturevalue(school)
    env = {**os.environ, "SCHOOL_LOG_DB": url, "TEXTUAL_SCREENSHOT": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.main"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "TEXTUAL_SCREENSHOT" in done.stderr
    assert list(tmp_path.rglob("*.svg")) == [] and list(ROOT.glob("*.svg")) == []
