"""Domain rules of the School API: who may do what, what is refused, and the school's own settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from school_log.errors import AuthError, InputError, SchoolLogError
from school_log.school import School
from storage.verify import verify
from tests.factory import Fixture, make_school
from tests.stores import Store

JAMIE, ELLA, NOAH = "R100000000001", "F100000000002", "V100000000003"


@pytest.fixture
def fx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Store) -> Fixture:
    return make_school(tmp_path, monkeypatch, store)


def count(fixture: Fixture) -> int:
    report = verify(fixture.open("dana").session.vault)
    assert report.ok
    return report.records


def bruise(
    pupil: str = JAMIE, when: str = "2026-11-23T09:00:00Z", region: str = "left-upper-arm-front", **extra: Any
) -> dict[str, Any]:
    return {
        "pupil": pupil,
        "occurred_at": when,
        "categories": ["physical"],
        "what_happened": "A bruise on the arm.",
        "body_marks": [{"view": "back" if region.endswith("-back") else "front", "region": region, "type": "bruise"}],
    } | extra


def concern(pupil: str = JAMIE, **extra: Any) -> dict[str, Any]:
    return {"pupil": pupil, "occurred_at": "2026-11-23T09:00:00Z", "what_happened": "Said something worrying."} | extra


# --- addendum -----------------------------------------------------------------------------


def test_addendum_by_author_and_by_dsl_leaves_the_original(fx: Fixture) -> None:
    """The author and a DSL may add to an entry; the original is never changed."""
    tom = fx.open("tom")
    original = tom.log.record_concern(bruise())
    by_author = tom.log.addendum(original.id, {"text": "Jamie later said he fell off his bike."})
    by_dsl = fx.open("derek").log.addendum(original.id, {"text": "Parent gave the same account at pick-up."})
    assert (by_author.refers_to, by_dsl.refers_to) == (original.id, original.id)
    assert by_author.pupil_id == by_dsl.pupil_id == original.pupil_id
    entries = {i.entry.id: i.entry for i in fx.open("dana").review.chronology(JAMIE).items}
    assert list(entries) == [original.id, by_author.id, by_dsl.id]
    assert entries[original.id] == original
    assert [e.id for e in tom.log.my_entries() if e.id != original.id] == [by_author.id]


def test_addendum_by_another_member_of_staff_is_refused_and_writes_nothing(fx: Fixture) -> None:
    """A member of staff cannot add to a colleague's entry; nothing is written."""
    original = fx.open("tom").log.record_concern(bruise())
    before = count(fx)
    with pytest.raises(SchoolLogError):
        fx.open("tara").log.addendum(original.id, {"text": "I saw it too."})
    assert count(fx) == before


def test_addendum_to_a_colleagues_entry_is_refused_without_revealing_it(fx: Fixture) -> None:
    """A colleague's entry cannot be added to, and the refusal does not even confirm it exists."""
    original = fx.open("tom").log.record_concern(bruise())
    with pytest.raises(InputError, match="that you can see"):
        fx.open("tara").log.addendum(original.id, {"text": "I saw it too."})


def test_addendum_needs_text(fx: Fixture) -> None:
    """An empty addendum is refused naming the field."""
    tom = fx.open("tom")
    original = tom.log.record_concern(bruise())
    with pytest.raises(InputError, match="addendum, text: is required"):
        tom.log.addendum(original.id, {"text": ""})


# --- decisions and referral outcomes ---------------------------------------------------------


DECISION = {"outcome": "monitor", "level": 2, "rationale": "Isolated bump with a consistent account."}


def test_decide_with_an_unknown_covers_id_is_refused(fx: Fixture) -> None:
    """A decision can only cover this pupil's concerns or notifications; anything else is InputError."""
    first = fx.open("tom").log.record_concern(bruise())
    ellas = fx.open("tom").log.record_concern(concern(ELLA))
    dana = fx.open("dana")
    note = dana.log.addendum(first.id, {"text": "Spoke to Jamie."})
    for covers in (["no-such-id"], [ellas.id], [note.id], [first.id, "no-such-id"]):
        with pytest.raises(InputError, match="decision, covers: .* is not a concern or notification about this pupil"):
            dana.log.decide(JAMIE, DECISION | {"covers": covers})
    made = dana.log.decide(JAMIE, DECISION | {"covers": [first.id]})
    assert made.covers == (first.id,)


def test_decide_unreviewed_covers_only_what_is_still_open(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "unreviewed" covers exactly the concerns and notifications no earlier decision covered."""
    tom, dana = fx.open("tom"), fx.open("dana")
    first = tom.log.record_concern(bruise())
    dana.log.decide(JAMIE, DECISION)
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-24T10:00:00Z")
    tom, dana = fx.open("tom"), fx.open("dana")  # the clock is read at unlock
    second = tom.log.record_concern(concern(occurred_at="2026-11-24T09:00:00Z"))
    police = dana.log.notify(
        {"pupil": JAMIE, "agency": "police", "kind": "operation-encompass", "summary": "Incident at home."}
    )
    later = dana.log.decide(JAMIE, DECISION | {"outcome": "consult"})
    assert set(later.covers) == {second.id, police.id} and first.id not in later.covers


def test_referral_outcome_on_a_non_decision_is_refused(fx: Fixture) -> None:
    """A referral outcome must point at a decision; a concern id or an unknown id is InputError."""
    first = fx.open("tom").log.record_concern(bruise())
    dana = fx.open("dana")
    with pytest.raises(InputError, match="referral outcome, decision: that entry is not a decision"):
        dana.log.referral_outcome({"decision": first.id, "outcome": "s17"})
    with pytest.raises(InputError, match="no entry 'nope'"):
        dana.log.referral_outcome({"decision": "nope", "outcome": "s17"})
    made = dana.log.decide(JAMIE, DECISION | {"outcome": "refer-social-care", "level": 4, "agency": "MASH"})
    outcome = dana.log.referral_outcome({"decision": made.id, "outcome": "s17", "notes": "Child in need plan."})
    assert (outcome.decision_id, outcome.pupil_id) == (made.id, made.pupil_id)


def test_referral_outcome_lookup_is_audited_under_its_own_purpose(fx: Fixture) -> None:
    """Opening a colleague's decision to record its referral outcome is audited as 'referral-outcome'."""
    fx.open("tom").log.record_concern(bruise())
    made = fx.open("derek").log.decide(JAMIE, DECISION)
    dana = fx.open("dana")
    dana.log.referral_outcome({"decision": made.id, "outcome": "accepted"})
    purposes = [r.data["purpose"] for r in fx.open("derek").session.read(("audit",))]
    assert purposes[-1] == "referral-outcome"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: s.review.items(), "only a DSL can see the whole-school review"),
        (lambda s: s.review.dashboard(), "only a DSL can see the whole-school review"),
        (lambda s: s.review.chronology(JAMIE), "only a DSL can open a pupil's chronology"),
        (
            lambda s: s.log.notify({"pupil": ELLA, "agency": "police", "summary": "x"}),
            "only a DSL can record agency notifications",
        ),
        (lambda s: s.log.decide(JAMIE, DECISION), "only a DSL can record decisions"),
        (
            lambda s: s.log.referral_outcome({"decision": "x", "outcome": "s17"}),
            "only a DSL can record referral outcomes",
        ),
        (lambda s: s.roster.import_rows([]), "only a DSL can import the roster"),
    ],
)
def test_staff_cannot_use_dsl_views_or_writes(fx: Fixture, action: Any, message: str) -> None:
    """Staff calling a DSL-only view or write get AuthError and nothing is written."""
    fx.open("tom").log.record_concern(bruise())
    before = count(fx)
    with pytest.raises(AuthError, match=message):
        action(fx.open("tara"))
    assert count(fx) == before


# --- recording ----------------------------------------------------------------------------


def test_a_future_occurred_at_is_refused(fx: Fixture) -> None:
    """A concern said to have happened after now is refused naming occurred_at; now itself is fine."""
    tom = fx.open("tom")
    before = count(fx)
    with pytest.raises(InputError, match=r"concern, occurred_at: '2026-11-23T10:01:00Z' is in the future"):
        tom.log.record_concern(concern(occurred_at="2026-11-23T10:01:00Z"))
    with pytest.raises(InputError, match="occurred_at"):
        fx.open("dana").log.notify({"pupil": ELLA, "agency": "police", "summary": "x", "occurred_at": "2026-12-01"})
    assert count(fx) == before
    assert (
        tom.log.record_concern(concern(occurred_at="2026-11-23T10:00:00Z")).occurred_at.isoformat()
        == "2026-11-23T10:00:00+00:00"
    )
    assert tom.log.record_concern(concern(occurred_at=None)).occurred_at.isoformat() == "2026-11-23T10:00:00+00:00"


def test_an_unknown_pupil_is_refused(fx: Fixture) -> None:
    """Writing about a pupil not on the roster is InputError naming the reference; nothing written."""
    before = count(fx)
    with pytest.raises(InputError, match="no pupil 'F999999999999' on the roster"):
        fx.open("tom").log.record_concern(concern("F999999999999"))
    with pytest.raises(InputError, match="no pupil"):
        fx.open("dana").log.decide("nobody", DECISION)
    assert count(fx) == before


def test_pupils_are_found_by_upn_in_any_case_or_by_id(fx: Fixture) -> None:
    """A pupil reference is a UPN (any case, spaces trimmed) or the pupil's id."""
    tom = fx.open("tom")
    jamie = tom.roster.pupil(JAMIE)
    assert tom.roster.pupil(" r100000000001 ") == jamie == tom.roster.pupil(jamie.id)
    assert [p.upn for p in tom.roster.household(jamie)] == [ELLA]


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "upns"),
    [
        ("jamie", [JAMIE]),
        ("JAMIE brook", [JAMIE]),
        ("elly", [ELLA]),  # preferred name
        ("ella", [ELLA]),  # legal name
        ("brook", [ELLA, JAMIE]),  # by family name, then given name
        ("v100000000003", [NOAH]),
        ("10000000000", [JAMIE, ELLA, NOAH, "J100000000004", "Y100000000005", "M100000000006"]),
        ("y5", [NOAH]),
        ("yn", ["J100000000004"]),
        ("zebedee", []),
        ("", [ELLA, JAMIE, NOAH, "M100000000006", "Y100000000005", "J100000000004"]),
    ],
)
def test_search_pupils_by_name_preferred_name_upn_and_year(fx: Fixture, text: str, upns: list[str]) -> None:
    """Type-ahead finds pupils by name, preferred name, UPN or year group, every word matching."""
    found = [p.upn for p in fx.open("tom").roster.search(text)]
    assert sorted(found) == sorted(upns)
    if text in ("brook", ""):
        assert found == upns  # the roster's order: family name, then given name


def test_search_pupils_respects_the_limit(fx: Fixture) -> None:
    """Type-ahead returns at most `limit` pupils."""
    assert len(fx.open("tom").roster.search("1000", limit=2)) == 2


def test_search_year_n_finds_only_that_year(fx: Fixture) -> None:
    """Typing 'year 5' finds the Year 5 pupils only."""
    assert [p.upn for p in fx.open("tom").roster.search("year 5")] == [NOAH]


# --- the school's settings --------------------------------------------------------------------


def two_bruises(fx: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    fx.open("tom").log.record_concern(bruise(when="2026-11-16T09:00:00Z"))
    fx.open("tara").log.record_concern(bruise(when="2026-11-23T09:00:00Z", region="right-shin"))


def codes(school: School, upn: str = JAMIE) -> set[str]:
    return {f.code for item in school.review.items() if item.pupil.upn == upn for f in item.flags}


def test_config_thresholds_change_when_a_flag_fires(
    fx: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A school's [thresholds] in the SCHOOL_LOG_CONFIG file change which flags fire."""
    two_bruises(fx, monkeypatch)
    defaults = codes(fx.open("dana"))
    assert "recurrent-injury" in defaults and "multiple-reporters" not in defaults

    config = tmp_path / "school-log.toml"
    config.write_text("[thresholds]\nrecurrent_injury_short = [3, 28]\nmultiple_reporters = [2, 30]\n")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    tuned = codes(fx.open("dana"))
    assert "recurrent-injury" not in tuned and "multiple-reporters" in tuned


def test_config_holidays_do_not_count_as_working_days(
    fx: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An INSET day listed in the config does not make a decision overdue."""
    fx.open("tom").log.record_concern(concern())
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-25T09:00:00Z")
    assert "decision-overdue" in codes(fx.open("dana"))
    config = tmp_path / "school-log.toml"
    config.write_text("[thresholds]\nholidays = [2026-11-24]\n")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    assert "decision-overdue" not in codes(fx.open("dana"))


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("[thresholds]\nrecurrent_injury_shrot = [3, 28]\n", "unknown setting 'recurrent_injury_shrot'"),
        ("[thresholds]\nmultiple_reporters = 3\n", "thresholds.multiple_reporters: expected [count, days]"),
        ("[alerts]\nx = 1\n", "unknown section [alerts]"),
        ("[thresholds\n", "cannot read the config file"),
    ],
)
def test_a_bad_config_file_is_one_clear_error(
    fx: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expect: str
) -> None:
    """A mistyped config file is refused with one line naming the setting, not silently ignored."""
    config = tmp_path / "school-log.toml"
    config.write_text(text)
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    with pytest.raises(InputError) as caught:
        fx.open("dana")
    assert expect in str(caught.value) and "\n" not in str(caught.value)


def test_a_referral_must_name_the_agency(fx: Fixture) -> None:
    """Referring to social care, the police or the LADO without naming the agency is refused; nothing is written."""
    fx.open("tom").log.record_concern(bruise())
    dana = fx.open("dana")
    with pytest.raises(InputError, match="decision, agency: name the agency when referring"):
        dana.log.decide(JAMIE, DECISION | {"outcome": "refer-police"})
    assert dana.log.decide(JAMIE, DECISION | {"outcome": "early-help", "level": 3}).outcome == "early-help"
