"""The pattern engine: who needs a DSL decision now, how strongly, and why."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from school_log import workdays
from school_log.errors import InputError
from school_log.model import (
    BodyMark,
    Concern,
    Decision,
    Entry,
    Flag,
    Notification,
    Pupil,
    ReferralOutcome,
    ReviewItem,
)
from school_log.patterns.engine import assess, sort_key
from school_log.patterns.thresholds import Thresholds
from school_log.patterns.weights import protected_site

UTC = UTC
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)  # a Monday
_ids = itertools.count(1)


def pupil(pid: str = "p1", born: date = date(2015, 3, 1), **kw: object) -> Pupil:
    return Pupil(
        id=pid,
        upn=f"UPN-{pid}",
        given_name=str(kw.pop("given_name", "Sam")),
        family_name=str(kw.pop("family_name", "Doe")),
        date_of_birth=born,
        year_group="5",
        household="h1",
        **kw,  # type: ignore[arg-type]
    )


CHILD = pupil()


def ago(days: float, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


def mark(
    region: str = "left-forearm-front",
    type: str = "bruise",
    *,
    explanation: str = "fell in the playground",
    explained_by: str = "child",
    shape: str = "",
) -> BodyMark:
    return BodyMark(
        view="front",
        region=region,
        type=type,
        shape=shape,
        explanation=explanation,
        explained_by=explained_by,
    )


def concern(
    days_ago: float = 0,
    *,
    who: Pupil = CHILD,
    author: str = "t1",
    marks: tuple[BodyMark, ...] = (),
    categories: tuple[str, ...] = (),
    urgent: bool = False,
    what: str = "Seemed upset in class",
    child_words: str = "",
    recorded: datetime | None = None,
) -> Concern:
    occurred = ago(days_ago)
    return Concern(
        id=f"c{next(_ids)}",
        pupil_id=who.id,
        author_id=author,
        recorded_at=recorded or occurred,
        occurred_at=occurred,
        what_happened=what,
        categories=categories,
        child_words=child_words,
        urgent=urgent,
        body_marks=marks,
    )


def injury(days_ago: float = 0, region: str = "left-forearm-front", **kw: object) -> Concern:
    return concern(days_ago, marks=(mark(region),), categories=("physical",), **kw)  # type: ignore[arg-type]


def notification(days_ago: float = 0, *, who: Pupil = CHILD, agency: str = "police") -> Notification:
    occurred = ago(days_ago)
    return Notification(
        id=f"n{next(_ids)}",
        pupil_id=who.id,
        author_id="office",
        recorded_at=occurred,
        occurred_at=occurred,
        agency=agency,
        kind="operation-encompass",
        summary="Police attended a domestic incident at the home overnight",
    )


def decision(
    covers: tuple[Entry, ...] | list[Entry],
    days_ago: float = 0,
    *,
    outcome: str = "monitor",
    review_by: date | None = None,
) -> Decision:
    return Decision(
        id=f"d{next(_ids)}",
        pupil_id=CHILD.id,
        author_id="dsl1",
        recorded_at=ago(days_ago),
        covers=tuple(e.id for e in covers),
        outcome=outcome,
        level=2,
        rationale="Considered with the chronology",
        review_by=review_by,
    )


def referral_outcome(of: Decision, days_ago: float, outcome: str) -> ReferralOutcome:
    return ReferralOutcome(
        id=f"r{next(_ids)}",
        pupil_id=CHILD.id,
        author_id="dsl1",
        recorded_at=ago(days_ago),
        decision_id=of.id,
        outcome=outcome,
    )


def run(*entries: Entry, who: Pupil = CHILD, now: datetime = NOW, **kw: object) -> ReviewItem | None:
    return assess(who, list(entries), now=now, **kw)  # type: ignore[arg-type]


def flag(item: ReviewItem | None, code: str) -> Flag | None:
    assert item is not None, "expected the pupil on the list"
    found = [f for f in item.flags if f.code == code]
    assert len(found) <= 1, f"{code} listed twice"
    return found[0] if found else None


def ids(*entries: Entry) -> tuple[str, ...]:
    return tuple(e.id for e in entries)


# --- Being on the list at all --------------------------------------------------------------


def test_nothing_recorded_means_not_on_the_list() -> None:
    """A pupil with no entries is not on the DSL's list."""
    assert run() is None


def test_fresh_plain_concern_asks_for_review_only() -> None:
    """One ordinary new concern lists the pupil as 'review' with no flags."""
    c = concern(0)
    item = run(c)
    assert item is not None
    assert item.prompt == "review" and item.flags == () and item.score == 0
    assert item.unreviewed == 1 and item.oldest_unreviewed_at == c.recorded_at


def test_decision_covering_everything_removes_the_pupil() -> None:
    """Once the DSL decides on every entry the pupil leaves the list and pattern flags clear."""
    a, b, c = injury(20), injury(10, author="t2"), injury(0, author="t3")
    before = run(a, b, c, roles={"t1": "staff"})
    assert before is not None and before.prompt == "consider-referral"
    assert flag(before, "recurrent-injury") is not None
    assert run(a, b, c, decision([a, b, c], 0)) is None


def test_decided_pattern_does_not_return_with_an_unrelated_new_concern() -> None:
    """Injuries already decided on stay cleared when an unrelated, non-injury concern arrives."""
    a, b = injury(20), injury(10)
    later = concern(0)
    item = run(a, b, decision([a, b], 9, outcome="early-help"), later)
    assert item is not None and flag(item, "recurrent-injury") is None


def test_reviewed_notification_is_not_flagged() -> None:
    """A notification the DSL has decided on no longer appears."""
    note = notification(0)
    assert run(note, decision([note], 0)) is None


def test_other_pupils_entries_and_future_entries_are_ignored() -> None:
    """A sibling's record never lands on this child, and a replay never sees the future."""
    other = pupil("p2")
    assert run(concern(0, who=other)) is None
    assert run(concern(0), now=NOW - timedelta(hours=1)) is None


# --- One flag at a time ---------------------------------------------------------------------


def test_urgent_fires_for_an_unreviewed_urgent_concern() -> None:
    """A concern staff marked urgent is flagged and prompts consider-referral."""
    c = concern(0, urgent=True)
    item = run(c)
    f = flag(item, "urgent")
    assert f is not None and f.entries == ids(c) and item.prompt == "consider-referral"
    assert flag(run(concern(0)), "urgent") is None


def test_referral_route_names_the_statutory_route() -> None:
    """FGM and radicalisation concerns name their route (police duty, Prevent) on first sight."""
    fgm = concern(0, categories=("fgm",))
    f = flag(run(fgm), "referral-route")
    assert f is not None and f.entries == ids(fgm)
    assert "mandatory report to police" in f.summary
    prevent = concern(0, categories=("radicalisation",))
    f = flag(run(prevent), "referral-route")
    assert f is not None and "Prevent / Channel" in f.summary
    assert flag(run(concern(0, categories=("physical", "emotional"))), "referral-route") is None


def test_recurrent_injury_two_occasions_within_28_days() -> None:
    """Injuries 28 days apart are recurrent; 29 days apart (only two) are not."""
    a, b = injury(28), injury(0)
    f = flag(run(b, a), "recurrent-injury")
    assert f is not None and f.entries == ids(a, b)
    assert f.summary.startswith("Injuries seen on 2 occasions in 28 days")
    assert flag(run(injury(29), injury(0)), "recurrent-injury") is None


def test_recurrent_injury_same_day_is_one_occasion() -> None:
    """Two records of the same day's injuries count as one occasion, not a pattern."""
    assert flag(run(injury(0.125), injury(0)), "recurrent-injury") is None


def test_recurrent_injury_three_occasions_within_90_days() -> None:
    """Three injuries spread over 90 days are recurrent; over 91 days they are not."""
    a, b, c = injury(90), injury(45), injury(0)
    f = flag(run(a, b, c), "recurrent-injury")
    assert f is not None and f.entries == ids(a, b, c) and "3 occasions in 90 days" in f.summary
    assert flag(run(injury(91), injury(45), injury(0)), "recurrent-injury") is None


def test_recurrent_injury_includes_reviewed_history() -> None:
    """A new injury joins an old, already-decided one to make the pattern."""
    old = injury(20)
    new = injury(0)
    f = flag(run(old, decision([old], 19), new), "recurrent-injury")
    assert f is not None and f.entries == ids(old, new)


def test_repeat_region_same_place_within_a_year() -> None:
    """The same body region hurt 365 days apart is flagged; 366 days apart is not."""
    a, b = injury(365, "left-ear"), injury(0, "left-ear")
    f = flag(run(a, b), "repeat-region")
    assert f is not None and f.entries == ids(a, b) and "left ear" in f.summary
    assert flag(run(injury(366, "left-ear"), injury(0, "left-ear")), "repeat-region") is None
    assert flag(run(injury(30, "left-ear"), injury(0, "right-ear")), "repeat-region") is None


def test_unexplained_injury_no_explanation() -> None:
    """A mark nobody explained is flagged; a mark the child explained is not."""
    c = concern(0, marks=(mark(explanation="", explained_by="none"),))
    f = flag(run(c), "unexplained-injury")
    assert f is not None and f.entries == ids(c) and "no explanation" in f.summary.lower()
    blank = concern(0, marks=(mark(explanation="  ", explained_by="child"),))
    assert flag(run(blank), "unexplained-injury") is not None
    assert flag(run(injury(0)), "unexplained-injury") is None


def test_unexplained_injury_inconsistent_accounts() -> None:
    """Child and parent explaining the marks differently is flagged; the same account is not."""
    differ = concern(
        0,
        marks=(
            mark("left-upper-arm-front", explanation="Dad grabbed me", explained_by="child"),
            mark("left-upper-arm-back", explanation="Fell off his bike", explained_by="parent"),
        ),
    )
    f = flag(run(differ), "unexplained-injury")
    assert f is not None and f.entries == ids(differ) and "differently" in f.summary
    same = concern(
        0,
        marks=(
            mark(explanation="Fell off his bike", explained_by="child"),
            mark(explanation="fell off his bike.", explained_by="carer"),
        ),
    )
    assert flag(run(same), "unexplained-injury") is None


def test_protected_site_bruise_under_four_on_the_day() -> None:
    """A chest bruise the day before a 4th birthday is flagged; on the birthday it is not."""
    toddler = pupil("p3", born=date(2021, 6, 1))  # 4 on 1 June 2025, i.e. 1 day ago
    at_three = concern(2, who=toddler, marks=(mark("left-chest"),))
    f = flag(run(at_three, who=toddler), "protected-site-bruise")
    assert f is not None and f.entries == ids(at_three) and "TEN-4-FACESp" in f.summary
    at_four = concern(1, who=toddler, marks=(mark("left-chest"),))
    assert flag(run(at_four, who=toddler), "protected-site-bruise") is None


def test_protected_site_bruise_only_on_protected_sites() -> None:
    """A toddler's shin or forehead bruise (common in play) is not a TEN-4-FACESp flag; ear is."""
    toddler = pupil("p3", born=date(2023, 1, 1))
    shin = concern(0, who=toddler, marks=(mark("left-shin"), mark("forehead")))
    assert flag(run(shin, who=toddler), "protected-site-bruise") is None
    ear = concern(0, who=toddler, marks=(mark("right-ear"),))
    assert flag(run(ear, who=toddler), "protected-site-bruise") is not None


def test_protected_site_bruise_any_bruise_on_a_baby() -> None:
    """Any bruise on a baby under 5 months is flagged; at 5 months a forearm bruise is not."""
    baby = pupil("p4", born=date(2025, 1, 2))  # 4 months on 1 June, 5 months on 2 June
    young = concern(1, who=baby, marks=(mark("left-forearm-front"),))
    f = flag(run(young, who=baby), "protected-site-bruise")
    assert f is not None and f.entries == ids(young) and "4 months" in f.summary
    older = concern(0, who=baby, marks=(mark("left-forearm-front"),))
    assert flag(run(older, who=baby), "protected-site-bruise") is None


def test_protected_site_vocabulary_matches_the_body_map() -> None:
    """Every body-map region id is deliberately classed as protected (TEN-4-FACESp) or not."""
    from school_log.body_regions import REGIONS

    expected = {
        "abdomen", "genital-area", "lower-back", "mouth", "neck-back", "neck-front", "upper-back",
        *(f"{side}-{part}" for side in ("left", "right") for part in (
            "buttock", "cheek", "chest", "ear", "eye", "flank", "hip", "jaw", "shoulder-blade",
        )),
    }  # fmt: skip
    assert {r.id for r in REGIONS if protected_site(r.id)} == expected
    for other_shape in ("face-left-cheek", "jaw-left", "buttocks", "back-of-neck"):
        assert protected_site(other_shape), other_shape
    for not_protected in ("left-forearm-front", "back-of-hand", "back-of-head", "left-shoulder-back"):
        assert protected_site(not_protected) is None, not_protected


def test_patterned_injury_bite_or_shape_at_any_age() -> None:
    """A bite or a hand/belt-shaped mark is flagged at 10; a round bruise is not."""
    bite = concern(0, marks=(mark(type="bite"),))
    f = flag(run(bite), "patterned-injury")
    assert f is not None and f.entries == ids(bite)
    fingers = concern(0, marks=(mark("upper-back", shape="Fingertip bruises in a row"),))
    f = flag(run(fingers), "patterned-injury")
    assert f is not None and "Fingertip" in f.summary
    assert flag(run(concern(0, marks=(mark(shape="round"),))), "patterned-injury") is None


def test_multiple_reporters_three_staff_within_30_days() -> None:
    """Three different staff within 30 days is flagged; spread over 31 days it is not."""
    a, b, c = concern(30, author="t1"), concern(15, author="t2"), concern(0, author="t3")
    f = flag(run(a, b, c), "multiple-reporters")
    assert f is not None and f.entries == ids(a, b, c) and "3 different staff" in f.summary
    spread = (concern(31, author="t1"), concern(15, author="t2"), concern(0, author="t3"))
    assert flag(run(*spread), "multiple-reporters") is None


def test_multiple_reporters_does_not_count_the_dsl() -> None:
    """The DSL writing up a call is not a third independent pair of eyes."""
    entries = (concern(10, author="t1"), concern(5, author="t2"), concern(0, author="dsl1"))
    assert flag(run(*entries, roles={"dsl1": "dsl"}), "multiple-reporters") is None
    assert flag(run(*entries, roles={"dsl1": "staff"}), "multiple-reporters") is not None


def test_rising_frequency_doubles_and_at_least_three() -> None:
    """3 concerns in 90 days after 1 before is rising; after 2 before it is not."""
    recent = (concern(90), concern(40), concern(0))
    f = flag(run(concern(100), *recent), "rising-frequency")
    assert f is not None and f.entries == ids(*recent)
    assert "3 concerns in the last 90 days, up from 1" in f.summary
    assert flag(run(concern(100), concern(120), *recent), "rising-frequency") is None


def test_rising_frequency_needs_the_minimum() -> None:
    """Two concerns from nothing is not yet a rising trend."""
    assert flag(run(concern(40), concern(0)), "rising-frequency") is None


def test_neglect_with_injury_within_90_days() -> None:
    """Hunger and an injury 90 days apart are joined; 91 days apart they are not."""
    hungry = concern(90, what="Came in hungry and took food from the bins")
    hurt = injury(0)
    f = flag(run(hungry, hurt), "neglect-with-injury")
    assert f is not None and f.entries == ids(hungry, hurt)
    assert flag(run(concern(91, what="Hungry again"), injury(0)), "neglect-with-injury") is None


def test_neglect_with_injury_category_or_words() -> None:
    """The neglect category counts; an injury's own passing mention of food does not."""
    neglect = concern(10, categories=("neglect",))
    assert flag(run(neglect, injury(0)), "neglect-with-injury") is not None
    lunch = concern(0, marks=(mark(),), what="Tripped in the food hall")
    assert flag(run(lunch), "neglect-with-injury") is None
    both = concern(0, marks=(mark(),), categories=("neglect", "physical"))
    f = flag(run(both), "neglect-with-injury")
    assert f is not None and f.entries == ids(both)


def test_agency_notification_stronger_with_school_concerns() -> None:
    """A police notification is flagged, more strongly with a school concern within 90 days."""
    note = notification(0)
    alone = flag(run(note), "agency-notification")
    assert alone is not None and alone.entries == ids(note) and "Operation Encompass" in alone.summary
    near = concern(90)
    joined = flag(run(note, near), "agency-notification")
    assert joined is not None and joined.entries == ids(near, note) and joined.weight > alone.weight
    far = flag(run(note, concern(91)), "agency-notification")
    assert far is not None and far.entries == ids(note) and far.weight == alone.weight


def test_household_concerns_names_sibling_entries() -> None:
    """A sibling's concern in the last 90 days is shown beside this child's new concern."""
    sib = pupil("p2", given_name="Amy")
    sib_concern = concern(90, who=sib)
    mine = concern(0)
    f = flag(run(mine, household=[(sib, [sib_concern])]), "household-concerns")
    assert f is not None and f.entries == ids(sib_concern) and "Amy Doe" in f.summary
    old = concern(90, who=sib)
    old = Concern(**{**old.__dict__, "occurred_at": old.occurred_at - timedelta(minutes=1)})
    assert flag(run(mine, household=[(sib, [old])]), "household-concerns") is None


def test_household_concerns_need_this_child_to_have_something_new() -> None:
    """Siblings' concerns alone do not put a child with nothing new on the list."""
    sib = pupil("p2")
    c = concern(0)
    assert run(c, decision([c], 0), household=[(sib, [concern(0, who=sib)])]) is None


def test_concerns_after_monitor_decision_prompt_reconsideration() -> None:
    """An injury after 'monitor' on an injury is flagged, naming the decision it follows."""
    first = injury(20)
    monitor = decision([first], 10, outcome="monitor")
    again = injury(5)
    item = run(first, monitor, again)
    f = flag(item, "concerns-after-decision")
    assert f is not None and f.entries == ids(monitor, again) and "reconsider" in f.summary
    assert "since the decision to monitor (23 May, on injury): injury again" in f.summary
    referred = decision([first], 10, outcome="refer-social-care")
    assert flag(run(first, referred, again), "concerns-after-decision") is None


def test_concerns_before_the_decision_do_not_count_as_after() -> None:
    """A concern recorded before the monitor decision (just missed) is not 'after' it."""
    first, missed = concern(20), concern(12)
    monitor = decision([first], 10)
    assert flag(run(first, missed, monitor), "concerns-after-decision") is None


def test_concerns_after_referral_no_further_action_prompt_escalation() -> None:
    """An injury after social care's 'no further action' on an injury suggests professional challenge."""
    first = injury(30)
    refer = decision([first], 25, outcome="refer-social-care")
    nfa = referral_outcome(refer, 10, "no-further-action")
    again = injury(5)
    f = flag(run(first, refer, nfa, again), "concerns-after-decision")
    assert f is not None and f.entries == ids(nfa, again) and "escalation" in f.summary
    accepted = referral_outcome(refer, 10, "s47")
    assert flag(run(first, refer, accepted, again), "concerns-after-decision") is None


def test_decision_overdue_after_one_working_day() -> None:
    """A Friday concern is on time at Monday same time and overdue a second later."""
    friday = datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    c = Concern(
        id="cf", pupil_id=CHILD.id, author_id="t1", recorded_at=friday, occurred_at=friday,
        what_happened="Seemed upset",
    )  # fmt: skip
    monday = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    on_time = run(c, now=monday)
    assert on_time is not None and flag(on_time, "decision-overdue") is None
    late = run(c, now=monday + timedelta(seconds=1))
    f = flag(late, "decision-overdue")
    assert f is not None and f.entries == ("cf",) and late.prompt == "review"


def test_decision_overdue_respects_bank_holidays_and_closures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The spring bank holiday Monday does not count towards the one working day; nor does a school closure."""
    friday = datetime(2025, 5, 23, 10, 0, tzinfo=UTC)  # before the 26 May bank holiday
    c = Concern(
        id="cb", pupil_id=CHILD.id, author_id="t1", recorded_at=friday, occurred_at=friday,
        what_happened="Seemed upset",
    )  # fmt: skip
    late_monday, late_tuesday = datetime(2025, 5, 26, 16, 0, tzinfo=UTC), datetime(2025, 5, 27, 16, 0, tzinfo=UTC)
    assert flag(run(c, now=late_monday), "decision-overdue") is None
    assert flag(run(c, now=late_tuesday), "decision-overdue") is not None
    monkeypatch.setattr(workdays, "_calendar", workdays.WorkingDays(closures=frozenset({date(2025, 5, 27)})))
    assert flag(run(c, now=late_tuesday), "decision-overdue") is None


def test_follow_up_overdue_when_review_date_passes() -> None:
    """A decision's review date passing with no later decision lists the pupil for review."""
    c = concern(40)
    due_today = decision([c], 30, review_by=NOW.date())
    assert run(c, due_today) is None
    passed = decision([c], 30, review_by=NOW.date() - timedelta(days=1))
    item = run(c, passed)
    f = flag(item, "follow-up-overdue")
    assert f is not None and f.entries == ids(passed)
    assert item.prompt == "review" and item.unreviewed == 0 and item.oldest_unreviewed_at is None


def test_follow_up_cleared_by_a_later_decision() -> None:
    """Recording the review (a later decision) clears the overdue follow-up."""
    c = concern(40)
    passed = decision([c], 30, review_by=NOW.date() - timedelta(days=1))
    reviewed = decision([c], 0, outcome="no-further-action")
    assert run(c, passed, reviewed) is None


# --- The list as a whole -----------------------------------------------------------------


def test_flags_are_strongest_first_and_score_sums_weights() -> None:
    """Each flag carries a weight; the pupil's score is their sum, strongest listed first."""
    item = run(concern(0, urgent=True, marks=(mark(type="bite"),)))
    assert item is not None
    weights = [f.weight for f in item.flags]
    assert weights == sorted(weights, reverse=True) and item.score == sum(weights)
    assert item.flags[0].code == "urgent"


def test_sort_key_orders_the_dsl_list() -> None:
    """Consider-referral before review, then higher score, then longest waiting."""
    a, b, c, d = (pupil(f"s{i}", family_name=n) for i, n in enumerate("ABCD"))
    strong = run(concern(0, who=a, urgent=True, categories=("fgm",)), who=a)
    weak_old = run(concern(1, who=b, urgent=True), who=b)
    weak_new = run(concern(0, who=c, urgent=True), who=c)
    review = run(concern(0, who=d), who=d)
    items = [review, weak_new, weak_old, strong]
    assert all(items)
    ordered = sorted(items, key=sort_key)  # type: ignore[arg-type]
    assert [i.pupil.id for i in ordered] == ["s0", "s1", "s2", "s3"]  # type: ignore[union-attr]


def test_thresholds_overrides_change_the_rules() -> None:
    """A school's own thresholds take effect (two staff within 30 days)."""
    pair = (concern(10, author="t1"), concern(0, author="t2"))
    assert flag(run(*pair), "multiple-reporters") is None
    strict = Thresholds.from_mapping({"multiple_reporters": [2, 30]})
    assert flag(run(*pair, thresholds=strict), "multiple-reporters") is not None


# --- Thresholds.from_mapping ---------------------------------------------------------------


def test_thresholds_defaults_and_overrides() -> None:
    """Overrides from [thresholds] replace only the named settings."""
    t = Thresholds.from_mapping(
        {
            "recurrent_injury_short": [3, 14],
            "rising_factor": 1.5,
            "holidays": ["2025-05-26", date(2025, 8, 25)],
        }
    )
    assert t.recurrent_injury_short == (3, 14)
    assert t.rising_factor == 1.5
    assert t.holidays == (date(2025, 5, 26), date(2025, 8, 25))
    assert t.recurrent_injury_long == (3, 90) and t.young_child_age == 4
    assert Thresholds.from_mapping({}) == Thresholds()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recurent_injury_short": [2, 28]}, "unknown setting 'recurent_injury_short'"),
        ({"repeat_region_days": "365"}, "thresholds.repeat_region_days: expected a whole number"),
        ({"repeat_region_days": True}, "thresholds.repeat_region_days"),
        ({"repeat_region_days": 0}, "thresholds.repeat_region_days"),
        ({"multiple_reporters": [3]}, "thresholds.multiple_reporters: expected [count, days]"),
        ({"multiple_reporters": [3, 2.5]}, "thresholds.multiple_reporters"),
        ({"rising_factor": "double"}, "thresholds.rising_factor: expected a number"),
        ({"holidays": ["26/05/2025"]}, "thresholds.holidays: '26/05/2025' is not a date"),
        ({"holidays": "2025-05-26"}, "thresholds.holidays: expected a list of dates"),
    ],
)
def test_thresholds_bad_config_is_refused_clearly(data: dict[str, object], message: str) -> None:
    """A mistyped or wrongly typed threshold is refused with one clear line, not ignored."""
    with pytest.raises(InputError) as caught:
        Thresholds.from_mapping(data)
    text = str(caught.value)
    assert message in text and "\n" not in text


def test_thresholds_from_a_toml_section() -> None:
    """A [thresholds] table as TOML parses it (bare dates, arrays) is accepted."""
    import tomllib

    data = tomllib.loads("[thresholds]\nholidays = [2025-05-26]\nrecurrent_injury_long = [4, 60]\n")
    t = Thresholds.from_mapping(data["thresholds"])
    assert t.holidays == (date(2025, 5, 26),) and t.recurrent_injury_long == (4, 60)


def test_one_agency_incident_recorded_for_each_sibling_is_counted_once() -> None:
    """A police call-out recorded once for each child of a household is one incident: each child's list shows
    the notification, not also as a sibling's concern, so one call-out is a "review", not "consider referral";
    a different incident at a sibling's (another reference) still joins the picture."""
    sib = pupil("p2", given_name="Amy")
    mine = Notification(**{**notification(1).__dict__, "reference": "OE/51/25"})
    theirs = Notification(**{**notification(1, who=sib).__dict__, "reference": "oe/51/25 "})
    item = run(mine, household=[(sib, [theirs])])
    assert item is not None and item.prompt == "review"
    assert flag(item, "household-concerns") is None and flag(item, "agency-notification") is not None
    other = Notification(**{**notification(5, who=sib).__dict__, "reference": "OE/77/25"})
    f = flag(run(mine, household=[(sib, [theirs, other])]), "household-concerns")
    assert f is not None and f.entries == ids(other)
    unreferenced = notification(1, who=sib)  # same agency, kind, summary and day: the same incident
    assert flag(run(notification(1), household=[(sib, [unreferenced])]), "household-concerns") is None


def test_a_child_missing_education_after_welfare_concerns_is_a_rule_of_its_own() -> None:
    """Not seen, no contact, after a welfare concern within a term: "missing-education" names both and prompts
    referral; the same absence with no welfare concern before it, or after attendance notes only, does not."""
    worry = concern(40, what="Came in hungry and unkempt again", categories=("neglect",))
    gone = concern(0, what="Not seen since Monday; phones off, no contact with the family")
    f = flag(run(worry, gone), "missing-education")
    assert f is not None and f.entries == ids(worry, gone) and "refer without waiting" in f.summary
    assert run(worry, gone).prompt == "consider-referral"  # type: ignore[union-attr]
    assert flag(run(gone), "missing-education") is None
    late = concern(30, what="Late again", categories=("attendance",))
    assert flag(run(late, gone), "missing-education") is None
