"""Domain objects to and from the JSON payloads the vault seals.

The payload never repeats what the record header already holds (id, subject,
author, time), so a header and its payload cannot disagree.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import Any

from school_log.model import (
    Addendum,
    BodyMark,
    Concern,
    Decision,
    Entry,
    Notification,
    Pupil,
    ReferralOutcome,
    Task,
    TaskDone,
)

KINDS: dict[str, type] = {
    "concern": Concern,
    "notification": Notification,
    "decision": Decision,
    "referral-outcome": ReferralOutcome,
    "addendum": Addendum,
    "task": Task,
    "task-done": TaskDone,
}
KIND_OF = {cls: kind for kind, cls in KINDS.items()}
_HEADER_FIELDS = ("id", "pupil_id", "author_id", "recorded_at")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, BodyMark):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def to_payload(entry: Entry) -> dict[str, Any]:
    return {f.name: _plain(getattr(entry, f.name)) for f in fields(entry) if f.name not in _HEADER_FIELDS}


#: Each kind's payload fields, computed once: decoding runs for every entry a DSL reads.
_PAYLOAD_FIELDS = {
    kind: tuple(f.name for f in fields(cls) if f.name not in _HEADER_FIELDS) for kind, cls in KINDS.items()
}
#: The only fields JSON cannot carry as they are; every other value is taken as decoded.
_CONVERT: dict[str, Any] = {
    "occurred_at": datetime.fromisoformat,
    "review_by": date.fromisoformat,
    "due": date.fromisoformat,
    "body_marks": lambda marks: tuple(BodyMark(**mark) for mark in marks),
    "categories": tuple,
    "informed": tuple,
    "covers": tuple,
    "discussed_with": tuple,
}


def from_payload(
    kind: str, data: dict[str, Any], *, id: str, pupil_id: str, author_id: str, recorded_at: datetime
) -> Entry:
    values = {name: data[name] for name in _PAYLOAD_FIELDS[kind] if name in data}
    for name, convert in _CONVERT.items():
        if values.get(name) is not None:
            values[name] = convert(values[name])
    return KINDS[kind](id=id, pupil_id=pupil_id, author_id=author_id, recorded_at=recorded_at, **values)


def pupil_payload(pupil: Pupil) -> dict[str, Any]:
    return {f.name: _plain(getattr(pupil, f.name)) for f in fields(pupil) if f.name != "id"}


def pupil_from_payload(pupil_id: str, data: dict[str, Any]) -> Pupil:
    values = dict(data, date_of_birth=date.fromisoformat(data["date_of_birth"]), flags=tuple(data.get("flags", ())))
    return Pupil(id=pupil_id, **values)
