"""The cryptographic primitives of the vault, each in one place (pyca `cryptography`, PyNaCl).

- Passphrases stretch to key-encryption keys with Argon2id.
- Data is sealed with AES-256-GCM; the record header is the associated data.
- A secret is wrapped *for* an X25519 public key like an age recipient stanza:
  fresh ephemeral key, HKDF-SHA256 with salt = ephemeral share ‖ recipient key,
  AES-GCM under the derived key.
- A *pair key* joins one author key and one team key by static-static X25519 +
  HKDF: the author and every holder of the team key derive the same key, nobody
  else can. Wrapping each entry's content key under its pair key means the team
  reads 50,000 entries from 80 staff with 80 key agreements instead of 50,000,
  and a wrap that opens proves it was made by that author or the team.
- Records are signed with Ed25519; signatures are checked with libsodium (PyNaCl,
  also PyCA), twice as fast as OpenSSL's Ed25519 here, and `verify` is mostly
  signature checks.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey as X25519PrivateKey,  # the type of a team key, which the vault passes around
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.exceptions import CryptoError as NaclError
from nacl.signing import VerifyKey

from storage import labels

KEY_BYTES = 32
NONCE_BYTES = 12
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)
_RAW_PRIVATE = (serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


class CryptoError(Exception):
    """A seal did not open or a signature did not verify (wrong key or altered data)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost, stored with each key slot so it can be raised later."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 1


PRODUCTION_KDF = KdfParams()


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def digest(*parts: bytes) -> bytes:
    """SHA-256 over length-prefixed parts, so no two different part lists collide."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.digest()


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def seal(key: bytes, plaintext: bytes, associated: bytes = b"") -> bytes:
    """AES-256-GCM with a random nonce, returned as nonce ‖ ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def open_sealed(key: bytes, blob: bytes, associated: bytes = b"") -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise CryptoError("sealed data is too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated)
    except InvalidTag:
        raise CryptoError("sealed data did not open") from None


def hkdf(secret: bytes, info: bytes) -> bytes:
    """A purpose-bound key derived from a secret the caller already holds."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(secret)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    if secret == bytes(len(secret)):
        raise CryptoError("all-zero shared secret")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def wrap_for(recipient: bytes, secret: bytes, label: bytes) -> bytes:
    """Wrap `secret` for an X25519 public key: ephemeral share ‖ AES-GCM(secret)."""
    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes(*_RAW)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    key = _hkdf(shared, share + recipient, labels.wrap(label))
    return share + AESGCM(key).encrypt(bytes(NONCE_BYTES), secret, label)


def unwrap(private: X25519PrivateKey, stanza: bytes, label: bytes) -> bytes:
    if len(stanza) < KEY_BYTES + 16:
        raise CryptoError("wrapped key has the wrong size")
    share, body = stanza[:KEY_BYTES], stanza[KEY_BYTES:]
    recipient = private.public_key().public_bytes(*_RAW)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(share))
    except ValueError:  # OpenSSL refuses a low-order share (its shared secret would be all zeros)
        raise CryptoError("wrapped key has an unusable ephemeral share") from None
    key = _hkdf(shared, share + recipient, labels.wrap(label))
    try:
        return AESGCM(key).decrypt(bytes(NONCE_BYTES), body, label)
    except InvalidTag:
        raise CryptoError("wrapped key did not open") from None


def pair_key(private: X25519PrivateKey, peer: bytes, author_public: bytes, team_public: bytes) -> bytes:
    """The key an author key and a team key share (either side's private key derives it)."""
    shared = private.exchange(X25519PublicKey.from_public_bytes(peer))
    return _hkdf(shared, author_public + team_public, labels.PAIR)


@dataclass(frozen=True)
class KeyPair:
    """An account's keys: X25519 to receive, Ed25519 to sign."""

    exchange: X25519PrivateKey
    signing: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    @functools.cached_property
    def exchange_public(self) -> bytes:
        """Cached: every append compares it with the registry's, and deriving it costs 14 µs."""
        return self.exchange.public_key().public_bytes(*_RAW)

    @functools.cached_property
    def signing_public(self) -> bytes:
        return self.signing.public_key().public_bytes(*_RAW)

    def private_bytes(self) -> bytes:
        return self.exchange.private_bytes(*_RAW_PRIVATE) + self.signing.private_bytes(*_RAW_PRIVATE)

    @classmethod
    def from_private_bytes(cls, raw: bytes) -> KeyPair:
        if len(raw) != 2 * KEY_BYTES:
            raise CryptoError("private key material has the wrong size")
        return cls(
            X25519PrivateKey.from_private_bytes(raw[:KEY_BYTES]),
            Ed25519PrivateKey.from_private_bytes(raw[KEY_BYTES:]),
        )


def exchange_private(raw: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(raw)


def exchange_private_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(*_RAW_PRIVATE)


def exchange_public(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(*_RAW)


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    return key.sign(message)


@functools.lru_cache(maxsize=1024)
def _verify_key(public: bytes) -> VerifyKey:
    return VerifyKey(public)


def failing_signatures(items: list[tuple[bytes, bytes, bytes]]) -> list[int]:
    """Positions of the (public key, signature, message) triples that do not verify."""
    return [
        n for n, (public, signature, message) in enumerate(items) if not verify_signature(public, signature, message)
    ]


def verify_signature(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        _verify_key(public).verify(message, signature)
    except NaclError:  # forged or corrupt signature, or a key or signature of the wrong size
        return False
    return True
