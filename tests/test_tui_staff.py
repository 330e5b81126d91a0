"""The staff side of the app, end to end against a real (temporary) vault."""

from __future__ import annotations

import asyncio
import re

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, Static, TextArea

from school_log import demo
from school_log.config import Config
from school_log.model import Concern
from tests.factory import make_school
from tests.pilot import open_record, run_app, settle, texts, type_text, unlock
from tui.app import SchoolLogApp
from tui.main import main
from tui.screens.blank import BlankScreen
from tui.screens.body_map_screen import BodyMapScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.mark_form import MarkFormModal
from tui.screens.record import RecordScreen
from tui.screens.saved import SavedModal
from tui.screens.staff_home import StaffHomeScreen
from tui.screens.unlock import UnlockScreen
from tui.widgets.body_figures import region_centre
from tui.widgets.body_map import BodyMap
from tui.widgets.choices import Choice
from tui.widgets.pupil_picker import PupilPicker


async def describe_mark(app: SchoolLogApp, pilot: Pilot, kind: str, size: str = "", explanation: str = "") -> None:
    form = app.screen
    assert isinstance(form, MarkFormModal)
    form.query_one("#type", Select).value = kind
    if size:
        form.query_one("#size_mm", Input).focus()
        await type_text(pilot, size)
    if explanation:
        form.query_one("#explanation", Input).focus()
        await type_text(pilot, explanation)
        form.query_one("#explained_by", Select).value = "child"
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_teacher_records_concern_with_body_marks(tmp_path, monkeypatch):
    """A teacher can record a concern with marks placed by keyboard and mouse, and the DSL sees it all."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        assert isinstance(app.screen, StaffHomeScreen)
        assert app.title == "Oakfield Primary" and "Tom Teach" in app.sub_title
        record = await open_record(pilot)
        assert "Jamie Brook" in str(record.query_one("#pupil-chosen", Static).render())
        record.query_one("#what_happened", TextArea).focus()
        await type_text(pilot, "Bruise on forehead seen at 9am")
        record.query_one("#child_words", TextArea).text = "Dad got cross"
        record.query_one("#opinion", TextArea).text = "Seems withdrawn this week"

        record.query_one("#urgent", Checkbox).focus()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BodyMapScreen)
        await pilot.press("right", "down")
        assert "Forehead" in str(app.screen.query_one("#region-name", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        await describe_mark(app, pilot, "bruise", size="20")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await describe_mark(app, pilot, "graze")
        body_map = app.screen.query_one(BodyMap)
        target = region_centre("left-upper-arm-front")
        gutter = body_map.gutter
        assert await pilot.click(BodyMap, offset=(target.x + gutter.left, target.y + gutter.top))
        await pilot.pause()
        await describe_mark(app, pilot, "cut", explanation="fell over")
        assert len(body_map.marks) == 3
        await pilot.press("d")
        await pilot.pause()

        assert app.screen is record and len(record.marks) == 3
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SavedModal)
        reference = app.screen.reference  # short and human, never the UUID
        assert re.fullmatch(r"C-2026-\d{4,}", reference) and reference in texts(pilot)
        assert app.screen.concern.id not in texts(pilot)
        assert "URGENT" not in texts(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffHomeScreen)
        assert "Bruise on forehead" in texts(pilot)

    run_app(fixture.url, body)
    dana = fixture.open("dana")
    jamie = dana.roster.search("jamie")[0]
    [item] = dana.review.chronology(jamie.id).items
    concern = item.entry
    assert isinstance(concern, Concern) and item.author == "Tom Teach"
    assert concern.what_happened == "Bruise on forehead seen at 9am"
    assert concern.child_words == "Dad got cross" and concern.opinion == "Seems withdrawn this week"
    assert [(m.region, m.type) for m in concern.body_marks] == [
        ("forehead", "bruise"),
        ("right-cheek", "graze"),
        ("left-upper-arm-front", "cut"),
    ]
    assert concern.body_marks[0].size_mm == 20
    assert concern.body_marks[2].explanation == "fell over" and concern.body_marks[2].explained_by == "child"


def test_demo_shows_its_logins_on_the_unlock_screen(tmp_path, monkeypatch):
    """`school-log demo` shows the demo teacher and DSL logins on the unlock screen, where they can be
    read, still after a wrong passphrase; a demo built earlier says it is being reused, and where it is
    (the file given with --db, not a fixed folder)."""
    started: list[SchoolLogApp] = []
    built = make_school(tmp_path, monkeypatch)  # a store with a school: an empty one opens the first run instead
    monkeypatch.setattr(demo, "prepare_demo", lambda url: built.url)
    monkeypatch.setattr(demo, "is_built", lambda url: True)
    monkeypatch.setattr(SchoolLogApp, "run", lambda app: started.append(app))
    assert main(["demo"]) == 0
    [app] = started
    (_, teacher, teacher_pass), (_, dsl, dsl_pass) = demo.demo_logins()
    assert app.hint == (
        f"Demo school (reused from {built.path} as it was left). Logins:\n"
        f"  teacher: {teacher} / {teacher_pass}\n  DSL: {dsl} / {dsl_pass}"
    )

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        assert isinstance(app.screen, UnlockScreen)
        assert str(app.screen.query_one("#unlock-hint", Static).render()) == app.hint
        assert app.screen.query_one("#unlock-hint").region.bottom <= 24  # on screen at 80x24
        await type_text(pilot, teacher)
        await pilot.press("enter")
        await type_text(pilot, "not the passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        hint = app.screen.query_one("#unlock-hint", Static)
        assert str(hint.render()) == app.hint and hint.region.bottom <= 24

    run_app(app.url, body, size=(80, 24), app=app)


def test_a_real_school_shows_no_demo_hint(tmp_path, monkeypatch):
    """The unlock screen of a real school says nothing about demo logins."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        assert not app.screen.query("#unlock-hint")

    run_app(fixture.url, body)


def test_wrong_passphrase_stays_on_unlock(tmp_path, monkeypatch):
    """A wrong passphrase or unknown user is a calm message on the unlock screen, not a crash."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom", "not my passphrase at all")
        assert isinstance(app.screen, UnlockScreen) and app.school is None
        assert "Wrong passphrase" in str(app.screen.query_one("#unlock-message", Static).render())
        assert app.screen.query_one("#passphrase", Input).disabled  # a short pause before the next try
        await asyncio.sleep(1.2)
        await pilot.pause()
        assert not app.screen.query_one("#passphrase", Input).disabled
        app.screen.query_one("#username", Input).value = "nobody"
        app.screen.query_one("#passphrase", Input).value = "whatever it is"
        app.screen.query_one("#passphrase", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "No account 'nobody'" in str(app.screen.query_one("#unlock-message", Static).render())

    run_app(fixture.url, body)


def test_staff_home_lists_only_my_entries(tmp_path, monkeypatch):
    """A member of staff sees only what they wrote, never a colleague's entries."""
    fixture = make_school(tmp_path, monkeypatch)
    tara = fixture.open("tara")
    tara.log.record_concern({"pupil": "F100000000002", "what_happened": "TARA-ONLY note about Elly"})
    tom = fixture.open("tom")
    mine = tom.log.record_concern({"pupil": "V100000000003", "what_happened": "Tom saw Noah upset"})

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        entries = app.screen.query_one("#entries", OptionList)
        assert entries.option_count == 1
        assert entries.get_option_at_index(0).id == mine.id
        assert "Tom saw Noah upset" in texts(pilot)
        assert "TARA-ONLY" not in texts(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "He later said he was fine")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#entries", OptionList).option_count == 2
        assert "TARA-ONLY" not in texts(pilot)

    run_app(fixture.url, body)


def test_urgent_concern_names_the_dsls(tmp_path, monkeypatch):
    """Saving an urgent concern tells the person to speak to a DSL now, and who the DSLs are."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "sam")
        record = await open_record(pilot, "noah")
        record.query_one("#what_happened", TextArea).text = "Noah said he is scared to go home"
        record.query_one("#urgent", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")  # the form's offer to tick "frightened to go home": save as it is
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SavedModal)
        notice = str(app.screen.query_one("#urgent-notice", Static).render())
        assert "speak to a designated safeguarding lead now" in notice
        assert "Dana Lead" in notice and "Derek Deputy" in notice

    run_app(fixture.url, body)


def test_the_form_offers_what_the_words_say_before_saving(tmp_path, monkeypatch):
    """The child's words say a disclosure and the box is empty: before saving, the form asks "This sounds like
    the child tells of harm by an adult ... Tick it?", quoting the words; "Tick it" fills in who hurt them
    (not said who) and returns to the form; saved, the DSL's review prompts referral quoting the words."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "sam")
        record = await open_record(pilot, "noah")
        record.query_one("#what_happened", TextArea).text = "Noah came to me at break, upset."
        record.query_one("#child_words", TextArea).text = "Dad hit me with his belt."
        await pilot.press("ctrl+s")
        await pilot.pause()
        offer = str(app.screen.query_one("#question", Static).render())
        assert "This sounds like the child tells of harm by an adult" in offer
        assert "the child's words: 'Dad hit me with his belt.'" in offer
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is record and record.query_one("#hurt_by", Choice).value == "unknown"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SavedModal)

    run_app(fixture.url, body)
    (row,) = [r for r in fixture.open("dana").review.dashboard().review if r.pupil.given_name == "Noah"]
    said = "the child's words: 'Dad hit me with his belt.'"  # the words, quoted, over the box they ticked
    assert row.prompt == "consider-referral" and any(said in f.summary for f in row.flags)


def test_empty_what_happened_is_shown_and_nothing_written(tmp_path, monkeypatch):
    """Leaving out what happened is shown under that field (even at 80x24), and nothing reaches the log."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is record
        error = record.query_one("#what_happened-error", Static)
        assert error.display and str(error.render()) == "What happened: this is required"
        assert record.focused is record.query_one("#what_happened", TextArea)
        assert 0 < error.region.y < 23  # scrolled into view on a small terminal

    run_app(fixture.url, body, size=(80, 24))
    dana = fixture.open("dana")
    assert dana.review.chronology("R100000000001").items == ()


def test_blank_key_hides_content(tmp_path, monkeypatch):
    """F12 (or ctrl+e, which tmux and screen pass through, unlike ctrl+b) hides everything at once,
    even from inside a text field; any key brings it back, still unlocked."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert "Jamie" not in texts(pilot) and "Oakfield" not in texts(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert app.screen is record and app.school is not None
        record.query_one("#what_happened", TextArea).focus()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("space")
        await pilot.press("ctrl+b")  # tmux's prefix: never the app's
        await pilot.pause()
        assert app.screen is record

    run_app(fixture.url, body)


def test_lock_returns_to_unlock(tmp_path, monkeypatch):
    """Locking drops the keys and every open screen; only the unlock prompt is left."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        await open_record(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.school is None
        assert isinstance(app.screen, UnlockScreen)
        assert len(app.screen_stack) == 1  # nothing left but the prompt
        assert app.screen.query_one("#username", Input).value == "tom"

    run_app(fixture.url, body)


def test_the_prompt_under_an_unlocked_log_holds_no_passphrase_and_means_locked(tmp_path, monkeypatch):
    """The unlock prompt stays under the unlocked screens with its passphrase field empty; should
    every screen above it close, the log locks rather than show a prompt over open keys."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        prompt, home = app.screen_stack[0], app.screen
        assert isinstance(prompt, UnlockScreen) and isinstance(home, StaffHomeScreen)
        assert prompt.query_one("#passphrase", Input).value == ""
        await app.pop_screen()
        await settle(pilot)
        assert app.school is None
        assert isinstance(app.screen, UnlockScreen) and app.screen is not prompt and len(app.screen_stack) == 1

    run_app(fixture.url, body)


def test_idle_lock(tmp_path, monkeypatch):
    """Left alone past the idle time, the log locks itself."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setattr(SchoolLogApp, "IDLE_CHECK_SECONDS", 0.05)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        assert app.school is not None
        app.school.config = Config(idle_lock_minutes=0.005)  # 0.3 seconds
        await asyncio.sleep(0.6)
        await settle(pilot)
        assert app.school is None
        assert isinstance(app.screen, UnlockScreen)
        assert "nobody used it" in str(app.screen.query_one("#unlock-message", Static).render())

    run_app(fixture.url, body)


def test_command_palette_records_a_concern(tmp_path, monkeypatch):
    """ctrl+p offers "Record a concern" from anywhere, and staff are not offered a pupil's chronology."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tara")
        await pilot.press("ctrl+p")
        await type_text(pilot, "open pupil")
        await asyncio.sleep(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, StaffHomeScreen | RecordScreen)  # no such command: palette still open
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_text(pilot, "record a concern")
        await asyncio.sleep(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)

    run_app(fixture.url, body)


def test_cancel_asks_before_losing_typing(tmp_path, monkeypatch):
    """Esc on a half-written concern asks first; an untouched form just closes."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is record and record.query_one(PupilPicker).pupil is not None
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, StaffHomeScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StaffHomeScreen)

    run_app(fixture.url, body)


def test_body_map_mark_can_be_removed(tmp_path, monkeypatch):
    """A mark placed by mistake can be taken off the map before saving."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        record.query_one("#urgent", Checkbox).focus()
        await pilot.press("b", "enter")
        await pilot.pause()
        await describe_mark(app, pilot, "scratch")
        await pilot.press("enter")
        await pilot.pause()
        await describe_mark(app, pilot, "bite")
        screen = app.screen
        assert isinstance(screen, BodyMapScreen) and len(screen.marks) == 2
        screen.query_one("#mark-list", OptionList).focus()
        await pilot.press("x")
        await pilot.pause()
        assert [m.type for m in screen.marks] == ["scratch"]
        assert [m.type for m in screen.query_one(BodyMap).marks] == ["scratch"]
        await pilot.press("d")
        await pilot.pause()
        assert [m.type for m in record.marks] == ["scratch"]

    run_app(fixture.url, body)
