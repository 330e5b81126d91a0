"""Erasing records for good while the chain still verifies: a signed tombstone and counts stay.

The chain is append-only, so erasing cannot remove rows; it empties them. In one
transaction a DSL appends a *tombstone* — an `audit` record whose subject
commits to exactly the rows it erases, `erased/<count>/<digest>` with the digest
over each row's (seq, id, hash) — and then overwrites those rows: class
`erased`, no subject, no author, body = a pointer to the tombstone, no key and
no signature. Seq, id, previous hash, hash and time stay, so the records after
them still link, and the next record's signature still pins each stored hash.

`verify` reads the store's erasures once (`load`) before its walk: an erased row
is accepted only where it links, and a tombstone later in the chain, signed by a
DSL, commits to it, with this exact set; anything else is named as a fault.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from storage import crypto, labels
from storage.errors import AuthError, InputError
from storage.records import Draft, canonical
from storage.registry import Registry
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
    return f"{PREFIX}{len(parts)}/{crypto.digest(labels.ERASED, *parts).hex()}"


def erase(session: Session, subject: str, classes: Sequence[str], kind: str, data: dict[str, Any]) -> Erased:
    """Erase every record of `classes` about `subject`, leaving a tombstone of `kind` carrying `data`."""
    if not session.is_team:
        raise AuthError("only a DSL can erase records")
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
class Erasures:
    """What the tombstones of one store say, read once before a verify walk."""

    problems: dict[int, str | None] = field(default_factory=dict)  # erased seq -> fault, or None if committed
    tombstones: set[int] = field(default_factory=set)

    def of_erased(self, seq: int) -> list[str]:
        """Why an erased row is not covered by its tombstone (nothing if it is)."""
        problem = self.problems.get(seq, "erased, but no tombstone names it")
        return [problem] if problem else []

    def of_tombstone(self, registry: Registry, row: Any) -> list[str]:
        """A tombstone is an audit record like any other (checked as one), but only a DSL may have signed it."""
        if row.seq in self.tombstones and registry.role_of(row.author) != "dsl":
            return ["a tombstone signed by an account that is not a DSL"]
        return []


def load(vault: Vault) -> Erasures:
    """Group the erased rows by the tombstone they point at and hold each group to its commitment."""
    found = Erasures()
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
