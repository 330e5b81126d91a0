"""Searching every entry from the dashboard, and opening the chronology at the entry found."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from school_log.roster_files.rows import RosterRow
from school_log.upn import check_letter
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import Host, option_texts, run, settle, text_of
from tui.screens.chronology import ChronologyScreen
from tui.screens.record import RecordScreen
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


def test_the_pupil_picker_finds_a_name_typed_without_its_accents(school: Fixture) -> None:
    """ "zoe", "luk", "nguyen" and "ZOË" all find Zoë Łukasiewicz-Nguyễn in the concern form's
    picker (Ł is a letter of its own, not an L with an accent, and is found by "l" too)."""
    dsl = school.open("dana")
    upn = f"{check_letter('100000000077')}100000000077"
    dsl.roster.import_rows([RosterRow(upn, "Zoë", "Łukasiewicz-Nguyễn", date(2017, 3, 3), "4", "H-ZOE")])

    async def body(pilot: Pilot[None]) -> None:
        for typed in ("zoe", "luk", "nguyen", "ZOË", "zoe lukasiewicz"):
            search = pilot.app.screen.query_one(".pupil-search", Input)
            search.value = ""
            search.focus()
            await pilot.press(*keys_for(typed))
            await settle(pilot)
            found = option_texts(pilot.app.screen.query_one(".pupil-options", OptionList))
            assert found and found[0].startswith("Zoë Łukasiewicz-Nguyễn"), (typed, found)

    run(Host(dsl, RecordScreen), body)


def test_search_ignores_accents_and_case_and_shows_the_words_it_matched(school: Fixture) -> None:
    """ "BRUISÉ ARM" finds what "bruise arm" finds, and each result says which of its words matched,
    so the DSL sees why it is listed without opening it."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("e", *keys_for("BRUISÉ ARM"), "enter")
        await settle(pilot)
        assert text_of(pilot, "#search-status") == "2 entries found"
        results = option_texts(pilot.app.screen.query_one("#results", OptionList))
        matched = [line.split("matched: ")[1] for line in results]
        assert all("arm" in words.split(", ") for words in matched), matched
        assert all(any(w.casefold().startswith("bruise") for w in words.split(", ")) for words in matched)

    run(Host(school.open("dana")), body)
