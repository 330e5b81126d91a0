"""The outward work in the app: the referral pack key in the chronology, the dashboard's side list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from school_log import retention, transfer
from school_log.school import School
from storage.accounts import create_vault
from tests.factory import Fixture
from tests.pilot import JAMIE, Host, option_texts, rows, run, settle
from tui.screens import dashboard
from tui.screens.chronology import ChronologyScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.export_pack import ReferralPackModal


def test_chronology_key_saves_the_referral_pack(school: Fixture, tmp_path: Path) -> None:  # noqa: F811
    """`x` in a pupil's chronology asks where to save the pack, writes the PDF there and logs the export;
    a directory that does not exist is said in the dialog and nothing is written."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, ReferralPackModal)
        modal.query_one("#path", Input).value = str(tmp_path / "nowhere" / "pack.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is modal and "existing directory" in str(modal.query_one("#form-error").render())
        modal.query_one("#path", Input).value = str(tmp_path / "pack.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "nowhere").exists()
    exports = [r for r in dana.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]
    assert [r.data["document"] for r in exports] == ["referral"]


def test_dashboard_lists_overdue_transfers_and_files_due(
    school: Fixture,  # noqa: F811 - the DSL screens' fixture school
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A transfer with no receipt after five school days shows beside the review, and so does a file due
    for retention review (marked when on legal hold); with neither, the list is not shown at all."""
    dana = school.open("dana")
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(
        url, "Brookside Academy", "bea", "Bea Brook", "head of safeguarding at brookside", simulated_clock=True
    )
    brook = School.unlock(url, "bea", "head of safeguarding at brookside")
    (tmp_path / "brook.key").write_text(json.dumps(transfer.public_key(brook).to_data()))

    async def hidden(pilot: Pilot[None]) -> None:
        assert not pilot.app.screen.query_one("#outward-pane").display

    run(Host(dana), hidden)
    transfer.send(dana, JAMIE, tmp_path / "brook.key", tmp_path / "b")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T09:00:00+00:00")  # long overdue; Jamie's file is due
    dana = school.open("dana")
    retention.set_hold(dana, JAMIE, True, "IICSA")

    async def shown(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen) and screen.query_one("#outward-pane").display
        listed = screen.query_one("#outward", OptionList)
        lines = option_texts(listed)
        assert lines == ["no receipt since 2026-11-23: R100000000001 → Brookside Academy", "legal hold: Jamie Brook"]

    run(Host(dana), shown)


def test_a_file_destroyed_on_another_machine_leaves_an_open_dashboard_by_itself(
    school: Fixture,  # noqa: F811 - the DSL screens' fixture school
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A DSL's dashboard is open, Jamie on the review and due for retention review beside it; two DSLs
    destroy his file elsewhere: within a poll he leaves the review and the retention list, no key pressed."""
    monkeypatch.setattr(dashboard, "POLL_SECONDS", 0.2)
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T09:00:00+00:00")

    def shown(pilot: Pilot[None]) -> str:
        screen = pilot.app.screen
        return json.dumps([rows(screen.query_one("#review", DataTable)), option_texts(screen.query_one("#outward"))])

    async def body(pilot: Pilot[None]) -> None:
        assert "Jamie Brook" in shown(pilot) and "review due 2042-04-02: Jamie Brook" in shown(pilot)
        assert isinstance(retention.destroy(school.open("dana"), JAMIE, "Reviewed"), retention.Proposed)
        assert isinstance(retention.destroy(school.open("derek"), JAMIE, "Agreed"), retention.Destroyed)
        for _ in range(100):  # only paused: a watch may be cancelled by the next poll's, which is not a failure
            await pilot.pause(0.1)
            if "Jamie" not in shown(pilot):
                break
        assert "Jamie" not in shown(pilot) and "Elly Brook" in shown(pilot)  # his sister stays

    run(Host(school.open("dana")), body)
