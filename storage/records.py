"""The shape of one chained record: its header, what is signed and what is hashed."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from typing import Any

from storage.crypto import digest

FORMAT = 1
GENESIS_HASH = bytes(32)


@dataclass(frozen=True)
class Header:
    """Everything about a record that is stored in the clear, bound into its seal and signature."""

    vault: str
    seq: int
    id: str
    cls: str
    subject: str
    author: str
    author_key: int
    epoch: int
    created_at: str
    prev_hash: bytes

    def encode(self) -> bytes:
        fields = asdict(self) | {"prev_hash": self.prev_hash.hex(), "v": FORMAT}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def signed_message(header: bytes, body: bytes, wrapped_key: bytes) -> bytes:
    """What the author signs: the header and digests of the sealed parts."""
    return digest(b"school-log/record/v1", header, body, wrapped_key)


def chain_hash(prev_hash: bytes, header: bytes, body: bytes, wrapped_key: bytes, signature: bytes) -> bytes:
    return digest(prev_hash, header, body, wrapped_key, signature)


def canonical(data: Any) -> bytes:
    """Canonical JSON: the bytes sealed or signed never depend on dict order."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
