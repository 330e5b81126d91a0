"""Known health conditions (issue 25): a DSL records them on the pupil's file, and the review reads the marks
they explain as explained — weighed like a mark staff saw happen, saying which condition — and no others."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from school_log.cli import passphrases
from school_log.model import Concern, KnownCondition
from tests.cli_runner import Runner
from tests.factory import Fixture, make_school
from tests.stores import Store
from tests.test_cli import refused
from tests.test_patterns import CHILD, NOW, ago, concern, flag, mark, pupil, run

MIA = "J100000000004"  # a nursery child (born Feb 2023)


def condition(condition: str, days_ago: float = 60, **kw: Any) -> KnownCondition:
    return KnownCondition(
        id=f"h-{condition}",
        pupil_id=kw.pop("who", CHILD).id,
        author_id="dsl1",
        recorded_at=ago(days_ago),
        condition=condition,
        name=kw.pop("name", ""),
        source=kw.pop("source", "health care plan"),
        **kw,
    )


def scratches(days_ago: float, region: str = "left-elbow-front") -> Concern:
    marks = (mark(region, "scratch", explanation="", explained_by="none"),)
    return concern(days_ago, what="Scratching, bleeding skin", marks=marks)


def test_eczema_flare_ups_under_a_care_plan_are_not_injury_again() -> None:
    """Scratch marks the eczema record explains, three in a fortnight, are a review at most, never "consider
    referral"; the record's account says the condition explains them. Without the record they are."""
    flares = [scratches(14), scratches(7), scratches(0)]
    without = run(*flares)
    assert without is not None and without.prompt == "consider-referral"
    item = run(condition("eczema", name="eczema"), *flares)
    assert item is not None and item.prompt == "review"
    assert flag(item, "unexplained-injury") is None and flag(item, "recurrent-injury") is None


def test_a_birthmark_at_its_baseline_is_not_bruising_and_elsewhere_it_is() -> None:
    """A nursery child's birthmark on the lower back, recorded at entry with its body-map baseline, is not
    TEN-4-FACESp bruising; a bruise on the cheek of the same child still is."""
    toddler = pupil("p9", born=date(2023, 2, 11))
    spot = condition("birthmark", who=toddler, name="Mongolian blue spot", source="red book", regions=("lower-back",))

    def seen(region: str) -> Concern:
        marks = (mark(region, "mark", explanation="since birth", explained_by="parent"),)
        return Concern(**{**concern(0, who=toddler, marks=marks).__dict__})

    at_baseline = run(spot, seen("lower-back"), who=toddler)
    assert at_baseline is not None and flag(at_baseline, "protected-site-bruise") is None
    assert at_baseline.prompt == "review"
    elsewhere = run(spot, seen("face-left-cheek"), who=toddler)
    assert flag(elsewhere, "protected-site-bruise") is not None


def test_a_bleeding_disorder_explains_bruises_not_burns_and_the_account_says_so() -> None:
    """Bruises weigh like witnessed ones and the account names the condition and its record; a burn is not a
    bleeding disorder's, and is weighed as ever."""
    plan = condition("bleeding-disorder", name="haemophilia A", source="care plan, haematology 2025")
    bruises = [concern(d, marks=(mark("left-shin", "bruise", explanation="", explained_by="none"),)) for d in (9, 0)]
    item = run(plan, *bruises)
    assert item is not None and item.prompt == "review" and flag(item, "recurrent-injury") is None
    burn = concern(0, marks=(mark("left-forearm-front", "burn", explanation="", explained_by="none"),))
    found = flag(run(plan, burn), "unexplained-injury")
    assert found is not None
    burnt_again = concern(5, marks=(mark("right-forearm-front", "burn", explanation="", explained_by="none"),))
    three = flag(run(plan, *bruises, burn, burnt_again), "recurrent-injury")  # the burns make it a pattern
    assert three is not None and "explained by the known condition on the record, haemophilia A (care plan" in (
        three.summary
    )


# --- the CLI -----------------------------------------------------------------------------------


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Store) -> Fixture:
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)
    fixture = make_school(tmp_path, monkeypatch, store)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    return fixture


BIRTHMARK = {
    "pupil": MIA,
    "condition": "birthmark",
    "name": "Mongolian blue spots",
    "source": "red book; the health visitor has seen them",
    "regions": ["lower-back", "left-buttock"],
}


def test_a_dsl_records_a_condition_with_the_cli_and_the_review_reads_it(
    school: Fixture, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`school-log health --input -` by a DSL lands on the pupil's file (in the chronology); a nursery teacher's
    "mark" on the lower back is then no TEN-4-FACESp flag, and the review says what explains it."""
    cli = Runner(monkeypatch, capsys)
    added = cli.as_("dana")("health", "--input", "-", stdin=BIRTHMARK)
    assert added.code == 0, added.err
    kinds = [e["kind"] for e in cli("chronology", MIA, "--json").json()["entries"]]
    assert kinds == ["health"]
    seen = {
        "pupil": MIA,
        "occurred_at": NOW.replace(year=2026, month=11, day=23, hour=9).isoformat(),
        "what_happened": "Blue-grey mark on the lower back seen when changing.",
        "body_marks": [{"view": "back", "region": "lower-back", "type": "mark"}],
    }
    assert cli.as_("tom")("record", "--input", "-", stdin=seen).code == 0
    rows = {r["pupil"]["upn"]: r for r in cli.as_("dana")("review", "--json").json()}
    codes = [f["code"] for f in rows[MIA]["flags"]]
    assert "protected-site-bruise" not in codes and rows[MIA]["prompt"] == "review"


@pytest.mark.parametrize(
    ("user", "change", "code", "expect"),
    [
        ("tom", {}, 3, "only a DSL can record health conditions"),
        ("dana", {"regions": []}, 2, "health condition, regions: say where the birthmark is"),
        ("dana", {"regions": ["tail"]}, 2, "health condition, regions: 'tail' is not a body region"),
        ("dana", {"condition": "flu"}, 2, "health condition, condition: 'flu' is not one of"),
        ("dana", {"source": ""}, 2, "health condition, source: is required"),
        ("dana", {"condition": "other"}, 2, "health condition, mark_types: say which marks it explains"),
    ],
)
def test_health_refusals(
    school: Fixture, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user: str,
    change: dict[str, Any], code: int, expect: str,
) -> None:  # fmt: skip
    """Only a DSL records a condition; a birthmark needs its baseline, "other" its marks; bad input is one line
    naming the field, exit 2, nothing written."""
    cli = Runner(monkeypatch, capsys).as_(user)
    refused(cli, school.url, code, "health", "--input", "-", stdin=BIRTHMARK | change, expect=expect)
