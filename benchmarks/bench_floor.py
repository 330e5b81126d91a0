"""The floor: the same rows read with nothing but sqlite3 and one AES-GCM decrypt each,
and a raw insert of the same size, with the vault's own pragmas."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from school_log.school import School
from storage import crypto
from storage.records import Stored, canonical, chain_hash, header_bytes, signed_message

WARM = 200  # bare records before timing: past the copy's first WAL checkpoint
STEADY = 6000  # rows written in one transaction before timing: more WAL pages than a checkpoint waits for
PRAGMAS = ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=FULL", "secure_delete=ON")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


class Floor:
    """Raw reads of the same rows (one AES-GCM decrypt each) and raw writes of the same size."""

    COLUMNS = ", ".join(Stored._fields)

    def __init__(self, db: Path, school: School) -> None:
        self.db = db
        self.conn = connect(db)
        self.keys: dict[str, tuple[bytes, bytes]] = {}  # record id -> (content key, associated data)
        self.school = school

    def prepare(self, where: str, params: tuple[Any, ...] = ()) -> None:
        """Unwrap the content keys of these rows in advance (outside the timing)."""
        session = self.school.session
        for row in self._rows(where, params):
            if row.id in self.keys:
                continue
            wrapping = (
                session.roster_key_for(row.epoch)
                if row.cls == "roster"
                else session.pair_key(row.author, row.author_key, row.epoch)
            )
            if wrapping is None:
                continue
            ad = header_bytes(session.vault_id, row)
            self.keys[row.id] = (crypto.open_sealed(wrapping, row.wrapped_key, ad), ad)

    def _rows(self, where: str, params: tuple[Any, ...]) -> list[Stored]:
        cursor = self.conn.execute(f"SELECT {self.COLUMNS} FROM record WHERE {where} ORDER BY seq", params)
        return [Stored._make(r) for r in cursor.fetchall()]

    def read(self, where: str, params: tuple[Any, ...] = ()) -> int:
        """SELECT the rows and AES-GCM-decrypt each body: the least any read can do."""
        keys, n = self.keys, 0
        for rid, body in self.conn.execute(f"SELECT id, body FROM record WHERE {where} ORDER BY seq", params):
            known = keys.get(rid)
            if known is not None:
                AESGCM(known[0]).decrypt(body[:12], body[12:], known[1])
                n += 1
        return n

    @contextlib.contextmanager
    def writer(self, blob_size: int) -> Iterator[Callable[[], None]]:
        """INSERT one blob of the record's size and COMMIT, in a scratch db with the same pragmas."""
        scratch = self.db.parent / (self.db.stem + "-floor.db")
        for stale in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
            stale.unlink(missing_ok=True)
        conn = connect(scratch)
        conn.execute("CREATE TABLE scratch (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        conn.execute("BEGIN IMMEDIATE")  # past the first WAL checkpoint, as the school's own store is:
        conn.executemany("INSERT INTO scratch (body) VALUES (?)", ((os.urandom(blob_size),) for _ in range(STEADY)))
        conn.execute("COMMIT")  # a growing WAL file costs every commit a metadata flush; a reused one does not

        def insert() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO scratch (body) VALUES (?)", (os.urandom(blob_size),))
            conn.execute("COMMIT")

        try:
            yield insert
        finally:
            conn.close()
            for stale in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
                stale.unlink(missing_ok=True)

    @contextlib.contextmanager
    def bare_recorder(self) -> Iterator[Callable[[], None]]:
        """A record with every safeguard and none of our layers, into a copy of the same store.

        Raw `sqlite3`, a prebuilt payload and a throwaway key, but sealed twice, signed,
        chained, and written with its indexes and the head: what no Python record can beat.
        """
        copy = self.db.parent / (self.db.stem + "-bare.db")
        conn = connect(copy)
        self.conn.backup(conn)  # a consistent copy, WAL included
        subject, author = conn.execute(
            "SELECT subject, author FROM record WHERE cls = 'entry' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        signing, pair_key = crypto.KeyPair.generate().signing, crypto.random_key()
        payload = canonical({"kind": "concern", "data": {"what_happened": "Benchmark concern.", "categories": []}})

        def record() -> None:
            conn.execute("BEGIN IMMEDIATE")
            seq, prev = conn.execute("SELECT seq, hash FROM head WHERE id = 1").fetchone()
            seq, record_id, at = seq + 1, str(uuid.uuid4()), "2026-11-23T10:00:00.000000+00:00"
            header = header_bytes("bench", Stored(seq, record_id, "entry", subject, author, 1, 1, at, prev))
            content_key = crypto.random_key()
            body = crypto.seal(content_key, payload, header)
            wrapped = crypto.seal(pair_key, content_key, header)
            signature = crypto.sign(signing, signed_message(header, body, wrapped))
            digest = chain_hash(prev, header, body, wrapped, signature)
            conn.execute(
                "INSERT INTO record VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (seq, record_id, "entry", subject, author, 1, 1, at, prev, body, wrapped, signature, digest),
            )
            conn.execute("UPDATE head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
            conn.execute("COMMIT")

        for _ in range(WARM):
            record()
        try:
            yield record
        finally:
            conn.close()
            for stale in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                stale.unlink(missing_ok=True)

    def close(self) -> None:
        self.conn.close()
