"""The DSL's screens end to end against a real temporary vault: review, chronology, decisions, admin."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.data_table import ColumnKey

from school_log.errors import IntegrityError
from school_log.model import Decision, Notification, ReferralOutcome
from school_log.review import Review
from school_log.school import School
from tests.factory import PASSPHRASES, Fixture
from tests.pilot import JAMIE, SIZE, Host, record_notices, rows, run, settle, text_of
from tui.app import SchoolLogApp
from tui.screens.chronology import ChronologyScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.decision import DecisionModal
from tui.screens.one_time_code import OneTimeCodeModal
from tui.screens.roster_import import RosterImportScreen
from tui.screens.staff_admin import StaffAdminScreen
from tui.screens.unlock import UnlockScreen
from tui.widgets.body_figures import mark_cell
from tui.widgets.body_map import BodyMap
from tui.widgets.cumulative_map import CumulativeMap

ARM = "left-upper-arm-front"


def test_dashboard_lists_pupils_with_flag_badges(school: Fixture) -> None:
    """The DSL sees each pupil once, strongest first, with their prompt and flag badges."""

    async def body(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one("#review", DataTable)
        shown = rows(table)
        assert [r[0] for r in shown] == ["Jamie Brook", "Elly Brook"]
        jamie, elly = shown
        assert jamie[1:5] == ["Y4", "Consider referral", "2", "new"]  # below 120 columns the UPN makes room
        # the why pane lists all five; "I don't want to go home" in his words is heard (issue 25)
        assert jamie[5] == "5 flags: recurrent, same place, +3"
        assert "[agency]" in elly[5]
        assert "Same place injured again: left upper arm front on 2 occasions" in text_of(pilot, "#why")
        assert "Elly Brook — Police · Operation Encompass" in str(
            pilot.app.screen.query_one("#notifications", OptionList).get_option_at_index(0).prompt
        )

    run(Host(school.open("dana")), body)


def test_moving_down_the_list_explains_the_selected_pupil(school: Fixture) -> None:
    """The panel under the list always explains why the highlighted pupil is there."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("down")
        assert "Police (Operation Encompass) notification not yet reviewed" in text_of(pilot, "#why")

    run(Host(school.open("dana")), body)


def test_enter_opens_chronology_with_authors(school: Fixture) -> None:
    """Enter on a pupil opens their chronology: every entry in time order with who wrote it."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ChronologyScreen)
        shown = rows(screen.query_one("#entries", DataTable))
        assert [(r[2], r[3], r[4]) for r in shown] == [
            ("10 Nov 2026", "Concern", "Tom Teach (staff)"),
            ("18 Nov 2026", "Concern", "Tara Tutor (staff)"),
        ]
        header = text_of(pilot, "#pupil-header")
        assert (
            "Jamie Brook" in header and "born 2 Apr 2017 (age 9)" in header and "Household: Elly Brook (Y2)" in header
        )
        detail = text_of(pilot, "#entry")
        assert "The child's words" in detail and "Opinion (the author's view, not fact)" in detail
        assert "Bruise, Left upper arm (front), 20 mm, purple; no explanation" in detail

    run(Host(school.open("dana")), body)


def test_decision_through_the_modal_clears_the_pupil(school: Fixture) -> None:
    """A decision recorded by keyboard covers the open entries and takes the pupil off the list."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "d")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, DecisionModal)
        await pilot.click("#outcome")
        await pilot.press(*"Monitor", "enter")
        await pilot.click("#level")
        await pilot.press("2", "enter")
        await pilot.click("#rationale")
        await pilot.press(*"Two bruises explained by a fall at football; monitor closely")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Outcome: Monitor in school" in text_of(pilot, "#question")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        assert [r[3] for r in rows(pilot.app.screen.query_one("#entries", DataTable))][-1] == "Decision"
        await pilot.press("escape")
        await settle(pilot)
        assert [r[0] for r in rows(pilot.app.screen.query_one("#review", DataTable))] == ["Elly Brook"]

    dana = school.open("dana")
    run(Host(dana), body)
    decisions = [i.entry for i in dana.review.chronology(JAMIE).items if isinstance(i.entry, Decision)]
    assert (
        len(decisions) == 1
        and decisions[0].outcome == "monitor"
        and decisions[0].level == 2
        and len(decisions[0].covers) == 2
    )


def test_rationale_is_required_and_nothing_is_written(school: Fixture) -> None:
    """Saving a decision with no reasons shows the error under Rationale and writes nothing."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "d")
        await pilot.pause()
        await pilot.click("#outcome")
        await pilot.press(*"No further", "enter")
        await pilot.click("#level")
        await pilot.press("1", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DecisionModal)
        assert text_of(pilot, "#rationale-error") == "This is required"
        assert pilot.app.screen.query_one("#rationale-error").display

    dana = school.open("dana")
    run(Host(dana), body)
    assert not any(isinstance(i.entry, Decision) for i in dana.review.chronology(JAMIE).items)


def test_referring_asks_for_the_agency(school: Fixture) -> None:
    """Choosing a referral shows the agency fields and will not save without the agency named."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "d")
        await pilot.pause()
        referral = pilot.app.screen.query_one("#referral")
        assert not referral.display
        await pilot.click("#outcome")
        await pilot.press(*"Refer to children", "enter")
        await pilot.pause()
        assert referral.display
        await pilot.click("#level")
        await pilot.press("3", "enter")
        await pilot.click("#rationale")
        await pilot.press(*"Repeated bruising, child afraid to go home")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#agency-error") == "Name the agency when referring"

    run(Host(school.open("dana")), body)


def test_flag_selection_marks_its_entries(school: Fixture) -> None:
    """Choosing a flag marks the entries it rests on and puts the cursor on the first of them."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ChronologyScreen)
        table = screen.query_one("#entries", DataTable)
        assert table.cursor_row == 1
        flags = screen.query_one("#flags", OptionList)
        index = next(i for i in range(flags.option_count) if "Same place" in str(flags.get_option_at_index(i).prompt))
        flags.focus()
        flags.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["▶", "▶"]
        assert table.cursor_row == 0 and screen.focused is table

    run(Host(school.open("dana")), body)


def test_household_toggle_shows_sibling_entries_labelled(school: Fixture) -> None:
    """`h` interleaves siblings' entries, each labelled with whose record it is on."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        table = pilot.app.screen.query_one("#entries", DataTable)
        assert len(rows(table)) == 2
        await pilot.press("h")
        await pilot.pause()
        shown = rows(table)
        assert len(shown) == 3
        assert shown[2][3] == "Notification" and shown[2][5].startswith("[sibling: Elly Brook] Police:")
        table.move_cursor(row=2)
        await pilot.pause()
        assert "[sibling: Elly Brook]" in text_of(pilot, "#entry")
        await pilot.press("h")
        await pilot.pause()
        assert len(rows(table)) == 2

    run(Host(school.open("dana")), body)


def test_cumulative_map_shows_repeated_region(school: Fixture) -> None:
    """The body map holds every mark ever recorded; a place marked twice is drawn as a repeat."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "m")
        await pilot.pause()
        history = pilot.app.screen.query_one(CumulativeMap)
        assert history.repeats == {ARM}
        body_map = history.query_one(BodyMap)
        cell = mark_cell(body_map.marks[0])
        assert cell is not None and body_map.is_repeat_cell(cell.x, cell.y)
        caption = str(history.query_one("#map-caption", Static).render())
        assert (
            "all time" in caption
            and "2 in 1 region" in caption
            and "marked more than once: Left upper arm (front)" in caption
        )
        await pilot.press("p")
        await pilot.pause()
        assert "last 90 days" in str(history.query_one("#map-caption", Static).render())

    run(Host(school.open("dana")), body)


def test_cumulative_map_follows_the_cursor_on_a_small_terminal(school: Fixture) -> None:
    """At 80x24 the body map is taller than its pane: walking down to the feet scrolls them into view."""

    async def scenario() -> None:
        async with Host(school.open("dana")).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("enter", "m")
            await pilot.pause()
            pane = pilot.app.screen.query_one("#map-pane")
            body_map = pane.query_one(BodyMap)
            await pilot.press(*["down"] * 20)
            await pilot.pause()
            assert body_map.cursor_region.id.endswith("foot-front")
            cursor_row = body_map.content_region.y + body_map.cursor.y
            assert pane.content_region.y <= cursor_row < pane.content_region.bottom

    asyncio.run(scenario())


def test_notification_from_chronology_is_filed_on_that_pupil(school: Fixture) -> None:
    """`o` records an agency notification about the pupil whose chronology is open."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "o")
        await pilot.pause()
        await pilot.click("#agency")
        await pilot.press(*"Health", "enter")
        await pilot.click("#summary")
        await pilot.press(*"School nurse: missed appointments")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        assert rows(pilot.app.screen.query_one("#entries", DataTable))[-1][3] == "Notification"

    dana = school.open("dana")
    run(Host(dana), body)
    notes = [i.entry for i in dana.review.chronology(JAMIE).items if isinstance(i.entry, Notification)]
    assert len(notes) == 1 and notes[0].agency == "health"


def test_notification_from_dashboard_puts_pupil_on_the_list(school: Fixture) -> None:
    """`n` on the dashboard picks any pupil, records the call, and the list shows them on return."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("n", *"noah", "enter")
        await pilot.pause()
        await pilot.click("#agency")
        await pilot.press(*"Police", "enter")
        await pilot.click("#summary")
        await pilot.press(*"Police attended a disturbance at home")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        shown = {r[0]: r for r in rows(pilot.app.screen.query_one("#review", DataTable))}
        assert "[agency]" in shown["Noah Field"][5]
        assert "Noah Field — Police" in str(
            pilot.app.screen.query_one("#notifications", OptionList).get_option_at_index(0).prompt
        )

    run(Host(school.open("dana")), body)


def test_referral_outcome_for_selected_decision(school: Fixture) -> None:
    """`f` on a decision records what the agency decided about that referral."""
    dana = school.open("dana")
    dana.log.decide(
        JAMIE,
        {
            "outcome": "refer-social-care",
            "level": 3,
            "rationale": "Repeated bruising",
            "agency": "Northshire front door",
        },
    )

    async def body(pilot: Pilot[None]) -> None:
        assert [r[0] for r in rows(pilot.app.screen.query_one("#review", DataTable))] == ["Elly Brook"]
        await pilot.press("slash", *"jamie", "enter")  # decided, so found through the search
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.click("#outcome")
        await pilot.press(*"Section 17", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The agency decided: Section 17 (child in need)" in text_of(pilot, "#question")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        assert rows(pilot.app.screen.query_one("#entries", DataTable))[-1][3] == "Referral outcome"

    run(Host(dana), body)
    outcomes = [i.entry for i in dana.review.chronology(JAMIE).items if isinstance(i.entry, ReferralOutcome)]
    assert len(outcomes) == 1 and outcomes[0].outcome == "s17"


def test_staff_admin_adds_an_account_with_a_one_time_code(school: Fixture) -> None:
    """Adding an account on the staff screen never asks the DSL for a passphrase: the form has none; saving shows
    a one-time code once, and the account is listed as awaiting its owner's own passphrase; the code unlocks
    it only to set one."""
    shown: list[str] = []

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StaffAdminScreen)
        await pilot.press("a")
        await pilot.pause()
        assert not pilot.app.screen.query("Input.-password, #passphrase, #repeat")
        await pilot.click("#username")
        await pilot.press(*"nina")
        await pilot.click("#name")
        await pilot.press(*"Nina New")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OneTimeCodeModal)
        shown.append(text_of(pilot, "#one-time-code"))
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StaffAdminScreen)
        assert ["nina", "Nina New", "Staff", "awaiting their own passphrase"] in rows(
            screen.query_one("#accounts", DataTable)
        )

    run(Host(school.open("dana")), body)
    (code,) = shown
    assert len(code) == 24
    assert School.unlock(school.url, "nina", code).must_set_passphrase


def test_roster_preview_shows_the_error_line(school: Fixture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Previewing a bad roster file shows the one line naming the problem under the file's path and writes
    nothing."""
    bad = tmp_path / "roster.csv"
    bad.write_text("upn,given_name,family_name,year_group\nE100000000009,Zoe,Lane,3\n")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("s", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RosterImportScreen)
        await pilot.press(*str(bad), "enter")
        await pilot.pause()
        assert text_of(pilot, "#roster-path-error") == "roster.csv line 1: missing column(s) date_of_birth"

    dana = school.open("dana")
    run(Host(dana), body)
    assert len(dana.roster.pupils()) == 6


def test_roster_preview_counts_then_import(school: Fixture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Preview says what would change without writing; Import then adds the new pupil."""
    good = tmp_path / "roster.csv"
    good.write_text(
        "upn,given_name,family_name,date_of_birth,year_group,household\nE100000000009,Zoe,Lane,2018-01-01,3,H-LANE\n"
    )
    dana = school.open("dana")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("s", "i")
        await pilot.pause()
        await pilot.press(*str(good), "enter")
        await pilot.pause()
        assert text_of(pilot, "#roster-result").startswith("1 pupil in the file. Would import: 1 new")
        assert len(dana.roster.pupils()) == 6
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#roster-result").startswith("1 pupil in the file. Imported: 1 new")

    run(Host(dana), body)
    assert "Zoe Lane" in [p.name for p in school.open("dana").roster.pupils()]


@pytest.mark.parametrize("mid_read", [True, False], ids=["while-reading", "right-after-starting"])
def test_locking_during_a_dashboard_refresh_leaves_the_unlock_screen(
    school: Fixture, monkeypatch: pytest.MonkeyPatch, mid_read: bool
) -> None:
    """Locking while the review is still being read shows the unlock prompt, with no crash and no error."""
    reading, release = threading.Event(), threading.Event()
    real = Review.dashboard
    notices = record_notices(monkeypatch)

    def slow(self: Review, *args: object, **kwargs: object) -> object:
        reading.set()
        release.wait(5)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    async def scenario() -> None:
        app = SchoolLogApp(school.url)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.unlocked(school.open("dana"))
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            monkeypatch.setattr(Review, "dashboard", slow)
            app.screen.action_reload()
            if mid_read:
                assert await asyncio.to_thread(reading.wait, 5)
            await app.action_lock()
            release.set()
            await settle(pilot)
            assert app.is_running and app.school is None
            assert isinstance(app.screen, UnlockScreen) and len(app.screen_stack) == 1
            assert not [message for severity, message in notices if severity == "error"]

    asyncio.run(scenario())


def test_dashboard_read_refused_is_a_calm_message(school: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the log cannot be read on refresh, the DSL is told why and the dashboard stays up."""

    notices = record_notices(monkeypatch)

    async def body(pilot: Pilot[None]) -> None:
        def busy(self: Review, *args: object, **kwargs: object) -> object:
            raise IntegrityError("the store is busy (locked by another writer); try again")

        monkeypatch.setattr(Review, "dashboard", busy)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        assert notices == [
            ("error", "Could not read the review: the store is busy (locked by another writer); try again")
        ]
        assert [r[0] for r in rows(pilot.app.screen.query_one("#review", DataTable))] == [
            "Jamie Brook",
            "Elly Brook",
        ]  # the last good read stays

    run(Host(school.open("dana")), body)


async def open_jamie(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


def test_dashboard_snapshot(school: Fixture, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The dashboard reads as reviewed: list with badges, the why, follow-ups and notifications."""
    assert snap_compare(Host(school.open("dana")), terminal_size=(160, 48), run_before=settle)


def test_dashboard_small_terminal_snapshot(school: Fixture, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the list, the why and the side panels still all fit, stacked."""
    assert snap_compare(Host(school.open("dana")), terminal_size=(80, 24), run_before=settle)


def test_chronology_snapshot(school: Fixture, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The chronology reads as reviewed: pupil header, flags, timeline and the entry in full."""
    assert snap_compare(Host(school.open("dana")), terminal_size=(100, 32), run_before=open_jamie)


def test_first_screen_paints_the_last_review_at_once_then_the_current_one(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DSL unlocking the app sees the last review immediately, marked 'updating', then the current list.

    The whole school is read once, after the last review is in the table (it would slow the first picture).
    """
    school.open("derek").review.dashboard()  # another DSL's earlier review, sealed in the cache
    started, release = threading.Event(), threading.Event()
    real = Review.dashboard
    app = SchoolLogApp(school.url, "dana")
    rows_when_read_began: list[int] = []

    def slow(self: Review, *args: object, **kwargs: object) -> object:
        rows_when_read_began.append(app.screen.query_one("#review", DataTable).row_count)
        started.set()
        release.wait(5)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Review, "dashboard", slow)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#passphrase", Input).value = PASSPHRASES["dana"]
            await pilot.press("enter")
            assert await asyncio.to_thread(started.wait, 5)
            await pilot.pause()
            assert [r[0] for r in rows(pilot.app.screen.query_one("#review", DataTable))] == [
                "Jamie Brook",
                "Elly Brook",
            ]
            assert "updating" in text_of(pilot, "#title")
            release.set()
            await settle(pilot)
            assert "updating" not in text_of(pilot, "#title")

    asyncio.run(scenario())
    assert rows_when_read_began == [2]  # one read of the whole school, begun with the last review shown


def test_the_chronology_wraps_what_an_entry_is_about_at_80_columns(school: Fixture) -> None:
    """At 80x24 an entry's About text is wrapped over as many lines as it needs, not cut at ~30
    characters: every word of a long account is in its row, and the column is at least 24 wide."""
    words = (
        "Jamie came in without a coat again and said his mum's new boyfriend locked him out of the flat"
        " until late; he had not eaten since lunch yesterday and fell asleep in assembly"
    )
    school.open("tom").log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-11-20T09:00:00+00:00", "what_happened": words}
    )

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ChronologyScreen)
        table = screen.query_one("#entries", DataTable)
        about = table.columns[ColumnKey("about")]
        assert about.width >= 24
        [row] = [r for r in rows(table) if r[5].startswith("Jamie came in")]
        assert row[5] == words
        index = [r[5] for r in rows(table)].index(words)
        assert table.ordered_rows[index].height >= len(words) // about.width

    run(Host(school.open("dana")), body, size=(80, 24))
