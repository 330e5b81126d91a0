"""The shape of one chained record: its header, what is signed and what is hashed."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any, NamedTuple

from storage import labels
from storage.crypto import digest

if TYPE_CHECKING:
    from sqlalchemy import Row

#: The vault format this program writes and reads: how records are encoded (the header's "v"); a higher one is refused.
FORMAT = 1
GENESIS_HASH = bytes(32)
_q = encode_basestring_ascii


class Stored(NamedTuple):
    """The record's columns, in the order every read takes them: the one statement of them.

    The first nine, with the vault's id, are its header: stored in the clear and bound
    into its seal, signature and hash (`header_bytes`); the last three are sealed or
    signed, and empty while a record is being sealed: its header comes first. The
    table (`storage.tables.RecordRow`) adds the record's hash. A plain tuple:
    SQLAlchemy rows are slow to take apart 50,000 times.
    """

    seq: int
    id: str
    cls: str
    subject: str
    author: str
    author_key: int
    epoch: int
    created_at: str
    prev_hash: bytes
    body: bytes = b""
    wrapped_key: bytes = b""
    signature: bytes = b""


def header_bytes(vault: str, record: Stored | Row[*tuple[Any, ...]]) -> bytes:
    """The canonical header: JSON with sorted keys and no spaces, ASCII-escaped strings.

    Formatted directly rather than through `json.dumps`, because it runs once for
    every record read, and reading the whole school is the DSL's daily view.
    """
    r = record
    return (
        f'{{"author":{_q(r.author)},"author_key":{int(r.author_key)},"cls":{_q(r.cls)},"created_at":{_q(r.created_at)},'
        f'"epoch":{int(r.epoch)},"id":{_q(r.id)},"prev_hash":"{r.prev_hash.hex()}","seq":{int(r.seq)},'
        f'"subject":{_q(r.subject)},"v":{FORMAT},"vault":{_q(vault)}}}'
    ).encode()


def signed_message(header: bytes, body: bytes, wrapped_key: bytes) -> bytes:
    """What the author signs: the header and digests of the sealed parts."""
    return digest(labels.RECORD, header, body, wrapped_key)


def chain_hash(prev_hash: bytes, header: bytes, body: bytes, wrapped_key: bytes, signature: bytes) -> bytes:
    return digest(prev_hash, header, body, wrapped_key, signature)


def canonical(data: Any) -> bytes:
    """Canonical JSON: the bytes sealed or signed never depend on dict order."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


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
    epoch: int  # the team key epoch it was sealed in (roster records: the roster key's)


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


# A canonical payload ends with its kind: `canonical` sorts "kind" after "data".
_KIND_TAIL = re.compile(rb',"kind":"([a-z][a-z0-9._-]*)"}\Z')


def kind_of(plain: bytes) -> str:
    """A sealed payload's kind, read from its last bytes without decoding its data.

    In valid JSON a tail `,"kind":"x"}` can only be the object's last "kind" member,
    the one `json.loads` keeps, so a payload not written canonically cannot show
    `verify` one kind and a reader another; one whose tail is not so is decoded.
    """
    match = _KIND_TAIL.search(plain, max(0, len(plain) - 64))
    if match:
        return match.group(1).decode("ascii")
    payload = json.loads(plain)
    return payload.get("kind", "") if isinstance(payload, dict) else ""
