"""Text as a search compares it: without accents or case, so "zoe luk nguyen" finds "Zoë Łukasiewicz-Nguyễn".

NFKD splits a letter from its accents, which are then dropped, and casefold makes the
case disappear. A few letters are letters of their own, not accented ones, and do not
come apart (Ł, Ø, Đ, Æ…): those are spelled as an English keyboard types them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

OWN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ŋ": "n"}
)
"""Letters NFKD leaves whole, after casefolding (so "Ł" is "ł" by then)."""

WORD = re.compile(r"\w+(?:['’-]\w+)*")


def fold(text: str) -> str:
    """`text` without accents or case, for comparing what was typed with what is stored."""
    if text.isascii():  # the same answer, at once: a search folds the text of every entry it finds
        return text.lower()
    apart = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in apart if not unicodedata.combining(c))
    return bare.translate(OWN_LETTERS)


def matched_words(texts: Iterable[str], query: str, most: int = 6) -> list[str]:
    """The words of `texts`, as written, that a search for `query`'s words matched (each once)."""
    wanted = [fold(word) for word in query.split()]
    found: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(text):
            if any(w in fold(word) for w in wanted):
                found.setdefault(word, None)
                if len(found) >= most:
                    return list(found)
    return list(found)
