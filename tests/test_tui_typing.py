"""Fast typing lands where the person meant it: every key in order, in the field that had focus."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, SelectionList, TextArea

from tests.factory import make_school
from tests.keyboard import burst, keys_for
from tests.pilot import option_texts, run_app, unlock
from tui.app import SchoolLogApp
from tui.screens.record import RecordScreen


def test_a_burst_of_typing_goes_into_the_fields_it_was_meant_for(tmp_path, monkeypatch):
    """Typed faster than the app handles keys, the pupil is picked, `When` keeps its value and
    "playground" lands in Where (it used to make `When` read `09:1playgr`)."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await burst(pilot, "n", *keys_for("jamie"), "enter", "tab", *keys_for("playground"), "tab", "tab")
        record = app.screen
        assert isinstance(record, RecordScreen)
        assert record.query_one("#pupil").pupil.name == "Jamie Brook"
        assert record.query_one("#occurred_at", Input).value == "2026-11-23 10:00"
        assert record.query_one("#location", Input).value == "playground"

    run_app(fixture.url, body)


def test_a_fast_click_type_click_keeps_both_ticks_and_the_words(tmp_path, monkeypatch):
    """Clicks wait in the keys' queue (issue 22): clicking Urgent, clicking into the child's words, typing and
    clicking another tick, all before the app has handled the first, ticks both boxes and puts the words in
    the text box (the second click used to come first, and the typing's spaces unticked it)."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await pilot.press("n")
        record = app.screen
        assert isinstance(record, RecordScreen)
        urgent = record.query_one("#urgent", Checkbox)
        words, frightened = record.query_one("#child_words", TextArea), record.query_one("#frightened_to_go_home")
        assert frightened.region.bottom <= record.size.height, "all three on screen at once"
        await burst(pilot, urgent, words, *keys_for("I fell off the wall"), frightened)
        assert urgent.value and record.query_one("#frightened_to_go_home", Checkbox).value
        assert words.text == "I fell off the wall"

    run_app(fixture.url, body, size=(100, 120))  # the whole form on one screen


def test_tabbing_into_a_field_does_not_select_it(tmp_path, monkeypatch):
    """Tabbing back into `When` and pressing Backspace deletes one character, not the whole date."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await burst(pilot, "n", *keys_for("jamie"), "enter", "tab", "shift+tab", "backspace", "0")
        record = app.screen
        assert isinstance(record, RecordScreen)
        assert record.query_one("#occurred_at", Input).value == "2026-11-23 10:00"

    run_app(fixture.url, body)


def test_the_picker_says_when_no_pupil_matches_and_ticks_read_without_colour(tmp_path, monkeypatch):
    """Typing a name nobody has says "No pupil matches 'zzqx'" instead of an empty list; the urgent
    box shows X once ticked and an empty box before; categories carry their full names."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await burst(pilot, "n", *keys_for("zzqx"))
        record = app.screen
        assert isinstance(record, RecordScreen)
        options = record.query_one("#pupil").query_one(OptionList)
        assert options.option_count == 1
        assert str(options.get_option_at_index(0).prompt).startswith("No pupil matches 'zzqx'")
        urgent = record.query_one("#urgent", Checkbox)
        assert "▐ ▌" in str(urgent.render())
        urgent.focus()
        await pilot.press("space")
        assert urgent.value and "▐X▌" in str(urgent.render())
        categories = record.query_one("#categories", SelectionList)
        labels = option_texts(categories)
        assert "Child sexual exploitation (CSE)" in labels and "Domestic abuse" in labels

    run_app(fixture.url, body)
