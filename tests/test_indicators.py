"""The indicator reader (issue 25): the review hears what the child said, quotes it, and is not fooled by
words that say the opposite, ask a question, or tell someone else's story."""

from __future__ import annotations

import pytest

from school_log.indicators.reader import FAMILIES, read
from school_log.mark_words import heard
from school_log.model import Concern, Notification
from school_log.patterns.thresholds import WEIGHTS, Thresholds
from school_log.patterns.vocab import SERIOUS_CODES
from tests.test_patterns import NOW, concern, decision, flag, notification, run


def codes(entry: Concern | Notification) -> set[str]:
    return {hit.code for hit in read(entry)}


@pytest.mark.parametrize(
    ("words", "what", "code"),
    [
        ("He hit me with the buckle end. Dad said if I tell I'm going in care.", "", "disclosure"),
        ("Mum pulls my hair when she's cross.", "", "disclosure"),
        ("When he's drinking he slams me against the wall.", "", "disclosure"),
        ("Uncle does secret tickles in my private parts.", "", "disclosure"),
        ("Dad punched mum and there was blood on the floor.", "", "domestic-abuse-witnessed"),
        ("", "She told me her stepdad hit her with a slipper last night.", "disclosure"),
        ("", "A man on a game sent him vouchers and asked for pictures of him in his pants.", "online-grooming"),
        ("", "Dad was slurring and unsteady at collection and tried to drive off with her.", "unsafe-care"),
        ("I was up all night with the baby because mum went out and didn't come back.", "", "adult-load"),
        ("I found mum on the floor, she had taken too many tablets.", "", "adult-load"),
        ("", "Found by police in a flat in another city linked to drug supply.", "exploitation-missing"),
        ("", "Mum had baby Finn (3 months) in the pram. I noticed a bruise on his cheek.", "non-mobile-baby"),
        ("This is what Daddy's friend does to me.", "", "disclosure"),
        ("", "Reported missing; found by police in a flat with two adult men and alcohol.", "exploitation-missing"),
        ("", "Still absent. Neither parent knows where he is staying.", "whereabouts-unknown"),
        ("They cut me down there while we were away.", "", "fgm-told"),
        ("", "She said her brother hit her because she has brought shame on the family.", "honour-based"),
        ("", "A boy took a photo up her skirt and it was sent round the year group.", "indecent-image"),
        ("I live at Wayne's now. Mum's in Spain for work.", "", "private-fostering"),
        ("", "She has been staying with mum's friend since October half-term; not a relative.", "private-fostering"),
        ("", "Gran says he is frightened of Lee and has stopped talking.", "frightened-at-home"),
    ],
)
def test_the_reader_hears_each_family_and_quotes_the_sentence(words: str, what: str, code: str) -> None:
    """Each family of words practice refers on the first occasion is heard, in the child's words or in what staff
    wrote that the child said, and the indicator quotes the very sentence it was found in."""
    entry = concern(child_words=words, what=what or "Spoke to me at break.")
    hits = [hit for hit in read(entry) if hit.code == code]
    assert hits, f"{code} not heard in {words or what!r}"
    assert hits[0].quote in (words or what) and len(hits[0].quote) > 10


@pytest.mark.parametrize(
    ("words", "what"),
    [
        ("", "She did not say anyone hurt her."),
        ("", "I asked whether anyone at home had hurt him; he said no."),
        ("Nobody hits me, I fell off my scooter.", ""),
        ("My mum hit me - in Roblox!", ""),
        ("My mate from football said his dad hits him.", ""),
        ("", "At news time he said 'a man hit a lady and the police came'."),
        ("", "In his writing he retold the story: the big bad wolf hit granny."),
        ("", "He said his brother hit him in the playground."),
        ("", "Mum said he fell off his bike."),
        ("", "Mum brought the new baby to the gate; no bruises or marks, the baby is thriving."),
        ("", "A birthmark on the baby's back, seen by the health visitor."),
        ("", "He is staying with his gran since the summer while mum is in hospital."),
        ("", "She stays at Dad's every other weekend now."),
        ("", "He is scared of the dark since the move."),
        ("", "Mum knows where he is: at his cousin's."),
    ],
)
def test_denied_asked_and_someone_elses_words_are_not_heard(words: str, what: str) -> None:
    """Negation, questions, reported speech about other people, stories and games raise nothing: the flag a DSL
    reads never rests on words that say the opposite."""
    assert codes(concern(child_words=words, what=what or "Spoke to me at break.")) == set()


def test_a_disclosure_is_a_referral_on_the_first_occasion_quoting_the_childs_words() -> None:
    """One concern, no category, not marked urgent: the child's words alone prompt "consider referral", and the
    flag names the entry and quotes the words."""
    said = concern(child_words="Dad hit me with the buckle end of his belt.")
    item = run(said)
    assert item is not None and item.prompt == "consider-referral"
    found = flag(item, "disclosure")
    assert found is not None and found.entries == (said.id,)
    assert "the child's words: 'Dad hit me with the buckle end of his belt.'" in found.summary
    assert found.weight == WEIGHTS["disclosure"]


def test_an_agency_summary_is_read_too() -> None:
    """A police notification that the child was found missing at an address linked to drugs is criminal
    exploitation on the first occasion, quoted from the agency's summary."""
    note = notification()
    note = Notification(**{**note.__dict__, "summary": "Reported missing; found at a flat linked to drug dealing."})
    item = run(note)
    found = flag(item, "exploitation-missing")
    assert found is not None and "the agency's summary: 'Reported missing" in found.summary
    assert item is not None and item.prompt == "consider-referral"


def test_each_family_has_a_weight_a_school_can_tune_and_is_a_first_occasion_route() -> None:
    """Every family's flag weighs what `Thresholds` says; a school may lower it (then only the weight prompts).
    Each is a route on the first occasion, but a child frightened of home, which weighs a referral's strength
    (the DSL looks today) without being a route on its own words, and a baby or other child at home affected,
    which adds to the household's picture."""
    assert set(FAMILIES) <= set(WEIGHTS) and set(FAMILIES) - {"frightened-at-home", "household-child"} <= SERIOUS_CODES
    assert WEIGHTS["frightened-at-home"] >= Thresholds().referral_strength
    tuned = Thresholds.from_mapping({"weights": {"disclosure": 1}})
    item = run(concern(child_words="Mum hits me with a wooden spoon."), thresholds=tuned)
    found = flag(item, "disclosure")
    assert found is not None and found.weight == 1


def test_a_decision_settles_the_words() -> None:
    """Once the DSL decided on the entry, its words no longer flag it (like every pattern flag)."""
    said = concern(child_words="Dad hit me with the buckle end of his belt.")
    assert run(said, decision([said], 0), now=NOW) is None


def test_a_witness_named_only_in_the_narrative_makes_an_accident_a_witnessed_one() -> None:
    """Two accidents a teacher saw happen and wrote "I saw it happen" (no witness box) are not a pattern; the
    account says whose words made it witnessed. Seeing the mark afterwards ("I saw a bruise") is not seeing it
    happen, and "nobody saw it happen" is not a witness."""
    from tests.test_patterns import mark

    def accident(days: int, what: str) -> Concern:
        return concern(days, what=what, marks=(mark("left-shin", explanation="tripped", explained_by="none"),))

    seen = [
        accident(9, "Tripped on the hall steps - I saw it happen."),
        accident(0, "Fell at break; I saw her go down."),
    ]
    item = run(*seen)
    assert item is not None and item.prompt == "review" and flag(item, "recurrent-injury") is None
    assert all(h.body_marks[0].witnessed_by.startswith("the author ('") for h in map(heard, seen))
    for what in ("I saw a bruise on her shin.", "Nobody saw it happen."):
        assert heard(accident(0, what)).body_marks[0].witnessed_by == ""


def test_an_explanation_with_nobody_named_is_an_account_by_whoever_the_narrative_says() -> None:
    """An explanation written in the mark with "who explained" left empty is not "no explanation": the narrative
    says who gave it (mum -> parent, she -> the child); a box that was filled in is never overridden."""
    from tests.test_patterns import mark

    def told(what: str, by: str = "none") -> str:
        c = concern(0, what=what, marks=(mark(explanation="hot bath", explained_by=by),))
        return heard(c).body_marks[0].explained_by

    assert told("Red patch on her arm. Mum said it was a hot bath.") == "parent"
    assert told("Red patch on her arm. She said it was the bath.") == "child"
    assert told("Red patch on her arm.") == "other"
    assert told("Mum said it was a hot bath.", by="child") == "child"
    unsure = concern(0, marks=(mark(explanation="don't know", explained_by="none"),))
    item = run(unsure)
    assert flag(item, "unexplained-injury") is not None, "'don't know' is still no account"


def test_the_forms_answers_feed_the_review_and_say_they_are_the_forms() -> None:
    """The concern form's questions, answered: "hurt by a parent or carer" or "police called / immediate danger"
    is a route on the first occasion naming the entry; "frightened to go home" weighs a referral's strength;
    "another child at home affected" adds to it; "hurt by another child" is no disclosure about home."""
    told = Concern(**{**concern().__dict__, "hurt_by": "parent-carer"})
    found = flag(run(told), "disclosure")
    assert found is not None and found.entries == (told.id,)
    assert "the form's answer: 'the child said they were hurt by a parent or carer'" in found.summary
    danger = Concern(**{**concern().__dict__, "immediate_danger": True})
    assert run(danger).prompt == "consider-referral" and flag(run(danger), "immediate-danger") is not None  # type: ignore[union-attr]
    frightened = Concern(**{**concern().__dict__, "frightened_to_go_home": True})
    assert run(frightened).prompt == "consider-referral"  # type: ignore[union-attr]
    home = Concern(**{**concern().__dict__, "household_child_affected": True})
    assert flag(run(home), "household-child") is not None and run(home).prompt == "review"  # type: ignore[union-attr]
    peer = Concern(**{**concern().__dict__, "hurt_by": "child"})
    assert codes(peer) == set()


def test_the_answers_are_kept_in_the_json_and_old_concerns_seal_as_before() -> None:
    """The answers are parsed from the JSON a teacher or a script gives and sealed with the concern; a concern
    that answers none is sealed exactly as before the questions existed (no new keys)."""
    from school_log.codec import from_payload, to_payload
    from school_log.errors import InputError
    from school_log.forms.inputs import parse_concern

    data = {"pupil": "A1", "what_happened": "Upset at the gate", "hurt_by": "other-adult", "immediate_danger": True}
    values = parse_concern(data, NOW)
    assert values["hurt_by"] == "other-adult" and values["immediate_danger"] is True
    with pytest.raises(InputError, match=r"^concern, hurt_by: 'dad' is not one of"):
        parse_concern(data | {"hurt_by": "dad"}, NOW)
    answered = Concern(**{**concern().__dict__, "hurt_by": "other-adult", "frightened_to_go_home": True})
    payload = to_payload(answered)
    assert payload["hurt_by"] == "other-adult" and payload["frightened_to_go_home"] is True
    header = {"id": answered.id, "pupil_id": answered.pupil_id, "author_id": "t1", "recorded_at": answered.recorded_at}
    assert from_payload("concern", payload, **header) == answered
    assert not {"hurt_by", "frightened_to_go_home", "immediate_danger"} & set(to_payload(concern()))


def test_the_form_is_offered_each_question_the_words_answer_and_its_box_does_not() -> None:
    """ "This sounds like a disclosure — tick it?": one offer per unanswered question the words answer, quoting
    them, in the form's order; none for a question already answered, none for words that say the opposite."""
    from school_log.indicators.questions import offers

    words = concern(child_words="Dad hit me with his belt. I'm scared to go home.")
    found = offers(words)
    assert [o.field for o in found] == ["hurt_by", "frightened_to_go_home"]
    assert "the child's words: 'Dad hit me with his belt.'" in found[0].text and found[0].text.endswith("?")
    answered = Concern(**{**words.__dict__, "hurt_by": "parent-carer", "frightened_to_go_home": True})
    assert offers(answered) == []
    assert offers(concern(child_words="Nobody hurts me at home.")) == []
