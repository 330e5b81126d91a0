"""An account's private keys at rest: sealed under a key stretched from its passphrase."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from storage import labels
from storage.crypto import (
    PRODUCTION_KDF,
    CryptoError,
    KdfParams,
    KeyPair,
    derive_kek,
    digest,
    open_sealed,
    seal,
)
from storage.records import b64, unb64

# Production cost; tests replace both with a cheap profile in tests/conftest.py only.
DEFAULT_KDF = PRODUCTION_KDF
#: A key slot stretched more cheaply than this is refused: one written with a cheaper
#: setting (a test profile, a build gone wrong) makes its passphrase quick to guess
#: from any copy of the store, so it must be noticed and reset, not used.
MINIMUM_KDF = PRODUCTION_KDF


class WeakKeySlot(CryptoError):
    """A key slot whose Argon2id cost is below the production minimum."""


class WeakUserTags(CryptoError):
    """A vault whose username tags are stretched below the production minimum."""


def _below_minimum(params: KdfParams) -> bool:
    return params.memory_kib < MINIMUM_KDF.memory_kib or params.iterations < MINIMUM_KDF.iterations


def user_tag(vault_id: str, username: str, params: KdfParams | None) -> str:
    """The key slot's name: the username stretched by Argon2id (`params`, the vault's signed setting) with a
    salt from the vault id, so each name guessed against a copy of the store costs a passphrase guess.

    `params` None: a vault written before tags were stretched (a fast hash), until a DSL's next unlock
    renames its slots (`storage.usertags`).
    """
    name = username.strip().lower()
    if params is None:
        return digest(labels.USER, vault_id.encode(), name.encode()).hex()
    if _below_minimum(params):
        raise WeakUserTags(
            f"the vault's usernames are stretched with {params.memory_kib} KiB x {params.iterations}, below the minimum"
        )
    return derive_kek(name, digest(labels.USER_TAG, vault_id.encode())[:16], params).hex()


def seal_keys(keys: KeyPair, passphrase: str, account: str, key_version: int) -> bytes:
    params = DEFAULT_KDF
    salt = os.urandom(16)
    kek = derive_kek(passphrase, salt, params)
    sealed = seal(kek, keys.private_bytes(), labels.keyslot(account, key_version))
    return json.dumps({"kdf": "argon2id", "params": asdict(params), "salt": b64(salt), "sealed": b64(sealed)}).encode()


def failed_unlocks(blob: bytes) -> int:
    """How many wrong passphrases were tried on this slot since it last opened."""
    try:
        return int(json.loads(blob).get("failed", 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def with_failed_unlocks(blob: bytes, count: int) -> bytes:
    """The slot with its count of wrong passphrases set (no guessed text is ever kept)."""
    data = json.loads(blob)
    data["failed"] = count
    return json.dumps(data).encode()


def open_keys(blob: bytes, passphrase: str, account: str, key_version: int) -> KeyPair:
    """The account's keys, or CryptoError for a wrong passphrase (or a damaged slot)."""
    try:
        data = json.loads(blob)
        params = KdfParams(**data["params"])
        salt, sealed = unb64(data["salt"]), unb64(data["sealed"])
    except (ValueError, KeyError, TypeError):
        raise CryptoError("key slot is damaged") from None
    if _below_minimum(params):
        raise WeakKeySlot(
            f"key slot is stretched with {params.memory_kib} KiB x {params.iterations}, below the minimum"
        )
    kek = derive_kek(passphrase, salt, params)
    return KeyPair.from_private_bytes(open_sealed(kek, sealed, labels.keyslot(account, key_version)))
