"""What the narrative says about the marks (issue 22): a witness or an account written only in the words is
read as the boxes would have said it — by the review, and by the concern form, which offers it — and words that
deny it, ask it, or pass on someone else's claim are not."""

from __future__ import annotations

import pytest

from school_log.mark_words import AUTHOR, account, heard, witness
from tests.test_patterns import concern, flag, mark, run


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("He slipped on the wet floor in PE, seen by the PE teacher.", "the PE teacher"),
        ("Fell off the climbing frame, seen by Miss Khan.", "Miss Khan"),
        ("Mr Patel saw it happen at lunch.", "Mr Patel"),
        ("Collided with another child; witnessed by two midday supervisors.", "two midday supervisors"),
        ("It happened in front of the TA.", "the TA"),
        ("Mr Patel told me he saw her fall.", "Mr Patel"),  # staff passing on what they saw
        ("Tripped on the hall steps - I saw it happen.", AUTHOR),
        ("Fell at break; I saw her go down.", AUTHOR),
        ("I was refereeing and saw it.", AUTHOR),
    ],
)
def test_a_witness_written_in_the_narrative_is_found_with_its_sentence(text: str, who: str) -> None:
    """Who saw it happen, in the words authors use: "seen by the PE teacher", "Mr Patel saw it happen"."""
    found = witness(text)
    assert found is not None and found.who == who
    assert found.sentence in text and found.quoted == f"{who} ('{found.sentence}')"


@pytest.mark.parametrize(
    "text",
    [
        "No one saw it happen.",
        "Nobody saw her fall.",
        "He fell but it was not seen by staff.",
        "I asked whether Mr Patel saw it.",
        "She said Mr Patel saw it happen.",  # the child's claim, not a member of staff's
        "Mum saw him fall off the trampoline.",  # not staff: her account, not a witness
        "His friend saw him fall.",
        "Bitten by a dog yesterday; seen by the GP, antibiotics.",  # a consultation
        "A birthmark on the baby's back, seen by the health visitor.",
        "The bruise was seen by Mrs Jones at breakfast club.",  # the mark noticed afterwards
        "She fell in the playground. Bump on the head, seen by the TA.",
        "I saw a bruise on her shin.",
    ],
)
def test_denied_asked_claimed_or_noticed_afterwards_is_no_witness(text: str) -> None:
    """Negation, questions, someone else's claim, a doctor seeing the child and a mark seen later name no witness."""
    assert witness(text) is None


@pytest.mark.parametrize(
    ("text", "by", "words"),
    [
        ("Mum said it happened at football.", "parent", "it happened at football"),
        ("She said she fell off her bike.", "child", "she fell off her bike"),
        (
            "I asked what happened and she said she fell off the climbing frame.",
            "child",
            "she fell off the climbing frame",
        ),
        ("Dad told me he banged it on the car door.", "parent", "he banged it on the car door"),
        ("Mum emailed to say he might have bruises from judo.", "parent", "he might have bruises from judo"),
        ('He told me: "I tripped over the dog".', "child", "I tripped over the dog"),
        ("Gran said he fell down the stairs.", "carer", "he fell down the stairs"),
    ],
)
def test_an_account_reported_in_the_narrative_is_found_with_who_gave_it(text: str, by: str, words: str) -> None:
    """Reported speech about how it happened: who gave it (as the "explained by" box says it) and their words."""
    found = account(text)
    assert found is not None and (found.by, found.words, found.sentence) == (by, words, text)


@pytest.mark.parametrize(
    "text",
    [
        "She wouldn't say how it happened.",
        "Mum didn't say what happened.",
        "I asked if mum said anything about it.",
        "Mum said she would be late.",  # said, but not how it happened
        "My mate said he fell.",  # not the child, a parent or a carer
        "Mr Patel said he fell.",
    ],
)
def test_no_account_is_read_from_denials_questions_or_other_peoples_words(text: str) -> None:
    assert account(text) is None


def test_a_witnessed_accident_written_only_in_the_narrative_is_weighed_as_witnessed() -> None:
    """Issue 22: two accidents a fortnight apart, the witness only in the words ("seen by the PE teacher"), are
    not a recurrent injury and not prompted for referral; the flag-free account quotes the words. The same two
    with "not seen by staff" are prompted, as before."""

    def accident(days: int, what: str) -> object:
        return concern(days, what=what, marks=(mark("left-shin", explanation="", explained_by="none"),))

    seen = [
        accident(14, "Slipped on the wet floor in the sports hall, seen by the PE teacher."),
        accident(0, "Tripped over a bench in PE - Mr Patel saw it happen."),
    ]
    item = run(*seen)
    assert item is None or (item.prompt != "consider-referral" and flag(item, "recurrent-injury") is None)
    assert heard(seen[0]).body_marks[0].witnessed_by == (
        "the PE teacher ('Slipped on the wet floor in the sports hall, seen by the PE teacher.')"
    )
    unseen = [accident(14, "Slipped in the sports hall; it was not seen by staff."), accident(0, "Tripped in PE.")]
    item = run(*unseen)
    assert item is not None and flag(item, "recurrent-injury") is not None


def test_an_account_written_only_in_the_narrative_is_the_marks_explanation() -> None:
    """A mark with no explanation and nobody named, and "Mum said it happened at football" in the words, is
    explained by a parent in those words; a box filled in is never overridden."""
    told = concern(
        0,
        what="Bruise on his shin. Mum said it happened at football.",
        marks=(mark(explanation="", explained_by="none"),),
    )
    marked = heard(told).body_marks[0]
    assert (marked.explanation, marked.explained_by) == ("it happened at football", "parent")
    boxed = concern(
        0, what="Mum said it happened at football.", marks=(mark(explanation="fell", explained_by="child"),)
    )
    assert heard(boxed) == boxed
