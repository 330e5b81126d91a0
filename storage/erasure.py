"""Erasing records for good while the chain still verifies: a signed tombstone and counts stay.

The chain is append-only, so erasing cannot remove rows; it empties them. In one
transaction a DSL appends a *tombstone* — an `audit` record whose subject
commits to exactly the rows it erases, `erased/<count>/<digest>` with the digest
over each row's (seq, id, hash) — and then overwrites those rows: class
`erased`, no subject, no author, body = a pointer to the tombstone, no key and
no signature. Seq, id, previous hash, hash and time stay, so the records after
them still link, and the next record's signature still pins each stored hash.
The same transaction empties the team-sealed cache (`storage.cache`): any view
in it may hold what was erased.

Emptied rows are not yet gone from the files: SQLite keeps earlier versions of
pages in its write-ahead log (and the database file keeps them until a
checkpoint), PostgreSQL keeps dead row versions until VACUUM. So an erasure
first makes sure the WAL can be emptied (no other machine in the middle of a
read: it waits for one, within a bound, and otherwise refuses before writing
anything), and after committing checkpoints with TRUNCATE; `secure_delete`
(set on every SQLite connection) has zeroed the freed space. On PostgreSQL it
runs VACUUM on the record table when the store's role may.

`verify` reads the store's erasures once (`load`) before its walk: an erased row
is accepted only where it links, and a tombstone later in the chain, signed by a
DSL, commits to it, with this exact set; anything else is named as a fault.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update
from sqlalchemy.exc import DBAPIError

from storage import crypto, labels
from storage.engine import LOCK_TIMEOUT_MS, schema_of
from storage.errors import AuthError, InputError, IntegrityError
from storage.records import Draft, canonical
from storage.registry import CONTROL_CLASSES, Registry
from storage.session import Session
from storage.tables import CacheRow, R, RecordRow
from storage.vault import Vault

ERASED = "erased"
PREFIX = "erased/"
#: How long an erasure waits for another machine to finish a read before it refuses (SQLite).
READERS_WAIT_MS = 10_000
#: Tombstones are found through the subject index: every subject from PREFIX up to (not including) this.
_AFTER_PREFIX = PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)
IN_USE = (
    "another machine is in the middle of reading the store, so what is erased could not be wiped from "
    "its write-ahead log: close school-log on the other machines and try again"
)


@dataclass(frozen=True)
class Purged:
    """What was done to wipe the emptied rows from the store's files, in words for the person."""

    done: bool
    note: str


@dataclass(frozen=True)
class Erased:
    tombstone: str
    records: int
    by_class: dict[str, int]
    purged: Purged


def commitment(rows: Sequence[tuple[int, str, bytes]]) -> str:
    """The tombstone's subject: how many rows, and a digest binding each one's position, id and hash."""
    parts = [f"{seq}:{id_}".encode() + hash_ for seq, id_, hash_ in sorted(rows)]
    return f"{PREFIX}{len(parts)}/{crypto.digest(labels.ERASED, *parts).hex()}"


def erase(session: Session, subject: str, also: Sequence[str], kind: str, data: dict[str, Any]) -> Erased:
    """Erase every record about `subject` and the records `also` (ids of records about it filed under
    another subject), leaving a tombstone of `kind` carrying `data`; then wipe them from the files.

    Refused, with nothing written, while another machine holds a read open past `READERS_WAIT_MS`.
    """
    if not session.is_team:
        raise AuthError("only a DSL can erase records")
    _wal_can_be_emptied(session.vault)
    with session.transaction() as conn:
        rows = conn.execute(
            select(R.seq, R.id, R.hash, R.cls)
            .where(or_(R.subject == subject, R.id.in_(tuple(also))))
            .where(R.cls.not_in((*CONTROL_CLASSES, ERASED)), ~_is_tombstone())
            .order_by(R.seq)
        ).all()
        if not rows:
            raise InputError("there is nothing left to erase")
        if not set(also) <= {r.id for r in rows}:
            raise IntegrityError("a record asked to be erased is not one that can be: nothing was erased")
        by_class = dict(Counter(row.cls for row in rows))
        draft = Draft("audit", subject=commitment([(r.seq, r.id, r.hash) for r in rows]), kind=kind, data=data)
        tombstone = session.append_in(conn, draft)[0]
        marker = canonical({"tombstone": tombstone.id, "seq": tombstone.seq})
        conn.execute(
            update(RecordRow)
            .where(R.seq.in_([r.seq for r in rows]))
            .values(cls=ERASED, subject="", author="", body=marker, wrapped_key=b"", signature=b"")
        )
        conn.execute(delete(CacheRow))  # every cached view may hold what was just erased
    return Erased(tombstone.id, len(rows), by_class, purge(session.vault))


def tombstone_ids(vault: Vault) -> list[str]:
    """The ids of every tombstone, oldest first (one indexed query): what a destroy left behind."""
    with vault.connect() as conn:
        return [str(i) for i in conn.execute(select(R.id).where(_is_tombstone()).order_by(R.seq)).scalars()]


def newest(vault: Vault) -> int:
    """The place in the chain of the newest tombstone (0: nothing was ever erased): a reader that kept
    what it decrypted knows from a change of it that records were erased since."""
    with vault.connect() as conn:
        return newest_in(conn)


def newest_in(conn: Connection) -> int:
    """`newest`, inside a transaction: one read of the subject index."""
    return int(conn.execute(select(func.max(R.seq)).where(_is_tombstone())).scalar() or 0)


def _is_tombstone() -> Any:
    return (R.subject >= PREFIX) & (R.subject < _AFTER_PREFIX)


def purge(vault: Vault, wait_ms: int | None = None) -> Purged:
    """Wipe what erasures emptied from the store's files, as far as the database engine can.

    SQLite: a TRUNCATE checkpoint copies every page into the database file (where `secure_delete` zeroed
    the freed space) and empties the write-ahead log; it waits up to `wait_ms` for other machines' reads.
    PostgreSQL: VACUUM of the record table, when the store's role owns it; what the server keeps beyond
    that (its WAL, replicas, backups) is the README's to say.
    """
    with _driver(vault) as (dialect, raw):
        if dialect == "sqlite":
            return _checkpoint(raw, READERS_WAIT_MS if wait_ms is None else wait_ms)
        if dialect == "postgresql":
            return _vacuum(raw, schema_of(vault.url))
    return Purged(False, "this kind of database is not wiped by school-log: ask its operator")


def _wal_can_be_emptied(vault: Vault) -> None:
    """Before erasing on SQLite: empty the WAL now, or refuse with nothing written (another machine is reading)."""
    with _driver(vault) as (dialect, raw):
        if dialect == "sqlite" and not _checkpoint(raw, READERS_WAIT_MS).done:
            raise InputError(f"{IN_USE}; nothing was destroyed")


@contextmanager
def _driver(vault: Vault) -> Iterator[tuple[str, Any]]:
    """The driver's own connection, outside any transaction (a checkpoint or VACUUM cannot run in one)."""
    try:
        with vault.engine.connect() as conn:
            yield conn.dialect.name, conn.connection.driver_connection
    except DBAPIError as error:
        raise IntegrityError(f"the store at {vault.safe_url} could not be wiped: {error.orig}") from None


def _checkpoint(raw: Any, wait_ms: int) -> Purged:
    raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:  # locked past the wait: the same as a checkpoint left busy
        busy = 1
    finally:
        raw.execute(f"PRAGMA busy_timeout={LOCK_TIMEOUT_MS}")
    if busy:
        return Purged(False, IN_USE)
    return Purged(True, "wiped from the database file, and its write-ahead log emptied")


def _vacuum(raw: Any, schema: str | None) -> Purged:
    import psycopg  # only a PostgreSQL store loads its driver

    table = f'"{schema}".record' if schema else "record"  # a checked plain name
    owned = raw.execute("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(%s)", (table,))
    if not (owned.fetchone() or (False,))[0]:
        return Purged(
            False,
            "the store's role does not own the record table, so it could not VACUUM it: ask the server's "
            "operator to (see the README on what PostgreSQL keeps)",
        )
    try:
        raw.execute(f"VACUUM {table}")
    except psycopg.Error as error:
        first = (str(error).strip().splitlines() or [error.__class__.__name__])[0]
        return Purged(False, f"VACUUM of the record table failed ({first}): ask the server's operator to run it")
    return Purged(
        True,
        "the record table was vacuumed; the server's write-ahead log, replicas and backups keep older "
        "copies until they are recycled or expire (see the README)",
    )


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
