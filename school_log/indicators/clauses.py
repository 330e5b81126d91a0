"""Sentences and clauses: where words stand, and whether they are said, denied or asked.

The indicator reader and the mark words (`school_log.mark_words`) read by these rules: a family's words are
found together in one sentence, and a match is dropped when a negating word or a staff question stands before
it in its clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|no-one|none|nothing|neither|nor|without|denies|denied|deny|"
    r"didn'?t|doesn'?t|don'?t|isn'?t|wasn'?t|won'?t|hasn'?t|haven'?t|can'?t|cannot|couldn'?t|wouldn'?t)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\b(?:asked|ask|asking|wondered)\s+(?:\w+\s+)?(?:if|whether|who|how|what)\b", re.IGNORECASE)
#: Where a clause ends, for negation's reach: "she said no one hurt her, but dad hits her".
CLAUSE_BREAK = re.compile(r",|\bbut\b|\bthen\b|\bhowever\b|\balthough\b|\bthough\b|\bbecause\b|\bcos\b|[-–—:]")

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?]*")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern + r"\b", re.IGNORECASE)


def sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            yield sentence


def asserted(sentence: str, match: re.Match[str]) -> bool:
    """The words at `match` are said, not denied nor asked: no negation before them in their clause."""
    before = sentence[: match.start()]
    clause = CLAUSE_BREAK.split(before)[-1]
    return not NEGATION.search(clause) and not QUESTION.search(clause) and not sentence.rstrip().endswith("?")


def _found(pattern: re.Pattern[str], sentence: str) -> re.Match[str] | None:
    """The first asserted match of `pattern` in `sentence` (a loop, not a generator: the review asks this
    some twenty thousand times, nearly always of a sentence without the words)."""
    for match in pattern.finditer(sentence):
        if asserted(sentence, match):
            return match
    return None
