"""The DSL's family screen, from a pupil's chronology: correct the family, link and unlink siblings."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from school_log.model import Contact, Family
from tests.factory import Fixture
from tests.pilot import JAMIE, Host, rows, run, text_of, type_text
from tests.test_roster_family import MIS_CSV
from tui.screens.chronology import ChronologyScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.family import FamilyModal, FamilyScreen
from tui.widgets.pupil_picker import PupilPickerModal


async def _open_family(pilot: Pilot[None]) -> FamilyScreen:
    await pilot.press("y")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FamilyScreen)
    return screen


def test_dsl_corrects_the_family_from_the_chronology(school: Fixture) -> None:
    """`y` on a chronology shows the family the roster holds; `e` opens it filled in; a contact's phone with
    no name is refused under the name (nothing written); typed corrections are saved and shown at once."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)
    dana.roster.set_family(JAMIE, Family(first_language="English", contacts=(Contact("Kim Brook", "Mother"),)))

    async def body(pilot: Pilot[None]) -> None:
        screen = await _open_family(pilot)
        shown = text_of(pilot, "#family")
        assert "First language: English" in shown and "Contact 1: Kim Brook (Mother)" in shown
        assert "GP: not recorded" in shown
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FamilyModal) and form.query_one("#contact1_name", Input).value == "Kim Brook"
        await type_text(pilot, "3 Larkspur Close, ZZ2 1AB")  # the address box has the cursor
        form.query_one("#contact2_phone", Input).focus()
        await type_text(pilot, "07700 900999")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert "contact 2 has other details" in str(form.query_one("#contact2_name-error").render())
        assert dana.roster.family(jamie).address == ""  # nothing written
        form.query_one("#contact2_name", Input).focus()
        await type_text(pilot, "Lee Brook")
        form.query_one("#gp", Input).focus()
        await type_text(pilot, "Testbury Surgery")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        shown = text_of(pilot, "#family")
        assert "Address: 3 Larkspur Close, ZZ2 1AB" in shown and "GP: Testbury Surgery" in shown
        assert "Contact 2: Lee Brook · 07700 900999" in shown

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    dana.roster.forget()
    family = dana.roster.family(jamie)
    assert family.gp == "Testbury Surgery" and family.contacts[1] == Contact("Lee Brook", phone="07700 900999")
    assert family.first_language == "English" and family.contacts[0] == Contact("Kim Brook", "Mother")


def test_dsl_unlinks_and_links_a_sibling(school: Fixture) -> None:
    """On the family screen `u` takes the highlighted sibling out of the household after asking; `l` picks
    another pupil by name and links them; back on the chronology the household line says so."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)

    async def body(pilot: Pilot[None]) -> None:
        screen = await _open_family(pilot)
        assert [r[0] for r in rows(screen.query_one("#siblings", DataTable))] == ["Elly Brook"]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "Take Elly Brook (F100000000002) out of Jamie Brook's household?" in text_of(pilot, "#question")
        await pilot.press("y")
        await pilot.pause()
        assert rows(screen.query_one("#siblings", DataTable))[0][0].startswith("No siblings on roll")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilPickerModal)
        await type_text(pilot, "noah")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert [r[0] for r in rows(screen.query_one("#siblings", DataTable))] == ["Noah Field"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        assert "Household: Noah Field (Y5)" in text_of(pilot, "#pupil-header")

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), body)
    dana.roster.forget()
    assert [p.upn for p in dana.roster.household(jamie)] == ["V100000000003"]
    assert dana.roster.household(dana.roster.pupil("F100000000002")) == []


def test_previewing_a_mis_export_shows_how_each_column_is_read(school: Fixture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Previewing a SIMS-style export names what each of its columns is read as (and what is not kept), and
    siblings found from a shared phone say so instead of showing a meaningless household id."""
    path = tmp_path / "sims.csv"
    path.write_text(MIS_CSV, encoding="utf-8")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("s", "i")
        await pilot.pause()
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        columns = text_of(pilot, "#roster-columns")
        assert columns.startswith("Columns: UPN → upn · Legal Surname → family_name · Legal Forename → given_name")
        assert "Reg → not kept" in columns and "Primary Contact Telephone → contact1_phone" in columns
        shown = rows(pilot.app.screen.query_one("#roster-rows", DataTable))
        assert [r[4] for r in shown] == ["shared contacts or address", "shared contacts or address", ""]

    dana = school.open("dana")
    run(Host(dana), body)
    assert len(dana.roster.pupils()) == 6  # a preview writes nothing
