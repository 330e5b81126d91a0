"""Driving the app as a person would, for the TUI tests: open it, unlock, type, wait, read the screen.

Two ways in: `run_app` starts the whole app at the unlock prompt (the body gets the
app and the pilot); `run` shows one screen of an unlocked school in a `Host` (the
body gets the pilot). Everything read back is what the screen shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static

from school_log.school import School
from tests.factory import PASSPHRASES, PUPILS
from tests.keyboard import keys_for
from tui.app import STYLESHEET, SchoolLogApp
from tui.screens.base import SchoolApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.record import RecordScreen
from tui.screens.unlock import UnlockScreen

SIZE = (100, 40)
JAMIE = PUPILS[0].upn
"""The pupil with something to review in the `school` fixture (tests/conftest.py)."""


class Host(SchoolApp[None]):
    """Stands in for the app: holds the unlocked school and opens one screen, styled as the app is."""

    CSS_PATH = STYLESHEET

    def __init__(self, school: School, screen: Callable[[], Screen[None]] = DashboardScreen) -> None:
        super().__init__()
        self.school = school
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first())


def run(app: App[None], body: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Show `app` (usually a `Host`), let its first reads finish, then drive it with `body`."""

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await body(pilot)

    asyncio.run(scenario())


def run_app(
    url: str,
    body: Callable[[SchoolLogApp, Pilot[int]], Awaitable[None]],
    size: tuple[int, int] = SIZE,
    app: SchoolLogApp | None = None,
) -> None:
    """Start the school-log app on `url` (or `app`) at its unlock prompt, then drive it with `body`."""

    async def scenario() -> None:
        shown = app or SchoolLogApp(url)
        async with shown.run_test(size=size) as pilot:
            await pilot.pause()
            await body(shown, pilot)

    asyncio.run(scenario())


async def settle(pilot: Pilot[Any], columns: bool = True) -> None:
    """Let the workers finish and the screen catch up.

    A dashboard reads the current review only after the last one is painted, so
    waiting for workers alone can return between the two: wait until its title
    no longer says it is reading or updating. `columns=False` does not wait for a
    table's columns to be laid out, for a caller that reads no table (the crawler).
    """
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        if not isinstance(screen, DashboardScreen):
            break
        title = str(screen.query_one("#title", Static).render())
        if "Reading the log" not in title and "updating…" not in title:
            break
    for _ in range(3 if columns else 1):  # a table lays out its columns on idle, after the rows arrive
        await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` key by key into whatever has focus."""
    await pilot.press(*keys_for(text))


async def unlock(pilot: Pilot[Any], username: str, passphrase: str | None = None) -> None:
    """Type the username and passphrase at the prompt as a person would (their own, unless given)."""
    assert isinstance(pilot.app.screen, UnlockScreen)
    await type_text(pilot, username)
    await pilot.press("enter")
    await type_text(pilot, PASSPHRASES[username] if passphrase is None else passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def open_record(pilot: Pilot[Any], pupil: str = "jamie") -> RecordScreen:
    """From the staff home, `n` and a pupil's name: the record form with that pupil picked."""
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RecordScreen)
    await type_text(pilot, pupil)
    await pilot.press("enter")
    await pilot.pause()
    return screen


def record_notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """From now on, every notification an app shows, as (severity, message)."""
    shown: list[tuple[str, str]] = []
    notify = App.notify

    def recorded(app: App[Any], message: str, **options: Any) -> None:
        shown.append((options.get("severity", "information"), message))
        notify(app, message, **options)

    monkeypatch.setattr(App, "notify", recorded)
    return shown


def rows(table: DataTable) -> list[list[str]]:
    """Every row of a table, as the text of its cells."""
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def option_texts(option_list: OptionList) -> list[str]:
    """Every line of an option list, as text."""
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def text_of(pilot: Pilot[Any], selector: str) -> str:
    """The text of one Static on the current screen."""
    return str(pilot.app.screen.query_one(selector, Static).render())


def texts(pilot: Pilot[Any]) -> str:
    """Every piece of text on the current screen (statics, labels, list options)."""
    parts = [str(w.render()) for w in pilot.app.screen.query(Static)]
    for option_list in pilot.app.screen.query(OptionList):
        parts += option_texts(option_list)
    return "\n".join(parts)
