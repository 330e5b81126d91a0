"""Transfers by the `school-log` command, each step in a process of its own on the two schools' stores."""

from __future__ import annotations

from pathlib import Path

import pytest

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
