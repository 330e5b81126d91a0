"""An account's private keys at rest: sealed under a key stretched from its passphrase."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

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

# Production cost; tests replace it with a cheap profile in tests/conftest.py only.
DEFAULT_KDF = PRODUCTION_KDF


def user_tag(vault_id: str, username: str) -> str:
    """How a username is found without being stored: a hash salted with the vault id."""
    return digest(b"school-log/user/v1", vault_id.encode(), username.strip().lower().encode()).hex()


def _ad(account: str, key_version: int) -> bytes:
    return f"school-log/keyslot/v1/{account}/{key_version}".encode()


def seal_keys(keys: KeyPair, passphrase: str, account: str, key_version: int) -> bytes:
    params = DEFAULT_KDF
    salt = os.urandom(16)
    kek = derive_kek(passphrase, salt, params)
    sealed = seal(kek, keys.private_bytes(), _ad(account, key_version))
    return json.dumps({"kdf": "argon2id", "params": asdict(params), "salt": b64(salt), "sealed": b64(sealed)}).encode()


def open_keys(blob: bytes, passphrase: str, account: str, key_version: int) -> KeyPair:
    """The account's keys, or CryptoError for a wrong passphrase (or a damaged slot)."""
    try:
        data = json.loads(blob)
        params = KdfParams(**data["params"])
        salt, sealed = unb64(data["salt"]), unb64(data["sealed"])
    except (ValueError, KeyError, TypeError):
        raise CryptoError("key slot is damaged") from None
    kek = derive_kek(passphrase, salt, params)
    return KeyPair.from_private_bytes(open_sealed(kek, sealed, _ad(account, key_version)))
