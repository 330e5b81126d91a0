"""Sealed, signed envelopes between two vaults' identity keys (age-style, then Ed25519).

An *identity* is a `crypto.KeyPair`: X25519 to receive, Ed25519 to sign. An
envelope carries a payload for exactly one recipient: a fresh file key wrapped
for the recipient's X25519 key (ephemeral X25519, HKDF-SHA256 bound to the
envelope's header, AES-GCM), the payload sealed under that file key with the
header as associated data, and the sender's Ed25519 signature over the header
and both sealed parts. Only the header is in the clear: format, kind, id, time
and the two parties' public keys — no payload byte.

Opening checks, in order, and refuses with one line: the file parses, it is of
the kind asked for, it is addressed to one of the identities given (a vault keeps
its earlier identity keys to open what was sealed to them), the signature holds,
and the seals open. Nothing is returned until all of them pass.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from storage import crypto, labels, strict_json
from storage.errors import InputError, IntegrityError
from storage.records import GENESIS_HASH, canonical
from storage.tables import HEAD
from storage.vault import Vault

FORMAT = "school-log-envelope/1"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # base32 without 0/O and 1/I: read aloud without doubt


@dataclass(frozen=True)
class PublicIdentity:
    """The public half of an identity: what a recipient publishes and a sender checks."""

    exchange: bytes
    signing: bytes

    @classmethod
    def of(cls, keys: crypto.KeyPair) -> PublicIdentity:
        return cls(keys.exchange_public, keys.signing_public)

    @property
    def fingerprint(self) -> str:
        """40 characters in groups of four, from a SHA-256 of both keys: short enough to read on the phone."""
        value = int.from_bytes(crypto.digest(labels.FINGERPRINT, self.exchange, self.signing)[:25], "big")
        chars = "".join(_ALPHABET[(value >> (5 * n)) & 31] for n in range(40))
        return "-".join(chars[n : n + 4] for n in range(0, 40, 4))

    def to_data(self) -> dict[str, str]:
        return {"x25519": _b64(self.exchange), "ed25519": _b64(self.signing)}

    @classmethod
    def from_data(cls, data: Any, where: str) -> PublicIdentity:
        try:
            exchange, signing = _unb64(data["x25519"]), _unb64(data["ed25519"])
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{where}: not a public key (x25519 and ed25519, base64)") from None
        if len(exchange) != crypto.KEY_BYTES or len(signing) != crypto.KEY_BYTES:
            raise InputError(f"{where}: a public key has the wrong length")
        return cls(exchange, signing)


@dataclass(frozen=True)
class Opened:
    """An envelope that passed every check."""

    id: str
    kind: str
    created_at: str
    sender: PublicIdentity
    recipient: PublicIdentity  # which of the identities given it was sealed to
    payload: bytes


def seal(sender: crypto.KeyPair, recipient: PublicIdentity, kind: str, payload: bytes, at: datetime) -> bytes:
    """An envelope of `kind` carrying `payload` for `recipient`, signed by `sender`, made at `at`."""
    header = {
        "format": FORMAT,
        "kind": kind,
        "id": str(uuid.uuid4()),
        "created_at": at.isoformat(timespec="seconds"),
        "from": PublicIdentity.of(sender).to_data(),
        "to": recipient.to_data(),
    }
    ad = canonical(header)
    file_key = crypto.random_key()
    ephemeral = X25519PrivateKey.generate()
    share = crypto.exchange_public(ephemeral)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.exchange))
    wrapped = share + crypto.seal(_stanza_key(shared, share, recipient.exchange, ad), file_key, ad)
    body = crypto.seal(file_key, payload, ad)
    signature = crypto.sign(sender.signing, _signed(ad, wrapped, body))
    envelope = {"header": header, "key": _b64(wrapped), "body": _b64(body), "signature": _b64(signature)}
    return json.dumps(envelope, sort_keys=True).encode() + b"\n"


def open_envelope(recipients: Sequence[crypto.KeyPair], blob: bytes, kind: str, where: str) -> Opened:
    """The checked contents of an envelope for one of `recipients`; IntegrityError naming the first check
    that failed."""
    try:
        envelope = strict_json.loads(blob)
        header = envelope["header"]
        wrapped, body, signature = (_unb64(envelope[name]) for name in ("key", "body", "signature"))
        sender = PublicIdentity.from_data(header["from"], where)
        addressed = PublicIdentity.from_data(header["to"], where)
        if not isinstance(header["id"], str) or not isinstance(header["created_at"], str):
            raise ValueError("header")
    except (ValueError, KeyError, TypeError, InputError):
        raise IntegrityError(f"{where}: not a complete envelope (damaged or cut short); nothing was written") from None
    if header.get("format") != FORMAT or header.get("kind") != kind:
        raise IntegrityError(f"{where}: not a {kind} file; nothing was written")
    recipient = next((keys for keys in recipients if PublicIdentity.of(keys) == addressed), None)
    if recipient is None:
        raise IntegrityError(
            f"{where}: addressed to another school (key {addressed.fingerprint}), not this one; nothing was written"
        )
    ad = canonical(header)
    if not crypto.verify_signature(sender.signing, signature, _signed(ad, wrapped, body)):
        raise IntegrityError(f"{where}: the signature does not match: the file was altered; nothing was written")
    try:
        share = wrapped[: crypto.KEY_BYTES]
        shared = recipient.exchange.exchange(X25519PublicKey.from_public_bytes(share))
        file_key = crypto.open_sealed(
            _stanza_key(shared, share, recipient.exchange_public, ad), wrapped[crypto.KEY_BYTES :], ad
        )
        payload = crypto.open_sealed(file_key, body, ad)
    except (crypto.CryptoError, ValueError):
        raise IntegrityError(f"{where}: the sealed contents do not open; nothing was written") from None
    return Opened(header["id"], kind, header["created_at"], sender, addressed, payload)


def _stanza_key(shared: bytes, share: bytes, recipient: bytes, ad: bytes) -> bytes:
    if shared == bytes(len(shared)):
        raise crypto.CryptoError("all-zero shared secret")
    return crypto.hkdf(shared + share + recipient, labels.envelope_key(crypto.digest(ad)))


def _signed(ad: bytes, wrapped: bytes, body: bytes) -> bytes:
    return crypto.digest(labels.ENVELOPE, ad, wrapped, body)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def chain_head(vault: Vault) -> tuple[int, bytes]:
    """The chain's current (sequence, hash): what an outgoing bundle quotes of the chain it came from."""
    with vault.connect() as conn:
        head = conn.execute(HEAD).first()
    if head is None:
        return 0, GENESIS_HASH
    return head.seq, head.hash
