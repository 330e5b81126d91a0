"""`verify`: walk every record and name the first one that is not what was written.

Checks, in chain order: sequence numbers without gaps, each record's link to the
one before, its signature by an account allowed to write it at that point, its
stored hash, the team key epoch it was sealed to, and — for whoever is
unlocked — that every seal they can open does open. Last, the chain head
against the head this machine remembers (a cut-off tail leaves no other trace).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass

from sqlalchemy import select

from storage import crypto
from storage.anchor import AnchorFile
from storage.errors import IntegrityError
from storage.records import GENESIS_HASH, Stored, chain_hash, header_of, signed_message
from storage.registry import CONTROL_CLASSES, Refused, Registry
from storage.session import Session
from storage.signatures import Pending, SignatureQueue
from storage.tables import READ_COLUMNS, HeadRow, R
from storage.vault import Vault


@dataclass(frozen=True)
class Fault:
    seq: int
    id: str
    problem: str

    def __str__(self) -> str:
        return f"record {self.seq} ({self.id}): {self.problem}"


@dataclass(frozen=True)
class Report:
    records: int
    opened: int
    fault: Fault | None

    @property
    def ok(self) -> bool:
        return self.fault is None


def verify(vault: Vault, session: Session | None = None) -> Report:
    """Check the whole chain; `session` also opens every seal it holds keys for."""
    vault_id = vault.id
    registry = Registry()
    prev, expected, opened = GENESIS_HASH, 1, 0
    fault: Fault | None = None
    with closing(SignatureQueue()) as signatures:
        with vault.connect() as conn:
            rows = conn.execution_options(yield_per=1000).execute(
                select(*READ_COLUMNS, R.signature, R.hash).order_by(R.seq)
            )
            for row in rows:
                problem = _check(vault_id, registry, row, expected, prev, signatures)
                if problem is None and session is not None and row.cls in ("entry", "audit", "roster"):
                    try:
                        opened += session._open(Stored._make(row[: len(Stored._fields)])) is not None
                    except IntegrityError:
                        problem = "its seal does not open: the ciphertext or its key was altered"
                if problem:
                    fault = Fault(row.seq, row.id, problem)
                    break
                prev, expected = row.hash, expected + 1
            head = conn.execute(select(HeadRow.seq, HeadRow.hash).where(HeadRow.id == 1)).first()
        forged = signatures.first_failure()  # after the read transaction has ended
    if forged is not None:
        return Report(forged.seq - 1, opened, Fault(forged.seq, forged.id, BAD_SIGNATURE))
    count = expected - 1
    if fault is not None:
        return Report(count, opened, fault)
    if head is None or (head.seq, head.hash) != (count, prev):
        return Report(count, opened, Fault(count, "head", "the chain head does not match the last record"))
    with closing(AnchorFile(vault_id)) as anchors:
        seen = anchors.seen()
        if seen is not None and seen.seq > count:
            return Report(
                count,
                opened,
                Fault(
                    count,
                    "head",
                    f"the store ends at record {count} but this machine saw record {seen.seq}: records were cut off",
                ),
            )
        if seen is not None and _hash_at(vault, seen.seq) != seen.hash:
            return Report(
                count, opened, Fault(seen.seq, "anchor", "differs from the record this machine saw at that position")
            )
        anchors.remember(count, prev)
    return Report(count, opened, None)


BAD_SIGNATURE = "its signature does not match (header, ciphertext or signature altered)"


def _check(
    vault_id: str, registry: Registry, row, expected: int, prev: bytes, signatures: SignatureQueue
) -> str | None:  # type: ignore[no-untyped-def]
    """Everything about one record but (for entries) its signature, which joins the queue.

    Control records are checked at once: who may sign what next depends on them.
    """
    if row.seq != expected:
        return f"record {expected} is missing (the chain jumps from {expected - 1} to {row.seq})"
    if row.prev_hash != prev:
        return "does not link to the record before it (a record was altered, removed, inserted or moved)"
    header = header_of(vault_id, row)
    try:
        key = registry.signing_key(row.author, row.author_key, row.cls, row.body)
    except Refused as refused:
        return str(refused)
    message = signed_message(header, row.body, row.wrapped_key)
    if row.cls in CONTROL_CLASSES:
        if not crypto.verify_signature(key, row.signature, message):
            return BAD_SIGNATURE
    else:
        signatures.add(Pending(row.seq, row.id, key, row.signature, message))
    if chain_hash(prev, header, row.body, row.wrapped_key, row.signature) != row.hash:
        return "its stored hash does not match its contents"
    if row.cls in ("entry", "audit") and row.epoch != registry.epoch:
        return f"sealed to team key epoch {row.epoch}, but epoch {registry.epoch} was current"
    try:
        registry.apply(row.seq, row.cls, row.body)
    except Refused as refused:
        return str(refused)
    return None


def _hash_at(vault: Vault, seq: int) -> bytes | None:
    with vault.connect() as conn:
        return conn.execute(select(R.hash).where(R.seq == seq)).scalar()
