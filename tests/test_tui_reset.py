"""A forgotten passphrase, in the app: the DSL gets a one-time code, the person sets their own passphrase."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Input, Static

from school_log.errors import AuthError
from school_log.school import School
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.pilot import Host, rows, settle, unlock
from tui.app import SchoolLogApp
from tui.screens.new_passphrase import NewPassphraseModal
from tui.screens.one_time_code import OneTimeCodeModal
from tui.screens.staff_admin import StaffAdminScreen
from tui.screens.staff_home import StaffHomeScreen

NEW = "my own phrase for the new term"


def _reset_in_the_app(school: Fixture) -> str:
    """The DSL resets tom on the staff screen and reads the code off the screen."""
    shown: list[str] = []

    async def scenario() -> None:
        host = Host(school.open("dana"), StaffAdminScreen)
        async with host.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            table = pilot.app.screen.query_one("#accounts", DataTable)
            table.move_cursor(row=[r[0] for r in rows(table)].index("tom"))
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, OneTimeCodeModal)
            shown.append(str(pilot.app.screen.query_one("#one-time-code", Static).render()))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, StaffAdminScreen)
            table = pilot.app.screen.query_one("#accounts", DataTable)
            assert ["tom", "Tom Teach", "Staff", "reset: awaiting a new passphrase"] in rows(table)

    asyncio.run(scenario())
    return shown[0]


def test_a_reset_shows_a_one_time_code_and_the_person_sets_their_own_passphrase(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The DSL never chooses the passphrase: the reset shows a code once; the first unlock with it asks for a new
    passphrase (twice), then opens the person's home; afterwards only the new passphrase works."""
    school = make_school(tmp_path, monkeypatch)
    code = _reset_in_the_app(school)
    assert len(code) == 24 and code.count("-") == 4

    async def scenario() -> None:
        app = SchoolLogApp(school.url)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await unlock(pilot, "tom", code)
            assert isinstance(app.screen, NewPassphraseModal)
            app.screen.query_one("#passphrase", Input).value = NEW
            app.screen.query_one("#repeat", Input).value = NEW
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, StaffHomeScreen)

    asyncio.run(scenario())
    assert School.unlock(school.url, "tom", NEW).me.username == "tom"
    with pytest.raises(AuthError):
        School.unlock(school.url, "tom", PASSPHRASES["tom"])
