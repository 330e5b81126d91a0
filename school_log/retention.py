"""How long a child-protection file is kept: review at date of birth + 25 years, never while on hold.

The IRMS schools toolkit keeps a child-protection file until the pupil's date of
birth + 25 years and then reviews it; a file that may matter to a public inquiry
(IICSA and its successors) is never destroyed. So the DSL sees which files are
due, can put a legal hold on any file (and lift it, with a reason), and only a
file that is due and not held can be destroyed. A file is kept by the same rule
after the pupil moved school and it was transferred out.

Holds and their reasons are team-sealed records in the chained log.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from school_log.errors import AuthError, InputError
from school_log.model import Pupil
from school_log.school import School
from storage import erasure
from storage.records import Draft

SUBJECT = "retention"


@dataclass(frozen=True)
class Hold:
    held: bool
    reason: str
    at: str


@dataclass(frozen=True)
class FileDue:
    """A pupil's file on the retention list."""

    pupil: Pupil
    due: date
    entries: int
    hold: Hold | None

    @property
    def held(self) -> bool:
        return self.hold is not None and self.hold.held


def review_date(born: date, years: int) -> date:
    """Date of birth + `years`; someone born on 29 February is due on 28 February of a common year."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def due_files(school: School, within_days: int = 0) -> list[FileDue]:
    """Every file due for review by today (+ `within_days`), soonest first; held files are listed, marked."""
    _require_dsl(school)
    if within_days < 0:
        raise InputError("retention: --within must be zero or more days")
    today = school.clock.today()
    years = school.config.retention_years
    holds = current_holds(school)
    out = []
    for pupil_id, count in school.review.files("retention").items():
        try:
            pupil = school.roster.pupil(pupil_id)
        except InputError:
            continue  # no roster record left: nothing to review by date of birth
        due = review_date(pupil.date_of_birth, years)
        if (due - today).days <= within_days:
            out.append(FileDue(pupil, due, count, holds.get(pupil.id)))
    return sorted(out, key=lambda f: (f.due, f.pupil.family_name, f.pupil.given_name))


def current_holds(school: School) -> dict[str, Hold]:
    """The latest hold or release per pupil id."""
    _require_dsl(school)
    holds: dict[str, Hold] = {}
    for record in school.session.read(("audit",), subjects=[SUBJECT], purpose="retention"):
        if record.kind == "retention.hold":
            holds[record.data["pupil"]] = Hold(record.data["held"], record.data["reason"], record.created_at)
    return holds


def set_hold(school: School, pupil_ref: str, held: bool, reason: str) -> Hold:
    """Put a legal hold on a pupil's file, or lift it; either needs a reason."""
    _require_dsl(school)
    reason = reason.strip()
    if not reason:
        raise InputError("retention hold: give the reason (e.g. the inquiry's name)")
    pupil = school.roster.pupil(pupil_ref)
    current = current_holds(school).get(pupil.id)
    if held == (current is not None and current.held):
        raise InputError(f"retention: the file of {pupil.upn} is {'already' if held else 'not'} on legal hold")
    data = {"pupil": pupil.id, "held": held, "reason": reason}
    appended = school.session.append(Draft("audit", subject=SUBJECT, kind="retention.hold", data=data))[0]
    return Hold(held, reason, appended.created_at)


@dataclass(frozen=True)
class Destroyed:
    upn: str
    entries: int
    records: int
    tombstone: str


def destroy(school: School, pupil_ref: str, reason: str) -> Destroyed:
    """Destroy a reviewed file: only when due and not on legal hold; a signed tombstone keeps the counts.

    The pupil's entries and roster records are emptied in place (see `storage.erasure`), so `verify` still
    passes and shows that records were erased, when and by whom, and how many of each kind — nothing else.
    """
    _require_dsl(school)
    reason = reason.strip()
    if not reason:
        raise InputError("retention destroy: give the reason (the review's outcome)")
    pupil = school.roster.pupil(pupil_ref)
    due = review_date(pupil.date_of_birth, school.config.retention_years)
    if school.clock.today() < due:
        raise InputError(f"retention: the file of {pupil.upn} is not due for review until {due.isoformat()}")
    hold = current_holds(school).get(pupil.id)
    if hold is not None and hold.held:
        raise InputError(f"retention: the file of {pupil.upn} is on legal hold ({hold.reason}); nothing was destroyed")
    kinds = Counter(r.kind for r in school.session.read(("entry",), subjects=[pupil.id], purpose="retention review"))
    data = {"pupil": pupil.id, "reason": reason, "review_due": due.isoformat(), "entries": dict(kinds)}
    erased = erasure.erase(school.session, pupil.id, ("entry", "roster"), "retention.destroyed", data)
    school.forget_reads()
    return Destroyed(pupil.upn, sum(kinds.values()), erased.records, erased.tombstone)


def _require_dsl(school: School) -> None:
    if not school.is_dsl:
        raise AuthError("only a DSL can see or change the retention of files")
