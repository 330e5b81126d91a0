"""The unlock prompt puts the cursor where the next thing to type is, and a passphrase never
lands in the username box; quit is in the footer; `f` on the body map asks for nothing."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Footer, Input

from tests.factory import PASSPHRASES, Fixture
from tests.keyboard import keys_for
from tests.pilot import JAMIE, Host, record_notices, run, run_app, settle, unlock
from tui.app import SchoolLogApp
from tui.screens.chronology import ChronologyScreen
from tui.screens.staff_home import StaffHomeScreen
from tui.screens.unlock import UnlockScreen


def test_after_a_lock_username_tab_passphrase_still_unlocks(school: Fixture) -> None:
    """First unlock: the cursor is in the empty username box. After ctrl+l it waits in the
    passphrase box (the name is filled in); typing the name anyway, Tab, then the passphrase
    unlocks, and the username box never shows any of the passphrase."""

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        prompt = app.screen
        assert isinstance(prompt, UnlockScreen) and prompt.focused is prompt.query_one("#username")
        await unlock(pilot, "tom")
        await pilot.press("ctrl+l")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, UnlockScreen)
        username = prompt.query_one("#username", Input)
        assert username.value == "tom" and prompt.focused is prompt.query_one("#passphrase")
        await pilot.press(*keys_for("tom"), "tab", *keys_for(PASSPHRASES["tom"]))
        await pilot.pause()
        assert username.value == "tom"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(school.url, body)


def test_quit_is_in_the_footer(school: Fixture) -> None:
    """ctrl+q is listed in the footer, so nobody has to guess how to leave."""

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "tom")
        assert "ctrl+q" in app.screen.active_bindings
        binding = app.screen.active_bindings["ctrl+q"].binding
        assert binding.show and binding.description == "Quit"
        assert app.screen.query(Footer)

    run_app(school.url, body)


def test_f_on_the_body_map_view_says_nothing_wrong(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With the cumulative body map shown, `f` (referral outcome, about a timeline entry) is not
    offered: no "Select a decision first", no dialog; back on the timeline it works again."""
    notices = record_notices(monkeypatch)

    async def body(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert pilot.app.screen is screen and notices == []
        await pilot.press("m", "f")
        await pilot.pause()
        assert [message for _, message in notices] == ["Select a decision in the chronology first."]

    run(Host(school.open("dana"), lambda: ChronologyScreen(JAMIE)), body)
