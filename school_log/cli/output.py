"""Domain objects as the JSON (and one-line text) the CLI prints."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from school_log import local_time
from school_log.codec import KIND_OF, pupil_payload, to_payload
from school_log.model import Entry, Pupil, ReviewItem, when

if TYPE_CHECKING:
    from school_log.school import School
    from school_log.views import Chronology
    from storage.accounts import AccountInfo


def account(info: AccountInfo) -> dict[str, Any]:
    return {"username": info.username, "name": info.name, "role": info.role, "active": info.active}


#: A pupil's stored fields in the order the CLI has always printed them.
_PUPIL_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "preferred_surname",
    "middle_names",
    "date_of_birth",
    "year_group",
    "household",
    "sex",
    "flags",
)


def pupil(p: Pupil, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": p.id, "upn": p.upn, "name": p.name}
    if full:
        payload = pupil_payload(p)
        data |= {name: payload[name] for name in _PUPIL_FIELDS}
        if p.left_on is not None:
            data["left_on"] = p.left_on.isoformat()
    return data


def entry(e: Entry, school: School, *, on: Pupil | None = None, sibling: bool = False) -> dict[str, Any]:
    author, role = school.log.byline(e)
    who = on or school.roster.pupil(e.pupil_id)
    data: dict[str, Any] = {
        "id": e.id,
        "kind": KIND_OF[type(e)],
        "pupil": pupil(who),
        "author": author,
        "author_role": role,
        "recorded_at": local_time.iso(e.recorded_at),
    }
    mark = school.log.code_mark(e)
    if mark:
        data["under_one_time_code"] = mark
    if sibling:
        data["sibling"] = True
    payload = to_payload(e)
    if "kind" in payload:  # a notification's own kind must not overwrite the entry's kind
        payload["notification_kind"] = payload.pop("kind")
    if "occurred_at" in payload:
        payload["occurred_at"] = local_time.iso(when(e))
    return data | payload


def entry_line(row: dict[str, Any]) -> str:
    at = row.get("occurred_at") or row["recorded_at"]
    text = (
        row.get("what_happened")
        or row.get("summary")
        or row.get("rationale")
        or row.get("text")
        or row.get("outcome", "")
    )
    sibling = " [sibling]" if row.get("sibling") else ""
    stamp = local_time.stamp(datetime.fromisoformat(at))
    return f"{stamp}  {row['kind']:<16} {row['pupil']['name']}{sibling} — {row['author']}: {text[:80]}"


def chronology(c: Chronology, school: School) -> dict[str, Any]:
    return {
        "pupil": pupil(c.pupil, full=True),
        "household": [pupil(s) for s in c.household],
        "flags": [flag(f) for f in c.review.flags] if c.review else [],
        "entries": [entry(item.entry, school, on=item.pupil, sibling=item.sibling) for item in c.items],
    }


def flag(f: Any) -> dict[str, Any]:
    return {"code": f.code, "summary": f.summary, "entries": list(f.entries)}


def review_item(item: ReviewItem) -> dict[str, Any]:
    return {
        "pupil": pupil(item.pupil),
        "prompt": item.prompt,
        "strength": item.strength,
        "referral_status": item.referral_status,
        "unreviewed": item.unreviewed,
        "oldest_unreviewed_at": local_time.iso(item.oldest_unreviewed_at) if item.oldest_unreviewed_at else None,
        "flags": [flag(f) for f in item.flags],
    }


def review_line(row: dict[str, Any]) -> str:
    codes = ", ".join(f["code"] for f in row["flags"])
    status = f"  [{row['referral_status']}]" if row.get("referral_status") else ""
    return (
        f"{row['prompt']:<18} {row['pupil']['upn']}  {row['pupil']['name']:<24} {row['unreviewed']} unreviewed  {codes}"
        f"{status}"
    )
