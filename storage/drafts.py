"""Unsaved forms, sealed to their author's own public key while the app is locked.

A form being typed when the app locks (idle, ctrl+l, quit, a crash) is neither lost
nor left readable: its contents are sealed to the author's X25519 public key like an
age recipient stanza (`crypto.wrap_for`: a fresh ephemeral key, HKDF-SHA256, AES-GCM),
which needs no private key, and kept in the `draft` table, so it outlives the process.
Only the author's private key opens it again, after their next unlock.

A draft is not a record: outside the chain, unsigned, and deleted once its form is
saved or discarded. Its row is a random id and the sealed bytes, padded to whole
blocks: nothing in it says whose it is, which pupil it is about, or (closer than a
block) how much was typed. The author finds their own by trying each row with their
key (a school holds a handful at most); a row their key does not open is someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select
from sqlmodel import col

from storage import crypto, labels
from storage.session import Session
from storage.tables import DraftRow

if TYPE_CHECKING:
    from storage.vault import Vault

BLOCK = 1024
"""Sealed drafts are padded to a whole number of these, so the row's size says little of what was typed."""


def _padded(plaintext: bytes) -> bytes:
    """ISO/IEC 7816-4 padding: 0x80, then zeros to the end of the block."""
    size = -(-(len(plaintext) + 1) // BLOCK) * BLOCK
    return (plaintext + b"\x80").ljust(size, b"\x00")


def _unpadded(padded: bytes) -> bytes:
    body = padded.rstrip(b"\x00")
    if not body.endswith(b"\x80"):
        raise crypto.CryptoError("a draft's padding is malformed")
    return body[:-1]


@dataclass(frozen=True)
class Recipient:
    """Whom a draft is sealed to, and what the seal is bound to: public facts only, no key to open it."""

    vault_id: str
    account: str
    key_version: int
    public: bytes

    @classmethod
    def of(cls, session: Session) -> Recipient:
        return cls(session.vault_id, session.account_id, session.account.key_version, session.keys.exchange_public)

    def label(self, draft_id: str) -> bytes:
        return labels.draft(self.vault_id, self.account, self.key_version, draft_id)

    def seal(self, draft_id: str, plaintext: bytes) -> bytes:
        """The draft as only this account's private key opens it (made with its public key alone)."""
        return crypto.wrap_for(self.public, _padded(plaintext), self.label(draft_id))


def put(vault: Vault, draft_id: str, sealed: bytes) -> None:
    """Keep a sealed draft in the store, replacing an earlier seal of the same form."""
    with vault.connect(write=True) as conn:
        conn.execute(delete(DraftRow).where(col(DraftRow.id) == draft_id))
        conn.execute(insert(DraftRow).values(id=draft_id, sealed=sealed))


def mine(session: Session) -> dict[str, bytes]:
    """Every draft this account's key opens, by id (the rest are other people's, or from its earlier keys)."""
    private, recipient = session.keys.exchange, Recipient.of(session)
    with session.vault.connect() as conn:
        rows = conn.execute(select(col(DraftRow.id), col(DraftRow.sealed))).all()
    opened = {}
    for draft_id, sealed in rows:
        try:
            opened[draft_id] = _unpadded(crypto.unwrap(private, sealed, recipient.label(draft_id)))
        except crypto.CryptoError:
            continue
    return opened


def drop(vault: Vault, draft_id: str) -> None:
    """Forget a draft (its form was saved, or the author discarded it)."""
    with vault.connect(write=True) as conn:
        conn.execute(delete(DraftRow).where(col(DraftRow.id) == draft_id))
