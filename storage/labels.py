"""Every domain-separation label the vault binds into a derived key, a seal, a hash or a signature.

The bytes are part of the vault format: a label changed by one byte opens nothing
written before, so each is stated once, here, and pinned by tests/test_vault_format.py.
No label is reused for two purposes.
"""

from __future__ import annotations

#: Hash inputs and key derivations with a fixed purpose.
RECORD = b"school-log/record/v1"  # what a record's author signs
PAIR = b"school-log/pair/v1"  # HKDF: the key an author key and a team key share
USER = b"school-log/user/v1"  # the fast salted hash a username was found by before tags were stretched
USER_TAG = b"school-log/user-tag/v2"  # the Argon2id salt (with the vault id) a username's key slot is named by
RECEIPT = b"school-log/receipt/v1"  # HKDF: a receipt's key, from its pair key
CACHE = b"school-log/cache/v1"  # HKDF: the cache's key, from a team key
CHECKED_SIGNATURE = b"school-log/checked-signature/v1"  # a record whose signature the team checked (digest)
ERASED = b"school-log/erased/v1"  # a tombstone's commitment to the records it emptied
FINGERPRINT = b"school-log/fingerprint/v1"  # an identity's fingerprint, read aloud
ENVELOPE = b"school-log/envelope/v1"  # what an envelope's sender signs
_WRAP = b"school-log/wrap/v1/"
_ENVELOPE_KEY = ENVELOPE + b"/"

#: The first roster key epoch: its grants are labelled without the epoch (written before there were others).
FIRST_ROSTER_EPOCH = 1


def wrap(label: bytes) -> bytes:
    """HKDF info of a key wrapped for an X25519 key under `label` (which is also the seal's associated data)."""
    return _WRAP + label


def envelope_key(header_digest: bytes) -> bytes:
    """HKDF info of an envelope's file-key stanza, bound to the digest of the envelope's header."""
    return _ENVELOPE_KEY + header_digest


def keyslot(account: str, key_version: int) -> bytes:
    """Associated data of an account's private keys sealed under its passphrase."""
    return f"school-log/keyslot/v1/{account}/{key_version}".encode()


def roster_grant(epoch: int, account: str, key_version: int) -> bytes:
    """The wrap label of a roster key of `epoch` granted to an account's key."""
    prefix = "roster/" if epoch == FIRST_ROSTER_EPOCH else f"roster/{epoch}/"
    return f"{prefix}{account}/{key_version}".encode()


def team_grant(epoch: int, account: str, key_version: int) -> bytes:
    """The wrap label of a team key of `epoch` granted to a DSL's key."""
    return f"team/{epoch}/{account}/{key_version}".encode()


def handover(account: str, key_version: int) -> bytes:
    """The wrap label of the pair keys an account's earlier keys hand over to its new key."""
    return f"handover/{account}/{key_version}".encode()


def receipt(vault: str, recipient: str, key_version: int, epoch: int) -> bytes:
    """Associated data of a receipt: bound to the vault, its recipient and the pair key it was sealed with."""
    return f"receipt/{vault}/{recipient}/{key_version}/{epoch}".encode()


def cache(vault: str, name: str, epoch: int, seq: int) -> bytes:
    """Associated data of a cached view: bound to the vault, its name, the team key epoch and the chain position."""
    return f"{vault}/{name}/{epoch}/{seq}".encode()


def draft(vault: str, account: str, key_version: int, draft_id: str) -> bytes:
    """The wrap label of an unsaved form sealed to its author's key: bound to the vault, the key and the draft's row."""
    return f"draft/{vault}/{account}/{key_version}/{draft_id}".encode()
