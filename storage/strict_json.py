"""JSON from outside the program (typed entries, bundles, key files), read strictly.

Python's `json` keeps the last of a key given twice in one object, silently: `{"urgent": true,
"urgent": false}` would record what the writer did not see, and a bundle could carry two
readings of one field, one for a person's eye and one for the program. A key given twice is
refused instead.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKey(ValueError):
    """A key given twice in one JSON object (a ValueError, as any other bad JSON)."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(f"the key {key!r} is given twice in one object")
        found[key] = value
    return found


def loads(text: str | bytes) -> Any:
    """`json.loads`, refusing a key given twice in one object (`DuplicateKey`)."""
    return json.loads(text, object_pairs_hook=_unique)
