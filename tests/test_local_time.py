"""The school's own clock: times shown and typed are Europe/London (or the school's `[school] timezone`),
days given as dates are the school's days, and the log still stores UTC."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from textual.pilot import Pilot

from school_log.cli import passphrases
from school_log.model import Decision, Pupil, when
from school_log.outward.transfer import due_after
from school_log.tasks import open_tasks
from storage import keyslots
from storage.crypto import PRODUCTION_KDF
from tests import pilot as screens
from tests.cli_runner import Runner
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.test_cli import JAMIE, concern
from tui.screens.chronology import ChronologyScreen
from tui.wording import parse_typed

SEPTEMBER = "2027-09-20T10:00:00+01:00"  # a Monday in British Summer Time
JAMIE_PUPIL = Pupil("p1", JAMIE, "Jamie", "Brook", date(2017, 4, 2), "4", "H-BROOK")


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


@pytest.fixture
def oak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Runner) -> Fixture:
    """Oakfield in September 2027: a concern typed as 08:45 on 14 September (no offset: the school's
    time), one at 00:30 BST on 1 June and one at 23:30 BST on 31 May (sent with their offsets)."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    monkeypatch.setenv("SCHOOL_LOG_NOW", SEPTEMBER)
    for at in ("2027-05-31T23:30+01:00", "2027-05-31T23:30Z", "2027-09-14T08:45"):
        assert run.as_("tom")("record", "--input", "-", stdin=concern(occurred_at=at)).code == 0
    return fixture


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_a_time_typed_without_an_offset_is_the_schools_and_is_shown_as_typed(oak: Fixture, run: Runner) -> None:
    """A concern at 08:45 on a September morning reads 08:45 BST on the command line (not 07:45 UTC),
    its JSON carries the +01:00 offset, and the log holds the same instant in UTC."""
    shown = run.as_("dana")("chronology", JAMIE)
    assert shown.code == 0 and "2027-09-14 08:45 BST" in shown.out and "07:45" not in shown.out
    rows = run("chronology", JAMIE, "--json").json()["entries"]
    assert "2027-09-14T08:45:00+01:00" in [r["occurred_at"] for r in rows]
    stored = [when(i.entry) for i in oak.open("dana").review.chronology(JAMIE).items]
    assert datetime(2027, 9, 14, 7, 45, tzinfo=UTC) in stored and all(t.tzinfo is UTC for t in stored)


def test_from_a_day_keeps_what_happened_after_the_schools_midnight(oak: Fixture, tmp_path: Path, run: Runner) -> None:
    """`--from 2027-06-01` keeps the concern at 00:30 BST on 1 June (23:30 UTC on 31 May) and drops the one
    an hour earlier; the CSV's times carry their offset, so a spreadsheet knows which zone they are in."""
    path = tmp_path / "c.csv"
    made = run.as_("dana")("export", "chronology", JAMIE, "--from", "2027-06-01", "-o", str(path), "--json")
    assert made.code == 0 and made.json()["entries"] == 2
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["occurred"] for r in rows] == ["2027-06-01T00:30+01:00", "2027-09-14T08:45+01:00"]
    assert all(r["recorded"] == "2027-09-20T10:00+01:00" for r in rows)


def test_the_pdfs_print_the_schools_time_with_its_zone(oak: Fixture, tmp_path: Path, run: Runner) -> None:
    """The chronology and the referral pack print 08:45 BST for the September concern, and name the zone
    on every time: no "UTC" anywhere a reader would take for the school's clock."""
    for document in ("chronology", "referral"):
        path = tmp_path / f"{document}.pdf"
        whole = ["--whole-file"] if document == "referral" else []  # the pack starts on 1 September unless asked
        assert run.as_("dana")("export", document, JAMIE, "-o", str(path), *whole).code == 0
        text = " ".join(pdf_text(path).split())
        assert "2027-09-14 08:45 BST" in text and "2027-06-01 00:30 BST" in text, document
        assert "on 2027-09-20 10:00 BST" in text
        assert "UTC" not in text and "07:45" not in text


def test_a_transfer_sent_before_easter_is_not_due_on_easter_monday() -> None:
    """Five school days from Monday 30 March 2026 skip Good Friday and Easter Monday: due Wednesday 8 April."""
    assert due_after("2026-03-30T10:00:00+00:00") == date(2026, 4, 8)


def test_the_referral_chase_skips_the_bank_holidays() -> None:
    """A referral made on Maundy Thursday is chased on the Tuesday after Easter, not on Good Friday."""
    decided = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    referral = Decision(
        id="d1", pupil_id="p1", author_id="dana", recorded_at=decided, covers=("c1",),
        outcome="refer-social-care", level=4, rationale="Marks on the arm, twice", agency="MASH",
    )  # fmt: skip
    (chase,) = open_tasks(JAMIE_PUPIL, [referral])
    assert chase.text.startswith("Chase MASH") and chase.due == date(2026, 4, 7)


def test_the_schools_closures_reach_transfers_and_the_referral_chase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An INSET day in config.toml is not a working day for a transfer's receipt nor for chasing a
    referral: a referral on Monday 23 November is chased on Wednesday, a transfer is due on 1 December."""
    config = tmp_path / "config.toml"
    config.write_text("[thresholds]\nholidays = [2026-11-24]\n")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    fixture = make_school(tmp_path, monkeypatch)
    dana = fixture.open("dana")
    decision = {"outcome": "refer-social-care", "level": 4, "rationale": "Bruises", "agency": "MASH"}
    referral = dana.log.decide(JAMIE, decision)
    (chase,) = open_tasks(dana.roster.pupil(JAMIE), [referral])
    assert chase.due == date(2026, 11, 25)
    assert due_after("2026-11-23T10:00:00+00:00") == date(2026, 12, 1)


def test_the_screens_show_and_read_the_schools_time_whatever_the_machines_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None
) -> None:
    """On a machine set to UTC, the app still shows a concern from 08:45 BST as 08:45, and a time typed into
    a form ('2027-09-14 08:45') is read as the school's 08:45 (07:45 UTC)."""
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_NOW", SEPTEMBER)
    fixture.open("tom").log.record_concern(concern(occurred_at="2027-09-14T07:45:00Z"))
    assert parse_typed("2027-09-14 08:45") == datetime(2027, 9, 14, 7, 45, tzinfo=UTC)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChronologyScreen)
        detail = screens.text_of(pilot, "#entry")
        assert "happened 14 Sep 2027 08:45" in detail and "recorded 20 Sep 2027 10:00" in detail

    screens.run(screens.Host(fixture.open("dana")), body)


def test_the_command_in_its_own_process_shows_the_configured_zone_not_the_machines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`school-log chronology` run as a DSL runs it, on a machine set to Auckland: the school's London time
    by default, New York's when config.toml says so; a misspelt zone is exit 2 and one line.

    Keys are made at the production cost: the command in its own process refuses a cheaper key."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", PRODUCTION_KDF)
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    monkeypatch.setenv("SCHOOL_LOG_NOW", SEPTEMBER)
    fixture.open("tom").log.record_concern(concern(occurred_at="2027-09-14T08:45"))

    def chronology(config: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "config.toml"
        path.write_text(config)
        return subprocess.run(
            [str(Path(sys.executable).with_name("school-log")), "chronology", JAMIE],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env=os.environ
            | {"TZ": "Pacific/Auckland", "SCHOOL_LOG_CONFIG": str(path), "SCHOOL_LOG_USER": "dana"}
            | {"SCHOOL_LOG_PASSPHRASE": PASSPHRASES["dana"]},
        )

    london = chronology("")
    assert london.returncode == 0 and "2027-09-14 08:45 BST" in london.stdout, london.stderr
    new_york = chronology('[school]\ntimezone = "America/New_York"\n')
    assert new_york.returncode == 0 and "2027-09-14 03:45 EDT" in new_york.stdout, new_york.stderr
    misspelt = chronology('[school]\ntimezone = "Europe/Londn"\n')
    assert misspelt.returncode == 2 and misspelt.stderr.count("\n") == 1 and "'Europe/Londn'" in misspelt.stderr
