"""The DSL's dialogs by keyboard: focused on open, every problem at once, a summary before writing."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from school_log.model import Decision
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import JAMIE, Host, open_record, rows, run, run_app, settle, text_of, unlock
from tui.screens.chronology import ChronologyScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.dashboard import DashboardScreen
from tui.screens.decision import DecisionModal
from tui.screens.notification import NotificationModal
from tui.screens.referral_outcome import ReferralOutcomeModal
from tui.widgets.choices import TickList

MONITOR = ["enter", *["down"] * 6, "enter"]  # the outcome list opens on no outcome; Monitor is the sixth
LEVEL_2 = ["enter", "down", "down", "enter"]


def decisions(fixture: Fixture) -> list[Decision]:
    items = fixture.open("dana").review.chronology(JAMIE).items
    return [i.entry for i in items if isinstance(i.entry, Decision)]


async def open_decision(pilot: Pilot[None]) -> DecisionModal:
    await pilot.press("enter", "d")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, DecisionModal)
    return modal


def test_a_decision_by_keyboard_alone_confirms_a_summary_and_keeps_a_real_review_date(school: Fixture) -> None:
    """Opened on the outcome, a decision needs no mouse; its review date is a value (two weeks on),
    not a grey placeholder; the DSL confirms a summary; the follow-up then shows on the dashboard."""

    async def body(pilot: Pilot[None]) -> None:
        modal = await open_decision(pilot)
        assert modal.focused is modal.query_one("#outcome")
        assert modal.query_one("#review_by", Input).value == "2026-12-07"
        await pilot.press(*MONITOR, "tab", *LEVEL_2, "tab", *keys_for("Explained by a fall; monitor closely"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        question = text_of(pilot, "#question")
        for line in ("Outcome: Monitor in school", "Level: 2 Additional", "Review by: 7 Dec 2026", "Covers 2 entries"):
            assert line in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        follow_up = str(pilot.app.screen.query_one("#follow-ups", OptionList).get_option_at_index(0).prompt)
        assert "7 Dec 2026" in follow_up and "Jamie Brook" in follow_up

    run(Host(school.open("dana")), body)
    [decision] = decisions(school)
    assert decision.review_by == date(2026, 12, 7) and decision.outcome == "monitor"


def test_the_summary_counts_one_entry_as_one_entry(school: Fixture) -> None:
    """Elly's one police call waiting: the summary the DSL confirms says "Covers 1 entry", not "1 entries"."""

    async def body(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("down", "enter", "d")
        await pilot.pause()
        await pilot.press(*MONITOR, "tab", *LEVEL_2, "tab", *keys_for("Police call noted; monitor"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        question = text_of(pilot, "#question")
        assert "About Elly Brook" in question and "Covers 1 entry\n" in question + "\n", question

    run(Host(school.open("dana")), body)


def test_the_dropdown_prompt_is_not_an_option_and_go_back_writes_nothing(school: Fixture) -> None:
    """Moving up from the first outcome skips the blank "Choose…" line (it wraps to the last
    outcome); a referral asks for the agency, why now and the immediate risk (printed first in the pack);
    answering "Go back" at the summary returns to the form with nothing written."""

    async def body(pilot: Pilot[None]) -> None:
        modal = await open_decision(pilot)
        await pilot.press("enter", "up", "enter")
        assert modal.query_one("#outcome", Select).value == "no-further-action"
        await pilot.press("enter", "down", "enter")
        assert modal.query_one("#outcome", Select).value == "refer-social-care"
        await pilot.press("tab", *LEVEL_2, "tab", *keys_for("Bruising"), "ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#agency-error") == "Name the agency when referring"
        assert text_of(pilot, "#why_now-error").startswith("Say why you are referring now")
        assert text_of(pilot, "#immediate_risk-error").startswith("Say what the risk is today")
        modal.query_one("#agency", Input).focus()
        await pilot.press(*keys_for("MASH"), "tab", "tab", *keys_for("Disclosure today"))
        await pilot.press("tab", *keys_for("Not safe tonight"), "ctrl+s")
        await pilot.pause()
        question = text_of(pilot, "#question")
        assert "Outcome: Refer to children's social care" in question
        assert "Why now: Disclosure today" in question and "Immediate risk: Not safe tonight" in question
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is modal

    run(Host(school.open("dana")), body)
    assert decisions(school) == []


def test_every_problem_is_shown_at_once_and_focus_goes_to_the_first(school: Fixture) -> None:
    """Saving an empty decision names the outcome, the level and the rationale together, in words."""

    async def body(pilot: Pilot[None]) -> None:
        modal = await open_decision(pilot)
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#outcome-error") == "Choose the outcome"
        assert text_of(pilot, "#level-error") == "Choose the level of need"
        assert text_of(pilot, "#rationale-error") == "This is required"
        assert modal.focused is modal.query_one("#outcome")

    run(Host(school.open("dana")), body)


def test_enter_on_the_covered_entries_moves_on_and_never_unticks(school: Fixture) -> None:
    """Enter on "entries covered" keeps every tick (space is the key that unticks), shown as X."""

    async def body(pilot: Pilot[None]) -> None:
        modal = await open_decision(pilot)
        covers = modal.query_one("#covers", TickList)
        covers.focus()
        await pilot.press("enter")
        assert len(covers.selected) == 2 and modal.focused is not covers
        line = "".join(segment.text for segment in covers.render_line(0))
        assert "X" in line[:4]
        covers.focus()
        await pilot.press("space")
        assert len(covers.selected) == 1
        assert "X" not in "".join(segment.text for segment in covers.render_line(0))[:4]

    run(Host(school.open("dana")), body)


def test_notification_and_referral_outcome_open_on_their_first_field(school: Fixture) -> None:
    """Both dialogs are ready for the keyboard: Enter opens the first dropdown at once."""
    school.open("dana").log.decide(
        JAMIE, {"outcome": "refer-social-care", "level": 4, "rationale": "Bruises", "agency": "MASH"}
    )

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *keys_for("jamie"), "enter", "o")
        await pilot.pause()
        note = pilot.app.screen
        assert isinstance(note, NotificationModal) and note.focused is note.query_one("#agency")
        assert note.query_one("#occurred_at", Input).value == "2026-11-23 10:00"  # a value, not a placeholder
        await pilot.press("enter")
        assert note.query_one("#agency", Select).expanded
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        outcome = pilot.app.screen
        assert isinstance(outcome, ReferralOutcomeModal) and outcome.focused is outcome.query_one("#outcome")
        await pilot.press("enter", *["down"] * 3, "enter", "ctrl+s")
        await pilot.pause()
        assert "The agency decided: Section 47 (child protection enquiry)" in text_of(pilot, "#question")

    run(Host(school.open("dana")), body)


def test_a_later_decision_supersedes_an_earlier_one_which_stays(school: Fixture) -> None:
    """Choosing "supersedes" keeps the earlier decision, marked superseded in the chronology,
    and records who was told, consent and who it was discussed with."""
    school.open("dana").log.decide(JAMIE, {"outcome": "monitor", "level": 2, "rationale": "Watch"})

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *keys_for("jamie"), "enter", "d")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, DecisionModal)
        await pilot.press(*["enter", "down", "down", "enter"], "tab", *["enter", *["down"] * 4, "enter"], "tab")
        await pilot.press(*keys_for("Bruising continues"))
        modal.query_one("#agency", Input).focus()
        await pilot.press(*keys_for("MASH"))
        modal.query_one("#why_now", TextArea).focus()
        await pilot.press(*keys_for("Bruising again after a monitor decision"))
        modal.query_one("#immediate_risk", Input).focus()
        await pilot.press(*keys_for("Safe tonight: mum is protective"))
        modal.query_one("#parents_informed", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # No
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#parents_not_informed_why-error") == "Say why the parents or carers were not told"
        await pilot.press(*keys_for("Risk to the child"))
        modal.query_one("#discussed_with", Input).focus()
        await pilot.press(*keys_for("MASH duty worker, head"))
        modal.query_one("#supersedes", Select).focus()
        await pilot.press("enter", "down", "enter", "ctrl+s")
        await pilot.pause()
        question = text_of(pilot, "#question")
        assert "Parents or carers informed: no — Risk to the child" in question
        assert "Supersedes the decision of 23 Nov 2026: Monitor in school" in question
        await pilot.press("y")
        await pilot.pause()
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen)
        shown = rows(chronology.query_one("#entries", DataTable))
        kinds = [(r[3], r[5]) for r in shown if r[3] == "Decision"]
        assert kinds[0][1].startswith("[superseded] Monitor in school") and not kinds[1][1].startswith("[superseded]")

    run(Host(school.open("dana")), body)
    earlier, later = decisions(school)
    assert later.supersedes == earlier.id and later.outcome == "refer-police"
    assert later.parents_informed is False and later.parents_not_informed_why == "Risk to the child"
    assert later.discussed_with == ("MASH duty worker", "head")
    assert later.why_now == "Bruising again after a monitor decision"
    assert later.immediate_risk == "Safe tonight: mum is protective"


def test_a_time_in_the_future_is_named_as_a_date(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A concern dated next year says so in words, beside When, together with the missing facts."""
    from tests.factory import make_school

    fixture = make_school(tmp_path, monkeypatch)

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        record.query_one("#occurred_at", Input).value = "2027-01-15 09:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, "#occurred_at-error") == "When it happened: that date is in the future: 15 Jan 2027 09:00"
        assert text_of(pilot, "#what_happened-error") == "What happened: this is required"
        assert record.focused is record.query_one("#occurred_at")
        assert record.query_one("#what_happened", TextArea).text == ""

    run_app(fixture.url, body)


def test_the_decision_save_button_is_reachable_at_80x24(school: Fixture) -> None:
    """At 80x24 tabbing through the decision brings Save into view, and Enter on it asks to confirm."""
    import asyncio

    from textual.widgets import Button

    async def scenario() -> None:
        async with Host(school.open("dana")).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            modal = await open_decision(pilot)
            save = modal.query_one("#save", Button)
            for _ in range(30):
                if modal.focused is save:
                    break
                await pilot.press("tab")
            await pilot.pause()
            assert modal.focused is save
            assert 0 <= save.region.y and save.region.bottom <= 24
            await pilot.press("enter")
            await pilot.pause()
            assert text_of(pilot, "#outcome-error") == "Choose the outcome"

    asyncio.run(scenario())


def test_a_time_in_year_1_is_refused_in_the_app(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A concern dated in year 1 (a slip of the keyboard) is refused beside When, in the app as on the command
    line (issue 20, finding 15), and nothing is written."""
    from tests.factory import make_school

    fixture = make_school(tmp_path, monkeypatch)

    async def body(app, pilot) -> None:  # type: ignore[no-untyped-def]
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        record.query_one("#occurred_at", Input).value = "0001-01-15 09:00"
        record.query_one("#what_happened", TextArea).text = "A bruise on the arm"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "When it happened" in text_of(pilot, "#occurred_at-error")
        assert "is not a year from 2001 to 2031" in text_of(pilot, "#occurred_at-error")

    run_app(fixture.url, body)
    assert fixture.open("tom").log.my_entries() == []


def test_parents_not_told_reveals_a_visible_labelled_field_that_tab_reaches(school: Fixture) -> None:
    """Choosing "No" for parents informed shows "Why they were not told" with its label, in view;
    Tab from the choice lands in it, and what is typed is seen there (it used to be two blank lines)."""
    import asyncio

    from textual.widgets import Label

    async def scenario() -> None:
        async with Host(school.open("dana")).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            modal = await open_decision(pilot)
            modal.query_one("#parents_informed", Select).focus()
            await pilot.pause()
            await pilot.press("enter", "down", "down", "enter")  # the list opens on no option: Yes, then No
            await pilot.pause()
            assert modal.query_one("#parents_informed", Select).value is False
            why = modal.query_one("#parents_not_informed_why", Input)
            await pilot.press("tab")
            await pilot.pause()
            assert modal.focused is why
            await pilot.press(*keys_for("risk to the child"))
            await pilot.pause()
            assert why.display and why.region.height >= 1 and why.region.width > 10
            assert 0 <= why.region.y and why.region.bottom <= 24
            label = modal.query_one("#not-informed").query_one(Label)
            assert "Why they were not told" in str(label.render())
            for shown in (label, why):  # painted there, not clipped away by their container
                widget, _ = pilot.app.screen.get_widget_at(
                    shown.region.x + 1, shown.region.y + shown.region.height // 2
                )
                assert widget is shown
            assert why.value == "risk to the child"

    asyncio.run(scenario())


@pytest.mark.parametrize("size", [(80, 24), (100, 40)])
def test_the_decision_buttons_can_be_clicked_on_a_small_terminal(school: Fixture, size: tuple[int, int]) -> None:
    """The decision form is taller than a small terminal: its fields scroll and Save and Cancel stay
    on screen, so a DSL with a mouse can save (here: told what is missing) and cancel without scrolling."""

    async def body(pilot: Pilot[None]) -> None:
        modal = await open_decision(pilot)
        await settle(pilot)
        assert await pilot.click("#save")
        await pilot.pause()
        assert pilot.app.screen is modal
        assert text_of(pilot, "#outcome-error") == "Choose the outcome"
        assert await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(school.open("dana")), body, size=size)
