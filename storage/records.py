"""The shape of one chained record: its header, what is signed and what is hashed."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, NamedTuple

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
            self.vault,
            self.seq,
            self.id,
            self.cls,
            self.subject,
            self.author,
            self.author_key,
            self.epoch,
            self.created_at,
            self.prev_hash,
        )


def header_bytes(
    vault: str,
    seq: int,
    id: str,
    cls: str,
    subject: str,
    author: str,
    author_key: int,
    epoch: int,
    created_at: str,
    prev_hash: bytes,
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


class Stored(NamedTuple):
    """One stored row as read (a plain tuple: SQLAlchemy rows are slow to take apart 50,000 times)."""

    seq: int
    id: str
    cls: str
    subject: str
    author: str
    author_key: int
    epoch: int
    created_at: str
    prev_hash: bytes
    body: bytes
    wrapped_key: bytes
    signature: bytes


class Opened(NamedTuple):
    """A record as its reader sees it, after the seal opened (a tuple: made 50,000 times a view)."""

    id: str
    seq: int
    cls: str
    subject: str
    author: str
    created_at: str
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Appended:
    """Where a record landed: its id, position and the vault's timestamp."""

    id: str
    seq: int
    created_at: str


@dataclass(frozen=True)
class Draft:
    """A record to append: `cls` is the vault's class, `kind` the caller's (sealed)."""

    cls: str
    subject: str = ""
    kind: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    public: bytes = b""  # control records: signed plaintext body


def header_of(vault_id: str, row: Any) -> bytes:
    """The canonical header bytes of a stored row (what its seal and signature bind)."""
    return header_bytes(
        vault_id,
        row.seq,
        row.id,
        row.cls,
        row.subject,
        row.author,
        row.author_key,
        row.epoch,
        row.created_at,
        row.prev_hash,
    )
