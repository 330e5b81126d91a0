"""A fortnight at Oakfield: several staff see pieces of one picture; the DSL's review joins them.

The School API is driven as each person would, with the clock (SCHOOL_LOG_NOW, and the
clock of the DSL who stays unlocked) moved forward between steps, and `review()` checked at every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from school_log.clock import parse_instant
from school_log.model import ReviewItem
from school_log.school import School
from tests.factory import Fixture, make_school

JAMIE, ELLA = "R100000000001", "F100000000002"
ARM = {"view": "front", "region": "left-upper-arm-front", "type": "bruise"}


def at(monkeypatch: pytest.MonkeyPatch, instant: str, dana: School) -> None:
    """Move time on: for whoever unlocks from now (SCHOOL_LOG_NOW, read at start-up) and for Dana, still unlocked."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", instant)
    dana.clock.set(parse_instant(instant))


def item_for(school: School, upn: str) -> ReviewItem | None:
    return next((i for i in school.review.items() if i.pupil.upn == upn), None)


def flags(item: ReviewItem | None) -> dict[str, tuple[str, ...]]:
    """Flag code -> the entry ids it names, in the order the review lists them."""
    assert item is not None
    return {f.code: f.entries for f in item.flags}


@dataclass
class Story:
    fx: Fixture
    dana: School
    ids: dict[str, str]


def monday_bruise(fx: Fixture, ids: dict[str, str]) -> None:
    """Mon 23 Nov: Tom sees a bruise on Jamie's left upper arm; no explanation."""
    tom = fx.open("tom")
    ids["bruise1"] = tom.log.record_concern(
        {
            "pupil": JAMIE,
            "occurred_at": "2026-11-23T09:00:00Z",
            "categories": ["physical"],
            "what_happened": "Bruise on the left upper arm, about 3 cm, purple. Jamie shrugged when asked.",
            "body_marks": [ARM | {"size_mm": 30, "colour": "purple"}],
        }
    ).id


def wednesday_bins(fx: Fixture, ids: dict[str, str]) -> None:
    """Wed 25 Nov: Tara sees Jamie eating from the bins."""
    ids["bins"] = (
        fx.open("tara")
        .log.record_concern(
            {
                "pupil": JAMIE,
                "occurred_at": "2026-11-25T08:30:00Z",
                "categories": ["neglect"],
                "what_happened": "Jamie was eating leftovers out of the playground bins before school.",
                "child_words": "I didn't have breakfast.",
            }
        )
        .id
    )


def thursday_police(dana: School, ids: dict[str, str]) -> None:
    """Thu 26 Nov: police Operation Encompass call about Ella (Jamie's sister)."""
    ids["police"] = dana.log.notify(
        {
            "pupil": ELLA,
            "agency": "police",
            "kind": "operation-encompass",
            "occurred_at": "2026-11-26T01:00:00Z",
            "reference": "OE-5521",
            "summary": "Police attended a domestic incident at the home; children present.",
            "child_present": True,
        }
    ).id


def monday_second_bruise(fx: Fixture, ids: dict[str, str]) -> None:
    """Mon 30 Nov: Sam writes up a bruise on the same arm seen at breakfast club last Wednesday."""
    ids["bruise2"] = (
        fx.open("sam")
        .log.record_concern(
            {
                "pupil": JAMIE,
                "occurred_at": "2026-11-25T07:50:00Z",
                "categories": ["physical"],
                "what_happened": "Another bruise on the left upper arm, seen at breakfast club; forgot to log it.",
                "body_marks": [ARM | {"size_mm": 20}],
            }
        )
        .id
    )


def first_week(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Story:
    fx = make_school(tmp_path, monkeypatch)
    dana, ids = fx.open("dana"), {}
    monday_bruise(fx, ids)
    at(monkeypatch, "2026-11-25T10:00:00Z", dana)
    wednesday_bins(fx, ids)
    at(monkeypatch, "2026-11-26T10:00:00Z", dana)
    thursday_police(dana, ids)
    at(monkeypatch, "2026-11-30T10:00:00Z", dana)
    monday_second_bruise(fx, ids)
    return Story(fx, dana, ids)


def test_pieces_seen_by_different_staff_are_joined_into_one_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each new piece changes the DSL's review as it should, and each decision clears what it covered."""
    fx = make_school(tmp_path, monkeypatch)
    dana, ids = fx.open("dana"), {}

    # Monday: one unexplained bruise.
    monday_bruise(fx, ids)
    [jamie] = dana.review.items()
    assert jamie.pupil.upn == JAMIE and jamie.prompt == "consider-referral" and jamie.unreviewed == 1
    assert flags(jamie) == {"unexplained-injury": (ids["bruise1"],)}

    # Wednesday: neglect from a different member of staff; Monday's concern is now a day late.
    at(monkeypatch, "2026-11-25T10:00:00Z", dana)
    wednesday_bins(fx, ids)
    [jamie] = dana.review.items()
    assert jamie.unreviewed == 2 and jamie.oldest_unreviewed_at.isoformat().startswith("2026-11-23T10:00")
    assert flags(jamie) == {
        "neglect-with-injury": (ids["bruise1"], ids["bins"]),
        "unexplained-injury": (ids["bruise1"],),
        "decision-overdue": (ids["bruise1"],),
    }

    # Thursday: police notification for the sibling; both children now carry the household picture.
    at(monkeypatch, "2026-11-26T10:00:00Z", dana)
    thursday_police(dana, ids)
    review = {i.pupil.upn: i for i in dana.review.items()}
    assert set(review) == {JAMIE, ELLA}
    assert flags(review[ELLA]) == {
        "agency-notification": (ids["police"],),
        "household-concerns": (ids["bruise1"], ids["bins"]),
    }
    assert review[ELLA].prompt == "consider-referral" and review[ELLA].unreviewed == 1
    assert flags(review[JAMIE])["household-concerns"] == (ids["police"],)
    # Wednesday 10:00's concern is due at Thursday 10:00 exactly: not late yet.
    assert flags(review[JAMIE])["decision-overdue"] == (ids["bruise1"],)

    # The following Monday: a third member of staff, a second bruise on the same arm.
    at(monkeypatch, "2026-11-30T10:00:00Z", dana)
    monday_second_bruise(fx, ids)
    jamie = item_for(dana, JAMIE)
    b1, b2, bins = ids["bruise1"], ids["bruise2"], ids["bins"]
    assert flags(jamie) == {
        "recurrent-injury": (b1, b2),
        "multiple-reporters": (b1, b2, bins),
        "neglect-with-injury": (b1, b2, bins),
        "repeat-region": (b1, b2),
        "unexplained-injury": (b1, b2),
        "rising-frequency": (b1, b2, bins),  # 3 in 90 days, none in the 90 before
        "household-concerns": (ids["police"],),
        "decision-overdue": (b1, bins),
    }
    # Strongest first, ties in rule order: two unexplained upper-arm bruises weigh
    # more than an ordinary pair of injuries, so the injury flags lead.
    assert list(flags(jamie)) == [
        "recurrent-injury",
        "repeat-region",
        "unexplained-injury",
        "multiple-reporters",
        "neglect-with-injury",
        "rising-frequency",
        "household-concerns",
        "decision-overdue",
    ]
    assert jamie.unreviewed == 3
    assert "left upper arm front on 2 occasions" in next(f.summary for f in jamie.flags if f.code == "repeat-region")
    recurrent = next(f.summary for f in jamie.flags if f.code == "recurrent-injury")
    assert "23 Nov not explained (unusual site for an accident)" in recurrent
    assert jamie.strength >= 20 and jamie.referral_status == ""
    assert dana.review.items()[0].pupil.upn == JAMIE  # the strongest picture comes first

    # The DSL refers Jamie to social care covering everything unreviewed: Jamie leaves the list.
    at(monkeypatch, "2026-11-30T11:00:00Z", dana)
    referral = dana.log.decide(
        JAMIE,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": "Recurrent unexplained bruising with neglect and a police call-out.",
            "agency": "Children's Social Care",
        },
    )
    assert set(referral.covers) == {b1, b2, bins}
    assert [i.pupil.upn for i in dana.review.items()] == [ELLA]
    dana.log.decide(
        ELLA,
        {"outcome": "consult", "level": 3, "rationale": "Shared with the social worker alongside Jamie's referral."},
    )
    assert dana.review.items() == []

    # Tuesday: a new, low-level concern; the DSL decides to monitor it.
    at(monkeypatch, "2026-12-01T10:00:00Z", dana)
    ids["coat"] = (
        fx.open("tom")
        .log.record_concern(
            {
                "pupil": JAMIE,
                "occurred_at": "2026-12-01T08:45:00Z",
                "categories": ["neglect"],
                "what_happened": "No coat in the rain again.",
            }
        )
        .id
    )
    assert set(flags(item_for(dana, JAMIE))) >= {"neglect-with-injury"}
    monitor = dana.log.decide(
        JAMIE,
        {
            "covers": [ids["coat"]],
            "outcome": "monitor",
            "level": 2,
            "rationale": "Social care already involved; keep watching.",
            "review_by": "2026-12-08",
        },
    )
    assert dana.review.items() == []

    # Wednesday: another concern arrives after "monitor": think again.
    at(monkeypatch, "2026-12-02T10:00:00Z", dana)
    ids["tired"] = (
        fx.open("sam")
        .log.record_concern(
            {
                "pupil": JAMIE,
                "occurred_at": "2026-12-02T09:30:00Z",
                "categories": ["emotional"],
                "what_happened": "Jamie fell asleep in assembly and cried when woken.",
            }
        )
        .id
    )
    jamie = item_for(dana, JAMIE)
    assert jamie.prompt == "consider-referral" and jamie.unreviewed == 1
    assert jamie.referral_status == "Referred — awaiting outcome"  # the referral of 30 Nov is still live
    assert flags(jamie)["concerns-after-decision"] == (monitor.id, ids["tired"])
    assert "since the decision to monitor" in next(
        f.summary for f in jamie.flags if f.code == "concerns-after-decision"
    )
    early_help = dana.log.decide(
        JAMIE,
        {
            "outcome": "early-help",
            "level": 3,
            "rationale": "Escalated: early help assessment alongside the referral.",
            "review_by": "2026-12-09",
        },
    )
    assert early_help.covers == (ids["tired"],)
    assert dana.review.items() == []

    # The review date passes with no new decision: a follow-up prompt, nothing else.
    at(monkeypatch, "2026-12-09T16:00:00Z", dana)
    assert dana.review.items() == []  # due today is not yet overdue
    at(monkeypatch, "2026-12-10T09:00:00Z", dana)
    [jamie] = dana.review.items()
    assert jamie.pupil.upn == JAMIE and jamie.prompt == "review" and jamie.unreviewed == 0
    assert jamie.oldest_unreviewed_at is None
    assert flags(jamie) == {"follow-up-overdue": (early_help.id,)}


def test_chronology_is_in_the_order_things_happened_with_siblings_labelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chronology orders entries by when they happened (a late write-up slots in),
    with author and role, siblings labelled."""
    story = first_week(tmp_path, monkeypatch)
    ids = story.ids
    at(monkeypatch, "2026-11-30T11:00:00Z", story.dana)
    decision = story.dana.log.decide(
        JAMIE,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": "Pattern of injury and neglect.",
            "agency": "Children's Social Care",
        },
    )

    own = story.dana.review.chronology(JAMIE)
    assert [i.entry.id for i in own.items] == [ids["bruise1"], ids["bruise2"], ids["bins"], decision.id]
    assert [(i.author, i.role) for i in own.items] == [
        ("Tom Teach", "staff"),
        ("Sam Support", "staff"),
        ("Tara Tutor", "staff"),
        ("Dana Lead", "dsl"),
    ]
    assert not any(i.sibling for i in own.items)
    assert [p.upn for p in own.household] == [ELLA]

    household = story.dana.review.chronology(JAMIE, household=True)
    rows = [(i.entry.id, i.pupil.upn, i.sibling) for i in household.items]
    assert rows == [
        (ids["bruise1"], JAMIE, False),
        (ids["bruise2"], JAMIE, False),
        (ids["bins"], JAMIE, False),
        (ids["police"], ELLA, True),
        (decision.id, JAMIE, False),
    ]
    # The flags shown with a chronology are the pupil's review (the decision cleared them).
    assert household.review is None

    from_ella = story.dana.review.chronology(ELLA, household=True)
    assert [(i.pupil.upn, i.sibling) for i in from_ella.items][:3] == [(JAMIE, True)] * 3
    assert [i.entry.id for i in from_ella.items if not i.sibling] == [ids["police"]]


def test_staff_see_only_their_own_part_of_the_story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However much the DSL can see, each member of staff opens only what they wrote."""
    story = first_week(tmp_path, monkeypatch)
    for user, key in (("tom", "bruise1"), ("tara", "bins"), ("sam", "bruise2")):
        assert [e.id for e in story.fx.open(user).log.my_entries()] == [story.ids[key]]
    audits: list[Any] = [r.data for r in story.fx.open("derek").session.read(("audit",))]
    assert audits == []  # nobody has opened anyone else's entries yet
