"""The concern form as issue 22 found it: by mouse, dropdowns, the mark form's order and its size box."""

from __future__ import annotations

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList
from textual.widgets._footer import FooterKey

from school_log.model import Concern
from tests.factory import make_school
from tests.pilot import JAMIE, open_record, run_app, settle, text_of, type_text, unlock
from tui.app import SchoolLogApp
from tui.screens.body_map_screen import BodyMapScreen
from tui.screens.mark_form import MarkFormModal
from tui.screens.saved import SavedModal
from tui.widgets.body_figures import region_centre

CLICK_GOAL = 15
"""Clicks to the saved notice for the realistic concern (issue 22), typing only the words."""


class Clicks:
    """Clicks through the pilot, counted."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot, self.count = pilot, 0

    async def on(self, selector: str, offset: tuple[int, int] = (1, 0)) -> None:
        self.count += 1
        await self.pilot.click(selector, offset=offset)
        await self.pilot.pause()

    async def footer(self, key: str) -> None:
        """A click on the footer's key (always in sight, however far the form is scrolled)."""
        [shown] = [k for k in self.pilot.app.screen.query(FooterKey) if k.key == key]
        self.count += 1
        await self.pilot.click(shown)
        await settle(self.pilot)

    async def region(self, region_id: str) -> None:
        """A click on the body map, in the middle of a region (inside the map's border and padding)."""
        cell = region_centre(region_id)
        await self.on("BodyMap", offset=(cell.x + 2, cell.y + 1))


def test_the_realistic_concern_by_mouse_takes_at_most_15_clicks(tmp_path, monkeypatch):
    """By mouse, typing only the words: pupil, where, two categories, what happened, the child's
    words, urgent, a mark on the front and one on the back (each type chosen by its first letter),
    saved — in at most 15 clicks, and the DSL gets it all."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        clicks = Clicks(pilot)
        await pilot.press("n")  # the home screen's own button is tested elsewhere; the form is what is counted
        await type_text(pilot, "jamie")
        await clicks.on(".pupil-options", (2, 1))
        await clicks.on("#location")
        await type_text(pilot, "hall")
        await clicks.on("#categories", (4, 1))  # Physical abuse
        await clicks.on("#categories", (4, 2))  # Emotional abuse
        await clicks.on("#what_happened")
        await type_text(pilot, "Bruise on his forehead and a mark on his back")
        await clicks.on("#child_words")
        await type_text(pilot, "Dad did it")
        await clicks.on("#urgent")
        await clicks.footer("f2")  # the body map
        assert isinstance(app.screen, BodyMapScreen)
        await clicks.region("forehead")
        assert isinstance(app.screen, MarkFormModal)
        await type_text(pilot, "b")
        await clicks.on("#save")
        await clicks.region("lower-back")
        await type_text(pilot, "m")
        await clicks.on("#save")
        await clicks.on("#done")
        await clicks.footer("ctrl+s")  # save
        await clicks.on("#yes")
        assert isinstance(app.screen, SavedModal)
        assert clicks.count <= CLICK_GOAL, clicks.count

    run_app(fixture.url, body, size=(100, 50))
    [item] = fixture.open("dana").review.chronology(JAMIE).items
    concern = item.entry
    assert isinstance(concern, Concern) and concern.urgent and concern.child_words == "Dad did it"
    assert set(concern.categories) == {"physical", "emotional"}
    assert [(m.region, m.type) for m in concern.body_marks] == [("forehead", "bruise"), ("lower-back", "mark")]


async def _to_mark_form(pilot: Pilot) -> MarkFormModal:
    await unlock(pilot, "tom")
    await open_record(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, MarkFormModal)
    return form


def test_a_dropdown_opens_on_no_option_and_letters_choose(tmp_path, monkeypatch):
    """ "Down, Enter" on the type of mark picks the first type (Bruise), not the second; typing letters
    goes to the type they start, the same letter again to the next one."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        form = await _to_mark_form(pilot)
        kind = form.query_one("#type", Select)
        await pilot.press("down", "down", "enter")  # open, first option, pick
        await pilot.pause()
        assert kind.value == "bruise"
        await pilot.press("s")
        assert kind.value == "scald"
        await pilot.press("s")
        assert kind.value == "scratch"
        await pilot.press("s", "w")
        assert kind.value == "swelling"

    run_app(fixture.url, body)


def test_the_mark_form_goes_type_then_size_and_the_size_refuses_letters(tmp_path, monkeypatch):
    """Tab from the type goes to the size, so "40" lands there; letters typed in the size are refused
    at once and the form says the size takes a number (they used to leave a lone "-")."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        form = await _to_mark_form(pilot)
        await pilot.press("b", "tab")
        await type_text(pilot, "40")
        size = form.query_one("#size_mm", Input)
        assert app.focused is size and size.value == "40"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "four oval - purple")
        assert size.value == ""
        assert "numbers only" in text_of(pilot, "#size-error")

    run_app(fixture.url, body)


def test_who_you_told_offers_the_dsls_to_tick(tmp_path, monkeypatch):
    """The school's DSLs are listed to tick under "Who you told"; anyone else is typed; both are kept."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        form = await open_record(pilot)
        told = form.query_one("#informed_dsls", SelectionList)
        assert [told.get_option_at_index(i).prompt for i in range(told.option_count)] == [
            "Dana Lead",
            "Derek Deputy",
        ]
        told.focus()
        await pilot.press("d", "space")
        assert form.form_data()["informed"][:1] == ["Dana Lead"]
        form.query_one("#informed", Input).value = "class teacher"
        assert [t.strip() for t in form.form_data()["informed"]] == ["Dana Lead", "class teacher"]

    run_app(fixture.url, body)


def _labels_cut_or_wrapped(screen: Screen[object]) -> list[str]:
    """The texts of the screen's form labels in side-by-side rows that do not fit on one line of their column."""
    return [
        str(label.render())
        for label in screen.query(".log-row .log-label").results(Label)
        if cell_len(str(label.render())) > min(label.content_size.width, _column_width(label))
    ]


def _column_width(label: Label) -> int:
    column = label.parent
    assert isinstance(column, Widget)
    return column.content_size.width


def test_every_label_of_the_concern_and_mark_forms_is_read_whole_at_80_columns(tmp_path, monkeypatch):
    """At 80x24 no label beside another is cut ("When (YYYY-MM-DD HH:MM, Europe/London" lost its end,
    "Size (mm, longest" too) or wrapped onto a second line that pushes its field below its neighbour's."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await open_record(pilot)
        assert app.screen.query(".log-row .log-label")
        assert _labels_cut_or_wrapped(app.screen) == []
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MarkFormModal)
        assert _labels_cut_or_wrapped(app.screen) == []

    run_app(fixture.url, body, size=(80, 24))
