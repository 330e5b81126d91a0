"""Erasing records for good while the chain still verifies: a signed tombstone and counts stay.

The chain is append-only, so erasing cannot remove rows; it empties them. In one
transaction a DSL appends a *tombstone* — an `audit` record whose subject
commits to exactly the rows it erases, `erased/<count>/<digest>` with the digest
over each row's (seq, id, hash) — and then overwrites those rows: class
`erased`, no subject, no author, body = a pointer to the tombstone, no key and
no signature. Seq, id, previous hash, hash and time stay, so the records after
them still link, and the next record's signature still pins each stored hash.

`check` is what `verify` runs on every row (see the hook below). An erased row
is accepted only where it links, and a tombstone later in the chain, signed by
a DSL, commits to it, with this exact set; anything else is named as a fault.

The hook in `storage/verify.py`, `verify()`, loop body: instead of
    problem = _check(vault_id, registry, row, expected, prev, signatures)
call
    problem = erasure.check(vault, registry, row, expected, prev,
                            lambda: _check(vault_id, registry, row, expected, prev, signatures))
(with `from storage import erasure`).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from storage import crypto
from storage.errors import AuthError, InputError, IntegrityError
from storage.records import Draft, canonical, chain_hash, header_of, signed_message
from storage.registry import Refused, Registry
from storage.session import Session
from storage.tables import R, RecordRow
from storage.vault import Vault

ERASED = "erased"
PREFIX = "erased/"


@dataclass(frozen=True)
class Erased:
    tombstone: str
    records: int
    by_class: dict[str, int]


def commitment(rows: Sequence[tuple[int, str, bytes]]) -> str:
    """The tombstone's subject: how many rows, and a digest binding each one's position, id and hash."""
    parts = [f"{seq}:{id_}".encode() + hash_ for seq, id_, hash_ in sorted(rows)]
    return f"{PREFIX}{len(parts)}/{crypto.digest(b'school-log/erased/v1', *parts).hex()}"


def verify_knows() -> bool:
    """Whether `storage.verify` runs `check` (the hook above imports this module there)."""
    from storage import verify

    return getattr(verify, "erasure", None) is sys.modules[__name__]


def erase(session: Session, subject: str, classes: Sequence[str], kind: str, data: dict[str, Any]) -> Erased:
    """Erase every record of `classes` about `subject`, leaving a tombstone of `kind` carrying `data`."""
    if not session.is_team:
        raise AuthError("only a DSL can erase records")
    if not verify_knows():
        raise IntegrityError("this build's verify does not check tombstones yet, so nothing was erased")
    with session.transaction() as conn:
        rows = conn.execute(
            select(R.seq, R.id, R.hash, R.cls).where(R.subject == subject, R.cls.in_(tuple(classes))).order_by(R.seq)
        ).all()
        if not rows:
            raise InputError("there is nothing left to erase")
        by_class = dict(Counter(row.cls for row in rows))
        draft = Draft("audit", subject=commitment([(r.seq, r.id, r.hash) for r in rows]), kind=kind, data=data)
        tombstone = session.append_in(conn, draft)[0]
        marker = canonical({"tombstone": tombstone.id, "seq": tombstone.seq})
        conn.execute(
            update(RecordRow)
            .where(R.seq.in_([r.seq for r in rows]))
            .values(cls=ERASED, subject="", author="", body=marker, wrapped_key=b"", signature=b"")
        )
    return Erased(tombstone.id, len(rows), by_class)


@dataclass
class _Erasures:
    """What the tombstones of one store say, read once before a verify walk needs it."""

    problems: dict[int, str | None] = field(default_factory=dict)  # erased seq -> fault, or None if committed
    tombstones: set[int] = field(default_factory=set)


_last: tuple[Vault, _Erasures] | None = None  # the store being walked (looked up per row: kept cheap)


def check(
    vault: Vault, registry: Registry, row: Any, expected: int, prev: bytes, otherwise: Callable[[], str | None]
) -> str | None:
    """The fault in `row`, if any: erased rows and tombstones here, every other row by `otherwise`."""
    global _last
    if _last is None or _last[0] is not vault or row.seq == 1:  # each walk starts at record 1: read afresh
        _last = (vault, _load(vault))
    erasures = _last[1]
    if row.cls != ERASED and row.seq not in erasures.tombstones:
        return otherwise()
    if row.seq != expected:
        return f"record {expected} is missing (the chain jumps from {expected - 1} to {row.seq})"
    if row.prev_hash != prev:
        return "does not link to the record before it (a record was altered, removed, inserted or moved)"
    if row.cls == ERASED:
        registry.last_seq = row.seq
        return erasures.problems.get(row.seq, "erased, but no tombstone names it")
    return _check_tombstone(vault.id, registry, row)


def _check_tombstone(vault_id: str, registry: Registry, row: Any) -> str | None:
    """A tombstone is an audit record like any other, but only a DSL may have signed it."""
    try:
        key = registry.signing_key(row.author, row.author_key, row.cls, row.body)
    except Refused as refused:
        return str(refused)
    if registry.accounts[row.author].role != "dsl":
        return "a tombstone signed by an account that is not a DSL"
    header = header_of(vault_id, row)
    if not crypto.verify_signature(key, row.signature, signed_message(header, row.body, row.wrapped_key)):
        return "its signature does not match (header, ciphertext or signature altered)"
    if chain_hash(row.prev_hash, header, row.body, row.wrapped_key, row.signature) != row.hash:
        return "its stored hash does not match its contents"
    if row.epoch != registry.epoch:
        return f"sealed to team key epoch {row.epoch}, but epoch {registry.epoch} was current"
    registry.apply(row.seq, row.cls, row.body)
    return None


def _load(vault: Vault) -> _Erasures:
    """Group the erased rows by the tombstone they point at and hold each group to its commitment."""
    found = _Erasures()
    groups: dict[tuple[str, int], list[tuple[int, str, bytes]]] = {}
    with vault.connect() as conn:
        for seq, id_, hash_, body in conn.execute(select(R.seq, R.id, R.hash, R.body).where(R.cls == ERASED)):
            try:
                marker = json.loads(body)
                groups.setdefault((str(marker["tombstone"]), int(marker["seq"])), []).append((seq, id_, hash_))
            except (ValueError, KeyError, TypeError):
                found.problems[seq] = "erased, but its pointer to a tombstone is damaged"
        for (tombstone_id, tombstone_seq), rows in groups.items():
            stone = conn.execute(select(R.id, R.cls, R.subject).where(R.seq == tombstone_seq)).first()
            if stone is None or stone.id != tombstone_id or stone.cls != "audit":
                problem: str | None = f"erased, but its tombstone (record {tombstone_seq}) is not there"
            elif stone.subject != commitment(rows):
                problem = f"erased, but the tombstone at record {tombstone_seq} does not commit to this set of records"
            elif any(seq > tombstone_seq for seq, _, _ in rows):
                problem = "erased by a tombstone written before it"
            else:
                problem = None
                found.tombstones.add(tombstone_seq)
            for seq, _, _ in rows:
                found.problems.setdefault(seq, problem)
    return found
