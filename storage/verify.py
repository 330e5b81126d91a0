"""`verify`: walk every record and name each one that is not what was written.

Checks, in chain order: sequence numbers without gaps, each record's link to the
one before, times that never go backwards, its signature by an account allowed to
write it at that point, its stored hash, the team key epoch it was sealed to, and —
for whoever is unlocked — that every seal they can open does open and was written
by a role allowed to write that kind. Last, the chain head against the head this
machine remembers and against any signed checkpoint given (a cut-off tail, or a
whole store rolled back to an older copy, leaves no other trace). Records emptied
by a retention decision (`storage.erasure`) keep only their place in the chain,
under a DSL-signed tombstone that commits to exactly them.

Every fault is reported, not only the first: after one is found the walk goes on
from the record as stored, so an altered record is named itself, and whatever
else is wrong is named too (up to `MAX_FAULTS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, select

from storage import crypto, erasure
from storage.anchor import AnchorFile
from storage.checkpoint import VERIFIED, Checkpoint, anchor_problem, keep_here, kept_here, problem_with
from storage.errors import IntegrityError
from storage.records import GENESIS_HASH, Stored, chain_hash, header_bytes, signed_message
from storage.registry import CONTROL_CLASSES, ROSTER_SEALED, SEALED_CLASSES, Refused, Registry
from storage.session import Session
from storage.signatures import Pending, SignatureQueue
from storage.stamps import CLOCK_SUBJECT
from storage.tables import HEAD, READ_COLUMNS, R
from storage.vault import Vault

MAX_FAULTS = 50
BAD_SIGNATURE = "its signature does not match (header, ciphertext or signature altered)"


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
    faults: tuple[Fault, ...] = ()
    more: int = 0  # faults found beyond MAX_FAULTS
    clock: str = "real"
    since: Checkpoint | None = None  # the verified checkpoint the walk started after (None: the whole chain)

    @property
    def ok(self) -> bool:
        return not self.faults

    @property
    def fault(self) -> Fault | None:
        """The first fault in chain order."""
        return self.faults[0] if self.faults else None


@dataclass
class _Walk:
    """What the walk has seen so far."""

    vault_id: str
    registry: Registry = field(default_factory=Registry)
    prev: bytes = GENESIS_HASH
    prev_time: str = ""
    expected: int = 1
    opened: int = 0
    faults: list[Fault] = field(default_factory=list)


def verify(
    vault: Vault, session: Session | None = None, checkpoints: Sequence[Checkpoint] = (), resume: bool = False
) -> Report:
    """Check the whole chain; `session` also opens every seal it holds keys for (and signs a checkpoint).

    With `resume`, only the records after the checkpoint this machine kept at the last verify that
    found the chain intact (`_resume` says when it may be trusted); the rest is the whole chain's walk.
    """
    walk = _Walk(vault.id)
    erased = erasure.load(vault)
    kept = kept_here(walk.vault_id, vault.location)
    verified = kept_here(walk.vault_id, vault.location, VERIFIED) if resume else None
    checkpoints = [*checkpoints, *(c for c in (kept, verified) if c is not None)]
    with closing(SignatureQueue()) as signatures:
        with vault.connect() as conn:
            since = _resume(vault, walk, session, conn, verified) if verified else None
            query = select(*READ_COLUMNS, R.hash).where(R.seq > (since.seq if since else 0)).order_by(R.seq)
            rows = conn.execution_options(yield_per=1000).execute(query)
            for row in rows:
                if row.cls == erasure.ERASED:  # emptied by a retention decision: only its place in the chain stays
                    problems = _link(walk, row) + erased.of_erased(row.seq)
                    walk.registry.last_seq = row.seq
                else:
                    header = header_bytes(walk.vault_id, row)  # built once: checked, hashed, opened
                    problems = _check(walk, row, header, signatures) + erased.of_tombstone(walk.registry, row)
                    if not problems and session is not None and row.cls in SEALED_CLASSES:
                        opened, problems = _open(session, row, header)
                        walk.opened += opened
                if problems:
                    walk.faults.append(Fault(row.seq, row.id, "; ".join(problems)))
                walk.prev, walk.prev_time, walk.expected = row.hash, row.created_at, row.seq + 1
            count = walk.expected - 1
            head = conn.execute(HEAD).first()
            if head is None or (head.seq, head.hash) != (count, walk.prev):
                walk.faults.append(Fault(count, "head", "the chain head does not match the last record"))
            for checkpoint in checkpoints:
                problem = problem_with(checkpoint, walk.vault_id, walk.registry, conn, count)
                if problem:
                    walk.faults.append(Fault(checkpoint.seq, "checkpoint", problem))
        walk.faults += [Fault(p.seq, p.id, BAD_SIGNATURE) for p in signatures.failures()]
    if not walk.faults:
        _against_anchor(vault, walk, count)
    if not walk.faults and session is not None:
        keep_here(session.vault.signer(session))
        keep_here(session.vault.signer(session), verified=(count, walk.prev))
    faults = _one_per_record(walk.faults)
    more = max(0, len(faults) - MAX_FAULTS)
    return Report(count, walk.opened, tuple(faults[:MAX_FAULTS]), more, walk.registry.clock, since)


def _resume(
    vault: Vault, walk: _Walk, session: Session | None, conn: Connection, since: Checkpoint
) -> Checkpoint | None:
    """`since`, the checkpoint a verify found the chain intact up to, with `walk` set to go on after it;
    None: walk it all.

    It is believed only if signed by an account of the vault (by this one, for a verify that opens
    seals: another account's verify opened only its own), the store still holds the record it names
    with the hash it names (which commits to every record before it), and nothing was erased since
    (an erasure empties records before it). The records before it are not read again: `--full` does.
    """
    if session is not None and since.account != session.account_id:
        return None
    if erasure.newest_in(conn) > since.seq:
        return None
    try:
        vault.load_registry(conn, walk.registry, head=since.seq)
    except IntegrityError:  # a control record before it is not what was signed: the whole walk names it
        walk.registry = Registry()
        return None
    count = conn.execute(HEAD).first()
    if problem_with(since, walk.vault_id, walk.registry, conn, count.seq if count else 0) is not None:
        walk.registry = Registry()  # the whole walk names what is wrong: `since` is checked with the others
        return None
    walk.prev, walk.expected = since.hash, since.seq + 1
    walk.prev_time = conn.execute(select(R.created_at).where(R.seq == since.seq)).scalar() or ""
    return since


def _one_per_record(faults: list[Fault]) -> list[Fault]:
    """Every problem of a record in one fault (a signature is checked apart from the rest), in chain order."""
    merged: dict[tuple[int, str], list[str]] = {}
    for fault in faults:
        merged.setdefault((fault.seq, fault.id), []).append(fault.problem)
    return [Fault(seq, id_, "; ".join(problems)) for (seq, id_), problems in sorted(merged.items())]


def _against_anchor(vault: Vault, walk: _Walk, count: int) -> None:
    """The head this machine remembers must still be in the store; then remember this one."""
    with closing(AnchorFile(walk.vault_id, vault.location)) as anchors:
        seen = anchors.seen()
        with vault.connect() as conn:
            problem = anchor_problem(seen, conn)
        if problem is not None and seen is not None:
            walk.faults.append(
                Fault(count, "head", problem) if seen.seq > count else Fault(seen.seq, "anchor", problem)
            )
        else:
            anchors.remember(count, walk.prev)


def _link(walk: _Walk, row: Row[*tuple[Any, ...]]) -> list[str]:
    """The record's place in the chain: its number, its link to the one before, a time not before it."""
    problems = []
    if row.seq != walk.expected:
        problems.append(f"record {walk.expected} is missing (the chain jumps from {walk.expected - 1} to {row.seq})")
    if row.prev_hash != walk.prev:
        problems.append("does not link to the record before it (a record was altered, removed, inserted or moved)")
    if row.created_at < walk.prev_time and not _puts_the_clock_right(walk, row):
        problems.append(f"dated {row.created_at}, before the record before it ({walk.prev_time})")
    return problems


def _check(walk: _Walk, row: Row[*tuple[Any, ...]], header: bytes, signatures: SignatureQueue) -> list[str]:
    """Everything about one record but (for entries) its signature, which joins the queue.

    Control records are checked at once: who may sign what next depends on them,
    and one that fails any check is not applied.
    """
    problems = _link(walk, row)
    try:
        key: bytes | None = walk.registry.signing_key(row.author, row.author_key, row.cls, row.body)
    except Refused as refused:
        problems.append(str(refused))
        key = None
    if key is not None:
        message = signed_message(header, row.body, row.wrapped_key)
        if row.cls in CONTROL_CLASSES:
            if not crypto.verify_signature(key, row.signature, message):
                problems.append(BAD_SIGNATURE)
        else:
            signatures.add(Pending(row.seq, row.id, key, row.signature, message))
    if chain_hash(row.prev_hash, header, row.body, row.wrapped_key, row.signature) != row.hash:
        problems.append("its stored hash does not match its contents")
    if row.cls in ("entry", "audit") and row.epoch != walk.registry.epoch:
        problems.append(f"sealed to team key epoch {row.epoch}, but epoch {walk.registry.epoch} was current")
    if row.cls in ROSTER_SEALED and max(row.epoch, 1) != walk.registry.roster_epoch:
        problems.append(f"sealed to roster key epoch {row.epoch}, but epoch {walk.registry.roster_epoch} was current")
    if not problems:
        try:
            walk.registry.apply(row.seq, row.cls, row.body, row.author, row.created_at)
        except Refused as refused:
            problems.append(str(refused))
    else:
        walk.registry.last_seq = row.seq
    return problems


def _open(session: Session, row: Row[*tuple[Any, ...]], header: bytes) -> tuple[bool, list[str]]:
    """For an unlocked verifier: whether it opened the seal, and why the record is not to be trusted
    (its payload's kind is read, its data never decoded)."""
    try:
        trusted = session.check_seal(Stored._make(row[: len(Stored._fields)]), header)
    except IntegrityError:
        return False, ["its seal does not open: the ciphertext or its key was altered"]
    set_aside = session.set_aside.get(row.id)
    if set_aside is not None:
        return True, [set_aside.problem]
    return trusted, []


def _puts_the_clock_right(walk: _Walk, row: Row[*tuple[Any, ...]]) -> bool:
    """A DSL's record putting the school's time right after a fast clock: the one record that may step back
    (its signature is checked as every record's)."""
    author = walk.registry.accounts.get(row.author)
    return row.cls == "audit" and row.subject == CLOCK_SUBJECT and author is not None and author.role == "dsl"
