"""`school-log serve`: a teacher on a machine with only a browser records a concern, and it is in the log.

The real server in its own process, a real Chromium (Debian's `chromium`, driven by Playwright)
typing into the served app over its websocket, and the store read afterwards by a fresh process.
Skipped with the reason where Chromium is missing; `.ci/run` installs it and sets
`SCHOOL_LOG_REQUIRE_BROWSER=1`, so in CI a missing browser fails instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import keyslots
from storage.crypto import PRODUCTION_KDF
from tests.factory import PASSPHRASES, make_school

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = bool(os.environ.get("SCHOOL_LOG_REQUIRE_BROWSER"))  # read before each test clears SCHOOL_LOG_*


def _need_browser() -> str:
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("SCHOOL_LOG_REQUIRE_BROWSER is set but no chromium is installed (apt install chromium)")
        pytest.skip("no Chromium on this machine (apt install chromium); CI installs it")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A small school served on a free localhost port: (its URL in the browser, the store's URL).

    Its key slots use the production KDF: the served app and the CLI are separate processes
    that refuse the tests' cheap one."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", PRODUCTION_KDF)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", PRODUCTION_KDF)
    fixture = make_school(tmp_path, monkeypatch)
    config = tmp_path / "config.toml"
    config.write_text("[app]\nidle_lock_minutes = 10\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "SCHOOL_LOG_CONFIG": str(config)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.main", "serve", "--port", str(port), "--db", fixture.url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", fixture.url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_teacher_in_a_browser_records_a_concern_that_lands_in_the_log(served: tuple[str, str]) -> None:
    """Unlock as a teacher in Chromium, record a concern by keyboard, save: a fresh process finds it."""
    chromium = _need_browser()
    from playwright.sync_api import sync_playwright

    url, store = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=60_000)  # the app's first bytes arrived
        terminal = page.locator(".textual-terminal")
        terminal.click(position={"x": 20, "y": 200})  # the background: focus the page, not a field
        time.sleep(2)

        def keys(*names: str) -> None:
            for name in names:
                page.keyboard.press(name)
                time.sleep(0.3)

        def type_(text: str) -> None:
            page.keyboard.type(text, delay=40)
            time.sleep(0.5)

        type_("tom")
        keys("Tab")
        type_(PASSPHRASES["tom"])
        keys("Enter")
        time.sleep(4)  # the key derivation and the first paint
        keys("n")
        time.sleep(1.5)
        type_("jamie")
        keys("Enter", "Tab")
        type_("browser corridor")
        keys("Tab", "Tab")
        type_("Typed in a browser: bruise on the left arm")
        keys("Control+s")
        time.sleep(1)
        keys("y")
        time.sleep(3)
        browser.close()

    school_log = [sys.executable, "-m", "tui.main", "entries", "--json", "--db", store, "--user", "tom"]
    env = {**os.environ, "SCHOOL_LOG_PASSPHRASE": PASSPHRASES["tom"]}
    result = subprocess.run(school_log, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "browser corridor" in result.stdout


def test_serving_beyond_this_machine_without_tls_is_refused_in_one_line(tmp_path: Path) -> None:
    """`serve --host 0.0.0.0` with no certificate: one line, exit 2, nothing listens."""
    env = {**os.environ, "SCHOOL_LOG_CONFIG": str(tmp_path / "none.toml")}
    result = subprocess.run(
        [sys.executable, "-m", "tui.main", "serve", "--host", "0.0.0.0", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "without TLS" in result.stderr
