"""The concern form's questions the words answer: "This sounds like a disclosure — tick it?".

While a concern is typed, the indicator reader reads it; a family whose question the form asks but whose box is
not ticked is offered to the person writing, once per question, and nothing is ticked unless they take it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from school_log.indicators.reader import Indicator, read
from school_log.model import ASKED, Concern

QUESTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "disclosure": ("hurt_by", "The child said someone hurt them"),
        "immediate-danger": ("immediate_danger", "Police called, or someone is in immediate danger"),
        "unsafe-care": ("immediate_danger", "Police called, or someone is in immediate danger"),
        "frightened-at-home": ("frightened_to_go_home", "The child is frightened to go home"),
        "non-mobile-baby": ("household_child_affected", "A baby or another child at home is affected"),
    }
)


@dataclass(frozen=True)
class Offer:
    """A question the words answer that the form has not: "This sounds like a disclosure — tick it?"."""

    field: str  # the concern form's field
    question: str
    indicator: Indicator

    @property
    def text(self) -> str:
        return f"This sounds like {self.indicator.family.what} ({self.indicator.text}). Tick '{self.question}'?"


def offers(concern: Concern) -> list[Offer]:
    """The form's questions the concern's words answer but its boxes do not, one per question, in form order."""
    found: dict[str, Offer] = {}
    for hit in read(concern):
        field, question = QUESTIONS.get(hit.code, ("", ""))
        if field and hit.source != "the form's answer" and not getattr(concern, field):
            found.setdefault(field, Offer(field, question, hit))
    return [found[name] for name in ASKED if name in found]
