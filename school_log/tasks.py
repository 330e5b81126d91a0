"""What the safeguarding team has to do, and by when: set tasks, and each referral's chase.

Children's social care decides within one working day of a referral; if nothing has
come back by then the referrer chases (Working Together 2023). So every referral
without an outcome is a task of its own — "Chase <agency>", due one working day
after the decision — until its outcome is recorded or the chase is marked done.
Nothing is written for it: it is worked out from the log each time. Tasks, referrals
and outcomes transferred from another school were that school's to do; only this
school's own entries set, chase or close a task here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from school_log.local_time import local_day
from school_log.model import REFERRING_OUTCOMES, Decision, Entry, Pupil, ReferralOutcome, Task, TaskDone
from school_log.workdays import calendar

CHASE_AFTER_WORKING_DAYS = 1


@dataclass(frozen=True)
class OpenTask:
    """A task not yet done: set by someone (`task`), or a referral's chase (`task` is None)."""

    pupil: Pupil
    entry_id: str  # the task, or the decision being chased
    text: str
    assignee: str  # an account id ("" for the team as a whole)
    due: date
    task: Task | None = None

    def overdue(self, today: date) -> bool:
        return self.due < today

    def is_due(self, today: date) -> bool:
        return self.due <= today


def open_tasks(pupil: Pupil, entries: Iterable[Entry]) -> list[OpenTask]:
    """The pupil's tasks not yet done and referrals not yet answered nor chased, earliest due first."""
    entries = [e for e in entries if e.transferred is None]
    done = {e.task_id for e in entries if isinstance(e, TaskDone)}
    answered = {e.decision_id for e in entries if isinstance(e, ReferralOutcome)}
    found = [
        OpenTask(pupil, e.id, e.text, e.assignee, e.due, e) for e in entries if isinstance(e, Task) and e.id not in done
    ]
    for e in entries:
        if isinstance(e, Decision) and e.outcome in REFERRING_OUTCOMES and e.id not in answered | done:
            due = calendar().add(local_day(e.recorded_at), CHASE_AFTER_WORKING_DAYS)
            agency = e.agency or "the agency"
            found.append(OpenTask(pupil, e.id, f"Chase {agency}: no outcome of the referral yet", e.author_id, due))
    return sorted(found, key=lambda t: (t.due, t.text))


def due_tasks(log: Mapping[str, list[Entry]], pupils: Mapping[str, Pupil], today: date) -> list[OpenTask]:
    """Every open task due today or earlier, across the school, earliest first."""
    found = [
        task
        for pupil_id, entries in log.items()
        if pupil_id in pupils
        for task in open_tasks(pupils[pupil_id], entries)
        if task.is_due(today)
    ]
    return sorted(found, key=lambda t: (t.due, t.pupil.name))
