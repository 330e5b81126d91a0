"""Roster records whose DSL signature the safeguarding team has already checked, so an unlock need not check
every one again.

Records sealed under the roster key (which every account holds) prove nothing about their author by
opening, so each one's DSL signature is checked as it is read (`storage.trust`): 2,000 Ed25519 checks,
most of what reading the roster costs a DSL's unlock. The team keeps the digests of the records it has
checked in the cache table (`storage.cache`), sealed under its key of the current epoch: only the team
of that epoch can write the set, so a member of staff, who holds the roster key and can write a roster
record that opens, cannot vouch for one. A digest covers the whole record as stored (its header, with
the vault, position, id, author and key version; its sealed body, wrapped key and signature) and the
author's signing key, so a record altered in any byte is not in the set: its signature is checked, and
refused, as before. Staff hold no team key and check every signature; `verify` never uses the set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage import cache, crypto, erasure, labels
from storage.records import Stored, signed_message

if TYPE_CHECKING:
    from storage.session import Session

#: Versioned: a set of another shape is never read.
NAME = "checked-signatures/1"
_DIGEST = 32  # crypto.digest is SHA-256


class CheckedSignatures:
    """The digests of records whose signatures the team checked, and those this read found (to save)."""

    def __init__(self, known: frozenset[bytes] = frozenset(), erased: int = 0) -> None:
        self.known = known
        self.seen: set[bytes] = set()
        self.erased = erased  # the newest tombstone when the set was read: saved only if none is newer

    def verified(self, public: bytes, row: Stored, header: bytes) -> bool:
        """Whether `row` is signed by the holder of `public`: from the set if the team checked this very
        record before, else by checking its signature (and remembering it if it holds)."""
        found = crypto.digest(labels.CHECKED_SIGNATURE, public, header, row.body, row.wrapped_key, row.signature)
        if found not in self.known:
            if not crypto.verify_signature(public, row.signature, signed_message(header, row.body, row.wrapped_key)):
                return False
        self.seen.add(found)
        return True

    def to_bytes(self) -> bytes:
        return b"".join(sorted(self.seen))


def load(session: Session) -> CheckedSignatures | None:
    """The team's set (empty if none is saved), or None for an account outside the team: it checks every
    signature, as it cannot tell the team's set from one anyone else wrote."""
    if not session.is_team:
        return None
    erased = erasure.newest(session.vault)
    found = cache.load_bytes(session, NAME)
    blob = found[1] if found else b""
    if len(blob) % _DIGEST:
        blob = b""
    return CheckedSignatures(frozenset(blob[i : i + _DIGEST] for i in range(0, len(blob), _DIGEST)), erased)


def save(session: Session, checked: CheckedSignatures) -> None:
    """Keep what a read found for the next unlock, when it differs from the set it started from: the
    records read this time only (one no longer read drops out), unless a file was destroyed meanwhile."""
    if checked.seen != checked.known:
        cache.save_bytes(session, NAME, session.registry.last_seq, checked.to_bytes(), checked.erased)
