"""The dashboard as a DSL leaves it open all day: honest while reading, live when others record."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from school_log import view_cache
from school_log.model import Flag, Pupil, ReviewItem
from school_log.patterns.thresholds import WEIGHTS
from school_log.review import Review
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import SIZE, Host, record_notices, rows, run, settle, text_of
from tui.app import SchoolLogApp
from tui.chronology_text import MARKER
from tui.review_row import flag_cell, review_cells, why
from tui.screens import dashboard
from tui.screens.chronology import ChronologyScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.notification import NotificationModal
from tui.widgets.pupil_picker import PupilPickerModal
from tui.wording import FLAG_BADGES

NOAH = "V100000000003"
COLOURS = {"text-error": "red", "text-warning": "yellow", "text-primary": "blue"}


def test_reading_is_said_until_the_list_is_known(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the first review is read the DSL sees "Reading the log…", never a false "Nobody is waiting"."""
    release = threading.Event()
    real = Review.dashboard

    def slow(self: Review, *args: object, **kwargs: object) -> object:
        release.wait(5)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Review, "dashboard", slow)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert "Reading the log" in text_of(pilot, "#why") and "Reading the log" in text_of(pilot, "#title")
        assert "Nobody" not in text_of(pilot, "#why")
        release.set()
        await settle(pilot)
        assert "Jamie Brook" in text_of(pilot, "#why")

    async def scenario() -> None:
        async with Host(school.open("dana")).run_test(size=SIZE) as pilot:
            await body(pilot)

    import asyncio

    asyncio.run(scenario())


def test_the_dashboard_updates_itself_when_someone_records(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A teacher's urgent concern reaches an open dashboard by itself, with "1 urgent" announced;
    no key pressed."""
    monkeypatch.setattr(dashboard, "POLL_SECONDS", 0.2)

    async def body(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one("#review", DataTable)
        assert "Noah Field" not in [r[0] for r in rows(table)]
        school.open("sam").log.record_concern({"pupil": NOAH, "what_happened": "Noah said he was hit", "urgent": True})
        for _ in range(40):
            await pilot.pause(0.1)
            await pilot.app.workers.wait_for_complete()
            if "Noah Field" in [r[0] for r in rows(table)]:
                break
        assert "Noah Field" in [r[0] for r in rows(table)]  # where urgent ranks is issue 10's sort_key
        notice = pilot.app.screen.query_one("#new-notice")
        assert notice.display and text_of(pilot, "#new-notice") == "New since you looked: 1 urgent, 1 entry"
        await pilot.press("r")
        await settle(pilot)
        assert not notice.display

    run(Host(school.open("dana")), body)


def test_a_live_referral_shows_where_it_stands_instead_of_the_prompt() -> None:
    """A pupil whose referral awaits an outcome reads "Referred — awaiting outcome", not "Consider referral"
    (and, with an entry since, says that too)."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    item = ReviewItem(pupil, "consider-referral", 1, datetime(2026, 11, 23, tzinfo=UTC), (), 5)
    live = ReviewItem(pupil, "consider-referral", 1, None, (), 5, referral_status="Referred — awaiting outcome")
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert str(review_cells(item, COLOURS, at)[3]) == "Consider referral"
    assert str(review_cells(live, COLOURS, at)[3]) == "Referred — awaiting outcome · 1 new entry to review"
    assert why(live).plain.startswith("Ada Lane — Referred — awaiting outcome")


def test_flags_are_summarised_to_fit_and_never_cut() -> None:
    """Flags that do not fit read "3 flags: recurrent, same place, +1", not the first badge cut off."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    flags = tuple(Flag(code, "") for code in ("recurrent-injury", "repeat-region", "unexplained-injury"))
    item = ReviewItem(pupil, "consider-referral", 1, None, flags, 5)
    assert flag_cell(item, COLOURS, 60).plain == "[recurrent] [same place] [unexplained]"
    assert flag_cell(item, COLOURS, 34).plain == "3 flags: recurrent, same place, +1"
    assert flag_cell(item, COLOURS, 20).plain == "3 flags: recurrent, +2"
    assert isinstance(flag_cell(item, COLOURS, 20), Text)


def test_a_cached_row_shows_its_badges_and_says_its_reasons_follow() -> None:
    """The first picture comes from the sealed cache, which keeps no words of the log: the why pane shows
    the badges and says the reasons follow once the current review is read; the current one shows them."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    item = ReviewItem(pupil, "consider-referral", 1, None, (Flag("recurrent-injury", "Bruises on 2 occasions"),), 5)
    cached = why(view_cache.badges_only(item)).plain
    assert "recurrent" in cached and "Bruises" not in cached and "reasons follow" in cached
    assert "Bruises on 2 occasions" in why(item).plain and "reasons follow" not in why(item).plain


def test_flag_markers_show_when_a_chronology_first_opens(school: Fixture) -> None:
    """Opening a chronology marks the first flag's entries at once, without pressing `h` first."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ChronologyScreen)
        assert [r[0] for r in rows(screen.query_one("#entries", DataTable))] == [MARKER, MARKER]

    run(Host(school.open("dana")), body)


def test_the_main_keys_stay_in_the_footer_at_80_columns(school: Fixture) -> None:
    """At 80x24 the footer still shows every one of the dashboard's keys and the app's, left of the palette."""
    import asyncio

    from textual.widgets import Footer

    async def scenario() -> None:
        app = SchoolLogApp(school.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.unlocked(school.open("dana"))
            await settle(pilot)
            assert isinstance(pilot.app.screen, DashboardScreen)
            footer = pilot.app.screen.query_one(Footer)
            keys = [w for w in footer.walk_children() if type(w).__name__ == "FooterKey"]
            [palette] = [k for k in keys if k.has_class("-command-palette")]
            shown = {k.description for k in keys if k.region.width > 0 and k.region.right <= palette.region.x}
            assert shown >= {"Pupil", "Search", "Filter", "Notify", "Staff", "Hide", "Lock"}

    asyncio.run(scenario())


def test_filters_narrow_the_list_by_year_category_flag_author_and_waiting(school: Fixture) -> None:
    """`f` narrows the list: Year 2 leaves Elly; "by Tom Teach" leaves Jamie; "Show everyone" restores both;
    the title says what the list is narrowed to."""
    school.open("tara").log.record_concern(
        {"pupil": "M100000000006", "what_happened": "Ava hungry again", "categories": ["neglect"]}
    )

    async def body(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one("#review", DataTable)
        assert [r[0] for r in rows(table)] == ["Jamie Brook", "Elly Brook", "Ava Heath"]
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter", *keys_for("Year 2"), "enter", "ctrl+s")  # year group (type to find it)
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["Elly Brook"]
        assert "showing 1: Y2 (f changes)" in text_of(pilot, "#title")
        await pilot.press("f")
        await pilot.pause()
        modal = pilot.app.screen
        modal.query_one("#year_group").clear()
        modal.query_one("#author").value = next(
            a.id for a in school.open("dana").staff.members() if a.name == "Tom Teach"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["Jamie Brook"]
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#category").value = "neglect"
        pilot.app.screen.query_one("#author").clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["Ava Heath"]
        assert "Neglect" in text_of(pilot, "#title")
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#category").clear()
        pilot.app.screen.query_one("#flag").value = "agency-notification"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["Elly Brook"]
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#flag").clear()
        pilot.app.screen.query_one("#waited_days").value = 3
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r[0] for r in rows(table)] == []  # everything here arrived today
        await pilot.press("f")
        await pilot.pause()
        await pilot.click("#clear")
        await pilot.pause()
        assert len(rows(table)) == 3 and "showing" not in text_of(pilot, "#title")

    run(Host(school.open("dana")), body)


def test_the_chronology_footer_keeps_its_keys_at_100_columns(school: Fixture) -> None:
    """The chronology's footer shows every key a DSL acts with, none pushed off the edge."""
    import asyncio

    from textual.widgets import Footer

    async def scenario() -> None:
        async with Host(school.open("dana")).run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await pilot.pause()
            footer = pilot.app.screen.query_one(Footer)
            keys = [w for w in footer.walk_children() if type(w).__name__ == "FooterKey"]
            [palette] = [k for k in keys if k.has_class("-command-palette")]
            shown = {k.description for k in keys if k.region.width > 0 and k.region.right <= palette.region.x}
            assert shown >= {"Back", "Decide", "Notify", "Addendum", "Outcome", "Task", "Done", "Siblings", "Map"}

    asyncio.run(scenario())


def test_the_notification_keys_leave_textuals_notify_action_alone(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`n` on the dashboard and `o` in a chronology still record an agency notification, and Textual's own
    `notify` action (a binding or a plugin may run it) still shows its message on both screens."""
    notices = record_notices(monkeypatch)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.screen.run_action("notify('Shown by Textual')")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilPickerModal)
        await pilot.press("escape", "enter")
        await pilot.pause()
        chronology = pilot.app.screen
        assert isinstance(chronology, ChronologyScreen)
        await chronology.run_action("notify('Shown again')")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NotificationModal)

    run(Host(school.open("dana")), body)
    assert [message for _, message in notices] == ["Shown by Textual", "Shown again"]


def test_an_undecided_urgent_concern_is_never_folded_into_the_rest() -> None:
    """However many flags a pupil has and however narrow the column, an urgent concern waiting for a
    decision reads URGENT — first among the badges and in the prompt — never hidden in "+7"."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    codes = ("recurrent-injury", "repeat-region", "unexplained-injury", "rising-frequency", "multiple-reporters")
    flags = (*(Flag(code, "") for code in codes), Flag("urgent", "Marked urgent by Tom Teach"))
    item = ReviewItem(pupil, "consider-referral", 3, None, flags, 9)
    assert flag_cell(item, COLOURS, 24).plain == "6 flags: URGENT, +5"
    assert flag_cell(item, COLOURS, 12).plain.startswith("6 flags: URGENT")
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert str(review_cells(item, COLOURS, at)[3]) == "URGENT · Consider referral"
    assert why(item).plain.splitlines()[1].startswith("• URGENT")


def test_a_new_disclosure_under_a_live_referral_shows_both() -> None:
    """A pupil with an open s17 who has made a new disclosure reads "Open s17 · 1 new entry to review"
    (and URGENT first when it was marked urgent), not only "Open s17"."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    calm = ReviewItem(pupil, "review", 1, None, (), 1, referral_status="Open s17")
    urgent = ReviewItem(pupil, "review", 2, None, (Flag("urgent", ""),), 5, referral_status="Open s17")
    assert str(review_cells(calm, COLOURS, at)[3]) == "Open s17 · 1 new entry to review"
    assert str(review_cells(urgent, COLOURS, at)[3]) == "URGENT · Open s17 · 2 new entries to review"


def test_each_reason_in_the_why_is_said_once() -> None:
    """The why pane says an aside repeated on every occasion once, with how many; puts occasions
    explained alike together; and never says "within 0 days"."""
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    aside = " (unusual site for an accident)"
    recurrent = (
        "Injuries seen on 5 occasions in 20 days (1 Nov to 20 Nov): "
        + "; ".join(f"{d} Nov not explained{aside}" for d in (1, 5, 9, 14))
        + f"; 20 Nov explained by the child{aside}"
    )
    flags = (
        Flag("recurrent-injury", recurrent),
        Flag("multiple-reporters", "3 different staff raised concerns within 0 days"),
    )
    shown = why(ReviewItem(pupil, "consider-referral", 5, None, flags, 9)).plain
    assert shown.count("unusual site for an accident") == 1 and "5 of them" in shown
    assert "not explained on 1 Nov, 5 Nov, 9 Nov and 14 Nov; explained by the child on 20 Nov" in shown
    assert "within 0 days" not in shown and "raised concerns on the same day" in shown


def test_every_flag_the_review_raises_has_words_on_its_badge() -> None:
    """Each flag code the review can raise (every weighted flag, the indicator reader's families too) shows a
    short badge in words, never its internal code, and no two flags share one: a DSL reads "[told of harm]
    [DANGER]" on a row, not "[disclosure] [immediate-danger]"."""
    codes = set(WEIGHTS)
    assert codes <= set(FLAG_BADGES), sorted(codes - set(FLAG_BADGES))
    shown = [FLAG_BADGES[code] for code in codes]
    assert len(set(shown)) == len(shown) and all(len(b) <= 20 for b in shown)
    pupil = Pupil("p1", "A1", "Ada", "Lane", datetime(2016, 1, 1).date(), "5", "H1")
    flags = (Flag("disclosure", "The child tells of harm by an adult"), Flag("immediate-danger", "Police called"))
    item = ReviewItem(pupil, "consider-referral", 1, None, flags, 10)
    assert flag_cell(item, COLOURS, 60).plain == "[told of harm] [DANGER]"
    assert "told of harm  The child tells of harm by an adult" in why(item).plain
