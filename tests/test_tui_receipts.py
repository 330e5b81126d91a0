"""The teacher who raised a concern sees that a DSL saw it and acted on it, never what was decided;
no other member of staff can read those receipts."""

from __future__ import annotations

from textual.pilot import Pilot

from school_log import receipts
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import Host, run, run_app, texts, unlock
from tui.app import SchoolLogApp
from tui.screens.staff_home import StaffHomeScreen

RATIONALE = "Father known to police; refer today"


def home_text(fixture: Fixture, username: str) -> str:
    seen: list[str] = []

    async def body(app: SchoolLogApp, pilot: Pilot) -> None:
        await unlock(pilot, username)
        assert isinstance(app.screen, StaffHomeScreen)
        await pilot.pause()
        seen.append(texts(pilot))

    run_app(fixture.url, body)
    return seen[0]


def test_the_teacher_sees_seen_and_action_taken_without_the_decision(school: Fixture) -> None:
    """Before: "Not yet seen by a DSL". Once the DSL opens the chronology and decides: "Seen by a DSL …
    · action taken …" on Tom's concern — and the decision's outcome and rationale appear nowhere."""
    assert "Not yet seen by a DSL" in home_text(school, "tom")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "d")
        await pilot.pause()
        await pilot.press("enter", "down", "enter", "tab", "enter", *["down"] * 4, "enter", "tab")
        await pilot.press(*keys_for(RATIONALE))
        pilot.app.screen.query_one("#agency").value = "MASH"
        pilot.app.screen.query_one("#why_now").text = "Bruising again after a monitor decision"  # a referral asks
        pilot.app.screen.query_one("#immediate_risk").value = "Safe tonight: mum is protective"
        await pilot.press("ctrl+s", "y")
        await pilot.pause()

    run(Host(school.open("dana")), body)
    shown = home_text(school, "tom")
    assert "Seen by a DSL 23 Nov 2026 10:00 · action taken 23 Nov 2026 10:00" in shown
    assert RATIONALE not in shown and "social care" not in shown and "MASH" not in shown

    tara, sam = school.open("tara"), school.open("sam")
    tom_concern = school.open("tom").log.my_entries()[0].id
    assert tom_concern not in receipts.statuses(tara) and receipts.statuses(sam) == {}
    assert set(receipts.statuses(tara)) == {e.id for e in tara.log.my_entries()}  # only her own concern's
    assert school.open("dana").verify().ok
