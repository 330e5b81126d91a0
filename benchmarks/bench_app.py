"""The app measured headless: seconds from Enter on the unlock screen to the dashboard painted.

Each run is a fresh process, as a DSL's app is: measured inside the benchmark's own
process, every garbage collection would also walk the whole school the other
measurements decrypted.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from functools import partial

from bench_child import child_env
from bench_results import Row, Stat

FIRST, CURRENT = "app: unlock to first dashboard paint", "app: unlock to current review painted"

_CHILD = """
import asyncio, json, os, sys
sys.path[:0] = sys.argv[1:3]
from bench_app import paint_once
from bench_child import prepare_child
print(json.dumps(asyncio.run(paint_once(sys.argv[3], sys.argv[4], prepare_child(), float(sys.argv[5])))))
"""


async def paint_once(url: str, username: str, passphrase: str, timeout: float) -> tuple[float, float] | None:
    """Seconds from pressing Enter on the unlock screen to (first rows painted, current review painted).

    "Painted" is when Textual runs callbacks scheduled with `call_after_refresh`: after
    the screen holding those rows has been refreshed. The first paint may be the
    team-sealed last review; the second is the one computed now from every entry.
    """
    from textual.widgets import Input

    from tui.app import SchoolLogApp
    from tui.screens.dashboard import DashboardScreen

    app = SchoolLogApp(url, username)
    async with app.run_test(headless=True, size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = passphrase
        app.screen.query_one("#passphrase", Input).focus()
        await pilot.pause()
        painted: dict[bool, float] = {}  # board.cached -> seconds

        async def watch() -> tuple[float, float]:
            """Runs beside the key press (which itself waits for the app to settle)."""
            asked: set[int] = set()
            while False not in painted:
                screen = app.screen
                board = screen.board if isinstance(screen, DashboardScreen) else None
                if board is not None and id(board) not in asked:
                    asked.add(id(board))
                    mark = partial(painted.setdefault, board.cached)
                    screen.call_after_refresh(lambda mark=mark: mark(time.perf_counter() - start))
                await asyncio.sleep(0.002)
            return min(painted.values()), painted[False]

        start = time.perf_counter()
        watching = asyncio.create_task(watch())
        await pilot.press("enter")
        try:
            return await asyncio.wait_for(watching, timeout)
        except TimeoutError:
            return None


def _paint_in_child(root: str, url: str, dsl_login: dict[str, str], timeout: float) -> tuple[float, float] | str:
    """One fresh process's (first, current) seconds, or why it gave none."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, root, here, url, dsl_login["username"], str(timeout)],
        env=child_env(dsl_login["passphrase"]),  # never on a command line
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        return f"the app failed headless ({(out.stderr.strip().splitlines() or ['no output'])[-1]})"
    seconds = json.loads((out.stdout.strip().splitlines() or ["null"])[-1])
    return tuple(seconds) if seconds else f"no dashboard within {timeout:.0f} s"  # type: ignore[return-value]


def measure_tui(root: str, url: str, dsl_login: dict[str, str], runs: int, timeout: float = 60.0) -> list[Row]:
    """`root` is the project directory, for the child processes to import from."""
    samples: list[tuple[float, float]] = []
    for _ in range(runs):
        seconds = _paint_in_child(root, url, dsl_login, timeout)
        if isinstance(seconds, str):
            return [Row(FIRST, "s", None, None, "≤ 1 s", max_value=1.0, note=f"skipped: {seconds}")]
        samples.append(seconds)
    return [
        Row(
            FIRST,
            "s",
            Stat([f for f, _ in samples]),
            None,
            "≤ 1 s",
            max_value=1.0,
            note="a fresh headless process per run, 160x48, incl. Argon2id unlock;"
            " paints the team-sealed last review at once",
        ),
        Row(
            CURRENT,
            "s",
            Stat([c for _, c in samples]),
            None,
            "(no target)",
            note="the review recomputed from every entry, replacing the first paint",
        ),
    ]
