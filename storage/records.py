"""The shape of one chained record: its header, what is signed and what is hashed."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from storage.crypto import digest

FORMAT = 1
GENESIS_HASH = bytes(32)
_q = encode_basestring_ascii


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
        return header_bytes(
            self.vault, self.seq, self.id, self.cls, self.subject, self.author,
            self.author_key, self.epoch, self.created_at, self.prev_hash,
        )


def header_bytes(
    vault: str, seq: int, id: str, cls: str, subject: str, author: str,
    author_key: int, epoch: int, created_at: str, prev_hash: bytes,
) -> bytes:
    """The canonical header: JSON with sorted keys and no spaces, ASCII-escaped strings.

    Formatted directly rather than through `json.dumps`, because it runs once for
    every record read, and reading the whole school is the DSL's daily view.
    """
    return (
        f'{{"author":{_q(author)},"author_key":{int(author_key)},"cls":{_q(cls)},"created_at":{_q(created_at)},'
        f'"epoch":{int(epoch)},"id":{_q(id)},"prev_hash":"{prev_hash.hex()}","seq":{int(seq)},'
        f'"subject":{_q(subject)},"v":{FORMAT},"vault":{_q(vault)}}}'
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
