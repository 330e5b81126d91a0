"""Searching every entry from the dashboard, and opening the chronology at the entry found."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import Host, option_texts, run, settle, text_of
from tui.screens.chronology import ChronologyScreen
from tui.screens.search import SearchModal


def test_search_finds_entries_and_opens_the_chronology_at_the_one_chosen(school: Fixture) -> None:
    """`e`, words, Enter lists the matching entries; Enter on one opens that pupil's chronology
    with the cursor on that entry (not on the newest)."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SearchModal)
        await pilot.press(*keys_for("bruise arm"), "enter")
        await settle(pilot)
        results = pilot.app.screen.query_one("#results", OptionList)
        assert text_of(pilot, "#search-status") == "2 entries found"
        prompts = option_texts(results)
        assert prompts[0].startswith("18 Nov 2026 · Concern · Jamie Brook: Another bruise")
        assert prompts[1].startswith("10 Nov 2026 · Concern · Jamie Brook: Bruise on upper arm")
        await pilot.press("down", "enter")
        await pilot.pause()
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen)
        table = chronology.query_one("#entries", DataTable)
        assert table.cursor_row == 0 and "#1 Concern" in text_of(pilot, "#entry")

    run(Host(school.open("dana")), body)


def test_a_search_with_no_match_says_so(school: Fixture) -> None:
    """Words found nowhere give "Nothing found.", not an empty list."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("e", *keys_for("zzqx"), "enter")
        await settle(pilot)
        assert text_of(pilot, "#search-status") == "Nothing found."

    run(Host(school.open("dana")), body)
