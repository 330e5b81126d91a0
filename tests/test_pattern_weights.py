"""Flags that weigh what the entries say: fewer false referral prompts, the same recall."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import timedelta

import pytest

from school_log.cli.output import review_item, review_line
from school_log.errors import InputError
from school_log.model import BodyMark, Concern
from school_log.patterns.engine import assess, sort_key
from school_log.patterns.thresholds import Thresholds
from school_log.patterns.weights import weigh_record
from tests.test_patterns import (
    CHILD,
    NOW,
    concern,
    decision,
    flag,
    ids,
    mark,
    pupil,
    referral_outcome,
    run,
)


def accident(days_ago: float, region: str = "left-knee-front", *, by: str = "Ms Lee (lunch)", **kw: object) -> Concern:
    """A playground/PE accident staff saw happen: graze, first aid given."""
    seen = BodyMark(view="front", region=region, type="graze", witnessed_by=by)
    return concern(days_ago, marks=(seen,), categories=("physical",), what="Fell in the playground; first aid", **kw)  # type: ignore[arg-type]


def hurt(days_ago: float, region: str = "left-forearm-front", **kw: object) -> Concern:
    """An injury nobody saw happen and nobody explained."""
    return concern(days_ago, marks=(mark(region, explanation="", explained_by="none"),), categories=("physical",), **kw)  # type: ignore[arg-type]


def explained(days_ago: float, region: str = "left-forearm-front", text: str = "fell off my bike") -> Concern:
    return concern(days_ago, marks=(mark(region, explanation=text, explained_by="child"),), categories=("physical",))


# --- Injury occasions, weighed --------------------------------------------------------------


def test_two_witnessed_accidents_within_28_days_do_not_prompt_referral() -> None:
    """Two accidents staff saw happen 10 days apart are not a pattern: listed for review only."""
    a, b = accident(10, "forehead", by="Mr Patel (PE)"), accident(0, by="Ms Lee (lunch)")
    item = run(a, b)
    assert item is not None and item.prompt == "review" and item.strength == 0
    for code in ("recurrent-injury", "repeat-region", "unexplained-injury"):
        assert flag(item, code) is None, code


def test_the_same_pair_unexplained_prompts_referral_and_says_so() -> None:
    """The same two injuries with no one seeing them happen and no account: consider referral."""
    a, b = hurt(10), hurt(0)
    item = run(a, b)
    assert item is not None and item.prompt == "consider-referral"
    f = flag(item, "recurrent-injury")
    assert f is not None and f.entries == ids(a, b)
    assert (
        f.summary
        == "Injuries seen on 2 occasions in 10 days (23 May to 2 Jun): 23 May not explained; 2 Jun not explained"
    )


def test_occasion_text_says_who_saw_or_explained_each_one() -> None:
    """Recurrent-injury names, per occasion, who saw it happen or who explained it."""
    seen, told, unknown = accident(20, by="Mr Patel (PE)"), explained(10), hurt(0)
    f = flag(run(seen, told, unknown), "recurrent-injury")
    assert f is not None and f.entries == ids(seen, told, unknown)
    assert f.summary.endswith(
        ": 13 May seen by Mr Patel (PE) as it happened; 23 May explained by the child; 2 Jun not explained"
    )
    three = flag(run(seen, told, unknown, thresholds=Thresholds(recurrent_injury_short=(2, 7))), "recurrent-injury")
    assert three is None  # the witnessed one counts a quarter: 2.25 occasions in 90 days is not 3


def test_dont_know_and_burns_without_heat_count_as_unexplained() -> None:
    """'Don't know' is no account, and a burn 'from falling over' does not fit the mark."""
    unsure = concern(0, marks=(mark(explanation="I don't know", explained_by="child"),))
    f = flag(run(unsure), "unexplained-injury")
    assert f is not None and f.summary == "No explanation given for 1 mark"
    burn = concern(0, marks=(mark(type="burn", explanation="fell over", explained_by="child"),))
    f = flag(run(burn), "unexplained-injury")
    assert f is not None and f.summary == "The account does not fit 1 mark"
    oven = concern(0, marks=(mark(type="burn", explanation="touched the oven door", explained_by="child"),))
    assert flag(run(oven), "unexplained-injury") is None


def test_an_account_that_changes_between_records_weighs_much() -> None:
    """The child told one teacher "fell off my bike" and another "my brother did it", the same day."""
    first = explained(20, "left-forearm-front", "fell off my bike")
    other = replace(explained(20, "left-forearm-front", "my brother did it"), occurred_at=first.occurred_at)
    later = explained(0, "right-shin", "football")
    f = flag(run(first, other, later), "recurrent-injury")
    assert f is not None and "13 May the account changed between records" in f.summary and f.weight == 4.5
    same = replace(explained(20, "left-forearm-front", "Fell off my bike."), occurred_at=first.occurred_at)
    f = flag(run(first, same, later), "recurrent-injury")
    assert f is not None and "13 May explained by the child" in f.summary and f.weight == 3


def test_sports_injuries_seen_by_a_coach_are_not_a_repeat_region() -> None:
    """The same knee hurt in football 35 days apart, seen by the coach each time: nothing flagged."""
    a, b = accident(35, by="Mr Cole (football coach)"), accident(0, by="Mr Cole (football coach)")
    assert flag(run(a, b), "repeat-region") is None
    told = [explained(35, "left-knee-front", "slid on the pitch"), explained(0, "left-knee-front", "slid on the pitch")]
    item = run(*told)
    f = flag(item, "repeat-region")
    assert f is not None and "explained by the child" in f.summary
    assert item is not None and item.prompt == "review"  # two ordinary knee injuries in a year: a look, not a referral


def test_sites_rarely_hurt_by_accident_weigh_more() -> None:
    """Explained upper-arm bruises 40 days apart prompt referral; the same on a forearm do not."""
    arm = run(explained(40, "left-upper-arm-front"), explained(0, "left-upper-arm-front"))
    f = flag(arm, "repeat-region")
    assert arm is not None and arm.prompt == "consider-referral"
    assert f is not None and "(unusual site for an accident)" in f.summary
    forearm = run(explained(40), explained(0))
    assert forearm is not None and forearm.prompt == "review" and forearm.strength < arm.strength


def test_a_child_and_parent_giving_the_same_account_weigh_little() -> None:
    """Two injuries 3 weeks apart, explained alike by child and parent, are not recurrent."""

    def agreed(days_ago: float) -> Concern:
        return concern(
            days_ago,
            marks=(
                mark("left-shin", explanation="Fell off the trampoline", explained_by="child"),
                mark("right-shin", explanation="fell off the trampoline.", explained_by="parent"),
            ),
        )

    assert flag(run(agreed(21), agreed(0)), "recurrent-injury") is None


def test_witnessed_accidents_are_not_extra_reporters() -> None:
    """First-aid notes by three staff are not three staff worried."""
    entries = [accident(20, author="t1"), accident(10, author="t2"), concern(0, author="t3")]
    assert flag(run(*entries), "multiple-reporters") is None


# --- Serious single occasions stay consider-referral -----------------------------------------


@pytest.mark.parametrize(
    "category", ["fgm", "sexual", "radicalisation", "cse", "cce", "forced-marriage", "honour-based-abuse"]
)
def test_statutory_routes_prompt_referral_on_the_first_occasion(category: str) -> None:
    """FGM, sexual abuse, Prevent, exploitation, forced marriage and HBA prompt referral at once."""
    item = run(concern(0, categories=(category,)))
    assert item is not None and item.prompt == "consider-referral" and flag(item, "referral-route") is not None


def test_urgent_ten4_and_patterned_prompt_referral_on_the_first_occasion() -> None:
    """Urgent, a TEN-4-FACESp bruise, or a patterned mark prompt referral on one occasion; an unmeasured human
    bite even when a member of staff saw it happen."""
    assert run(concern(0, urgent=True)).prompt == "consider-referral"  # type: ignore[union-attr]
    toddler = pupil("p3", born=NOW.date().replace(year=NOW.year - 2))
    ear = concern(0, who=toddler, marks=(mark("right-ear", explanation="bumped it", explained_by="child"),))
    assert run(ear, who=toddler).prompt == "consider-referral"  # type: ignore[union-attr]
    bite = BodyMark(view="front", region="left-forearm-front", type="bite", witnessed_by="Ms Lee")
    item = run(concern(0, marks=(bite,)))
    assert item is not None and item.prompt == "consider-referral" and flag(item, "patterned-injury") is not None


# --- Concerns continuing after "monitor" or "no further action" ------------------------------


def test_an_injury_after_an_injury_nfa_prompts_referral() -> None:
    """A new explained injury five weeks after NFA on an injury: consider referral, naming the decision."""
    first = explained(40)
    nfa = decision([first], 39, outcome="no-further-action")
    again = explained(0, "right-shin", "tripped on the stairs")
    item = run(first, nfa, again)
    assert item is not None and item.prompt == "consider-referral"
    f = flag(item, "concerns-after-decision")
    assert f is not None and f.entries == ids(nfa, again)
    assert f.summary.startswith(
        "1 new concern since the decision of no further action (24 Apr, on injury): injury again"
    )


def test_a_tearful_pupil_after_nfa_is_a_review_not_a_referral() -> None:
    """Parents separating: a second emotional worry after NFA is for a look, not a referral prompt."""
    first = concern(35, categories=("emotional",), what="Tearful; says mum and dad are splitting up")
    nfa = decision([first], 34, outcome="no-further-action")
    again = concern(0, categories=("emotional",), what="Tearful in class again about the separation")
    item = run(first, nfa, again)
    assert item is not None and item.prompt == "review" and flag(item, "concerns-after-decision") is None


@pytest.mark.parametrize(
    ("later", "why"),
    [
        (concern(0, what="Came in hungry again, no breakfast"), "neglect again"),
        (concern(0, marks=(mark(explanation="", explained_by="none"),)), "an unexplained injury"),
        (concern(0, categories=("sexual",), what="Disclosed touching"), "more serious: sexual"),
        (concern(0, urgent=True), "marked urgent"),
    ],
)
def test_what_counts_as_continuing_after_monitor(later: Concern, why: str) -> None:
    """Neglect after neglect, an unexplained injury, or something more serious makes the DSL think again."""
    first = concern(20, categories=("neglect",), what="No coat, hungry at break")
    monitor = decision([first], 19, outcome="monitor")
    f = flag(run(first, monitor, later), "concerns-after-decision")
    assert f is not None and why in f.summary and "(14 May, on neglect)" in f.summary


# --- A live referral -------------------------------------------------------------------------


def test_live_referral_status_and_only_new_concerns_prompt_again() -> None:
    """Referred -> 'Referred — awaiting outcome'; s47 -> 'Open s47'; an older uncovered entry does not
    prompt referral again, a new unexplained injury does; once closed the status goes."""
    first, missed = hurt(20), hurt(15)
    refer = decision([first], 10, outcome="refer-social-care")
    item = run(first, missed, refer)
    assert item is not None and item.referral_status == "Referred — awaiting outcome"
    assert item.prompt == "review" and item.strength == 0  # the referral already carries this picture
    s47 = referral_outcome(refer, 5, "s47")
    item = run(first, missed, refer, s47)
    assert item is not None and item.referral_status == "Open s47" and item.prompt == "review"
    new = hurt(1)
    item = run(first, missed, refer, s47, new)
    assert item is not None and item.prompt == "consider-referral" and item.referral_status == "Open s47"
    closed = referral_outcome(refer, 4, "no-further-action")
    assert run(first, missed, refer, s47, closed).referral_status == ""  # type: ignore[union-attr]
    s17 = referral_outcome(refer, 4, "s17")
    assert run(first, missed, refer, s17, new).referral_status == "Open s17"  # type: ignore[union-attr]
    row = review_item(item)
    assert row["referral_status"] == "Open s47" and row["strength"] == item.strength
    assert review_line(row).endswith("[Open s47]")  # `school-log review` says it too


# --- The list -----------------------------------------------------------------------------------


def test_an_undecided_urgent_concern_ranks_first() -> None:
    """An urgent disclosure outranks pupils with stronger but non-urgent cases."""
    a, b = pupil("s1", family_name="A"), pupil("s2", family_name="B")
    heavy = run(*(hurt(d, who=a, author=f"t{d}") for d in (0, 3, 6, 9)), who=a)
    disclosure = run(concern(0, who=b, urgent=True, categories=("sexual",)), who=b)
    assert heavy is not None and disclosure is not None and heavy.strength > disclosure.strength
    assert [i.pupil.id for i in sorted([heavy, disclosure], key=sort_key)] == ["s2", "s1"]


def test_weights_and_referral_strength_come_from_thresholds() -> None:
    """A school can tune each flag's weight and the strength that prompts referral."""
    pair = (explained(40), explained(0))
    assert run(*pair).prompt == "review"  # type: ignore[union-attr]
    tuned = Thresholds.from_mapping({"referral_strength": 2, "weights": {"repeat-region": 2.5}})
    item = run(*pair, thresholds=tuned)
    assert item is not None and item.prompt == "consider-referral" and flag(item, "repeat-region").weight == 2.5  # type: ignore[union-attr]
    assert tuned.weights["urgent"] == 5 and replace(tuned, weights=Thresholds().weights) == Thresholds(
        referral_strength=2
    )
    toml = tomllib.loads('[thresholds]\nweights = { "repeat-region" = 2.5 }\nreferral_strength = 2\n')
    assert Thresholds.from_mapping(toml["thresholds"]) == tuned
    with pytest.raises(InputError, match="thresholds.weights: unknown flag 'repeat'"):
        Thresholds.from_mapping({"weights": {"repeat": 1}})
    with pytest.raises(InputError, match="thresholds.weights.urgent: expected a number"):
        Thresholds.from_mapping({"weights": {"urgent": "high"}})


def test_every_old_entry_shape_still_assesses() -> None:
    """Marks recorded before `witnessed_by` existed weigh as unwitnessed."""
    old = BodyMark(view="front", region="left-forearm-front", type="bruise")
    assert old.witnessed_by == "" and assess(CHILD, [concern(0, marks=(old,))], now=NOW) is not None


def test_accounts_are_compared_for_the_same_mark_not_for_different_marks() -> None:
    """Child and parent differing about one injury (a cheek and the jaw beside it, one arm front and back) is
    flagged; two marks in different places each with its own account (the child's shin, mum's account of the
    other knee) are two accounts of two marks, not accounts that differ."""
    same = concern(
        0,
        marks=(
            mark("left-cheek", explanation="dad pushed me", explained_by="child"),
            mark("left-jaw", explanation="fell off his scooter", explained_by="parent"),
        ),
    )
    found = flag(run(same), "unexplained-injury")
    assert found is not None and "explain the marks differently" in found.summary
    two = concern(
        0,
        marks=(
            mark("left-shin", explanation="tripped on the hall steps", explained_by="child"),
            mark("right-knee-front", explanation="coffee table at the weekend", explained_by="parent"),
        ),
    )
    assert flag(run(two), "unexplained-injury") is None


# --- Patterned marks whose record explains the pattern; TEN-4-FACESp and a seen accident ---------------


def _bite(**kw: object) -> BodyMark:
    return BodyMark(**{"view": "front", "region": "right-forearm-front", "type": "bite", **kw})  # type: ignore[arg-type]


def test_a_young_childs_or_an_animals_bite_is_weighed_by_its_account_not_a_route() -> None:
    """A child-sized bite a nursery nurse saw another child make, a bite measured under 3 cm, and a dog bite the
    GP treated are no patterned-injury route (NICE CG89 suspects a human bite unlikely to be a young child's);
    the account says why. A bite said to be adult-sized, or 35 mm across, still is, even explained."""
    seen = _bite(shape="small teeth marks, child-sized", explanation="bitten by another child", witnessed_by="Ms Lee")
    small = _bite(size_mm=22, explanation="my sister bit me", explained_by="child")
    dog = _bite(region="left-calf", explanation="neighbour's dog; GP seen", explained_by="parent")
    for mark_ in (seen, small, dog):
        item = run(concern(0, marks=(mark_,)))
        assert item is not None and item.prompt == "review" and flag(item, "patterned-injury") is None, mark_
    row = review_item(run(concern(0, marks=(small,)), concern(3, marks=(small,))))  # type: ignore[arg-type]
    assert "a young child's bite by its size" in str(row)
    for adult in (_bite(shape="adult-sized", explanation="my sister bit me", explained_by="child"), _bite(size_mm=35)):
        item = run(concern(0, marks=(adult,)))
        assert item is not None and item.prompt == "consider-referral" and flag(item, "patterned-injury") is not None


def test_grip_marks_from_judo_are_not_a_route_and_a_grab_by_dad_is() -> None:
    """Finger-shaped bruises the child says came from a judo hold are weighed as an explained bruise; the same
    marks explained "dad grabbed me" or with no account are a patterned-injury route."""
    judo = mark("left-upper-arm-front", shape="finger marks", explanation="judo grading, grip hold")
    item = run(concern(0, marks=(judo,)))
    assert item is not None and item.prompt == "review" and flag(item, "patterned-injury") is None
    for text, by in (("dad grabbed me", "child"), ("", "none")):
        grab = mark("left-upper-arm-front", shape="finger marks", explanation=text, explained_by=by)
        item = run(concern(0, marks=(grab,)))
        assert item is not None and item.prompt == "consider-referral" and flag(item, "patterned-injury") is not None


def test_a_toddlers_bruise_staff_saw_happen_is_not_ten4_and_a_babys_still_is() -> None:
    """TEN-4-FACESp is for bruising with no confirmed accident: a 3-year-old who bumped a table while two staff
    watched is listed for review, not referral; the same cheek bruise unseen is TEN-4-FACESp, and so is a bruise
    staff saw on a 3-month-old (the non-mobile protocols refer whoever saw it)."""
    toddler = pupil("p3", born=NOW.date().replace(year=NOW.year - 3))
    seen = BodyMark("front", "left-cheek", "bruise", explanation="bumped the table dancing", explained_by="child")
    item = run(concern(0, who=toddler, marks=(replace(seen, witnessed_by="Ms Lee"),)), who=toddler)
    assert item is not None and item.prompt == "review" and flag(item, "protected-site-bruise") is None
    item = run(concern(0, who=toddler, marks=(seen,)), who=toddler)
    assert item is not None and flag(item, "protected-site-bruise") is not None
    baby = pupil("p4", born=(NOW - timedelta(days=90)).date())
    item = run(concern(0, who=baby, marks=(replace(seen, region="left-shin", witnessed_by="Ms Lee"),)), who=baby)
    assert item is not None and flag(item, "protected-site-bruise") is not None


def test_the_other_account_written_in_the_narrative_makes_two_accounts_alike() -> None:
    """One box ticked and the other person's account in the words ("Dad told me the same", "Mum says the kitten
    scratches everyone") weighs as explained alike, quoting them: two such ordinary injuries and a seen graze in
    a fortnight are not "recurrent". A parent who said something else, or did not say the same, is no second
    account, and the three then prompt."""

    def told(days: int, region: str, text: str, by: str, what: str) -> Concern:
        return concern(days, marks=(mark(region, explanation=text, explained_by=by),), what=what)

    graze = accident(13, "right-elbow-back")
    thigh = told(
        7, "left-thigh-front", "fell off scooter on Sunday", "parent",
        "Bruise on the left thigh. He said he fell off his scooter on Sunday. Dad told me the same at drop-off.",
    )  # fmt: skip
    cheek = told(
        0, "right-cheek", "new kitten", "child",
        "Thin scratch on her cheek; said the new kitten did it. Mum says the kitten scratches everyone.",
    )  # fmt: skip
    item = run(graze, thigh, cheek)
    assert item is not None and item.prompt == "review" and flag(item, "recurrent-injury") is None
    weight, account = weigh_record(cheek, Thresholds())
    assert weight == 1.0 and account.startswith("explained alike by the child and a parent/carer ('Mum says the kitten")
    unlike = [
        replace(thigh, what_happened="Bruise on the left thigh. Dad said he did not know how."),
        replace(cheek, what_happened="Thin scratch on her cheek. Mum did not say the same; Mum said it was a fox."),
    ]
    item = run(graze, *unlike)
    assert item is not None and item.prompt == "consider-referral" and flag(item, "recurrent-injury") is not None
