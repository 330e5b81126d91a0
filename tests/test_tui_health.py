"""The DSL's health screen: a pupil's known conditions (care plan, birthmarks) read and recorded in the app."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from school_log.model import KnownCondition
from tests.factory import Fixture
from tests.pilot import JAMIE, Host, option_texts, rows, run, run_app, settle, text_of, type_text, unlock
from tui.app import SchoolLogApp
from tui.screens.chronology import ChronologyScreen
from tui.screens.health import HealthModal, HealthScreen
from tui.widgets.choices import TickList
from tui.widgets.pupil_picker import PupilPickerModal


def test_dsl_records_a_birthmark_with_its_place_from_the_chronology(school: Fixture) -> None:
    """`k` on a chronology lists the child's known conditions (none yet); `n` opens the form; a birthmark with
    no place on the body is refused beside that field and nothing is written; with the lower back ticked it is
    saved, listed with its place and the marks it explains, and the chronology shows it as an entry and names it
    in the pupil's header (the footer may not show `k` in a narrow terminal)."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)

    async def body(pilot: Pilot[None]) -> None:
        chronology = pilot.app.screen
        await pilot.press("k")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HealthScreen)
        assert rows(screen.query_one("#conditions", DataTable))[0][0] == "None recorded (n: record one)"
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, HealthModal)
        form.query_one("#condition", Select).value = "birthmark"
        form.query_one("#name", Input).focus()
        await type_text(pilot, "Mongolian blue spots")
        form.query_one("#source", Input).focus()
        await type_text(pilot, "red book; health visitor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert "Say where the birthmark is" in str(form.query_one("#regions-error").render())
        form.query_one("#regions", TickList).select("lower-back")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        [row] = rows(screen.query_one("#conditions", DataTable))
        assert row[:4] == ["Birthmark", "Mongolian blue spots", "Lower back", "mark, bruise"]
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is chronology
        assert "Known health: Mongolian blue spots (k)" in text_of(pilot, "#pupil-header")
        assert "Known condition: Mongolian blue spots (Lower back)" in " ".join(
            " ".join(r) for r in rows(chronology.query_one("#entries", DataTable))
        )

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    [condition] = [e for e in dana.log.entries([jamie.id], purpose="test") if isinstance(e, KnownCondition)]
    assert condition.regions == ("lower-back",) and condition.source == "red book; health visitor"


def test_the_palette_opens_a_pupils_health_conditions(school: Fixture) -> None:
    """In the app, a DSL's ctrl+p "Health conditions…" asks which pupil, then shows that pupil's health screen."""

    async def body(app: SchoolLogApp, pilot: Pilot[int]) -> None:
        await unlock(pilot, "dana")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Health")
        for _ in range(40):  # the palette gathers hits in a worker
            await pilot.pause(0.05)
            options = app.screen.query_one(CommandList)
            if options.option_count and not options.has_class("--populating"):
                break
        assert "Health conditions…" in option_texts(app.screen.query_one(CommandList))[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PupilPickerModal)
        await type_text(pilot, "Jamie")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HealthScreen)
        assert "Known health conditions: Jamie Brook" in text_of(pilot, "#health-title")

    run_app(school.url, body)
