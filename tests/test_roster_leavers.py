"""Pupils who have left: off the roll, the pickers and every unlock's reading, yet their file is kept for
retention and transfer and opens for a DSL on demand (issue 26)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from school_log.errors import AuthError, InputError
from school_log.outward.retention import due_date
from school_log.roster_files.rows import RosterRow
from school_log.upn import check_letter
from storage.session import Session
from tests.cli_runner import Runner
from tests.conftest import with_entries
from tests.factory import PUPILS, make_school
from tests.pilot import Host, option_texts, rows, run, text_of, type_text
from tui.screens.chronology import ChronologyScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.leaver import LeaverModal
from tui.widgets.pupil_picker import PupilPickerModal, describe

JAMIE, ELLA = PUPILS[0].upn, PUPILS[1].upn


def test_a_leaver_is_off_the_roll_and_pickers_but_their_file_still_opens(school):
    """A DSL records Jamie as left: staff no longer find him on the roll or in a picker, his sister's household
    no longer lists him; his chronology, a search and retention still find him, by UPN, for a DSL."""
    dana = school.open("dana")
    left = dana.roster.leave(JAMIE, date(2026, 11, 20))
    assert left.left_on == date(2026, 11, 20)
    tom = school.open("tom")
    assert JAMIE not in {p.upn for p in tom.roster.pupils()}
    assert tom.roster.search("Jamie") == [] and tom.roster.search("Brook") == [tom.roster.pupil(ELLA)]
    assert tom.roster.household(tom.roster.pupil(ELLA)) == []
    dana = school.open("dana")
    chronology = dana.review.chronology(JAMIE)
    assert chronology.pupil.left_on == date(2026, 11, 20) and len(chronology.items) == 2
    assert {e.pupil_id for e in dana.review.search("bruise")} == {left.id}
    assert due_date(dana, left, 25) == date(2042, 4, 2)
    assert [p.upn for p in dana.roster.leavers()] == [JAMIE]


def test_a_leaver_waiting_for_a_decision_stays_in_the_review(school):
    """Jamie's two concerns wait for a decision when he leaves: the DSL's review still lists him (and the
    team-sealed last review the app paints first still opens), until a decision covers them."""
    dana = school.open("dana")
    dana.roster.leave(JAMIE, date(2026, 11, 20))
    dana = school.open("dana")
    assert JAMIE in {item.pupil.upn for item in dana.review.dashboard().review}
    cached = school.open("dana").review.cached_dashboard()
    assert cached is not None and JAMIE in {item.pupil.upn for item in cached.review}
    concerns = [i.entry.id for i in dana.review.chronology(JAMIE).items]
    decision = {"outcome": "monitor", "level": 2, "rationale": "Spoke to his new school's DSL.", "covers": concerns}
    dana.log.decide(JAMIE, decision)
    assert JAMIE not in {item.pupil.upn for item in school.open("dana").review.dashboard().review}


def _roster_records_opened(monkeypatch, fixture, username: str, view=lambda school: school.roster.pupils()):
    """The (class, subject) of each roster-key record an unlock and its `view` (the pupils on roll) open."""
    opened: list[tuple[str, str]] = []
    real = Session.open

    def counting(self, row, *args, **kwargs):  # type: ignore[no-untyped-def]
        if row.cls in ("roster", "leaver"):
            opened.append((row.cls, row.subject))
        return real(self, row, *args, **kwargs)

    monkeypatch.setattr(Session, "open", counting)
    view(fixture.open(username))
    monkeypatch.setattr(Session, "open", real)
    return opened


def _leavers(dana, first: int = 100, count: int = 40) -> list[str]:
    """`count` pupils imported and recorded as left; their ids."""
    extra = [
        RosterRow(f"{check_letter(f'{n:012d}')}{n:012d}", "Past", f"Pupil{n}", date(2012, 1, 1), "6", f"H{n}")
        for n in range(first, first + count)
    ]
    dana.roster.import_rows(extra)
    return [dana.roster.leave(row.upn, date(2026, 7, 20)).id for row in extra]


def test_unlock_does_not_read_leavers(tmp_path, monkeypatch, store):
    """However many pupils have left, an unlock opens exactly the roster records of the pupils on roll: the
    leavers' records (and their old roster records) are not fetched. On SQLite and PostgreSQL."""
    fixture = make_school(tmp_path, monkeypatch, store)
    before = _roster_records_opened(monkeypatch, fixture, "tom")
    extra = _leavers(fixture.open("dana"))
    assert _roster_records_opened(monkeypatch, fixture, "tom") == before and len(before) == len(PUPILS)
    assert len(fixture.open("dana").roster.leavers()) == len(extra) > 0


def test_the_review_opens_only_the_leavers_it_lists(tmp_path, monkeypatch, store):
    """With 40 other pupils gone, the review that lists Jamie (left, his concerns waiting) opens his roster
    records and none of theirs, in the current review and in the sealed last review the app paints first
    (all 10,000 leavers' were opened and checked: 4.9 s of a 25-year school's review). On both stores."""
    fixture = with_entries(make_school(tmp_path, monkeypatch, store))
    dana = fixture.open("dana")
    others = set(_leavers(dana))
    jamie = dana.roster.leave(JAMIE, date(2026, 11, 20)).id

    def review(school):  # type: ignore[no-untyped-def]
        assert jamie in {item.pupil.id for item in school.review.dashboard().review}
        cached = school.review.cached_dashboard()
        assert cached is not None and jamie in {item.pupil.id for item in cached.review}

    opened = {subject for cls, subject in _roster_records_opened(monkeypatch, fixture, "dana", review)}
    assert jamie in opened and not opened & others


def test_a_mis_leaving_date_records_a_leaver_and_a_returner_is_back_on_roll(tmp_path, monkeypatch):
    """A MIS export's leaving date that has passed records the pupil as left; one still to come keeps them on
    roll; listed again without one, a leaver is back on roll (the same pupil, the same file)."""
    fixture = make_school(tmp_path, monkeypatch)
    dana = fixture.open("dana")
    csv = tmp_path / "mis.csv"
    head = "UPN,Legal Surname,Legal Forename,DOB,Year,Leaving Date\n"
    csv.write_text(head + f"{JAMIE},Brook,Jamie,02/04/2017,4,31/10/2026\n{ELLA},Brook,Ella,2019-09-15,2,2027-07-20\n")
    jamie_id = dana.roster.pupil(JAMIE).id
    dana.roster.import_file(csv)
    assert {p.upn for p in dana.roster.pupils()} == {r.upn for r in PUPILS} - {JAMIE}
    assert dana.roster.pupil(JAMIE).left_on == date(2026, 10, 31) and dana.roster.pupil(ELLA).left_on is None
    csv.write_text(head + f"{JAMIE},Brook,Jamie,02/04/2017,5,\n")
    dana.roster.import_file(csv)
    back = fixture.open("tom").roster.pupil(JAMIE)
    assert back.id == jamie_id and back.left_on is None and back.year_group == "5"
    opened = _roster_records_opened(monkeypatch, fixture, "tom")
    assert {cls for cls, _ in opened} == {"roster"} and [s for _, s in opened].count(jamie_id) == 1


def test_only_a_dsl_records_a_leaver(tmp_path, monkeypatch):
    """A member of staff cannot take a pupil off the roll, through the domain or past it."""
    fixture = make_school(tmp_path, monkeypatch)
    with pytest.raises(AuthError):
        fixture.open("tom").roster.leave(JAMIE, date(2026, 11, 1))
    with pytest.raises(InputError, match="already left"):
        dana = fixture.open("dana")
        dana.roster.leave(JAMIE, date(2026, 11, 1))
        dana.roster.leave(JAMIE, date(2026, 11, 2))


def test_cli_roster_leave(tmp_path: Path, monkeypatch, capsys):
    """`school-log roster leave UPN [--date]`: the pupil leaves the list and shows in `list --left`; an unknown
    UPN, a day still to come, a date that is not one, a second leaving, each one line (exit 2), nothing written."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    run = Runner(monkeypatch, capsys).as_("dana")
    done = run("roster", "leave", JAMIE, "--date", "2026-11-20", "--json")
    assert done.code == 0 and done.json()["left_on"] == "2026-11-20"
    assert JAMIE not in {p["upn"] for p in run("roster", "list", "--json").json()}
    assert [p["upn"] for p in run("roster", "list", "--left", "--json").json()] == [JAMIE]
    for argv, says in (
        (("X999999999999",), "no pupil 'X999999999999' on the roster"),
        ((ELLA, "--date", "2026-12-01"), "2026-12-01 is in the future"),
        ((ELLA, "--date", "20/13/2026"), "--date: '20/13/2026' is not a date"),
        ((JAMIE,), "already left, on 2026-11-20"),
    ):
        refused = run("roster", "leave", *argv)
        assert refused.code == 2 and says in refused.err, refused.err
    assert [p["upn"] for p in run("roster", "list", "--left", "--json").json()] == [JAMIE]
    assert run.as_("tom")("roster", "leave", ELLA).code != 0


def test_dsl_records_a_leaver_from_the_chronology_and_the_pickers_drop_them(school) -> None:
    """`L` on a chronology asks the day the pupil left (today filled in); a day still to come is refused on the
    form, nothing written; a past day, confirmed, records it: the header says 'left', the entries stay. The
    dashboard's pupil picker then no longer offers them."""
    dana = school.open("dana")
    jamie = dana.roster.pupil(JAMIE)

    async def leave(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await pilot.press("L")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, LeaverModal) and form.query_one("#date", Input).value == "2026-11-23"
        form.query_one("#date", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and "in the future" in str(form.query_one("#date-error").render())
        form.query_one("#date", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "Jamie Brook (R100000000001) left on 2026-11-20." in text_of(pilot, "#question")
        await pilot.click("#yes")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "left 20 Nov 2026" in text_of(pilot, "#pupil-header")
        assert len(rows(screen.query_one("#entries", DataTable))) == 2

    run(Host(dana, lambda: ChronologyScreen(jamie.id)), leave)
    assert school.open("tom").roster.search("Jamie") == []

    async def pick(pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilPickerModal)
        await type_text(pilot, "brook")
        await pilot.pause()
        assert option_texts(pilot.app.screen.query_one(OptionList)) == [describe(dana.roster.pupil(ELLA))]

    run(Host(school.open("dana")), pick)
