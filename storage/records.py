"""The shape of one chained record: its header, what is signed and what is hashed."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from storage.crypto import digest

FORMAT = 1
GENESIS_HASH = bytes(32)
_ENCODE = json.JSONEncoder(separators=(",", ":")).encode


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
        """Canonical bytes (sorted keys); built by hand because this runs once per record read."""
        return _ENCODE(
            {
                "author": self.author,
                "author_key": self.author_key,
                "cls": self.cls,
                "created_at": self.created_at,
                "epoch": self.epoch,
                "id": self.id,
                "prev_hash": self.prev_hash.hex(),
                "seq": self.seq,
                "subject": self.subject,
                "v": FORMAT,
                "vault": self.vault,
            }
        ).encode()


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
