"""One cell of a roster checked and normalised: UPNs, names, dates, flags, yes/no, lists.

Shared by both formats and by the family columns. A bad value raises `Bad`, which
says what is wrong with it; the caller adds where (file, row, field). Messages
quote only the bad value, cut short (`show`), never the pupil's name.
"""

from __future__ import annotations

import re
from datetime import date

from school_log.forms.fields import MAX_ITEMS, MAX_SHORT, text_problem
from school_log.model import PUPIL_FLAGS, age_in_months
from school_log.upn import upn_problem

MAX_AGE = 25
YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}

# Permanent UPN "F123456789012" and DfE temporary UPN "X12345678901B" (13 characters, the
# first a check letter that school_log.upn tests). [0-9], not \d: \d also matches
# non-ASCII digits, which no UPN or date contains.
UPN = re.compile(r"[A-Z][0-9]{12}|[A-Z][0-9]{11}[A-Z]")


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class Bad(ValueError):
    """A field value is wrong; the caller adds where (file, row, field)."""


def show(value: str) -> str:
    """The bad value quoted on one line, cut short so a message stays one readable line."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def upn(value: str) -> str:
    upn = value.strip().upper()
    if not upn:
        raise Bad("is empty")
    if not UPN.fullmatch(upn):
        raise Bad(f"{show(value)} is not a UPN (a letter then 12 digits, e.g. F123456789012)")
    problem = upn_problem(upn)
    if problem:
        raise Bad(f"{show(value)}: {problem}")
    return upn


def name(value: str) -> str:
    name = text(value)
    if not name:
        raise Bad("is empty")
    return name


def text(value: str) -> str:
    text = value.strip()
    if len(text) > MAX_SHORT:
        raise Bad(f"is longer than {MAX_SHORT} characters")
    wrong = text_problem(text, one_line=True)
    if wrong:
        raise Bad(wrong)
    return text


def date_of_birth(value: str, today: date) -> date:
    """A date of birth: not in the future, nor older than a pupil can be."""
    born = calendar_date(value)
    if born > today:
        raise Bad(f"{show(value)} is in the future")
    age = age_in_months(born, today) // 12
    if age > MAX_AGE:
        raise Bad(f"{show(value)} would make the pupil {age}, older than {MAX_AGE}")
    return born


def calendar_date(value: str) -> date:
    """ISO dates, plus DD/MM/YYYY because UK MIS exports (and Excel) write them that way."""
    raw = value.strip()
    hint = "(use YYYY-MM-DD)"
    if not raw:
        raise Bad(f"is empty {hint}")
    if iso := _ISO_DATE.fullmatch(raw):
        year, month, day = iso.groups()
    elif uk := _UK_DATE.fullmatch(raw):
        day, month, year = uk.groups()
    else:
        raise Bad(f"{show(value)} is not a date {hint}")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise Bad(f"{show(value)} is not a date {hint}") from None


def leaving_date(value: str, today: date) -> date | None:
    """The day the pupil left; empty, or a day still to come (a leaving the MIS has planned), is on roll."""
    if not value.strip():
        return None
    left = calendar_date(value)
    return left if left <= today else None


def flags(value: str) -> tuple[str, ...]:
    flags: list[str] = []
    for part in re.split(r"[;|]", value):
        flag = part.strip().lower()
        if not flag:
            continue
        if flag not in PUPIL_FLAGS:
            raise Bad(f"{show(part.strip())} is not a flag (use {', '.join(PUPIL_FLAGS)})")
        if flag not in flags:
            flags.append(flag)
    return tuple(flags)


def yes_no(value: str) -> bool | None:
    answer = value.strip().casefold()
    if not answer:
        return None
    if answer in YES or answer in _NO:
        return answer in YES
    raise Bad(f"{show(value)} is not yes or no")


def nameless(contact: int, _value: str) -> str:
    raise Bad(f"is empty, but contact {contact} has other details")


def items(value: str) -> tuple[str, ...]:
    """Several short items in one cell, separated by ";" or "|"."""
    items = tuple(item for item in (text(part) for part in re.split(r"[;|]", value)) if item)
    if len(items) > MAX_ITEMS:
        raise Bad(f"has more than {MAX_ITEMS} items")
    return items


def comparable(text: str) -> str:
    """Text compared as a person would: letters and digits only, case ignored ("12 Example Rd" ~ "12 EXAMPLE RD.")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())
