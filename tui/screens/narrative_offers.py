"""Offering what the narrative says for the marks' boxes (issue 22): "The text says it was seen by the PE
teacher — fill the witness of mark 1? (F4 or click)". The concern form offers it for marks already placed,
the mark form for the mark being described; nothing is filled until the person presses the key or clicks.

The words are read by `school_log.mark_words`, as the review reads them, so what is offered is what the
review would have weighed had the box been filled. F4 and F5, not a ctrl key: ctrl+w and the other free-looking
ctrl keys delete or move by words in every text box, where the teacher is typing when the offer appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from school_log.mark_words import AUTHOR, Account, account, witness
from school_log.model import BodyMark
from tui.widgets.offer_line import OfferLine

ResultT = TypeVar("ResultT")
Kind = Literal["witness", "explanation"]
_BY = {"child": "the child", "parent": "a parent", "carer": "a carer"}


@dataclass(frozen=True)
class Heard:
    """What the narrative offers the boxes: who saw it happen ("" none) and how someone explained it."""

    seen_by: str
    told: Account | None


NOTHING = Heard("", None)
"""A narrative that names no witness and no account (or none given)."""


def hear(narrative: str, author: str) -> Heard:
    """The narrative's witness (the author's own name for "I saw it happen") and account."""
    found = witness(narrative)
    seen_by = "" if found is None else author if found.who == AUTHOR else found.who
    return Heard(seen_by, account(narrative))


def _named(what: str, numbers: Sequence[int]) -> str:
    """ "the witness of mark 1", "the witness of marks 1 and 3", or "" for no marks."""
    if not numbers:
        return ""
    listed = [str(n) for n in numbers]
    said = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
    return f"{what} mark{'s' if len(listed) > 1 else ''} {said}"


def lacking(marks: Sequence[BodyMark]) -> tuple[str, str]:
    """What the concern form's offers would fill: marks nobody is recorded as seeing, and marks with no
    explanation and nobody named as giving one."""
    unseen = [n for n, m in enumerate(marks, 1) if not m.witnessed_by.strip()]
    untold = [n for n, m in enumerate(marks, 1) if not m.explanation.strip() and m.explained_by == "none"]
    return _named("the witness of", unseen), _named("the explanation of", untold)


def filled(marks: Sequence[BodyMark], kind: Kind, heard: Heard) -> list[BodyMark]:
    """The marks with the accepted offer in the boxes it was offered for (a filled box is never changed)."""
    out = []
    for mark in marks:
        if kind == "witness" and heard.seen_by and not mark.witnessed_by.strip():
            mark = replace(mark, witnessed_by=heard.seen_by)
        told = heard.told
        if kind == "explanation" and told and not mark.explanation.strip() and mark.explained_by == "none":
            mark = replace(mark, explanation=told.words, explained_by=told.by)
        out.append(mark)
    return out


class NarrativeOffers(Screen[ResultT]):
    """A form that offers the narrative's witness and account for empty boxes, filling them only on F4 / F5
    or a click on the offer; the form says what the words are (`heard`), what lacks them (`wanting`) and how
    to fill it (`fill`), and calls `show_offers` when any of those may have changed."""

    BINDINGS = [
        Binding("f4", "fill('witness')", "Fill witness", show=False, priority=True),
        Binding("f5", "fill('explanation')", "Fill explanation", show=False, priority=True),
    ]
    OFFER_FOCUS: dict[str, str] = {}
    """Where a click on an offer leaves the cursor, by kind (a click on a line of text would leave it nowhere)."""

    def heard(self) -> Heard:
        raise NotImplementedError

    def wanting(self) -> tuple[str, str]:
        """What the witness and the explanation offers would fill, in words ("" where nothing lacks it)."""
        raise NotImplementedError

    def fill(self, kind: Kind, heard: Heard) -> None:
        raise NotImplementedError

    @staticmethod
    def offer_lines() -> ComposeResult:
        yield OfferLine(id="offer-witness")
        yield OfferLine(id="offer-explanation")

    def show_offers(self) -> None:
        heard = self.heard()
        seen_for, told_for = self.wanting()
        told = heard.told
        self.query_one("#offer-witness", OfferLine).offer(
            f"The text says it was seen by {heard.seen_by} — fill {seen_for}? (F4 or click)"
            if heard.seen_by and seen_for
            else ""
        )
        self.query_one("#offer-explanation", OfferLine).offer(
            f"The text says {_BY[told.by]} explained it: '{told.words}' — fill {told_for}? (F5 or click)"
            if told and told_for
            else ""
        )

    def action_fill(self, kind: Kind) -> None:
        """Fill what the offer on screen offers; nothing when no offer is shown."""
        if self.query_one(f"#offer-{kind}", OfferLine).display:
            self.fill(kind, self.heard())
            self.show_offers()

    def on_offer_line_accepted(self, event: OfferLine.Accepted) -> None:
        kind: Kind = "witness" if event.line.id == "offer-witness" else "explanation"
        self.action_fill(kind)
        if kind in self.OFFER_FOCUS:
            self.query_one(self.OFFER_FOCUS[kind]).focus(scroll_visible=False)
