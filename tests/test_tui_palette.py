"""The command palette offers no way to put the screen on disk (issue 13, finding 10).

Textual's built-in "Screenshot" system command would write what is on the screen —
pupils' names, what a child said — to an unencrypted SVG file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.factory import Fixture, make_school
from tests.pilot import option_texts, record_notices, run_app, settle, type_text, unlock
from tui.app import SchoolLogApp


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    return make_school(tmp_path, monkeypatch)


@pytest.fixture
def empty_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """An empty working directory, home and downloads folder: every place a screenshot could land."""
    places = [tmp_path / "cwd", tmp_path / "home", tmp_path / "downloads"]
    for place in places:
        place.mkdir()
    monkeypatch.chdir(places[0])
    monkeypatch.setenv("HOME", str(places[1]))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(places[2]))
    return places


async def palette_offers(app: SchoolLogApp, pilot: Pilot, query: str) -> list[str]:
    """Open the palette with ctrl+p, type `query` as a person would, and read the commands it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await type_text(pilot, query)
    for _ in range(40):  # the palette gathers hits in a worker and shows them in batches
        await pilot.pause(0.05)
        options = app.screen.query_one(CommandList)
        if options.option_count and not options.has_class("--populating"):
            break
    options = app.screen.query_one(CommandList)
    offered = option_texts(options)
    await pilot.press("escape")
    await pilot.pause()
    return offered


@pytest.mark.parametrize("who", [None, "dana", "tom"], ids=["locked", "dsl", "staff"])
def test_the_palette_offers_no_screenshot(school: Fixture, who: str | None) -> None:
    """The command palette (locked, as a DSL, as staff) lists no Screenshot, Theme or Maximize command and
    offers none when they are searched for, while a command that is there ("quit") is found the same way."""

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        if who is not None:
            await unlock(pilot, who)
            assert app.school is not None and app.school.me.username == who
        listed = await palette_offers(app, pilot, "")  # what the palette lists before anything is typed
        assert any("Keys" in text for text in listed) and any("Quit" in text for text in listed), listed
        assert not any(name in text.lower() for text in listed for name in ("screenshot", "theme", "maximize"))
        found = await palette_offers(app, pilot, "screenshot")
        assert not any("screenshot" in text.lower() for text in found), found
        assert any("Quit" in text for text in await palette_offers(app, pilot, "quit"))
        for name in ("theme", "maximize"):
            offered = await palette_offers(app, pilot, name)
            assert not any(name in text.lower() for text in offered), offered

    run_app(school.url, body)


def test_system_commands_are_only_keys_and_quit(school: Fixture) -> None:
    """The app's system commands, on the unlock screen and on a DSL's dashboard, are only Keys and Quit."""

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        assert [c.title for c in app.get_system_commands(app.screen)] == ["Keys", "Quit"]
        await unlock(pilot, "dana")
        assert [c.title for c in app.get_system_commands(app.screen)] == ["Keys", "Quit"]

    run_app(school.url, body)


def test_the_screenshot_action_writes_no_file(
    school: Fixture, empty_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even invoked directly (a key binding, a plugin), the screenshot action writes no file with what a
    DSL's screen shows, in the working directory, the home or downloads folder, or a folder it is given."""
    notices = record_notices(monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "dana")
        app.action_screenshot()
        app.action_screenshot("review.svg", str(empty_dirs[0]))
        await app.run_action("screenshot")
        await asyncio.sleep(0.3)  # Textual delivers a file from a worker thread
        await settle(pilot)
        assert "Screenshots are off" in " ".join(message for _, message in notices)

    run_app(school.url, body)
    for place in empty_dirs:
        assert list(place.rglob("*")) == [], place
