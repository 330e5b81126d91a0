"""The kinds of field an input form holds, as pydantic types, and what their errors say.

Each kind checks one value and, when it is wrong, says so in the words the CLI and the
screens have always used; `input_error` turns pydantic's first error into that one-line
`InputError`, naming the form and the field so a screen can place it without reading it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from school_log.errors import InputError
from school_log.local_time import parse_local

#: Caps on what one entry may hold (documented in the README): generous for any real
#: account, small enough that no input can fill the store or a screen by accident.
MAX_TEXT = 20_000  # characters in one free-text field (about ten pages)
MAX_SHORT = 200  # characters in a short field: a place, a shape, a colour, a name
MAX_ITEMS = 50  # items in one list: categories, people informed, entries covered
MAX_MARKS = 60  # body marks on one concern
MAX_COVERED = 1_000  # entries one decision covers

CONTROL = "contains a control character or broken Unicode"
NOT_ONE_LINE = "must be one line: it holds a line break or tab"


def has_control(value: str, one_line: bool = False) -> bool:
    """Whether `value` holds what no person types: NUL and the other C0 and C1 control characters
    (U+0085, the terminal's U+009B, ...), or a lone surrogate (not Unicode text at all, so it cannot be
    sealed). In a one-line field (a name, a place) line breaks and tabs too: a newline in a pupil's name
    would forge a line of every list and export it is shown in."""
    allowed = "" if one_line else "\n\r\t"
    return any(
        (ord(c) < 32 and c not in allowed) or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in value
    ) or (one_line and ("\u2028" in value or "\u2029" in value))


def text_problem(value: str, one_line: bool = False) -> str | None:
    """What is wrong with typed text (see `has_control`), if anything."""
    if has_control(value):
        return CONTROL
    return NOT_ONE_LINE if one_line and has_control(value, one_line=True) else None


class InputForm(BaseModel):
    """One kind of input: unknown keys refused, every field (defaults too) checked, never changed after."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def problem(text: str, at: tuple[str, ...] = ()) -> PydanticCustomError:
    """A field's problem in our own words (kept whole: it may quote braces someone typed); `at`
    names the part of the field it is about, when it is a table."""
    return PydanticCustomError("problem", "{problem}", {"problem": text, "at": at})


def _as_typed(value: object) -> object:
    """Nothing typed is empty text; text holding control characters is refused before it is trimmed."""
    if value is None:
        return ""
    if isinstance(value, str) and has_control(value):
        raise problem(CONTROL)
    return value


def _as_one_line(value: object) -> object:
    """As `_as_typed`, for a field shown on one line: a line break or tab is refused too."""
    wrong = text_problem(value, one_line=True) if isinstance(value, str) else None
    if wrong:
        raise problem(wrong)
    return _as_typed(value)


Text = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True, max_length=MAX_TEXT), BeforeValidator(_as_typed)
]
ShortText = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True, max_length=MAX_SHORT), BeforeValidator(_as_one_line)
]
RequiredText = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_TEXT),
    BeforeValidator(_as_typed),
]
RequiredShortText = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_SHORT),
    BeforeValidator(_as_one_line),
]
"""Text trimmed of spaces (a required one must not be blank); control characters refused before trimming,
and in a short field (shown on one line) line breaks and tabs too."""

_SAID: dict[str, Callable[[dict[str, Any]], str]] = {
    "string_type": lambda ctx: "must be text",
    "string_too_short": lambda ctx: "is required and must not be empty",
    "string_too_long": lambda ctx: f"is longer than {ctx['max_length']} characters",
    "problem": lambda ctx: ctx["problem"],
}


def input_error(error: ValidationError, form: str, model: type[InputForm]) -> InputError:
    """The first thing wrong, as today's one line: an unknown key first, then fields in order."""
    found = error.errors(include_url=False)
    unknown = sorted(str(e["loc"][0]) for e in found if e["type"] == "extra_forbidden")
    if unknown:
        allowed = ", ".join(sorted(model.model_fields))
        return InputError(f"unknown field {unknown[0]!r} (allowed: {allowed})", form=form)
    first = found[0]
    if first["type"] == "model_type":
        return InputError("expected a JSON object", form=form)
    return InputError(_SAID[first["type"]](first.get("ctx", {})), form=form, field=str(first["loc"][0]))


NOT_GIVEN: Any = None
"""The default of a field that must be given: its check says what is missing."""


def no_items() -> Any:
    """The default of a list field: an empty list, checked as if given."""
    return []


def choose(value: Any, options: tuple[str, ...]) -> str:
    """`value` if it is one of `options`; a missing choice says 'missing'."""
    if value not in options:
        shown = "missing" if value is None else repr(value)
        raise problem(f"{shown} is not one of: {', '.join(options)}")
    return str(value)


def one_of(options: tuple[str, ...]) -> PlainValidator:
    return PlainValidator(lambda value: choose(value, options))


def items(limit: int = MAX_ITEMS) -> PlainValidator:
    """A list (empty if absent) of at most `limit` things, each checked by its own form."""
    return PlainValidator(lambda values: _items(values, limit))


def _items(values: Any, limit: int) -> tuple[Any, ...]:
    if not isinstance(values, list):
        raise problem("must be a list")
    if len(values) > limit:
        raise problem(f"has {len(values)} items; at most {limit} are allowed")
    return tuple(values)


def some_of(options: tuple[str, ...]) -> PlainValidator:
    """Any of `options`, each once, in the order given."""

    def check(values: Any) -> tuple[str, ...]:
        for value in _items(values, MAX_ITEMS):
            if value not in options:
                raise problem(f"{value!r} is not one of: {', '.join(options)}")
        return tuple(dict.fromkeys(values))

    return PlainValidator(check)


def _texts(values: Any) -> tuple[str, ...]:
    """Short texts, as a list or one comma-separated text; blanks dropped."""
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise problem("must be a list of text")
    values = _items(values, MAX_ITEMS)
    wrong = next((text_problem(v, one_line=True) for v in values if has_control(v, one_line=True)), None)
    if wrong:
        raise problem(wrong)
    cleaned = [v.strip() for v in values]
    if any(len(v) > MAX_SHORT for v in cleaned):
        raise problem(f"an item is longer than {MAX_SHORT} characters")
    return tuple(v for v in cleaned if v)


Texts = Annotated[tuple[str, ...], PlainValidator(_texts)]


def _flag(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise problem("must be true or false")
    return value


Flag = Annotated[bool, PlainValidator(lambda value: bool(_flag(value)))]
"""True or false; null counts as false."""
MaybeFlag = Annotated[bool | None, PlainValidator(_flag)]
"""True, false or not known (null)."""


#: The years around the school's clock a date in an entry may fall in: a child's lifetime back (a disclosure
#: of long ago, a file transferred with its history), a few years ahead (a review date). Outside them a date
#: is a slip of the keyboard (year 1, 20226), never one someone meant.
YEARS_BACK, YEARS_AHEAD = 25, 5


def implausible(day: date, today: date) -> str | None:
    """Why `day` is no date an entry can mean, by the school's clock's `today`; None if it can be."""
    if today.year - YEARS_BACK <= day.year <= today.year + YEARS_AHEAD:
        return None
    return f"{day.isoformat()} is not a year from {today.year - YEARS_BACK} to {today.year + YEARS_AHEAD}"


def _instant(value: Any, info: ValidationInfo) -> datetime:
    """A past (or present) instant; nothing given is now. The future is refused.

    "Now" is the school's clock, handed to validation as its context (`checked(..., now=)`)."""
    context: dict[str, datetime] = info.context or {}
    now = context["now"]
    if value in (None, ""):
        return now
    if not isinstance(value, str):
        raise problem("must be an ISO 8601 date and time")
    try:
        moment = parse_local(value)
    except InputError:
        raise problem(f"{value!r} is not an ISO 8601 date/time") from None
    if moment > now:
        raise problem(f"{value!r} is in the future")
    wrong = implausible(moment.date(), now.date())
    if wrong:
        raise problem(wrong)
    return moment


Instant = Annotated[datetime, PlainValidator(_instant)]


def day(missing: str | None = None) -> PlainValidator:
    """A calendar date (YYYY-MM-DD); nothing given is None, or the problem `missing` when one is needed.
    Checked against the school's clock when the form is given one (`checked(..., now=)`)."""

    def check(value: Any, info: ValidationInfo) -> date | None:
        if value in (None, ""):
            if missing:
                raise problem(missing)
            return None
        try:
            found = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise problem(f"{value!r} is not a date (use YYYY-MM-DD)") from None
        now: datetime | None = (info.context or {}).get("now")
        wrong = implausible(found, now.date()) if now is not None else None
        if wrong:
            raise problem(wrong)
        return found

    return PlainValidator(check)


def number(low: float, high: float, *, integer: bool = False, missing: str | None = None) -> PlainValidator:
    """A number from `low` to `high` (a whole one if `integer`); nothing given is None, or `missing`."""
    kinds = (int,) if integer else (int, float)

    def check(value: Any) -> Any:
        if value is None:
            if missing:
                raise problem(missing)
            return None
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            raise problem(f"must be a {'whole ' if integer else ''}number from {low:g} to {high:g}")
        return value

    return PlainValidator(check)
