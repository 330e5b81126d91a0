"""The outward work in the app: the referral pack key in the chronology, the dashboard's side list."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from school_log.outward import retention, transfer
from school_log.school import School
from storage.accounts import create_vault
from tests.factory import Fixture
from tests.keyboard import keys_for
from tests.pilot import JAMIE, Host, option_texts, record_notices, rows, run, settle
from tui.screens import dashboard
from tui.screens.chronology import ChronologyScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.export_pack import ReferralPackModal
from tui.screens.withdraw_transfer import WithdrawTransferModal


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
        assert pilot.app.screen is modal and "no such directory" in str(modal.query_one("#path-error").render())
        modal.query_one("#path", Input).value = str(tmp_path / "pack.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "nowhere").exists()
    exports = [r for r in dana.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]
    assert [r.data["document"] for r in exports] == ["referral"]


async def _open_pack(pilot: Pilot[None]) -> ReferralPackModal:
    await pilot.press("x")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, ReferralPackModal)
    return modal


def test_the_pack_is_this_school_years_unless_the_whole_file_is_ticked(
    school: Fixture,  # noqa: F811 - the DSL screens' fixture school
    tmp_path: Path,
) -> None:
    """The save dialog starts the pack on 1 September of this school year and says how many earlier entries it
    leaves out; ticking "The whole file" includes them (the date box is then off), and the audit says which."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)
    school.open("tom").log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-06-10T10:00:00+00:00", "what_happened": "Last summer's worry"}
    )

    async def body(pilot: Pilot[None]) -> None:
        modal = await _open_pack(pilot)
        assert modal.query_one("#since", Input).value == "2026-09-01"
        modal.query_one("#path", Input).value = str(tmp_path / "year.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        modal = await _open_pack(pilot)
        modal.query_one("#path", Input).value = str(tmp_path / "whole.pdf")
        await pilot.click("#whole-file")
        await pilot.pause()
        assert modal.query_one("#since", Input).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    year, whole = (_pdf_text(tmp_path / name) for name in ("year.pdf", "whole.pdf"))
    assert "Last summer's worry" not in year and "(1 earlier entry not included: ask for the whole file)" in year
    assert "Last summer's worry" in whole and "the whole file" in whole
    exports = [r.data for r in dana.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]
    assert [(e["from"], e["entries"]) for e in exports] == [("2026-09-01", 2), (None, 3)]


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", " ")


def test_a_pupil_with_a_task_gets_a_pack_by_keys_and_by_mouse(
    school: Fixture,  # noqa: F811 - the DSL screens' fixture school
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The crash of issue 19: `t` sets a task in the chronology, then `x` and ctrl+s save the pack (it
    once ended the app with KeyError: 'task'); a second pack saved by clicking "Save pack" too. The app
    stays on the chronology, says where each went, and the files are the DSL's alone (0600)."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)
    notices = record_notices(monkeypatch)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*keys_for("Speak to mum"), "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        modal = await _open_pack(pilot)
        modal.query_one("#path", Input).value = str(tmp_path / "keys.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        modal = await _open_pack(pilot)
        modal.query_one("#path", Input).value = str(tmp_path / "mouse.pdf")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen) and pilot.app.is_running

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    for name in ("keys.pdf", "mouse.pdf"):
        pdf = pdfium.PdfDocument(str(tmp_path / name))
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "Task\r\n" in text and "Speak to mum" in text
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert [m for _, m in notices if m.startswith("Referral pack")] == [
        f"Referral pack saved to {tmp_path / 'keys.pdf'}",
        f"Referral pack saved to {tmp_path / 'mouse.pdf'}",
    ]


def test_the_pack_dialog_refuses_an_existing_file_and_a_link_in_words_and_replaces_when_asked(
    school: Fixture,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Saving over an existing file or a symbolic link is said under the file name (the app stays up, the
    file is untouched); ticking "Replace a file of that name" replaces the file, never the link."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)
    existing, victim = tmp_path / "pack.pdf", tmp_path / "victim"
    existing.write_bytes(b"an older pack")
    victim.write_bytes(b"someone else's file")
    (tmp_path / "link.pdf").symlink_to(victim)

    async def body(pilot: Pilot[None]) -> None:
        modal = await _open_pack(pilot)
        for name, says in (("pack.pdf", "already exists"), ("link.pdf", "symbolic link")):
            modal.query_one("#path", Input).value = str(tmp_path / name)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is modal and says in str(modal.query_one("#path-error").render())
        await pilot.click("#replace")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is modal and "symbolic link" in str(modal.query_one("#path-error").render())
        modal.query_one("#path", Input).value = str(existing)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    assert existing.read_bytes().startswith(b"%PDF-") and victim.read_bytes() == b"someone else's file"


def test_the_pack_dialog_protects_the_pdf_with_a_password(
    school: Fixture,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The password typed twice (shown as dots): two that differ, or one too weak, are said under their
    fields (both at once) and nothing is written; a good one locks the PDF, and the app says so."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)
    notices = record_notices(monkeypatch)
    out = tmp_path / "locked.pdf"

    async def body(pilot: Pilot[None]) -> None:
        modal = await _open_pack(pilot)
        modal.query_one("#path", Input).value = str(out)
        assert modal.query_one("#password", Input).password
        for first, again, said in (
            ("violet kettle under moss", "violet kettle", ("", "differ")),
            ("jamie brook forever", "jamie brook forever", ("name", "")),
            ("jamie brook forever", "jamie", ("name", "differ")),  # both said at once
        ):
            modal.query_one("#password", Input).value = first
            modal.query_one("#password-again", Input).value = again
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is modal and not out.exists()
            lines = [str(modal.query_one(f"#{slot}-error").render()).lower() for slot in ("password", "password-again")]
            assert all(says in line if says else line == "" for says, line in zip(said, lines, strict=True)), lines
        modal.query_one("#password", Input).focus()
        modal.query_one("#password", Input).value = ""
        await pilot.press(*keys_for("violet kettle under moss"), "tab", *keys_for("violet kettle under moss"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(out))
    assert (
        "Jamie Brook"
        in pdfium.PdfDocument(str(out), password="violet kettle under moss")[0].get_textpage().get_text_range()
    )
    assert (f"Referral pack saved to {out}, protected by its password") in [m for _, m in notices]
    exports = [r.data for r in dana.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]
    assert [e["encrypted"] for e in exports] == [True]


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


def test_a_transfer_without_a_receipt_is_withdrawn_from_the_dashboard(
    school: Fixture,  # noqa: F811 - the DSL screens' fixture school
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter on an overdue transfer beside the review asks why and withdraws it: saving with no reason says
    so in the dialog; with one, the transfer leaves the list and the log holds the withdrawal and its reason."""
    dana = school.open("dana")
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(
        url, "Brookside Academy", "bea", "Bea Brook", "head of safeguarding at brookside", simulated_clock=True
    )
    brook = School.unlock(url, "bea", "head of safeguarding at brookside")
    (tmp_path / "brook.key").write_text(json.dumps(transfer.public_key(brook).to_data()))
    transfer.send(dana, JAMIE, tmp_path / "brook.key", tmp_path / "b")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-12-10T09:00:00+00:00")
    dana = school.open("dana")

    async def body(pilot: Pilot[None]) -> None:
        await settle(pilot)
        listed = pilot.app.screen.query_one("#outward", OptionList)
        assert option_texts(listed) == ["no receipt since 2026-11-23: R100000000001 → Brookside Academy"]
        listed.focus()
        listed.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, WithdrawTransferModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is modal and "reason" in str(modal.query_one("#reason-error").render())
        await pilot.press(*keys_for("Brookside replaced its key"), "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        assert not pilot.app.screen.query_one("#outward-pane").display

    run(Host(dana), body)
    (gone,) = transfer.transfers(school.open("dana"))
    assert (gone.overdue, gone.withdrawn_reason) == (False, "Brookside replaced its key")


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
