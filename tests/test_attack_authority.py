"""Authority is checked where the records are, not in the screens.

Each test is an attack from the security review (issue 13, findings 1, 3 and 7) by a
member of staff holding the public Python API and their own keys — as someone who
edits the code, or copies the store, would.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import select

from school_log.cli.main import main
from school_log.errors import AuthError
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from storage.records import Draft
from storage.tables import R
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, Fixture, make_school

JAMIE, LEO = "R100000000001", "Y100000000005"


@pytest.fixture
def school(tmp_path, monkeypatch) -> Fixture:  # type: ignore[no-untyped-def]
    return make_school(tmp_path, monkeypatch)


def _concern(upn: str = JAMIE) -> dict[str, object]:
    return {"pupil": upn, "what_happened": "bruise on the arm", "occurred_at": "2026-11-20T09:00:00Z"}


def _records(fixture: Fixture) -> int:
    with Vault(fixture.url).connect() as conn:
        return len(conn.execute(select(R.seq)).all())


def decision_draft(pupil_id: str, covers: list[str]) -> Draft:
    data = {
        "covers": covers,
        "outcome": "no-further-action",
        "level": 1,
        "rationale": "nothing to see",
        "agency": "",
        "reference": "",
        "review_by": None,
    }
    return Draft("entry", subject=pupil_id, kind="decision", data=data)


def past_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an attacker who edits the code gets: the vault's append check switched off (in this process)."""
    monkeypatch.setattr("storage.writes.refuse_to_append", lambda *args: None)


# --- finding 1: roles per kind of record -------------------------------------------------------


def test_staff_cannot_append_a_decision_through_the_vault(school: Fixture) -> None:
    """A member of staff calling the vault directly cannot write a decision: refused, nothing written,
    and the pupil stays on the DSL's review."""
    tom = school.open("tom")
    concern = tom.log.record_concern(_concern())
    before = _records(school)
    with pytest.raises(AuthError, match="staff account may not write a 'decision' record"):
        tom.session.append(decision_draft(concern.pupil_id, [concern.id]))
    assert _records(school) == before
    assert JAMIE in {item.pupil.upn for item in school.open("dana").review.items()}


@pytest.mark.parametrize("kind", ["notification", "referral-outcome", "pupil", "no-such-kind"])
def test_staff_cannot_append_any_team_only_kind(school: Fixture, kind: str) -> None:
    """Notifications, referral outcomes, roster entries and kinds nobody knows are refused to staff."""
    tom = school.open("tom")
    pupil = tom.roster.pupil(JAMIE)
    before = _records(school)
    with pytest.raises(AuthError):
        tom.session.append(Draft("entry", subject=pupil.id, kind=kind, data={}))
    assert _records(school) == before


def test_a_decision_smuggled_past_the_check_clears_nobody_and_is_named(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written past the append check (edited code), a staff 'decision' is never believed: the pupil stays on
    the review, the DSL is told it was set aside, and verify (by a DSL) names the record."""
    tom = school.open("tom")
    concern = tom.log.record_concern(_concern())
    past_the_check(monkeypatch)
    smuggled = tom.session.append(decision_draft(concern.pupil_id, [concern.id]))[0]

    dana = school.open("dana")
    assert JAMIE in {item.pupil.upn for item in dana.review.items()}
    assert smuggled.id not in {item.entry.id for item in dana.review.chronology(JAMIE).items}
    assert [s.id for s in dana.set_aside] == [smuggled.id]
    report = dana.verify()
    assert not report.ok
    assert [f.id for f in report.faults] == [smuggled.id]
    assert "staff account may not write a 'decision' record" in report.faults[0].problem


def test_a_roster_record_smuggled_by_staff_renames_nobody_and_clones_no_upn(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member of staff holds the roster key, so they could seal a roster record; it is not signed by a DSL,
    so every reader (DSL and staff alike) ignores it: Jamie keeps his name, his UPN still opens his file, and
    verify names both records."""
    tom = school.open("tom")
    concern = tom.log.record_concern(_concern())
    jamie = tom.roster.pupil(JAMIE)
    past_the_check(monkeypatch)
    renamed = asdict(jamie)
    renamed.pop("id")
    renamed.update(given_name="Someone", date_of_birth="2017-04-02", flags=[])
    clone = dict(renamed, given_name="Jamie")
    appended = tom.session.append(
        Draft("roster", subject=jamie.id, kind="pupil", data=renamed),
        Draft("roster", subject="c10e0000-0000-4000-8000-000000000000", kind="pupil", data=clone),
    )

    for reader in (school.open("dana"), school.open("tara")):
        assert reader.roster.pupil(JAMIE).id == jamie.id and reader.roster.pupil(JAMIE).given_name == "Jamie"
        assert len(reader.roster.pupils()) == 6
    dana = school.open("dana")
    assert concern.id in {item.entry.id for item in dana.review.chronology(JAMIE).items}
    report = verify(Vault(school.url))  # no account needed: the signatures say who wrote them
    assert [f.id for f in report.faults] == [a.id for a in appended]
    assert all("not a DSL" in f.problem for f in report.faults)


# --- finding 3: a reset hands out a one-time code, never a passphrase the DSL chose --------------


def test_a_reset_account_can_do_nothing_until_it_sets_its_own_passphrase(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `staff reset`, the DSL holds only a one-time code: unlocking with it allows setting a new
    passphrase and nothing else — no record, no read — and a record forced past the check fails verify."""
    code = school.open("dana").staff.reset("tom")
    tom = School.unlock(school.url, "tom", code)
    assert tom.must_set_passphrase
    before = _records(school)
    with pytest.raises(AuthError, match="set a new passphrase first"):
        tom.log.record_concern(_concern())
    with pytest.raises(AuthError, match="set a new passphrase first"):
        tom.log.my_entries()
    assert _records(school) == before

    past_the_check(monkeypatch)
    forged = tom.session.append(Draft("entry", subject=tom.session.account_id, kind="concern", data={}))[0]
    faults = school.open("derek").verify().faults
    assert [f.id for f in faults] == [forged.id] and "reset is not finished" in faults[0].problem


def test_the_chain_shows_who_reset_whom(school: Fixture) -> None:
    """The reset itself is a chained record signed by the DSL who did it, naming the account reset."""
    dana, tom_id = school.open("dana"), school.open("tom").session.account_id
    dana.staff.reset("tom")
    with Vault(school.url).connect() as conn:
        rows = conn.execute(select(R.author, R.body).where(R.cls == "account")).all()
    resets = [(author, json.loads(body)) for author, body in rows if json.loads(body)["op"] == "reset"]
    assert [(author, data["account"]) for author, data in resets] == [(dana.session.account_id, tom_id)]


def test_a_dsl_cannot_reset_their_own_account(school: Fixture) -> None:
    """A DSL resetting themselves would skip the person who must choose the passphrase: refused."""
    with pytest.raises(Exception, match="cannot reset your own account"):
        school.open("dana").staff.reset("dana")


# --- finding 7: every read of a pupil's file is recorded, and only reads that happened --------


def _audits(fixture: Fixture) -> list[dict[str, object]]:
    derek = fixture.open("derek")
    return [record.data for record in derek.session.read(("audit",), audit=False)]


def test_opening_a_pupils_empty_file_is_recorded(school: Fixture) -> None:
    """A DSL who opens the chronology of a pupil with no entries has still looked: it is audited."""
    dana = school.open("dana")
    leo = dana.roster.pupil(LEO)
    dana.review.chronology(LEO)
    assert {"purpose": "chronology", "subjects": [leo.id], "count": 0} in _audits(school)


def test_opening_a_file_that_holds_only_my_own_entries_is_recorded(school: Fixture) -> None:
    """A DSL reading a pupil's file in which every entry is their own is still a read of the file."""
    dana = school.open("dana")
    dana.log.record_concern(_concern(LEO))
    leo = dana.roster.pupil(LEO)
    dana.review.chronology(LEO)
    assert {"purpose": "chronology", "subjects": [leo.id], "count": 1} in _audits(school)


def test_verify_by_an_unlocked_account_is_recorded(school: Fixture) -> None:
    """`verify --user` opens every seal it can: that read of the whole file is audited."""
    school.open("tom").log.record_concern(_concern())
    school.open("dana").verify()
    assert any(a["purpose"] == "verify" and a["subjects"] == ["*"] for a in _audits(school))


def test_a_refused_decision_writes_no_audit(school: Fixture) -> None:
    """Input is checked before the read is recorded: a decision covering a stranger's entry writes nothing."""
    tom = school.open("tom")
    tom.log.record_concern(_concern())
    dana = school.open("dana")
    before = _records(school)
    with pytest.raises(Exception, match="is not a concern or notification about this pupil"):
        dana.log.decide(JAMIE, {"covers": ["no-such-id"], "outcome": "monitor", "level": 1, "rationale": "r"})
    assert _records(school) == before


def test_an_imported_pupil_added_later_is_read_by_everyone(school: Fixture) -> None:
    """The authority check is no obstacle to the school's own work: a DSL's roster import reads as before."""
    dana = school.open("dana")
    dana.roster.import_rows([RosterRow("A123456789012", "Zara", "Quill", date(2018, 5, 6), "3", "H-Q")])
    assert school.open("tom").roster.pupil("A123456789012").given_name == "Zara"


def test_the_cli_says_when_it_left_a_record_out(school: Fixture, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """A DSL's `review` names the record it set aside, on stderr, so nobody mistakes the list for complete."""
    tom = school.open("tom")
    concern = tom.log.record_concern(_concern())
    past_the_check(monkeypatch)
    smuggled = tom.session.append(decision_draft(concern.pupil_id, [concern.id]))[0]
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    monkeypatch.setenv("SCHOOL_LOG_USER", "dana")
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["dana"])
    capsys.readouterr()
    assert main(["review", "--json"]) == 0
    out, err = capsys.readouterr()
    assert JAMIE in out and "left out" in err and smuggled.id in err
