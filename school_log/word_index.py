"""Which entries hold which words: the index a whole-school search reads instead of decrypting every entry.

Each entry's words are its free text folded (`folding.fold`) and split at spaces,
so "is `word` in one of an entry's words" is exactly today's "is `word` in its
folded text" for any word typed without spaces. A search looks its words up in
the vocabulary (a word typed may be part of a longer one: "bruis" finds
"bruised"), and only the entries listed under a match are opened and checked.

The index is kept whole in memory and saved to the team-sealed cache
(`storage.cache`, so only the safeguarding team can open it) as one blob: the
entries' ids, the words, and for each word the entries holding it as numbers.
At rest it shows its size and the chain position it reflects, nothing of its
words, how often each occurs, or which entry holds which. An erasure deletes it
with every other cached view.
"""

from __future__ import annotations

import json
import struct
import zlib
from array import array
from collections.abc import Iterable

_MAGIC = b"school-log/words/1\n"
_LENGTH = struct.Struct("<I")


class WordIndex:
    """The entries (by id) holding each folded word, up to chain position `seq`."""

    def __init__(self, seq: int = 0, erased: int = 0) -> None:
        self.seq = seq  # the last record taken in
        self.erased = erased  # the newest tombstone when it was built: a newer one means it may hold what was destroyed
        self.ids: list[str] = []  # entry number -> entry id
        self._words: dict[str, array[int]] = {}  # folded word -> the numbers of the entries holding it, ascending
        self.unsaved = 0  # entries taken in since it was loaded or saved

    def add(self, entry_id: str, words: Iterable[str]) -> None:
        """Take in one entry (appended after every entry already in) with its folded words."""
        number = len(self.ids)
        self.ids.append(entry_id)
        for word in set(words):
            found = self._words.get(word)
            if found is None:
                self._words[word] = array("I", (number,))
            else:
                found.append(number)
        self.unsaved += 1

    def candidates(self, words: Iterable[str]) -> list[str]:
        """The ids of the entries holding every one of `words` (each as part of one of their words), in the
        order they were taken in."""
        numbers: set[int] | None = None
        for word in words:
            holding: set[int] = set()
            for known, entries in self._words.items():
                if word in known:
                    holding.update(entries)
            numbers = holding if numbers is None else numbers & holding
            if not numbers:
                return []
        return [self.ids[n] for n in sorted(numbers or ())]

    def to_bytes(self) -> bytes:
        """The index as one compressed blob, for the sealed cache."""
        words = list(self._words)
        head = json.dumps({"ids": self.ids, "words": words, "erased": self.erased}, separators=(",", ":")).encode()
        counts = array("I", (len(self._words[w]) for w in words))
        numbers = array("I")
        for word in words:
            numbers.extend(self._words[word])
        return zlib.compress(_MAGIC + _LENGTH.pack(len(head)) + head + counts.tobytes() + numbers.tobytes(), 1)

    @classmethod
    def from_bytes(cls, seq: int, blob: bytes) -> WordIndex | None:
        """The index `to_bytes` saved at chain position `seq`, or None if the blob is not one."""
        try:
            plain = zlib.decompress(blob)
            if not plain.startswith(_MAGIC):
                return None
            at = len(_MAGIC)
            (size,) = _LENGTH.unpack_from(plain, at)
            head = json.loads(plain[at + 4 : at + 4 + size])
            rest = memoryview(plain)[at + 4 + size :]
            words = head["words"]
            counts, numbers = array("I"), array("I")
            counts.frombytes(rest[: 4 * len(words)])
            numbers.frombytes(rest[4 * len(words) :])
        except (zlib.error, struct.error, ValueError, KeyError, TypeError):
            return None
        if sum(counts) != len(numbers):
            return None
        index = cls(seq, int(head["erased"]))
        index.ids = list(head["ids"])
        start = 0
        for word, count in zip(words, counts, strict=True):
            index._words[word] = numbers[start : start + count]
            start += count
        return index
