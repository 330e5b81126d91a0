"""A DSL signing as someone else through a one-time code (issue 22; issue 20, finding 9).

The DSL who adds or resets an account sees its one-time code. Each test is the attack:
the DSL uses the code themselves, and writes as the member of staff. The account can do
nothing with the code but set a passphrase; what is written after is marked
[unconfirmed] in every view until the owner confirms, and the owner is told at their
next unlock (who made the code, when it was used, how many entries since) and can
dispute it, which marks those entries [disputed] for good.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from school_log.cli import passphrases
from school_log.errors import AuthError
from school_log.school import School
from storage.tables import R
from storage.vault import Vault
from storage.verify import verify
from tests.cli_runner import Runner
from tests.factory import Fixture, make_school

JAMIE = "R100000000001"
DANAS_CHOICE = "violet harbour engine quietly"  # a passphrase the DSL picks for someone else
TOMS_OWN = "my own phrase for the new term"


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    return fixture


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


def _concern(words: str) -> dict[str, Any]:
    return {"pupil": JAMIE, "what_happened": words, "occurred_at": "2026-11-20T09:00:00Z"}


def _authors(run: Runner) -> dict[str, str]:
    """What happened -> author, as the DSL's chronology of Jamie shows them."""
    shown = run.as_("dana")("chronology", JAMIE, "--json").json()
    return {e["what_happened"]: e["author"] for e in shown["entries"] if e["kind"] == "concern"}


def _exported(run: Runner, tmp_path: Path, name: str) -> str:
    out = tmp_path / name
    assert run.as_("dana")("export", "chronology", JAMIE, "-o", str(out)).code == 0
    with out.open(encoding="utf-8-sig") as file:
        return "\n".join(",".join(row) for row in csv.reader(file))


def _account_records(url: str) -> list[tuple[str, dict[str, Any]]]:
    with Vault(url).connect() as conn:
        rows = conn.execute(select(R.author, R.body).where(R.cls == "account").order_by(R.seq)).all()
    return [(author, json.loads(body)) for author, body in rows]


# --- issue 22: adding a member of staff never gives the DSL their passphrase -------------------


def test_a_dsl_who_adds_staff_gets_a_code_and_whatever_they_write_as_them_is_marked(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Dana adds Nina with a passphrase she picked herself in the environment: `staff add` never reads it (it
    prints a one-time code), so Nina cannot be unlocked with it; with the code nothing can be read or written
    but a passphrase; when Dana uses the code herself and records a concern as Nina, the chronology, `entries`
    and the exported chronology all say [unconfirmed], and the chain shows Dana added her."""
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", DANAS_CHOICE)
    added = run.as_("dana")("staff", "add", "nina", "--name", "Nina New", "--json")
    assert added.code == 0, added.err
    code = added.json()["one_time_code"]
    assert run.as_("nina", DANAS_CHOICE)("entries").code == 3  # the DSL's own choice unlocks nothing
    refused = run.as_("nina", code)("record", "--input", "-", stdin=_concern("written by the DSL"))
    assert refused.code == 3 and "set a new passphrase first" in refused.err
    with pytest.raises(AuthError, match="set a new passphrase first"):
        School.unlock(school.url, "nina", code).log.my_entries()

    assert run.as_("nina", code)("passphrase").code == 0  # the DSL takes the code for herself...
    written = run.as_("nina", DANAS_CHOICE)("record", "--input", "-", stdin=_concern("written by the DSL"))
    assert written.code == 0, written.err  # ...and writes as Nina: seen as such everywhere
    assert _authors(run)["written by the DSL"] == "Nina New [unconfirmed]"
    (mine,) = run.as_("nina", DANAS_CHOICE)("entries", "--json").json()
    assert mine["author"] == "Nina New [unconfirmed]" and mine["under_one_time_code"] == "unconfirmed"
    assert "Nina New [unconfirmed]" in _exported(run, tmp_path, "chronology.csv")

    dana = school.open("dana").session.account_id
    nina = next(a for a in school.open("dana").staff.members() if a.username == "nina").id
    creations = [(author, data) for author, data in _account_records(school.url) if data["op"] == "create"]
    assert (dana, nina) == (creations[-1][0], creations[-1][1]["account"]) and creations[-1][1]["code"] is True
    assert verify(Vault(school.url)).ok


# --- issue 20, finding 9: a reset's code used by the DSL is seen by the owner -------------------


def test_a_dsl_who_uses_a_reset_code_is_seen_and_the_owner_disputes_it(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Dana resets Tom, uses the code herself and records a concern as him: it shows "Tom Teach [unconfirmed]".
    Tom, locked out, gets a second reset from Derek and sets his own passphrase; at his next unlock he is told
    who reset his account, when, when the code was used and that 1 entry was written since; he disputes
    (a chained record signed by his account) and the concern is "[disputed]" in the chronology and the export,
    while what Tom writes afterwards is his, unmarked."""
    own = run.as_("tom")("record", "--input", "-", stdin=_concern("written by Tom before")).json()["id"]
    code = run.as_("dana")("staff", "reset", "tom", "--json").json()["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", DANAS_CHOICE)
    assert run.as_("tom", code)("passphrase").code == 0
    assert run.as_("tom", DANAS_CHOICE)("record", "--input", "-", stdin=_concern("written by the DSL")).code == 0
    shown = _authors(run)
    assert shown == {"written by Tom before": "Tom Teach", "written by the DSL": "Tom Teach [unconfirmed]"}

    second = run.as_("derek")("staff", "reset", "tom", "--json").json()["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", TOMS_OWN)
    used = run.as_("tom", second)("passphrase")
    assert used.code == 0 and "reset" not in used.notes  # asked at the next unlock, not the one using the code
    told = run.as_("tom", TOMS_OWN)("entries")
    assert told.code == 0
    assert "Your account was reset by Dana Lead on 23 Nov 2026 10:00 UTC" in told.notes
    assert "entries since then: 1 (not yet confirmed)" in told.notes
    assert "Your account was reset by Derek Deputy" in told.notes and "account dispute" in told.notes

    assert run.as_("tom", TOMS_OWN)("account", "dispute").code == 0
    assert run.as_("tom", TOMS_OWN)("record", "--input", "-", stdin=_concern("written by Tom after")).code == 0
    assert _authors(run) == {
        "written by Tom before": "Tom Teach",
        "written by the DSL": "Tom Teach [disputed]",
        "written by Tom after": "Tom Teach",
    }
    assert "Tom Teach [disputed]" in _exported(run, tmp_path, "after.csv")
    assert {e["id"] for e in run.as_("tom", TOMS_OWN)("entries", "--json").json()} >= {own}
    assert "reset" not in run.as_("tom", TOMS_OWN)("entries").notes  # answered: not asked again
    tom = school.open("dana").staff.members()
    tom_id = next(a.id for a in tom if a.username == "tom")
    assert [d["op"] for a, d in _account_records(school.url) if a == tom_id][-1] == "dispute"
    assert verify(Vault(school.url)).ok


def test_a_confirmation_made_by_the_dsl_holding_the_account_is_shown_to_the_owner_and_disputable(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dana uses Tom's reset code, writes as him, and confirms the code herself, so nothing is marked. When Tom
    gets his account back (another reset), he is shown that earlier code too, "confirmed" and with its 1 entry;
    his dispute reaches back to it (`--earlier`), and everything written while Dana held the account — after
    her confirmation included — is [disputed]."""
    code = run.as_("dana")("staff", "reset", "tom", "--json").json()["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", DANAS_CHOICE)
    assert run.as_("tom", code)("passphrase").code == 0
    assert run.as_("tom", DANAS_CHOICE)("record", "--input", "-", stdin=_concern("before her confirm")).code == 0
    assert run.as_("tom", DANAS_CHOICE)("account", "confirm").code == 0
    assert run.as_("tom", DANAS_CHOICE)("record", "--input", "-", stdin=_concern("after her confirm")).code == 0
    assert set(_authors(run).values()) == {"Tom Teach"}

    second = run.as_("derek")("staff", "reset", "tom", "--json").json()["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", TOMS_OWN)
    assert run.as_("tom", second)("passphrase").code == 0
    told = run.as_("tom", TOMS_OWN)("entries").notes
    assert "reset by Dana Lead" in told and "entries since then: 1 (confirmed 23 Nov 2026 10:00 UTC)" in told
    assert "account dispute [--earlier]" in told
    assert run.as_("tom", TOMS_OWN)("account", "dispute", "--earlier").code == 0
    assert set(_authors(run).values()) == {"Tom Teach [disputed]"}


def test_the_owner_confirming_clears_the_marks_and_a_dsl_cannot_answer_for_them(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a reset Tom sets his passphrase and writes; the entry is [unconfirmed] until he confirms, then
    plain. Answering is the account's own act: a DSL has nothing to answer (exit 2), and an account with no code
    waiting is told so."""
    code = run.as_("dana")("staff", "reset", "tom", "--json").json()["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", TOMS_OWN)
    assert run.as_("tom", code)("passphrase").code == 0
    assert run.as_("tom", TOMS_OWN)("record", "--input", "-", stdin=_concern("Tom's own")).code == 0
    assert _authors(run) == {"Tom's own": "Tom Teach [unconfirmed]"}
    nothing = run.as_("dana")("account", "confirm")
    assert nothing.code == 2 and "no one-time code of this account is waiting" in nothing.err
    assert run.as_("tom", TOMS_OWN)("account", "confirm").code == 0
    assert _authors(run) == {"Tom's own": "Tom Teach"}
    assert run.as_("tom", TOMS_OWN)("account", "confirm").code == 2
