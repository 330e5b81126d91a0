"""The transfers' records in the chained log, as other views need them: which pupils have left with their file.

Kept apart from `school_log.outward.transfer` (which needs the whole `School`) so the review can ask it too.
"""

from __future__ import annotations

from storage.session import Session

SUBJECT = "transfers"


def moved_out(session: Session, purpose: str) -> dict[str, str]:
    """Pupil id -> when the school their file was sent to confirmed it (the latest such transfer): a pupil
    whose file another school holds now is that school's to review."""
    sent: dict[str, str] = {}  # bundle -> pupil id
    out: dict[str, str] = {}
    for record in session.read(("audit",), subjects=[SUBJECT], purpose=purpose):
        if record.kind == "transfer.out":
            sent[record.data["bundle"]] = record.data["pupil"]
        elif record.kind == "transfer.confirmed" and record.data["bundle"] in sent:
            out[sent[record.data["bundle"]]] = record.created_at
    return out
