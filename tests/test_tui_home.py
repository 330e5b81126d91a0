"""The teacher's home after saving: the new entry is the one highlighted, so `a` adds to the right child."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from tests.factory import make_school
from tests.pilot import open_record, run_app, settle, type_text, unlock
from tui.app import SchoolLogApp
from tui.screens.addendum import AddendumModal
from tui.screens.saved import SavedModal
from tui.screens.staff_home import StaffHomeScreen


def test_after_saving_the_new_entry_is_highlighted_and_focused(tmp_path, monkeypatch):
    """With an older entry about Jamie highlighted, saving one about Noah highlights Noah's;
    `a` then opens an addendum about Noah, not Jamie."""
    fixture = make_school(tmp_path, monkeypatch)
    fixture.open("tom").log.record_concern({"pupil": "R100000000001", "what_happened": "Jamie hungry at lunch"})

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        home = app.screen
        assert isinstance(home, StaffHomeScreen)
        record = await open_record(pilot, "noah")
        record.query_one("#what_happened", TextArea).focus()
        await type_text(pilot, "Noah limping")
        await pilot.press("ctrl+s", "y", "enter")
        await settle(pilot)
        assert app.screen is home
        entries = home.query_one("#entries", OptionList)
        assert home.focused is entries
        assert "Noah Field" in str(entries.highlighted_option.prompt)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddendumModal)
        about = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Noah Field" in about and "Jamie" not in about

    run_app(fixture.url, body)


def test_saving_by_mouse_shows_the_reference_and_keeps_the_app_running(tmp_path, monkeypatch):
    """Clicking "Save concern", then Save, then OK (all with the mouse) shows the reference and
    goes back to the home with the new entry: it used to crash the app (a screen awaiting its
    own dismiss from its click handler)."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        home = app.screen
        record = await open_record(pilot, "noah")
        record.query_one("#what_happened", TextArea).focus()
        await type_text(pilot, "Noah limping")
        record.query_one("#save").scroll_visible(animate=False)
        await pilot.pause()
        assert await pilot.click("#save")
        await pilot.pause()
        assert await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, SavedModal)
        reference = str(app.screen.query_one("#reference", Static).render())
        assert reference.startswith("Reference: C-")
        assert await pilot.click("#ok")
        await settle(pilot)
        assert app.is_running and app.screen is home
        assert "Noah Field" in str(home.query_one("#entries", OptionList).highlighted_option.prompt)

    run_app(fixture.url, body)
