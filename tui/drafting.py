"""Forms kept over a lock: what a form holds, read off its fields and put back exactly.

A screen that holds a pupil's words (the concern form, the addendum, the DSL's forms)
is `Drafted`: it says what it holds as an `Unsaved`, or None while nothing is typed.
Before the keys are dropped — idle lock, ctrl+l, quit, a crash — the app seals what
every open form holds to its author (`keep_open_forms`); after that person's next
unlock each is offered back (tui/screens/draft_offer.py). Only fields a screen names by
id are read, never a password field.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea
from textual.widgets.select import InvalidSelectValueError

from school_log.drafts import Sealed, Unsaved
from school_log.errors import SchoolLogError
from school_log.school import School

FIELDS = (Input, TextArea, Select, SelectionList, Checkbox)
"""The kinds of field a form is read from: text, a choice, ticks and a tick."""


@runtime_checkable
class Drafted(Protocol):
    """A screen whose typing is kept over a lock."""

    draft_id: str | None
    """The draft it was restored from or last sealed as (dropped when the form is saved or discarded)."""

    def unsaved(self) -> Unsaved | None:
        """What the form holds, or None if nothing was typed or chosen."""


def _fields(root: Widget) -> list[Widget]:
    return [
        widget
        for widget in root.query(Widget)
        if isinstance(widget, FIELDS) and widget.id and not (isinstance(widget, Input) and widget.password)
    ]


def read_fields(root: Widget) -> dict[str, Any]:
    """Every field under `root` with an id, by id: its text, choice (None: none), ticked values or tick."""
    found: dict[str, Any] = {}
    for widget in _fields(root):
        if isinstance(widget, Input):
            found[str(widget.id)] = widget.value
        elif isinstance(widget, TextArea):
            found[str(widget.id)] = widget.text
        elif isinstance(widget, Select):
            found[str(widget.id)] = None if widget.value is Select.NULL else widget.value
        elif isinstance(widget, SelectionList):
            found[str(widget.id)] = list(widget.selected)
        elif isinstance(widget, Checkbox):
            found[str(widget.id)] = widget.value
    return found


def fill(root: Widget, fields: dict[str, Any]) -> None:
    """Put fields read by `read_fields` back (a choice no longer offered is left as it is)."""
    for widget in _fields(root):
        if widget.id not in fields:
            continue
        value = fields[str(widget.id)]
        if isinstance(widget, Input):
            widget.value = str(value)
        elif isinstance(widget, TextArea):
            widget.text = str(value)
            widget.move_cursor(widget.document.end)
        elif isinstance(widget, Select):
            try:
                widget.value = Select.NULL if value is None else value
            except InvalidSelectValueError:
                continue
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for ticked in value if isinstance(value, list) else []:
                try:
                    widget.select(ticked)
                except KeyError:  # no longer offered (e.g. an entry erased since)
                    continue
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)


def keep_open_forms(school: School, screens: list[Screen[Any]]) -> list[Sealed]:
    """Seal what every open form holds to its author, and write it to the store.

    Each form then knows its draft (so saving or discarding it forgets the draft); one
    emptied since it was restored forgets its draft now. Returns what was sealed but
    not written (the store could not be reached): opaque, safe to hold after the lock
    and to write at the next unlock.
    """
    sealed: list[Sealed] = []
    for screen in screens:
        if not isinstance(screen, Drafted):
            continue
        unsaved = screen.unsaved()
        if unsaved is not None:
            sealed.append(school.drafts.seal(unsaved))
            screen.draft_id = unsaved.id
        elif screen.draft_id is not None:
            forget(school, screen)
    try:
        school.drafts.keep(*sealed)
    except SchoolLogError:
        return sealed
    return []


def forget(school: School, screen: Drafted) -> str | None:
    """The form was saved or discarded: forget its draft. A problem to tell the person, or None."""
    draft_id, screen.draft_id = screen.draft_id, None
    if draft_id is None:
        return None
    try:
        school.drafts.drop(draft_id)
    except SchoolLogError as error:
        screen.draft_id = draft_id
        return f"Its sealed draft could not be removed ({error}): discard it when it is offered."
    return None
