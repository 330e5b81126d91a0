"""What the teacher who raised a concern may know of it: seen by a DSL, action taken — never the decision.

The team sends a receipt (see `storage.receipts`) when a DSL opens the chronology a
staff member's concern is in ("seen"), and when a decision covers it ("action
taken"). Each concern gets each receipt once. The teacher's own account opens the
receipts sealed for it; nobody else's staff account can.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from school_log.model import Concern, Decision, Entry
from school_log.school import School
from storage import receipts
from storage.records import Draft

SEEN, ACTION_TAKEN = "seen", "action-taken"


@dataclass(frozen=True)
class ConcernStatus:
    """When a DSL first saw the concern, and when action was first taken on it (None: not yet)."""

    seen_at: datetime | None = None
    action_at: datetime | None = None


def statuses(school: School, recipients: Iterable[str] | None = None) -> dict[str, ConcernStatus]:
    """concern id -> its status, from the receipts sent to `recipients` (a DSL's choice; a member of staff
    always reads their own), one indexed read of the notices addressed to them."""
    session = school.session
    found: dict[str, ConcernStatus] = {}
    to = recipients if school.is_dsl else [session.account_id]
    for record in session.read((receipts.CLASS,), subjects=None if to is None else sorted(set(to))):
        if record.kind != receipts.KIND:
            continue
        said = receipts.open_receipt(session, record.data)
        if not said or not isinstance(said.get("concern"), str):
            continue
        at = datetime.fromisoformat(record.created_at)
        had = found.get(said["concern"], ConcernStatus())
        if said.get("status") == SEEN and had.seen_at is None:
            found[said["concern"]] = ConcernStatus(at, had.action_at)
        elif said.get("status") == ACTION_TAKEN and had.action_at is None:
            found[said["concern"]] = ConcernStatus(had.seen_at or at, at)
    return found


def sent_about(school: School, concern_ids: Iterable[str]) -> list[str]:
    """The receipts (record ids) sent about any of `concern_ids` (DSL: the team opens every receipt)."""
    ids = set(concern_ids)
    out = []
    for record in school.session.read((receipts.CLASS,), purpose="retention"):
        said = receipts.open_receipt(school.session, record.data) if record.kind == receipts.KIND else None
        if said and said.get("concern") in ids:
            out.append(record.id)
    return out


def acknowledge(school: School, concerns: Iterable[Entry], status: str) -> int:
    """Send `status` for each concern by a non-DSL author that has not had it yet; how many were sent."""
    if not school.is_dsl:
        return 0
    session = school.session
    roles = {a.id: a.role for a in school.staff.members()}
    concerns = list(concerns)
    known = statuses(school, {c.author_id for c in concerns})
    drafts = []
    for concern in concerns:
        if not isinstance(concern, Concern) or roles.get(concern.author_id) == "dsl":
            continue
        had = known.get(concern.id, ConcernStatus())
        if (had.seen_at if status == SEEN else had.action_at) is not None:
            continue
        data = receipts.seal_for(session, concern.author_id, {"concern": concern.id, "status": status})
        drafts.append(Draft(receipts.CLASS, subject=concern.author_id, kind=receipts.KIND, data=data))
    if drafts:
        session.append(*drafts)
    return len(drafts)


def covered(decision: Decision, entries: Iterable[Entry]) -> list[Entry]:
    """The concerns a decision covers, among `entries`."""
    ids = set(decision.covers)
    return [e for e in entries if e.id in ids]
