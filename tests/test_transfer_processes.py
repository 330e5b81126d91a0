"""Transfers by the `school-log` command, each step in a process of its own on the two schools' stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from school_log.outward.pending import alerts
from storage import keyslots
from storage.accounts import create_vault
from storage.crypto import PRODUCTION_KDF
from tests.cli_runner import Result, command
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.test_transfer import JAMIE, _record

BROOK = ("bea", "head of safeguarding at brookside")


class Schools:
    """Oakfield (with Jamie's file) and Brookside, each DSL's command run in its own process."""

    def __init__(self, oak: Fixture, brook: str, files: Path) -> None:
        self.oak, self.brook, self.files = oak, brook, files

    def dana(self, *argv: str) -> Result:
        return command(self.oak.url, "dana", PASSPHRASES["dana"], *argv)

    def bea(self, *argv: str) -> Result:
        return command(self.brook, *BROOK, *argv)

    def send(self, name: str) -> Path:
        out = self.files / name
        sent = self.dana("transfer", "export", JAMIE, "--to", str(self.files / "brook.key"), "-o", str(out))
        assert sent.code == 0, sent.err
        return out


@pytest.fixture
def schools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Schools:
    """Keys made at the production cost: the real command (in its own process) refuses a cheaper one."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", PRODUCTION_KDF)
    (tmp_path / "oak").mkdir()
    oak = make_school(tmp_path / "oak", monkeypatch)
    _record(oak.open("dana"))  # a concern with a body mark, a decision, an addendum
    brook = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(brook, "Brookside Academy", BROOK[0], "Beatriz Núñez", BROOK[1], simulated_clock=True)
    both = Schools(oak, brook, tmp_path)
    assert both.bea("school-key", "-o", str(tmp_path / "brook.key")).code == 0
    assert both.dana("school-key", "-o", str(tmp_path / "oak.key")).code == 0
    return both


def test_a_file_sent_again_lands_only_what_is_new(schools: Schools) -> None:
    """A school that sends a pupil's file again (after adding a concern) does not double it at the new school:
    every entry lands once, the second import adds only the new concern and says how many it already had,
    and the injury counts stay true."""
    first = schools.send("first.bundle")
    got = schools.bea("transfer", "import", str(first), "--from", str(schools.files / "oak.key"), "--json")
    assert got.code == 0 and (got.json()["entries"], got.json()["already_here"]) == (3, 0)

    oak = schools.oak.open("dana")
    oak.log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-11-21T09:00:00Z", "what_happened": "Late again, no coat"}
    )
    second = schools.send("second.bundle")
    again = schools.bea("transfer", "import", str(second), "--json")
    assert again.code == 0 and (again.json()["entries"], again.json()["already_here"]) == (1, 3)
    said = schools.bea("transfer", "import", str(schools.send("third.bundle")))
    assert said.code == 0 and "Imported 0 entries" in said.out and "(4 already here" in said.out

    chronology = schools.bea("chronology", JAMIE, "--json").json()["entries"]
    assert len(chronology) == 4  # two concerns, the decision, the addendum: no copy of any
    assert sorted(e["kind"] for e in chronology).count("concern") == 2
    marks = [m for e in chronology for m in e.get("body_marks", [])]
    assert len(marks) == 1


def test_a_transfer_no_receipt_came_back_for_can_be_withdrawn(schools: Schools, monkeypatch) -> None:
    """A bundle sealed to a key the other school no longer has is not "overdue" for ever: a DSL withdraws it
    with a reason (a chained record), the list says so, and it no longer waits for a receipt; it needs a
    reason, a DSL, and a transfer still waiting."""
    schools.send("dead-key.bundle")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-12-10T10:00:00+00:00")  # past the five school days
    assert schools.dana("transfer", "list", "--json").json()[0]["state"] == "OVERDUE"
    assert schools.dana("transfer", "withdraw", JAMIE).code == 2  # --reason is required
    staff = command(schools.oak.url, "tom", PASSPHRASES["tom"], "transfer", "withdraw", JAMIE, "--reason", "x")
    assert staff.code == 3
    done = schools.dana("transfer", "withdraw", JAMIE, "--reason", "Brookside replaced its key")
    assert done.code == 0 and f"Withdrew the transfer of {JAMIE} to Brookside Academy" in done.out
    assert schools.dana("verify").code == 0  # the withdrawal is a signed record in the chain
    listed = schools.dana("transfer", "list", "--json").json()[0]
    assert listed["state"] == "withdrawn 2026-12-10: Brookside replaced its key"
    assert listed["withdrawn_reason"] == "Brookside replaced its key"
    again = schools.dana("transfer", "withdraw", JAMIE, "--reason", "twice")
    assert again.code == 2 and "no transfer" in again.err
    assert alerts(schools.oak.open("dana")) == []  # the dashboard no longer lists it as without a receipt


def test_after_a_confirmed_transfer_the_pupil_leaves_the_senders_review(schools: Schools) -> None:
    """Once the new school confirms it holds the file, the pupil is that school's to review: the sending
    school's review no longer lists them (they were on it before, with a concern waiting)."""
    oak = schools.oak.open("dana")
    oak.log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-11-22T09:00:00Z", "what_happened": "Bruise on the cheek, no account"}
    )
    on_review = [r["pupil"]["upn"] for r in schools.dana("review", "--json").json()]
    assert JAMIE in on_review
    bundle = schools.send("jamie.bundle")
    assert schools.bea("transfer", "import", str(bundle), "--from", str(schools.files / "oak.key")).code == 0
    assert JAMIE in [r["pupil"]["upn"] for r in schools.dana("review", "--json").json()]  # sent, not confirmed
    assert schools.dana("transfer", "receipt", f"{bundle}.receipt").code == 0
    assert JAMIE not in [r["pupil"]["upn"] for r in schools.dana("review", "--json").json()]


def test_retention_show_gives_a_destroyed_files_tombstone_and_no_transfer_names_the_pupil(
    schools: Schools, monkeypatch
) -> None:
    """After two DSLs destroy a file, `retention show UPN` says when, who proposed and who confirmed it, why,
    and how many entries of each kind — none of their words; `transfer list` no longer shows the UPN; a UPN
    with no destroyed file is one line, exit 2."""
    schools.send("jamie.bundle")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-03T09:00:00+00:00")  # Jamie (born 2017-04-02) is due
    assert schools.dana("retention", "destroy", JAMIE, "--reason", "Reviewed at 25 years").code == 0
    derek = command(schools.oak.url, "derek", PASSPHRASES["derek"], "retention", "destroy", JAMIE, "--reason", "Agreed")
    assert derek.code == 0
    shown = schools.dana("retention", "show", JAMIE.lower())
    assert shown.code == 0, shown.err
    assert shown.out.startswith(f"The file of {JAMIE} was destroyed on 2042-04-03, proposed by Dana Lead")
    assert "(Reviewed at 25 years), confirmed by Derek Deputy: Agreed." in shown.out
    assert "1 addendum, 1 concern, 1 decision" in shown.out
    for words in ("Bruise", "Dad grabbed", "frightened", "Mother phoned", "Jamie", "Brook"):
        assert words not in shown.out
    data = schools.dana("retention", "show", JAMIE, "--json").json()
    assert (data["confirmed_by"], data["proposed_by"], data["entries"]["concern"]) == ("Derek Deputy", "Dana Lead", 1)
    assert JAMIE not in schools.dana("transfer", "list").out
    unknown = schools.dana("retention", "show", "F100000000002")
    assert unknown.code == 2 and "no destroyed file matches" in unknown.err
