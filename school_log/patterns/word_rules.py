"""The rules that hear the words: each family of the indicator reader as a flag quoting them.

A disclosure of harm by an adult, domestic abuse the child saw, online grooming, a parent
unable to care safely at that moment, a child carrying an adult's load, going missing and
being found where drugs point to exploitation, a bruise on a baby who cannot move about:
in practice each is a referral on the first occasion, whether or not a box was ticked.
Each flag names the entries it rests on and quotes the words it found in them
(`school_log.indicators`); its weight is the school's (`Thresholds.weights`).
"""

from __future__ import annotations

from collections.abc import Callable

from school_log.indicators.reader import FAMILIES
from school_log.model import Flag
from school_log.patterns.facts import Facts, capitalised, day_text, make_flag


def _rule(code: str) -> Callable[[Facts], Flag | None]:
    family = FAMILIES[code]

    def rule(f: Facts) -> Flag | None:
        found = [(entry, hit) for entry in f.raised if f.is_open(entry) for hit in f.said[entry.id] if hit.code == code]
        if not found:
            return None
        quotes = "; ".join(f"{day_text(e.occurred_at.date(), f.now)}, {hit.text}" for e, hit in found)
        summary = f"{capitalised(family.what)} ({quotes}): {family.route}"
        return make_flag(f, code, summary, [e for e, _ in found])

    rule.__name__ = rule.__qualname__ = code.replace("-", "_")
    rule.__doc__ = f"The words say {family.what}: {family.route}."
    return rule


#: One rule per indicator family, in `FAMILIES` order.
WORD_RULES: tuple[Callable[[Facts], Flag | None], ...] = tuple(_rule(code) for code in FAMILIES)
