"""The sealed payload is a stored format: every entry kind and a pupil give the JSON they always have, and back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from school_log.codec import (
    family_from_payload,
    family_payload,
    from_payload,
    pupil_from_payload,
    pupil_payload,
    to_payload,
)
from school_log.model import (
    Addendum,
    BodyMark,
    Concern,
    Contact,
    Decision,
    Entry,
    Family,
    Notification,
    Origin,
    Pupil,
    ReferralOutcome,
    Task,
    TaskDone,
)

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SEEN = datetime(2026, 11, 22, 19, 5, tzinfo=UTC)
HEADER = {"pupil_id": "p1", "author_id": "t1", "recorded_at": AT}
MARK = BodyMark("front", "left-cheek", "bruise", 0.25, 0, 20, "oval", "purple", False, "Walked into a door", "child")
CONCERN = Concern(
    id="c1",
    **HEADER,
    occurred_at=datetime(2026, 11, 23, 8, 45, 12, 500, tzinfo=UTC),
    what_happened="A bruise on the left cheek.",
    location="playground",
    categories=("physical",),
    child_words="I walked into a door",
    opinion="Seemed anxious",
    action_taken="Told the DSL",
    informed=("dsl",),
    urgent=True,
    body_marks=(MARK,),
)
#: The payloads as the hand-written codec of earlier versions sealed them, keys in the order it wrote them.
STORED: list[tuple[str, Entry, str]] = [
    (
        "concern",
        CONCERN,
        '{"occurred_at": "2026-11-23T08:45:12.000500+00:00", "what_happened": "A bruise on the left cheek.", '
        '"location": "playground", "categories": ["physical"], "child_words": "I walked into a door", '
        '"opinion": "Seemed anxious", "action_taken": "Told the DSL", "informed": ["dsl"], "urgent": true, '
        '"body_marks": [{"view": "front", "region": "left-cheek", "type": "bruise", "x": 0.25, "y": 0, '
        '"size_mm": 20, "shape": "oval", "colour": "purple", "skin_broken": false, '
        '"explanation": "Walked into a door", "explained_by": "child", "witnessed_by": ""}]}',
    ),
    (
        "notification",
        Notification(
            "n1",
            **HEADER,
            occurred_at=SEEN,
            agency="police",
            kind="operation-encompass",
            summary="Police called to the home overnight.",
            reference="OE-4471",
            child_present=False,
        ),
        '{"occurred_at": "2026-11-22T19:05:00+00:00", "agency": "police", "kind": "operation-encompass", '
        '"summary": "Police called to the home overnight.", "reference": "OE-4471", "child_present": false, '
        '"child_voice": ""}',
    ),
    (
        "decision",
        Decision(
            "d2",
            **HEADER,
            covers=("c1", "n1"),
            outcome="refer-social-care",
            level=4,
            rationale="Injury with an inconsistent account.",
            agency="social-care",
            reference="MASH-88",
            review_by=date(2026, 12, 7),
            parents_informed=True,
            consent="given",
            discussed_with=("Head",),
        ),
        '{"covers": ["c1", "n1"], "outcome": "refer-social-care", "level": 4, '
        '"rationale": "Injury with an inconsistent account.", "agency": "social-care", "reference": "MASH-88", '
        '"review_by": "2026-12-07", "supersedes": "", "parents_informed": true, "parents_not_informed_why": "", '
        '"consent": "given", "discussed_with": ["Head"], "why_now": "", "immediate_risk": ""}',
    ),
    (
        "referral-outcome",
        ReferralOutcome("r1", **HEADER, decision_id="d2", outcome="s47", notes="Strategy meeting on Friday."),
        '{"decision_id": "d2", "outcome": "s47", "notes": "Strategy meeting on Friday."}',
    ),
    (
        "addendum",
        Addendum("a1", **HEADER, refers_to="c1", text="He later said it was his brother."),
        '{"refers_to": "c1", "text": "He later said it was his brother."}',
    ),
    (
        "task",
        Task("k1", **HEADER, text="Chase MASH", assignee="acc-2", due=date(2026, 11, 24), assignee_name="Derek"),
        '{"text": "Chase MASH", "assignee": "acc-2", "due": "2026-11-24", "assignee_name": "Derek"}',
    ),
    (
        "task-done",
        TaskDone("k2", **HEADER, task_id="k1", note="MASH confirmed receipt."),
        '{"task_id": "k1", "note": "MASH confirmed receipt."}',
    ),
]
PUPIL = Pupil(
    "p1", "R100000000001", "Jamie", "Brook", date(2017, 4, 2), "4", "H-BROOK", "Jay", "M", ("sen",), "", "Lee"
)
PUPIL_STORED = (
    '{"upn": "R100000000001", "given_name": "Jamie", "family_name": "Brook", "date_of_birth": "2017-04-02", '
    '"year_group": "4", "household": "H-BROOK", "preferred_name": "Jay", "sex": "M", "flags": ["sen"], '
    '"preferred_surname": "", "middle_names": "Lee"}'
)


def _read(kind: str, payload: dict[str, object], entry: Entry) -> Entry:
    header = {"id": entry.id, "pupil_id": entry.pupil_id, "author_id": entry.author_id}
    return from_payload(kind, payload, **header, recorded_at=entry.recorded_at)


@pytest.mark.parametrize(("kind", "entry", "stored"), STORED, ids=[kind for kind, _, _ in STORED])
def test_each_kind_seals_the_json_it_always_has(kind: str, entry: Entry, stored: str) -> None:
    """Same entry, same JSON: key order, `isoformat()` times, lists for tuples, a whole-number 0 kept whole."""
    assert json.dumps(to_payload(entry), ensure_ascii=False) == stored


@pytest.mark.parametrize(("kind", "entry", "stored"), STORED, ids=[kind for kind, _, _ in STORED])
def test_each_kind_opens_from_its_stored_json(kind: str, entry: Entry, stored: str) -> None:
    """A payload sealed by an earlier version reads back as the entry it was, header fields from the header."""
    read = _read(kind, json.loads(stored), entry)
    assert read == entry and type(read) is type(entry)


def test_a_pupil_seals_and_opens_as_it_always_has() -> None:
    """The roster payload is the pupil without its id (the record's subject), in the same JSON."""
    assert json.dumps(pupil_payload(PUPIL)) == PUPIL_STORED
    assert pupil_from_payload("p1", json.loads(PUPIL_STORED)) == PUPIL


FAMILY = Family(
    address="1 Test Row, ZZ1 1ZZ",
    first_language="Polish (POL)",
    interpreter=True,
    ethnicity="White British (WBRI)",
    send="EHC plan (E)",
    gp="Test Surgery",
    contacts=(Contact("Ana Test", "Mother", True, "07700 900000", "ana@example.invalid"),),
    household_members=("Gran",),
)
FAMILY_STORED = (
    '{"address": "1 Test Row, ZZ1 1ZZ", "first_language": "Polish (POL)", "interpreter": true, '
    '"ethnicity": "White British (WBRI)", "send": "EHC plan (E)", "gp": "Test Surgery", "contacts": [{"name": '
    '"Ana Test", "relationship": "Mother", "parental_responsibility": true, "phone": "07700 900000", "email": '
    '"ana@example.invalid", "address": ""}], "household_members": ["Gran"]}'
)


def test_a_family_seals_and_opens_as_it_always_has() -> None:
    """The child's family (its own roster record) gives the same JSON, and an unknown field is refused."""
    assert json.dumps(family_payload(FAMILY)) == FAMILY_STORED
    assert family_from_payload(json.loads(FAMILY_STORED)) == FAMILY
    with pytest.raises(ValueError, match="family"):
        family_from_payload(json.loads(FAMILY_STORED) | {"nickname": "x"})


def test_a_transferred_entry_keeps_its_origin_beside_the_payload() -> None:
    """An entry brought from another school carries where it was written (as the earlier import stored it,
    without the bundle); its fields are unchanged, and it seals again as it was read. A local entry's payload
    never holds an origin."""
    origin = {
        "school": "Elm Primary",
        "fingerprint": "AAAA",
        "author": "Eli Elm",
        "role": "staff",
        "recorded_at": AT.isoformat(),
        "id": "c9",
    }
    read = _read("concern", to_payload(CONCERN) | {"transferred": origin}, CONCERN)
    assert read == replace(CONCERN, transferred=Origin(**(origin | {"recorded_at": AT})))
    assert to_payload(read)["transferred"] == origin | {"bundle": ""}
    assert "transferred" not in to_payload(CONCERN)


@pytest.mark.parametrize(
    "change",
    [
        {"unheard_of": "Private detail"},
        {"urgent": "Private detail"},
        {"body_marks": [{"view": "front", "region": "left-cheek", "type": "bruise", "note": "Private detail"}]},
    ],
    ids=["unknown field", "wrong type", "unknown mark field"],
)
def test_a_payload_of_another_shape_is_refused_without_quoting_it(change: dict[str, object]) -> None:
    """Only the shape written is read back, and the error names the field, never what the payload said."""
    with pytest.raises(ValueError) as refused:
        _read("concern", to_payload(CONCERN) | change, CONCERN)
    assert "Private detail" not in str(refused.value)
