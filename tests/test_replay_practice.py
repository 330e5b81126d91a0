"""The practice corpus (issue 25): a school year written from safeguarding practice by someone who did not
read the review's rules, replayed through the program's services, and the targets the issue sets on it.

The corpus tests protect what the measurement rests on: enough trajectories of enough families, each
escalating one with the fragment a DSL should act on and why, every entry one the program accepts, on
a real school day. The replay tests protect the promise that the numbers are what a DSL triaging at
16:00 every school day would have been prompted to do, read exactly as `school-log review --json`
prints it. The target tests are the issue's (`python -m tests.replay_practice`
prints by name what is missed and what is prompted wrongly); all four are met and held.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest

from school_log.forms import inputs as forms
from school_log.upn import upn_problem
from storage import keyslots
from tests.cli_runner import Runner
from tests.conftest import CHEAP_KDF
from tests.replay_practice import corpus as practice
from tests.replay_practice.calendar import LONDON, is_school_day, local
from tests.replay_practice.people import STAFF, passphrase
from tests.replay_practice.replay import Replay, replay, review
from tests.replay_practice.report import TARGETS, Scores, render, score


@pytest.fixture(scope="module")
def built() -> practice.Corpus:
    return practice.build()


@pytest.fixture(scope="module")
def year(built: practice.Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    """The year lived once for the module, isolated as conftest's `isolated` isolates a test
    (that fixture is per test; this one runs before it)."""
    directory = tmp_path_factory.mktemp("practice")
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("SCHOOL_LOG_")]:
            mp.delenv(name)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            mp.setenv(var, str(directory / var))
        mp.setattr(keyslots, "DEFAULT_KDF", CHEAP_KDF)
        mp.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
        yield replay(built, directory)


@pytest.fixture(scope="module")
def scores(year: Replay) -> Scores:
    return score(year)


# --- the corpus -------------------------------------------------------------------


def test_corpus_has_the_size_and_families_the_issue_asks_for(built: practice.Corpus) -> None:
    """At least 150 escalating trajectories over 25 families and 150 benign, hard families labelled and each
    big enough to measure, about 500 pupils nursery to Year 11 in households, about 30 staff with several DSLs."""
    escalating = [t for t in built.trajectories if t.family.escalating]
    benign = [t for t in built.trajectories if not t.family.escalating]
    assert len(escalating) >= 150 and len(benign) >= 150
    assert len({t.family.name for t in escalating}) >= 25
    hard = Counter(t.family.name for t in benign if t.family.hard)
    assert len(hard) >= 10 and min(hard.values()) >= 5
    assert 480 <= len(built.rows) <= 560
    assert {row.year_group for row in built.rows} == {"N", "R", *map(str, range(1, 12))}
    households = Counter(row.household for row in built.rows)
    across = {row.household for row in built.rows if row.year_group in ("N", "R", "1", "2")} & {
        row.household for row in built.rows if row.year_group in ("7", "8", "9", "10", "11")
    }
    assert sum(1 for n in households.values() if n > 1) >= 50 and across, "siblings, some across phases"
    assert 28 <= len(STAFF) <= 35 and sum(member.dsl for member in STAFF) >= 3
    assert all(len(story.steps) <= 2 for story in built.background) and len(built.background) >= 50


def test_each_escalating_trajectory_names_its_acting_fragment_and_why(built: practice.Corpus) -> None:
    """Exactly one acting fragment per escalating trajectory, with a reason from practice; none in benign ones."""
    for trajectory in built.trajectories:
        acting = [step for step in trajectory.steps if step.acting]
        if trajectory.family.escalating:
            assert len(acting) == 1, trajectory.name
            assert len(acting[0].acting) > 40, trajectory.name
        else:
            assert not acting, trajectory.name
        assert len(trajectory.family.summary) > 40
    assert len({t.name for t in built.trajectories}) == len(built.trajectories)


def test_every_entry_is_one_the_program_accepts_on_a_school_day(built: practice.Corpus) -> None:
    """Each entry passes the program's own input models (the CLI's `record` and `notify`), names a pupil on the
    roll, happened before it was written, is written in school hours on a school day before the 16:00 triage,
    and reads as words (no template left unfilled)."""
    on_roll = {row.upn for row in built.rows}
    assert all(upn_problem(upn) is None for upn in on_roll) and len(on_roll) == len(built.rows)
    for entry in built.entries:
        assert entry.data["pupil"] in on_roll
        if entry.kind == "health":  # a record on file: no time of its own
            forms.parse_condition(entry.data)
            continue
        parse = forms.parse_concern if entry.kind == "concern" else forms.parse_notification
        values = parse(entry.data, entry.at)
        assert values["occurred_at"] <= entry.at, entry.trajectory
        day = entry.at.astimezone(LONDON).date()
        assert is_school_day(day) and entry.at < local(day, "16:00"), entry.trajectory
        assert not any(re.search(r"[{}]", text) for text in _texts(entry.data)), entry.trajectory
    assert len({entry.author for entry in built.entries}) >= 25, "written by most of the staff"


def _texts(value: object) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def test_teachers_tick_boxes_as_people_do(built: practice.Corpus) -> None:
    """The words are always there; the boxes are sometimes not: some concerns have no category, some disclosures
    are not marked urgent, some witnessed marks name the witness only in the narrative."""
    concerns = [e for e in built.entries if e.kind == "concern"]
    uncategorised = [e for e in concerns if not e.data.get("categories") and e.step.data.get("categories")]
    not_urgent = [e for e in concerns if e.step.data.get("urgent") and not e.data.get("urgent")]
    witness_in_words = [
        e
        for e in concerns
        if any("witnessed_by" in m for m in e.step.data.get("body_marks", []))
        and not any("witnessed_by" in m for m in e.data.get("body_marks", []))
    ]
    assert len(uncategorised) >= 20 and len(not_urgent) >= 5 and len(witness_in_words) >= 5
    every_box = practice.build(every_box=True)  # the diagnostic year: the same words, every box ticked
    for ticked, written in zip(every_box.entries, built.entries, strict=True):
        boxes = ("categories", "urgent", "body_marks")
        assert {k: v for k, v in ticked.data.items() if k not in boxes} == {
            k: v for k, v in written.data.items() if k not in boxes
        }
        assert ticked.data.get("categories", []) == ticked.step.data.get("categories", [])


def test_the_corpus_is_the_same_on_every_build(built: practice.Corpus) -> None:
    """Seeded: two builds give the same entries, so a change in the numbers is a change in the program."""
    again = practice.build()
    assert [(e.at, e.author, e.data) for e in again.entries] == [(e.at, e.author, e.data) for e in built.entries]


# --- the replay -------------------------------------------------------------------


def test_the_dsl_decides_on_every_entry_of_the_year(year: Replay, built: practice.Corpus) -> None:
    """Every entry was written and every one was covered by a decision at a 16:00 triage: the numbers rest on
    a DSL who read everything the review listed."""
    assert len(year.entry_ids) == len(built.entries)
    assert year.undecided == 0
    assert year.decisions["monitor"] and year.decisions["no-further-action"] and year.decisions["refer-social-care"]


def test_the_replay_reads_the_review_as_the_cli_prints_it(
    year: Replay, built: practice.Corpus, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the last triage a teacher records one more concern with `school-log record --json`; then
    `school-log review --json` on the same vault says what the replay reads from the services: the same
    pupils, prompts, strengths and flags."""
    assert year.school is not None
    evening = local(built.days[-1], "17:00")
    monkeypatch.setenv("SCHOOL_LOG_DB", year.school.url)
    monkeypatch.setenv("SCHOOL_LOG_NOW", evening.isoformat())
    cli = Runner(monkeypatch, capsys)
    teacher, dana = (next(m for m in STAFF if m.username == name) for name in ("lpatel", "dana"))
    concern = {
        "pupil": built.rows[0].upn,
        "occurred_at": (evening - timedelta(minutes=30)).isoformat(),
        "what_happened": "Bruise on the left upper arm seen as the class left. Did not know how.",
        "body_marks": [{"view": "front", "region": "left-upper-arm-front", "type": "bruise"}],
    }
    for member, argv, stdin in ((teacher, ("record", "--input", "-"), concern), (dana, ("review", "--json"), None)):
        cli.mp.setenv("SCHOOL_LOG_USER", member.username)
        cli.mp.setenv("SCHOOL_LOG_PASSPHRASE", passphrase(member))
        printed = cli(*argv, stdin=stdin)
        assert printed.code == 0, printed.err
    year.school.clock.set(evening)
    read = review(year.school.dsl)

    def shape(rows: list[dict[str, object]]) -> list[object]:
        return [(r["pupil"], r["prompt"], r["strength"], r["flags"], r["referral_status"]) for r in rows]

    assert read and shape(printed.json()) == shape(read)


def test_the_report_names_every_miss_and_false_alarm(year: Replay, scores: Scores) -> None:
    """`python -m tests.replay_practice` lists each missed, late and falsely prompted trajectory by name, with
    the acting reason or the benign family, beside the measures and the targets."""
    text = render(year)
    for verdict in scores.escalating:
        if not verdict.on_time:
            assert verdict.trajectory.name in text
    for verdict in scores.benign:
        if verdict.prompted:
            assert verdict.trajectory.name in text
    assert "recall" in text and ">= 95 %" in text


# --- the issue's targets (recall 98 %, on time 96 %, benign 0 %, hard benign 0 % today) ------------


def test_recall_target(scores: Scores) -> None:
    """At least 95 % of escalating trajectories are ever prompted consider-referral."""
    assert scores.recall >= TARGETS["recall"]


def test_on_time_target(scores: Scores) -> None:
    """At least 90 % are prompted by the 16:00 triage of the acting fragment's day."""
    assert scores.on_time >= TARGETS["on_time"]


def test_benign_target(scores: Scores) -> None:
    """At most 5 % of benign trajectories are prompted consider-referral."""
    assert scores.benign_rate <= TARGETS["benign"]


def test_each_hard_family_target(scores: Scores) -> None:
    """Each hard benign family (witnessed accidents, known conditions, a birthmark, one call-out per sibling...)
    is prompted at most 5 % of the time."""
    assert {name: rate for name, rate in scores.hard_families().items() if rate > TARGETS["hard_family"]} == {}
