"""What the DSL's dashboard lists beside the review: transfers without a receipt, files due for review."""

from __future__ import annotations

from dataclasses import dataclass

from school_log.local_time import day_of
from school_log.outward import retention, transfer
from school_log.school import School


@dataclass(frozen=True)
class Alert:
    """One line of the side list; `pupil_id` opens the chronology when the pupil is on roll; a transfer's
    `bundle` is what withdrawing it names."""

    text: str
    pupil_id: str | None
    urgent: bool
    bundle: str | None = None  # a transfer without a receipt, which a DSL may withdraw


def alerts(school: School) -> list[Alert]:
    """Transfers not confirmed within five school days, then files due for retention review."""
    out = [
        Alert(f"no receipt since {day_of(t.sent_at)}: {t.upn} → {t.to_school}", t.pupil_id, True, t.bundle)
        for t in transfer.transfers(school)
        if t.overdue
    ]
    for due in retention.due_files(school):
        state = "legal hold" if due.held else f"review due {due.due.isoformat()}"
        out.append(Alert(f"{state}: {due.pupil.name}", due.pupil.id, False))
    return out
