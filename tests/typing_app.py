"""A teacher's app in a process of its own, for tests/test_tui_drafts.py: unlock, type a concern, leave it.

`python -m tests.typing_app URL MARKER [idle]` unlocks Tom (the key slots are the tests'
cheap ones, as in tests/conftest.py) and types a concern about Jamie whose facts are MARKER.
With `idle` it lets the idle lock fire and prints "locked"; else it prints "typed". Then it
waits to be killed or hung up on, as a terminal closed on the app would.
"""

from __future__ import annotations

import asyncio
import sys

from school_log.config import Config
from storage import keyslots
from tests.conftest import CHEAP_KDF
from tests.pilot import SIZE, open_record, type_text, unlock
from tui.app import SchoolLogApp
from tui.screens.unlock import UnlockScreen


async def until_it_ends(app: SchoolLogApp) -> int:
    """Wait (at most two minutes) for the app to quit, as `school-log` does when its app returns; its code."""
    for _ in range(2400):
        if app.return_code is not None:
            return app.return_code
        await asyncio.sleep(0.05)
    return 0


async def main(url: str, marker: str, idle: bool) -> int:
    keyslots.DEFAULT_KDF = keyslots.MINIMUM_KDF = CHEAP_KDF
    SchoolLogApp.IDLE_CHECK_SECONDS = 0.05
    app = SchoolLogApp(url)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        record.query_one("#what_happened").focus()
        await type_text(pilot, marker)
        if not idle:
            print("typed", flush=True)
            return await until_it_ends(app)
        assert app.school is not None
        app.school.config = Config(idle_lock_minutes=0.005)
        for _ in range(200):
            if isinstance(app.screen, UnlockScreen):
                break
            await asyncio.sleep(0.05)
        print("locked", flush=True)
        return await until_it_ends(app)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:] == ["idle"])))
