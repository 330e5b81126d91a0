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

import struct
from array import array
from collections.abc import Iterable

_MAGIC = b"school-log/words/3\n"
#: The newest tombstone, how many ids and words and their sizes in bytes, and the set-aside ids' size.
_HEAD = struct.Struct("<QIIIII")


class WordIndex:
    """The entries (by id) holding each folded word, up to chain position `seq`."""

    def __init__(self, seq: int = 0, erased: int = 0) -> None:
        self.seq = seq  # the last record taken in
        self.erased = erased  # the newest tombstone when it was built: a newer one means it may hold what was destroyed
        self.ids: list[str] = []  # entry number -> entry id
        self.set_aside: list[str] = []  # records that opened but were not the shape of their kind: each search says so
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
        """The index as one blob, for the sealed cache: a short head, then the entries' ids and the words (each
        a line), then how many entries hold each word and their numbers (uncompressed: it loads faster)."""
        words = list(self._words)
        ids, names, aside = ("\n".join(texts).encode() for texts in (self.ids, words, self.set_aside))
        head = _HEAD.pack(self.erased, len(self.ids), len(ids), len(words), len(names), len(aside))
        counts = array("I", (len(self._words[w]) for w in words))
        return b"".join((_MAGIC, head, ids, names, aside, counts.tobytes(), *(self._words[w].tobytes() for w in words)))

    @classmethod
    def from_bytes(cls, seq: int, blob: bytes) -> WordIndex | None:
        """The index `to_bytes` saved at chain position `seq`, or None if the blob is not one."""
        if not blob.startswith(_MAGIC):
            return None
        try:
            erased, n_ids, ids_size, n_words, names_size, aside_size = _HEAD.unpack_from(blob, len(_MAGIC))
            at = len(_MAGIC) + _HEAD.size
            ids = blob[at : at + ids_size].decode().split("\n") if n_ids else []
            at += ids_size
            words = blob[at : at + names_size].decode().split("\n") if n_words else []
            at += names_size
            aside = blob[at : at + aside_size].decode().split("\n") if aside_size else []
            at += aside_size
            counts, numbers = array("I"), array("I")
            counts.frombytes(blob[at : at + 4 * n_words])
            numbers.frombytes(blob[at + 4 * n_words :])
        except (struct.error, ValueError):
            return None
        if len(ids) != n_ids or len(words) != n_words or sum(counts) != len(numbers):
            return None
        index = cls(seq, erased)
        index.ids, index.set_aside = ids, aside
        start = 0
        for word, count in zip(words, counts, strict=True):
            index._words[word] = numbers[start : start + count]
            start += count
        return index
