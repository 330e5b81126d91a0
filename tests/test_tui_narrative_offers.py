"""The concern form offers what the narrative says for the marks' boxes (issue 22): "The text says it was seen by
the PE teacher — fill …? (F4 or click)". Nothing is filled until the teacher presses the key or clicks the offer;
words that deny it offer nothing."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from school_log.model import Concern
from tests.factory import make_school
from tests.keyboard import keys_for
from tests.pilot import run_app, settle, unlock
from tui.app import SchoolLogApp
from tui.screens.mark_form import MarkFormModal
from tui.screens.record import RecordScreen
from tui.screens.saved import SavedModal
from tui.widgets.offer_line import OfferLine

NARRATIVE = "He slipped on the wet floor in PE, seen by the PE teacher. He said he landed on his knee."


def shown(screen: object, kind: str) -> str:
    """The offer line's words, or "" while it is hidden."""
    line = screen.query_one(f"#offer-{kind}", OfferLine)  # type: ignore[attr-defined]
    return str(line.render()) if line.display else ""


async def start(pilot: Pilot, narrative: str) -> RecordScreen:
    """A new concern about Jamie with `narrative` typed into What happened."""
    await unlock(pilot, "tom")
    await pilot.press("n", *keys_for("jamie"), "enter", "tab", "tab", "tab")
    await pilot.press(*keys_for(narrative))
    await settle(pilot)
    record = pilot.app.screen
    assert isinstance(record, RecordScreen)
    return record


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SavedModal)


def test_the_mark_form_offers_the_narratives_witness_and_account_and_fills_them_on_a_key_or_a_click(
    tmp_path, monkeypatch
):
    """The mark form opens with both boxes empty ("Explained by" on "No one") and two offer lines quoting the
    narrative; F4 fills "Seen happen by" with the PE teacher, a click on the other line the explanation and
    "Explained by" (the child), leaving the cursor in the explanation; each line goes once its box is filled, and
    the DSL reads the mark as witnessed and explained."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await start(pilot, NARRATIVE)
        await pilot.press("f2", "down", "enter")
        form = app.screen
        assert isinstance(form, MarkFormModal)
        witness, explanation = form.query_one("#witnessed_by", Input), form.query_one("#explanation", Input)
        assert witness.value == "" and explanation.value == "", "nothing is filled silently"
        explained_by = form.query_one("#explained_by", Select)
        shows = explained_by.query_one("SelectCurrent").label  # type: ignore[attr-defined]
        assert explained_by.value == "none" and shows == "No one"
        assert shown(form, "witness") == (
            "The text says it was seen by the PE teacher — fill 'Seen happen by'? (F4 or click)"
        )
        assert shown(form, "explanation") == (
            "The text says the child explained it: 'he landed on his knee' — fill the explanation? (F5 or click)"
        )
        await pilot.press("b", "f4")
        assert witness.value == "the PE teacher" and shown(form, "witness") == ""
        assert explanation.value == "" and shown(form, "explanation")
        assert await pilot.click("#offer-explanation")
        assert explanation.value == "he landed on his knee" and form.query_one("#explained_by", Select).value == "child"
        assert shown(form, "explanation") == "" and app.focused is explanation
        await pilot.press("ctrl+s", "d")
        assert isinstance(app.screen, RecordScreen)
        await save(pilot)

    run_app(fixture.url, body)
    [item] = fixture.open("dana").review.chronology("R100000000001").items
    assert isinstance(item.entry, Concern)
    [mark] = item.entry.body_marks
    assert (mark.witnessed_by, mark.explanation, mark.explained_by) == (
        "the PE teacher",
        "he landed on his knee",
        "child",
    )


def test_the_concern_form_offers_the_witness_for_marks_already_placed_and_fills_it_on_a_click(tmp_path, monkeypatch):
    """A mark placed before the words are written: typing "seen by the PE teacher" shows a line under What
    happened offering it for mark 1, the mark stays as it was until the line is clicked, then it is witnessed
    and the line goes. "I saw it happen" offers the teacher's own name."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        record = await start(pilot, "")
        assert shown(record, "witness") == "" and shown(record, "explanation") == ""
        await pilot.press("f2", "down", "enter", "b", "ctrl+s", "d")
        assert isinstance(app.screen, RecordScreen) and record.marks[0].witnessed_by == ""
        await pilot.click("#what_happened")
        await pilot.press(*keys_for("Slipped in PE, seen by the PE teacher."))
        await settle(pilot)
        offer = "The text says it was seen by the PE teacher — fill the witness of mark 1? (F4 or click)"
        assert shown(record, "witness") == offer and record.marks[0].witnessed_by == ""
        assert await pilot.click("#offer-witness")
        assert record.marks[0].witnessed_by == "the PE teacher" and shown(record, "witness") == ""
        assert app.focused is record.query_one("#what_happened"), "the cursor goes back to the words"
        await pilot.press("f2", "up", "enter", "b", "ctrl+s", "d")  # a second mark, not yet witnessed
        assert len(record.marks) == 2 and shown(record, "witness").endswith("fill the witness of mark 2? (F4 or click)")
        await save(pilot)

    run_app(fixture.url, body, size=(100, 50))
    [item] = fixture.open("dana").review.chronology("R100000000001").items
    assert isinstance(item.entry, Concern)
    assert [m.witnessed_by for m in item.entry.body_marks] == ["the PE teacher", ""]


def test_words_that_deny_a_witness_or_ask_for_an_account_offer_nothing(tmp_path, monkeypatch):
    """ "Nobody saw it happen" and "I asked what happened but she wouldn't say" offer nothing in the mark form, and
    F5 there fills nothing; "I saw it happen" offers the author's own name."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        record = await start(pilot, "Nobody saw it happen. I asked what happened but she wouldn't say.")
        await pilot.press("f2", "down", "enter")
        form = app.screen
        assert isinstance(form, MarkFormModal)
        assert shown(form, "witness") == "" and shown(form, "explanation") == ""
        await pilot.press("f4", "f5")
        assert form.query_one("#witnessed_by", Input).value == "" and form.query_one("#explanation", Input).value == ""
        await pilot.press("escape", "d")
        text = record.query_one("#what_happened")
        text.text = "Tripped on the step - I saw it happen."  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f2", "down", "enter")
        form = app.screen
        assert isinstance(form, MarkFormModal)
        assert shown(form, "witness").startswith("The text says it was seen by Tom Teach — fill")

    run_app(fixture.url, body)
