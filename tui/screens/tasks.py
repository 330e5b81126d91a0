"""Setting a task on a pupil (what, for whom, by when), and marking one done with a note."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from school_log.errors import SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from school_log.local_time import local_today
from school_log.model import Pupil
from school_log.workdays import calendar
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice


class TaskModal(FormModal):
    """What is to be done, who does it, and the date it is due (the next working day unless changed)."""

    FIRST_FIELD = "text"
    CHOOSE = {"assignee": "choose who will do it"}
    FORM = "task"
    NAME = "task"
    DONE = "Task set"

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.pupil.id, {}

    def compose(self) -> ComposeResult:
        school = self.school
        staff = [(a.name, a.id) for a in school.staff.members() if a.active]
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label(f"Task — {self.pupil.name}", classes="log-dialog-title")
            yield Label("What is to be done", classes="log-label")
            yield Input(id="text", placeholder="e.g. speak to mum at pick-up", select_on_focus=False)
            yield self.error_slot("text")
            yield Label("Who will do it", classes="log-label")
            yield Choice(staff, prompt="Choose someone…", id="assignee", value=school.me.id)
            yield self.error_slot("assignee")
            yield Label("Due (YYYY-MM-DD; the next working day unless you change it)", classes="log-label")
            yield Input(calendar().add(local_today(school.clock), 1).isoformat(), id="due", select_on_focus=False)
            yield self.error_slot("due")
            yield from self.buttons("Set task")

    def data(self) -> dict[str, Any]:
        assignee = self.query_one("#assignee", Select).value
        return {
            "text": self.query_one("#text", Input).value,
            "assignee": "" if assignee is Select.NULL else assignee,
            "due": self.query_one("#due", Input).value.strip(),
        }

    def problems(self) -> list[SchoolLogError]:
        stand_ins = {"text": "-", "assignee": "-", "due": local_today(self.school.clock).isoformat()}
        return list(problems(forms.parse_task, self.data(), stand_ins))

    def save(self) -> None:
        self.school.log.add_task(self.pupil.upn, self.data())


class TaskDoneModal(FormModal):
    """Marks a task (or a referral's chase) done; the note of what was done is required."""

    FIRST_FIELD = "note"
    FORM = "task_done"
    NAME = "note of a task done"
    DONE = "Task done"

    def __init__(self, task_id: str, about: str, pupil_id: str) -> None:
        super().__init__()
        self.task_id, self.about, self.pupil_id = task_id, about, pupil_id

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        return self.pupil_id, {"task": self.task_id, "about": self.about}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("Task done", classes="log-dialog-title")
            yield Static(self.about, classes="log-hint", markup=False)
            yield Label("What was done (e.g. who you spoke to and what they said)", classes="log-label")
            yield TextArea(id="note")
            yield self.error_slot("note")
            yield from self.buttons("Mark done")

    def data(self) -> dict[str, Any]:
        return {"task": self.task_id, "note": self.query_one("#note", TextArea).text}

    def problems(self) -> list[SchoolLogError]:
        return list(problems(forms.parse_task_done, self.data(), {"note": "-"}))

    def save(self) -> None:
        self.school.log.complete_task(self.data())
