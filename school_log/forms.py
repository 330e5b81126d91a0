"""Checking what a person (or a script) hands us, before anything is written.

Each `parse_*` takes the JSON object of one CLI command or screen and returns
clean values, or raises InputError naming the field and the problem in one
line. Unknown keys are refused, so a typo never silently drops a fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from school_log.body_regions import region as lookup_region
from school_log.clock import Clock, parse_instant
from school_log.errors import InputError
from school_log.model import (
    AGENCIES,
    CATEGORIES,
    CONSENTS,
    EXPLAINED_BY,
    MARK_TYPES,
    NOTIFICATION_KINDS,
    OUTCOMES,
    REFERRAL_OUTCOMES,
    REFERRING_OUTCOMES,
    VIEWS,
    BodyMark,
)

#: Caps on what one entry may hold (documented in the README): generous for any real
#: account, small enough that no input can fill the store or a screen by accident.
MAX_TEXT = 20_000  # characters in one free-text field (about ten pages)
MAX_SHORT = 200  # characters in a short field: a place, a shape, a colour, a name
MAX_ITEMS = 50  # items in one list: categories, people informed, entries covered
MAX_MARKS = 60  # body marks on one concern
MAX_COVERED = 1_000  # entries one decision covers


def clean_text(value: str, what: str) -> str:
    """`value`, or InputError if it holds what no person types: NUL and other control characters,
    or a lone surrogate (not Unicode text at all, so it cannot be sealed)."""
    if any((ord(c) < 32 and c not in "\n\r\t") or 0xD800 <= ord(c) <= 0xDFFF or ord(c) == 0x7F for c in value):
        raise InputError(f"{what}: contains a control character or broken Unicode")
    return value


class Form:
    """One JSON object being checked; remembers which keys were read."""

    def __init__(self, data: Any, where: str, allowed: Iterable[str]) -> None:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise InputError(f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        self.data, self.where = data, where

    def fail(self, key: str, problem: str) -> InputError:
        return InputError(f"{self.where}, {key}: {problem}")

    def text(self, key: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
        value = self.data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.fail(key, "must be text")
        value = clean_text(value, f"{self.where}, {key}").strip()
        if required and not value:
            raise self.fail(key, "is required and must not be empty")
        if len(value) > limit:
            raise self.fail(key, f"is longer than {limit} characters")
        return value

    def items(self, key: str, limit: int = MAX_ITEMS) -> list[Any]:
        """The list at `key` (empty if absent), at most `limit` long."""
        values = self.data.get(key, [])
        if not isinstance(values, list):
            raise self.fail(key, "must be a list")
        if len(values) > limit:
            raise self.fail(key, f"has {len(values)} items; at most {limit} are allowed")
        return values

    def flag(self, key: str, default: bool | None = False) -> bool | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            shown = "missing" if value is None else repr(value)
            raise self.fail(key, f"{shown} is not one of: {', '.join(options)}")
        return value

    def choices(self, key: str, options: tuple[str, ...]) -> tuple[str, ...]:
        values = self.items(key)
        for value in values:
            if value not in options:
                raise self.fail(key, f"{value!r} is not one of: {', '.join(options)}")
        return tuple(dict.fromkeys(values))

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.data.get(key, [])
        if isinstance(values, str):
            values = [part for part in values.split(",")]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(key, "must be a list of text")
        if len(values) > MAX_ITEMS:
            raise self.fail(key, f"has {len(values)} items; at most {MAX_ITEMS} are allowed")
        cleaned = [clean_text(v, f"{self.where}, {key}").strip() for v in values]
        if any(len(v) > MAX_SHORT for v in cleaned):
            raise self.fail(key, f"an item is longer than {MAX_SHORT} characters")
        return tuple(v for v in cleaned if v)

    def instant(self, key: str) -> datetime:
        """A past (or present) instant; defaults to now. The future is refused."""
        value = self.data.get(key)
        now = Clock.from_environment().now()  # the start-up clock's reading (SCHOOL_LOG_NOW)
        if value in (None, ""):
            return now
        if not isinstance(value, str):
            raise self.fail(key, "must be an ISO 8601 date and time")
        moment = parse_instant(value, f"{self.where}, {key}")
        if moment > now:
            raise self.fail(key, f"{value!r} is in the future")
        return moment

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(key, f"{value!r} is not a date (use YYYY-MM-DD)") from None

    def number(self, key: str, low: float, high: float, *, integer: bool = False) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            raise self.fail(key, f"must be a {'whole ' if integer else ''}number from {low:g} to {high:g}")
        return value


CONCERN_FIELDS = (
    "pupil",
    "occurred_at",
    "location",
    "categories",
    "what_happened",
    "child_words",
    "opinion",
    "action_taken",
    "informed",
    "urgent",
    "body_marks",
)
MARK_FIELDS = (
    "view",
    "region",
    "x",
    "y",
    "type",
    "size_mm",
    "shape",
    "colour",
    "skin_broken",
    "explanation",
    "explained_by",
    "witnessed_by",
)


def parse_concern(data: Any) -> dict[str, Any]:
    form = Form(data, "concern", CONCERN_FIELDS)
    marks = form.items("body_marks", MAX_MARKS)
    return {
        "pupil": form.text("pupil", required=True, limit=MAX_SHORT),
        "occurred_at": form.instant("occurred_at"),
        "location": form.text("location", limit=MAX_SHORT),
        "categories": form.choices("categories", CATEGORIES),
        "what_happened": form.text("what_happened", required=True),
        "child_words": form.text("child_words"),
        "opinion": form.text("opinion"),
        "action_taken": form.text("action_taken"),
        "informed": form.texts("informed"),
        "urgent": bool(form.flag("urgent")),
        "body_marks": tuple(parse_mark(mark, n) for n, mark in enumerate(marks, 1)),
    }


def parse_mark(data: Any, number: int = 1) -> BodyMark:
    form = Form(data, f"body mark {number}", MARK_FIELDS)
    view = form.choice("view", VIEWS)
    region_id = form.text("region", required=True)
    try:
        region = lookup_region(region_id)
    except InputError:
        raise form.fail("region", f"{region_id!r} is not a body region (see 'school-log body-regions')") from None
    if region.view != view:
        raise form.fail("region", f"{region_id!r} is on the {region.view} view, not the {view}")
    return BodyMark(
        view=view,
        region=region_id,
        type=form.choice("type", MARK_TYPES),
        x=form.number("x", 0, 1),
        y=form.number("y", 0, 1),
        size_mm=form.number("size_mm", 0, 2000, integer=True),
        shape=form.text("shape", limit=MAX_SHORT),
        colour=form.text("colour", limit=MAX_SHORT),
        skin_broken=bool(form.flag("skin_broken")),
        explanation=form.text("explanation"),
        explained_by=form.choice("explained_by", EXPLAINED_BY, "none"),
        witnessed_by=form.text("witnessed_by"),
    )


def parse_notification(data: Any) -> dict[str, Any]:
    form = Form(
        data,
        "notification",
        ("pupil", "agency", "kind", "occurred_at", "reference", "summary", "child_present", "child_voice"),
    )
    return {
        "pupil": form.text("pupil", required=True),
        "agency": form.choice("agency", AGENCIES),
        "kind": form.choice("kind", NOTIFICATION_KINDS, "other"),
        "occurred_at": form.instant("occurred_at"),
        "reference": form.text("reference"),
        "summary": form.text("summary", required=True),
        "child_present": form.flag("child_present", None),
        "child_voice": form.text("child_voice"),
    }


def parse_addendum(data: Any) -> dict[str, Any]:
    form = Form(data, "addendum", ("text",))
    return {"text": form.text("text", required=True)}


DECISION_FIELDS = (
    "covers",
    "outcome",
    "level",
    "rationale",
    "agency",
    "reference",
    "review_by",
    "supersedes",
    "parents_informed",
    "parents_not_informed_why",
    "consent",
    "discussed_with",
)


def parse_decision(data: Any) -> dict[str, Any]:
    form = Form(data, "decision", DECISION_FIELDS)
    covers = form.data.get("covers", "unreviewed")
    if covers != "unreviewed" and not (isinstance(covers, list) and covers and all(isinstance(c, str) for c in covers)):
        raise form.fail("covers", 'must be "unreviewed" or a non-empty list of entry ids')
    if isinstance(covers, list) and len(covers) > MAX_COVERED:
        raise form.fail("covers", f"has {len(covers)} entries; at most {MAX_COVERED} in one decision")
    level = form.number("level", 1, 4, integer=True)
    if level is None:
        raise form.fail("level", "is required (1 universal, 2 additional, 3 early help, 4 statutory)")
    values = {
        "covers": covers,
        "outcome": form.choice("outcome", OUTCOMES),
        "level": level,
        "rationale": form.text("rationale", required=True),
        "agency": form.text("agency"),
        "reference": form.text("reference"),
        "review_by": form.day("review_by"),
        "supersedes": form.text("supersedes"),
        "parents_informed": form.flag("parents_informed", None),
        "parents_not_informed_why": form.text("parents_not_informed_why"),
        "consent": "" if form.data.get("consent") in (None, "") else form.choice("consent", CONSENTS),
        "discussed_with": form.texts("discussed_with"),
    }
    if values["outcome"] in REFERRING_OUTCOMES and not values["agency"]:
        raise form.fail("agency", "name the agency when referring")
    if values["parents_informed"] is False and not values["parents_not_informed_why"]:
        raise form.fail("parents_not_informed_why", "say why the parents or carers were not told")
    return values


def parse_referral_outcome(data: Any) -> dict[str, Any]:
    form = Form(data, "referral outcome", ("decision", "outcome", "notes"))
    return {
        "decision": form.text("decision", required=True),
        "outcome": form.choice("outcome", REFERRAL_OUTCOMES),
        "notes": form.text("notes"),
    }


def parse_task(data: Any) -> dict[str, Any]:
    form = Form(data, "task", ("text", "assignee", "due"))
    due = form.day("due")
    if due is None:
        raise form.fail("due", "is required (YYYY-MM-DD)")
    return {"text": form.text("text", required=True), "assignee": form.text("assignee", required=True), "due": due}


def parse_task_done(data: Any) -> dict[str, Any]:
    form = Form(data, "task done", ("task", "note"))
    return {"task": form.text("task", required=True), "note": form.text("note", required=True)}
