"""The first run in the app: a store with no school offers to create it; its first DSL imports the roster and
adds staff (each given a one-time code, never a passphrase), and a teacher's first concern is saved, all in
the app. Bad input at each step is one line under its field, never a crash."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Static, TextArea

from school_log.config import config_path, load_config
from school_log.founding import awaits_founding
from school_log.school import School
from tests.pilot import open_record, rows, run_app, settle, text_of, texts, type_text, unlock
from tests.stores import Store
from tui.app import SchoolLogApp
from tui.screens.confirm import ConfirmModal
from tui.screens.dashboard import DashboardScreen
from tui.screens.first_run import FirstRunScreen
from tui.screens.first_steps import RosterStep, StaffStep
from tui.screens.modal_form import FormModal
from tui.screens.new_passphrase import NewPassphraseModal
from tui.screens.next_steps import NextStepsScreen
from tui.screens.one_time_code import OneTimeCodeModal
from tui.screens.saved import SavedModal
from tui.screens.staff_home import StaffHomeScreen
from tui.screens.unlock import UnlockScreen

DANA = "lead of the safeguarding team"
TOM = "teaches year four maths"
#: A SIMS-style export: its own column names, a column the log does not keep, no household column.
ROSTER = (
    "UPN,Legal Forename,Legal Surname,DOB,Year,Reg,Contact 1 Name,Contact 1 Phone\n"
    "R100000000001,Jamie,Brook,02/04/2017,4,4B,Kim Brook,07700 900001\n"
    "F100000000002,Ella,Brook,15/09/2019,2,2A,Kim Brook,07700 900001\n"
)


async def press_enter_on(pilot: Pilot[int], field: str) -> None:
    pilot.app.screen.query_one(f"#{field}").focus()
    await pilot.press("enter")
    await settle(pilot)


async def fill_in(pilot: Pilot[int], fields: dict[str, str]) -> None:
    """Type each field's value over what it holds, as a person would (select all, type)."""
    for field, value in fields.items():
        box = pilot.app.screen.query_one(f"#{field}", Input)
        box.focus()
        box.value = ""
        await type_text(pilot, value)


async def found_the_school(pilot: Pilot[int]) -> None:
    """The DSL fills in the first-run form by keyboard: Enter moves on, Enter in the last box creates it."""
    screen = pilot.app.screen
    assert isinstance(screen, FirstRunScreen)
    assert screen.focused is screen.query_one("#school", Input)
    await type_text(pilot, "Oakfield Primary")
    await pilot.press("enter")
    await type_text(pilot, "123456")
    await pilot.press("enter", "enter")  # the time zone as offered: Europe/London
    await type_text(pilot, "dana")
    await pilot.press("enter")
    await type_text(pilot, "Dana Lead")
    await pilot.press("enter")
    await type_text(pilot, DANA)
    await pilot.press("enter")
    await type_text(pilot, DANA)
    await pilot.press("enter")
    await settle(pilot)


def test_from_an_empty_store_to_a_teacher_s_first_concern(store: Store, tmp_path: Path) -> None:
    """DSL creates the school → imports a small MIS roster (previewed, columns mapped) → adds a teacher, who is
    shown a one-time code → lock → the teacher unlocks with the code, sets their own passphrase → records a
    concern → saved. The CLI then reads it from the same store."""
    roster = tmp_path / "sims export.csv"
    roster.write_text(ROSTER)
    codes: list[str] = []

    async def dsl(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await settle(pilot)
        await found_the_school(pilot)
        assert isinstance(app.screen, RosterStep) and app.school is not None and app.school.is_dsl
        assert app.title == "Oakfield Primary"
        await type_text(pilot, str(roster))
        await pilot.press("enter")  # preview: nothing written yet
        await settle(pilot)
        assert text_of(pilot, "#roster-result").startswith("2 pupils in the file. Would import: 2 new")
        assert "Legal Forename → given_name" in text_of(pilot, "#roster-columns")
        assert [row[:3] for row in rows(app.screen.query_one("#roster-rows", DataTable))] == [
            ["R100000000001", "Jamie Brook", "2 Apr 2017"],
            ["F100000000002", "Ella Brook", "15 Sep 2019"],
        ]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(pilot, "#roster-result").startswith("2 pupils in the file. Imported: 2 new")
        assert app.screen.focused is app.screen.query_one("#next", Button)
        await pilot.press("enter")
        await settle(pilot)

        assert isinstance(app.screen, StaffStep)
        await pilot.press("enter")  # on "Add a member of staff"
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await type_text(pilot, "tom")
        await pilot.press("tab")
        await type_text(pilot, "Tom Teach")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OneTimeCodeModal)
        codes.append(text_of(pilot, "#one-time-code"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffStep)
        assert rows(app.screen.query_one("#accounts", DataTable))[1] == [
            "tom",
            "Tom Teach",
            "Staff",
            "awaiting their own passphrase",
        ]
        await pilot.press("escape")  # done
        await settle(pilot)
        assert isinstance(app.screen, NextStepsScreen)
        shown = text_of(pilot, "#next-steps")
        assert "Pupils: 2 on the roster" in shown and "Staff: 1 added, 1 still to set" in shown
        assert "URN 123456" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen) and app.school is None

    run_app(store.url, dsl)
    assert load_config().referrer.urn == "123456"

    async def teacher(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)  # the store has its school now: a plain login
        await unlock(pilot, "tom", codes[0])
        assert isinstance(app.screen, NewPassphraseModal)
        assert app.screen.focused is app.screen.query_one("#passphrase", Input)
        await type_text(pilot, TOM)
        await pilot.press("tab")
        await type_text(pilot, TOM)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        record = await open_record(pilot, "jamie")
        record.query_one("#what_happened", TextArea).focus()
        await type_text(pilot, "Bruise on his forehead at registration")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SavedModal)
        await pilot.press("enter")
        await settle(pilot)
        assert "Bruise on his forehead" in texts(pilot)

    run_app(store.url, teacher)
    dana = School.unlock(store.url, "dana", DANA)
    jamie = dana.roster.search("jamie")[0]
    [item] = dana.review.chronology(jamie.id).items
    assert item.author == "Tom Teach [unconfirmed]"  # written under a one-time code, until Tom confirms it
    assert item.entry.what_happened == "Bruise on his forehead at registration"
    assert School.unlock(store.url, "tom", TOM).me.name == "Tom Teach"


def test_bad_input_on_the_first_run_form_is_a_line_under_each_field(tmp_path: Path) -> None:
    """Empty name, a bad username, passphrases that differ, then a weak one, an unknown time zone: each is one
    line under its field, the first of them focused; nothing is created until all is well."""
    url = f"sqlite:///{tmp_path / 'school.db'}"

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        await fill_in(pilot, {"urn": "12", "timezone": "Mars/Olympus", "username": "D@na", "name": "Dana Lead"})
        await fill_in(pilot, {"passphrase": DANA, "repeat": DANA + "!"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = {field: text_of(pilot, f"#{field}-error") for field in ("school", "urn", "timezone", "username")}
        assert said["school"] == "Give the school's name"
        assert "six-digit URN" in said["urn"] and "not a time zone" in said["timezone"]
        assert "lower-case letters" in said["username"]
        assert "differ" in text_of(pilot, "#passphrase-error")
        assert screen.focused is screen.query_one("#school", Input)
        assert all("\n" not in line for line in said.values())
        await fill_in(pilot, {"school": "Oakfield", "urn": "123456", "timezone": "Europe/London", "username": "dana"})
        await fill_in(pilot, {"passphrase": "password1234", "repeat": "password1234"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "too easy to guess" in text_of(pilot, "#passphrase-error")
        assert not screen.query_one("#school-error", Static).display
        assert screen.focused is screen.query_one("#passphrase", Input)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("escape")  # typed content: asked first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "No school has been set up" in text_of(pilot, "#unlock-message")
        await pilot.click("#set-up")  # the form again, one click away
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)

    run_app(url, body)
    assert awaits_founding(url) and not config_path().exists()  # nothing created


def test_a_bad_roster_and_a_missing_file_are_a_line_under_the_path(tmp_path: Path) -> None:
    """In the roster step a file that is not there, and a row with a bad date, are each one line under the
    path; nothing is imported; skipping (Esc) goes on to staff."""
    url = f"sqlite:///{tmp_path / 'school.db'}"
    bad = tmp_path / "roster.csv"
    bad.write_text(ROSTER.replace("02/04/2017", "31/02/2017"))

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await settle(pilot)
        await found_the_school(pilot)
        assert isinstance(app.screen, RosterStep)
        await type_text(pilot, str(tmp_path / "nowhere.csv"))
        await pilot.press("enter")
        await settle(pilot)
        missing = text_of(pilot, "#roster-path-error")
        assert "nowhere.csv" in missing and "\n" not in missing
        app.screen.query_one("#roster-path", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
        wrong = text_of(pilot, "#roster-path-error")
        assert wrong == "roster.csv line 2, DOB: '31/02/2017' is not a date (use YYYY-MM-DD)"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StaffStep)

    run_app(url, body)
    assert School.unlock(url, "dana", DANA).roster.pupils() == []


def test_the_roster_step_asks_before_leaving_a_preview_and_then_says_next(tmp_path: Path) -> None:
    """A DSL who previews a roster and presses Esc is asked before the preview is left unimported (Stay, by
    mouse, keeps it on screen); once imported, Esc is offered as "Next: staff", not "Skip for now"."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)

    def escape_says(app: SchoolLogApp) -> str:
        shown = app.screen.active_bindings
        return shown["escape"].binding.description if "escape" in shown else ""

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await settle(pilot)
        await found_the_school(pilot)
        assert isinstance(app.screen, RosterStep) and escape_says(app) == "Skip for now"
        await type_text(pilot, str(roster))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "not imported" in text_of(pilot, "#question")
        await pilot.click("#no")  # Stay
        await settle(pilot)
        assert isinstance(app.screen, RosterStep)
        assert "Would import: 2 new" in text_of(pilot, "#roster-result")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert escape_says(app) == "Next: staff"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StaffStep)

    run_app(f"sqlite:///{tmp_path / 'school.db'}", body)
