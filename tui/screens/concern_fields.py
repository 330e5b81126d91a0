"""The concern form's fields: their names in a teacher's words, its questions, and how a field is laid out."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label, Static

from tui.widgets.field_error import FieldError

FIELD_NAMES = {
    "pupil": "The pupil",
    "occurred_at": "When it happened",
    "location": "Where",
    "categories": "Categories",
    "what_happened": "What happened",
    "child_words": "The child's words",
    "opinion": "Your opinion",
    "action_taken": "Action taken",
    "informed": "Who you told",
    "urgent": "Urgent",
    "hurt_by": "Who the child said hurt them",
    "frightened_to_go_home": "Frightened to go home",
    "immediate_danger": "Police called or immediate danger",
    "household_child_affected": "A baby or another child at home",
    "body_marks": "Body marks",
}
#: The form's questions in a teacher's words, ticked or not (`school_log.model.ASKED`; who hurt them is a choice).
QUESTIONS = {
    "frightened_to_go_home": "The child is frightened to go home",
    "immediate_danger": "Police called, or someone is in immediate danger",
    "household_child_affected": "A baby or another child at home is affected",
}


STAND_INS: dict[str, Any] = {
    "pupil": "-",
    "occurred_at": None,
    "what_happened": "-",
    "categories": [],
    "informed": [],
    "body_marks": [],
}
"""Values that pass, standing in for a bad field while the rest of the form is checked."""


def labelled(key: str, label: str, widget: Widget, hint: str = "") -> ComposeResult:
    """A field: its label, an optional hint, the widget and the place its error is shown."""
    yield Label(label, classes="log-label")
    if hint:
        yield Static(hint, classes="log-hint")
    yield widget
    yield FieldError(id=f"{key}-error")
