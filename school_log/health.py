"""A pupil's known health conditions, and the marks they explain.

Eczema under a care plan scratches and breaks the skin; a bleeding disorder bruises
large from small knocks; brittle bones (osteogenesis imperfecta) swell, bruise and
break from minor falls; a birthmark (congenital dermal melanocytosis, "Mongolian blue
spots") looks like bruising where it has always been. A DSL records each on the pupil's
file (`school-log health`, a `KnownCondition` entry) with what it rests on. The review
then reads a mark the record explains — its type, and its place when the record gives
a body-map baseline — as explained by the condition: it weighs like a mark staff saw
happen, and every account of it says which condition, from which record. A mark of
another type, or outside a birthmark's baseline, is weighed as ever; a patterned mark
is never explained away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from school_log.model import BodyMark, Concern, KnownCondition

#: The marks each condition explains when its record names none (`KnownCondition.mark_types`).
USUAL_MARKS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "eczema": ("scratch", "mark", "graze", "other"),  # flare-ups: scratched, broken, bleeding skin
        "bleeding-disorder": ("bruise", "swelling", "mark", "other"),  # large bruises, nosebleeds
        "brittle-bones": ("bruise", "swelling", "other"),  # fractures and bruises from minor falls
        "birthmark": ("mark", "bruise"),  # slate-grey or blue patches read as bruising, at the baseline only
        "other": (),
    }
)
#: How a mark the record explains is vouched for, in the account the flags print (`witnessed_by`).
VOUCHED = "the known condition on the record, "


def explains(condition: KnownCondition, mark: BodyMark) -> bool:
    """The record explains this mark: its type, and (when the record gives a baseline) its place."""
    types = condition.mark_types or USUAL_MARKS.get(condition.condition, ())
    if mark.type not in types:
        return False
    return not condition.regions or mark.region.strip().lower() in condition.regions


def said(condition: KnownCondition) -> str:
    """'eczema (health care plan)'."""
    return f"{condition.name or condition.condition.replace('-', ' ')} ({condition.source})"


def vouched(concern: Concern, conditions: Sequence[KnownCondition]) -> Concern:
    """The concern with each mark its pupil's known conditions explain marked as vouched for by them."""
    if not conditions or not concern.body_marks:
        return concern
    marks = []
    for mark in concern.body_marks:
        known = next((c for c in conditions if explains(c, mark)), None)
        if known is not None and not mark.witnessed_by.strip():
            mark = replace(mark, witnessed_by=VOUCHED + said(known))
        marks.append(mark)
    found = tuple(marks)
    return concern if found == concern.body_marks else replace(concern, body_marks=found)
