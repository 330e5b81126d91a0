"""Domain objects to and from the JSON the vault seals: one pydantic `TypeAdapter` per kind.

The payload never repeats what the record header already holds (id, subject,
author, time), so a header and its payload cannot disagree. It is a stored
format: the same entry gives the same JSON it always has (tests/test_codec.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from school_log.model import (
    ASKED,
    Addendum,
    Concern,
    Decision,
    Entry,
    Family,
    KnownCondition,
    Notification,
    Pupil,
    ReferralOutcome,
    Task,
    TaskDone,
)

KINDS: dict[str, type[Entry]] = {
    "concern": Concern,
    "notification": Notification,
    "decision": Decision,
    "referral-outcome": ReferralOutcome,
    "addendum": Addendum,
    "task": Task,
    "task-done": TaskDone,
    "health": KnownCondition,
}
KIND_OF = {cls: kind for kind, cls in KINDS.items()}
#: Built once: decoding runs for every entry a DSL reads.
ADAPTERS: dict[str, TypeAdapter[Entry]] = {kind: TypeAdapter(cls) for kind, cls in KINDS.items()}
_PUPIL = TypeAdapter(Pupil)
_FAMILY = TypeAdapter(Family)
_HEADER_FIELDS = {"id", "pupil_id", "author_id", "recorded_at"}
#: Where a transferred entry was written (`model.Origin`): in the payload only for such an entry.
TRANSFERRED = "transferred"
_Stored = TypeVar("_Stored")


def dump(adapter: TypeAdapter[_Stored], value: _Stored, exclude: set[str] | None = None) -> dict[str, Any]:
    """`value` as JSON-ready data, without pydantic's warnings: a looser value than declared (a list for a
    tuple) is written exactly as before, and a warning would quote it into a log."""
    data: dict[str, Any] = adapter.dump_python(value, mode="json", exclude=exclude, warnings=False)
    return data


def load(adapter: TypeAdapter[_Stored], data: dict[str, Any], what: str) -> _Stored:
    """`data` checked as the shape it was written in. The error names fields, never values: pydantic's own
    quotes the input (its `hide_input_in_errors` is not honoured for a standard dataclass)."""
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        wrong = ", ".join(
            ".".join(map(_named, e["loc"])) + f" ({e['type']})" for e in error.errors(include_input=False)
        )
        raise ValueError(f"a stored {what} is not of its shape: {wrong}") from None


def _named(part: str | int) -> str:
    """A field's name or place as an error may show it: a name that is no field name (it came from elsewhere
    and could hold anything, terminal controls included) is not repeated."""
    return str(part) if isinstance(part, int) or (part.isidentifier() and part.isascii() and len(part) <= 40) else "?"


def to_payload(entry: Entry) -> dict[str, Any]:
    """The payload sealed for `entry`: its fields, its origin only if it was transferred, and a concern's
    questions (`ASKED`) only when answered, so a concern without them is sealed as it always was."""
    exclude = _HEADER_FIELDS if entry.transferred is not None else _HEADER_FIELDS | {TRANSFERRED}
    if isinstance(entry, Concern):
        exclude = exclude | {name for name in ASKED if not getattr(entry, name)}
    return dump(ADAPTERS[KIND_OF[type(entry)]], entry, exclude)


def from_payload(
    kind: str, data: dict[str, Any], *, id: str, pupil_id: str, author_id: str, recorded_at: datetime
) -> Entry:
    adapter = ADAPTERS.get(kind)
    if adapter is None:
        raise ValueError(f"a stored record of kind {kind!r} is not an entry")
    header = {"id": id, "pupil_id": pupil_id, "author_id": author_id, "recorded_at": recorded_at}
    return load(adapter, data | header, kind)


def pupil_payload(pupil: Pupil) -> dict[str, Any]:
    """The pupil as the roster and a transfer bundle describe them (as before there were leavers)."""
    return dump(_PUPIL, pupil, {"id", "left_on"})


def leaver_payload(pupil: Pupil) -> dict[str, Any]:
    """A pupil who has left, with the day they left (`roster.LEAVER`)."""
    return dump(_PUPIL, pupil, {"id"})


def pupil_from_payload(pupil_id: str, data: dict[str, Any]) -> Pupil:
    return load(_PUPIL, data | {"id": pupil_id}, "pupil")


def family_payload(family: Family) -> dict[str, Any]:
    return dump(_FAMILY, family)


def family_from_payload(data: dict[str, Any]) -> Family:
    return load(_FAMILY, data, "family")
