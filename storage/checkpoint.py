"""Signed checkpoints: the chain head as one account saw it, to compare a store against later.

A hash chain cannot notice its newest records being cut off, nor a whole store
swapped for an older copy; a head remembered somewhere else can. Every machine
keeps its own anchor (`storage.anchor`), but only for itself. A checkpoint is
portable: one printable line — vault, sequence, head hash, time — signed with the
account's Ed25519 key, that a DSL prints, emails or files away, and that
`verify --checkpoint` checks any copy of the store against, on any machine.
Every DSL unlock and every verify by an unlocked account also keeps one beside
this machine's anchor, which `verify` checks as well.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select

from storage import crypto
from storage.anchor import Anchor, AnchorFile
from storage.clock import machine_now
from storage.errors import InputError, IntegrityError
from storage.records import GENESIS_HASH, b64, unb64
from storage.registry import Registry
from storage.tables import HEAD, R

PREFIX = "school-log-checkpoint/v1"
VERIFIED = "verified"  # the checkpoint of the last record a verify by an unlocked account found intact


@dataclass(frozen=True)
class Signer:
    """What a checkpoint needs of an unlocked account, handed over by the vault (`Vault.signer`): the store, as
    that account replayed it, and the key that signs. So this module imports neither the session nor the vault."""

    vault_id: str
    location: str
    connect: Callable[[], AbstractContextManager[Connection]]
    registry: Registry
    account_id: str
    key_version: int
    key: Ed25519PrivateKey


@dataclass(frozen=True)
class Checkpoint:
    vault: str
    seq: int
    hash: bytes
    at: str
    account: str
    key_version: int
    signature: bytes = b""

    def message(self) -> bytes:
        return crypto.digest(
            PREFIX.encode(),
            self.vault.encode(),
            str(self.seq).encode(),
            self.hash,
            self.at.encode(),
            self.account.encode(),
            str(self.key_version).encode(),
        )

    def line(self) -> str:
        fields = (PREFIX, self.vault, self.seq, self.hash.hex(), self.at, self.account, self.key_version)
        return " ".join(map(str, fields)) + " " + b64(self.signature)

    @classmethod
    def parse(cls, text: str, where: str = "checkpoint") -> Checkpoint:
        """A checkpoint from its line; InputError naming `where` if it is not one."""
        parts = text.split()
        try:
            if len(parts) != 8 or parts[0] != PREFIX:
                raise ValueError
            return cls(
                parts[1], int(parts[2]), bytes.fromhex(parts[3]), parts[4], parts[5], int(parts[6]), unb64(parts[7])
            )
        except (ValueError, binascii.Error):
            raise InputError(f"{where}: not a school-log checkpoint line") from None


def take(signer: Signer, at: tuple[int, bytes] | None = None) -> Checkpoint:
    """Sign the chain head as this account sees it now (or the record `at`: its place and hash)."""
    if at is None:
        with signer.connect() as conn:
            head = conn.execute(HEAD).first()
        at = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    seq, hash_ = at
    unsigned = Checkpoint(
        signer.vault_id,
        seq,
        hash_,
        machine_now().isoformat(timespec="seconds"),
        signer.account_id,
        signer.key_version,
    )
    signature = crypto.sign(signer.key, unsigned.message())
    return replace(unsigned, signature=signature)


def keep_here(signer: Signer, verified: tuple[int, bytes] | None = None) -> Checkpoint | None:
    """Take a checkpoint and keep it beside this machine's anchor (every DSL unlock and verify does);
    with `verified` (the last record a verify found intact, to its place and hash), a checkpoint of
    it kept apart, that the next verify starts from.

    None if this machine's state directory cannot be written: that must not stop a
    DSL unlocking or hide a verify report, and the next append says so in its line.
    """
    taken = take(signer, verified)
    with closing(AnchorFile(signer.vault_id, signer.location)) as anchor:
        try:
            anchor.keep_checkpoint(taken.line(), VERIFIED if verified else "checkpoint")
        except IntegrityError:
            return None
    return taken


def kept_here(vault_id: str, location: str, which: str = "checkpoint") -> Checkpoint | None:
    """The checkpoint (of `which`: or `VERIFIED`) this machine kept for the vault at `location`, if any
    (a garbled one is ignored)."""
    with closing(AnchorFile(vault_id, location)) as anchor:
        line = anchor.kept_checkpoint(which)
    if line is None:
        return None
    try:
        return Checkpoint.parse(line)
    except InputError:
        return None


def behind_what_was_seen(signer: Signer) -> str | None:
    """Why the store is behind what this machine saw of it (the checkpoint kept here, its anchor), if it is.

    Checked at every unlock, before anything is appended or a new checkpoint kept: a rollback
    leaves no trace in the chain itself, and every DSL read would otherwise go on quietly (and
    move this machine's memory of the head on past it). What this machine saw is read before
    the store (see `anchor_problem`).
    """
    kept = kept_here(signer.vault_id, signer.location)
    with closing(AnchorFile(signer.vault_id, signer.location)) as anchors:
        seen = anchors.seen()
    with signer.connect() as conn:
        if kept is not None:
            head = conn.execute(HEAD).first()
            problem = problem_with(kept, signer.vault_id, signer.registry, conn, head.seq if head else 0)
            if problem is not None:
                return problem
        return anchor_problem(seen, conn)


def anchor_problem(seen: Anchor | None, conn: Connection) -> str | None:
    """Why the store is not at or past the head this machine remembers (`seen`), if it is not.

    `seen` must be read before `conn` reads anything: a store commits before its anchor
    moves, so a head read after the anchor is at or past it, however many processes on this
    machine append meanwhile; read the other way round, another process's append between the
    two reads looked like records cut off.
    """
    if seen is None:
        return None
    head = conn.execute(HEAD).first()
    count = head.seq if head else 0
    if seen.seq > count:
        return f"the store ends at record {count} but this machine saw record {seen.seq}: records were cut off"
    if conn.execute(select(R.hash).where(R.seq == seen.seq)).scalar() != seen.hash:
        return f"record {seen.seq} differs from the record this machine saw at that position: the store was rewritten"
    return None


def problem_with(checkpoint: Checkpoint, vault_id: str, registry: Registry, conn: Connection, count: int) -> str | None:
    """Why the store (`count` records, replayed into `registry`) is not at or past `checkpoint`."""
    if checkpoint.vault != vault_id:
        return "the checkpoint is of another vault"
    account = registry.accounts.get(checkpoint.account)
    keys = account.keys.get(checkpoint.key_version) if account else None
    if keys is None or not crypto.verify_signature(keys[1], checkpoint.signature, checkpoint.message()):
        return "the checkpoint's signature does not match any account of this vault: it was altered or forged"
    if count < checkpoint.seq:
        return (
            f"the store ends at record {count} but a checkpoint signed at {checkpoint.at} saw record "
            f"{checkpoint.seq}: records were cut off or the store was rolled back to an older copy"
        )
    stored = conn.execute(select(R.hash).where(R.seq == checkpoint.seq)).scalar() if checkpoint.seq else bytes(32)
    if stored != checkpoint.hash:
        return f"record {checkpoint.seq} differs from the checkpoint signed at {checkpoint.at}: the store was rewritten"
    return None
