"""One-time codes in the app: a DSL adding or resetting an account gets a code, the person sets their own
passphrase, and at their next unlock confirms or disputes that they used the code."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from school_log.errors import AuthError
from school_log.school import School
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.pilot import Host, rows, run_app, settle, text_of, unlock
from tui.app import SchoolLogApp
from tui.screens.code_answer import CodeAnswerModal
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
            assert ["tom", "Tom Teach", "Staff", "awaiting their own passphrase"] in rows(table)

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


def test_a_new_account_s_owner_sets_their_passphrase_then_is_asked_about_the_code(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A person added by a DSL unlocks with the one-time code and must choose their own passphrase; what they
    write then is marked [unconfirmed] on their home; at their next unlock they are told who made the account
    and when, when the code was used and how many entries since, and `c` confirms it: the mark goes."""
    school = make_school(tmp_path, monkeypatch)
    code = school.open("dana").staff.add("nina", "Nina New", "staff")

    async def first(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "nina", code)
        assert isinstance(app.screen, NewPassphraseModal)
        app.screen.query_one("#passphrase", Input).value = NEW
        app.screen.query_one("#repeat", Input).value = NEW
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)  # not asked in the unlock that used the code

    run_app(school.url, first)
    nina = School.unlock(school.url, "nina", NEW)
    nina.log.record_concern(
        {"pupil": "R100000000001", "what_happened": "Quiet all morning", "occurred_at": "2026-11-23T09:00:00Z"}
    )

    async def second(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "nina", NEW)
        assert isinstance(app.screen, CodeAnswerModal)
        told = text_of(pilot, "#code-notice")
        assert "Your account was made by Dana Lead on 23 Nov 2026 10:00 UTC" in told
        assert "entries since then: 1 (not yet confirmed)" in told
        await pilot.press("escape")  # later: nothing answered
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        listed = app.screen.query_one("#entries", OptionList)
        assert str(listed.get_option_at_index(0).prompt).startswith("[unconfirmed] ")

    run_app(school.url, second)

    async def third(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "nina", NEW)
        assert isinstance(app.screen, CodeAnswerModal)  # asked again
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        listed = app.screen.query_one("#entries", OptionList)
        assert "[unconfirmed]" not in str(listed.get_option_at_index(0).prompt)

    run_app(school.url, third)
    assert not School.unlock(school.url, "nina", NEW).staff.codes_to_answer()


def test_a_dispute_in_the_app_marks_the_entries_for_the_dsl(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Tom, reset, sets his passphrase and at the next unlock disputes the code (`d`): the concern written under
    it shows "[disputed]" beside his name in the DSL's chronology."""
    school = make_school(tmp_path, monkeypatch)
    code = school.open("dana").staff.reset("tom")
    tom = School.unlock(school.url, "tom", code)
    tom.staff.change_passphrase(code, NEW)
    tom.log.record_concern(
        {"pupil": "R100000000001", "what_happened": "Not written by Tom", "occurred_at": "2026-11-23T09:00:00Z"}
    )

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "tom", NEW)
        assert isinstance(app.screen, CodeAnswerModal)
        assert "reset by Dana Lead" in text_of(pilot, "#code-notice")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(school.url, body)
    items = school.open("dana").review.chronology("R100000000001").items
    assert [i.author for i in items] == ["Tom Teach [disputed]"]
