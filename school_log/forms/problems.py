"""Every problem with a form at once, not only the first the parser meets.

The `parse_*` functions in `school_log.forms.inputs` stop at the first bad field, which is
right for a script. A person at a form wants to see everything to fix in one go, so
this re-parses with each bad field replaced by a stand-in that passes, until the rest
of the form is clean. Nothing is written either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from school_log.errors import InputError


def problems(parse: Callable[[Any], object], data: Mapping[str, Any], stand_ins: Mapping[str, Any]) -> list[InputError]:
    """Each field's problem, in the order the parser checks them (empty: the form is good).

    `stand_ins` holds a passing value for each field that can fail; a problem with a
    field not in it (or the form as a whole) ends the search, reported last.
    """
    found: list[InputError] = []
    trial = dict(data)
    replaced: set[str] = set()
    while True:
        try:
            parse(trial)
            return found
        except InputError as error:
            found.append(error)
            field = error.field
            if field is None or field not in stand_ins or field in replaced:
                return found
            trial[field] = stand_ins[field]
            replaced.add(field)
