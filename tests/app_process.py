"""The real app in a process of its own, driven headless by the Pilot, told what to do on stdin.

For tests that run the program as a school does: one long-lived app beside CLI processes on
the same store. `python -m tests.app_process setup` makes the test school (production key
stretching, so the CLI processes beside it accept its key slots); `python -m tests.app_process
drive USER` opens the app and answers one JSON line per command line:

    unlock            type the username (unless the prompt has it) and passphrase; wait for home
    record MARKER     n, pick Jamie, type MARKER as what happened, ctrl+s, y; the saved reference
    lock              ctrl+l, as a person does
    idle              let the idle lock fire (the last activity moved back past the limit)
    quit              leave the app

The store is `SCHOOL_LOG_DB`; the clock `SCHOOL_LOG_NOW` (a simulated-clock vault).
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from storage.settings import settings
from tests.factory import PASSPHRASES, build_school
from tests.keyboard import keys_for
from tui.app import SchoolLogApp
from tui.screens.record import RecordScreen
from tui.screens.saved import SavedModal
from tui.screens.unlock import UnlockScreen

SIZE = (100, 40)


def setup(url: str) -> None:
    """The factory's school (tests/factory.py), with each key slot stretched as in production."""
    build_school(url)


async def _until(pilot: Pilot[Any], done: Any, what: str, tries: int = 400) -> None:
    """Wait (pausing, not sleeping blind) until `done()`; a clear failure if it never comes."""
    for _ in range(tries):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        if done():
            return
    raise TimeoutError(f"the app never reached: {what} (screen: {type(pilot.app.screen).__name__})")


async def _type(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*keys_for(text))


async def unlock(app: SchoolLogApp, pilot: Pilot[Any], username: str) -> dict[str, Any]:
    await _until(pilot, lambda: isinstance(app.screen, UnlockScreen), "the unlock prompt")
    name = app.screen.query_one("#username", Input)
    if name.value != username:
        name.value = ""
        name.focus()
        await _type(pilot, username)
        await pilot.press("enter")
    app.screen.query_one("#passphrase", Input).focus()
    await _type(pilot, PASSPHRASES[username])
    await pilot.press("enter")
    await _until(pilot, lambda: app.school is not None and not isinstance(app.screen, UnlockScreen), "home")
    return {"ok": "unlocked"}


async def record(app: SchoolLogApp, pilot: Pilot[Any], marker: str) -> dict[str, Any]:
    await pilot.press("n")
    await _until(pilot, lambda: isinstance(app.screen, RecordScreen), "the concern form")
    await _type(pilot, "jamie")
    await pilot.press("enter")
    app.screen.query_one("#what_happened").focus()
    await _type(pilot, marker)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await _until(pilot, lambda: isinstance(app.screen, SavedModal), "the saved notice")
    reference = str(app.screen.query_one("#reference", Static).render()).removeprefix("Reference: ")
    await pilot.press("enter")
    await _until(pilot, lambda: not isinstance(app.screen, SavedModal | RecordScreen), "home after saving")
    return {"saved": marker, "reference": reference}


async def drive(username: str) -> None:
    app = SchoolLogApp(settings().db)
    loop = asyncio.get_running_loop()
    async with app.run_test(size=SIZE) as pilot:
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            command, _, argument = line.partition(" ")
            try:
                if command == "unlock":
                    answer = await unlock(app, pilot, username)
                elif command == "record":
                    answer = await record(app, pilot, argument)
                elif command == "lock":
                    await pilot.press("ctrl+l")
                    await _until(pilot, lambda: app.school is None, "locked")
                    answer = {"ok": "locked"}
                elif command == "idle":
                    app.last_activity -= 24 * 3600
                    await _until(pilot, lambda: app.school is None, "the idle lock")
                    answer = {"ok": "locked"}
                elif command == "quit":
                    break
                else:
                    answer = {"error": f"unknown command {command!r}"}
            except Exception as error:  # told to the test, which fails with it
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer), flush=True)
        app.exit()
    print(json.dumps({"ok": "quit", "return_code": app.return_code}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(settings().db or "")
    else:
        asyncio.run(drive(sys.argv[2]))
