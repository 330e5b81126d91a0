"""An attacker's tool, run in its own process: what of some records can be read back from an SQLite store's files?

`python -m tests.wal_replay` reads {"db": PATH, "records": {id: body hex}} on stdin and prints
{"bytes": {id: [files holding a 32-byte piece of its body]}, "replayed": [ids whose body a rebuilt
state holds]}. "Rebuilt" is what an attacker with a copy of the files does: start from the database
file and apply the write-ahead log's frames in order (every generation of them, whatever their
salts), and at each commit open that state and look the record up by id.

It reads the db, -wal and -shm files with `open()`, so it runs in a process of its own that holds
no connection to the store: closing any descriptor of the file would drop every lock that process holds.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path

PIECE = 32
WAL_HEADER, FRAME_HEADER = 32, 24


def pieces(body: bytes) -> list[bytes]:
    """Every 32-byte piece of a body, at every 16th offset: a body split across pages still shows one."""
    return [body[i : i + PIECE] for i in range(0, max(len(body) - PIECE, 0) + 1, 16)]


def found_in_bytes(db: Path, bodies: dict[str, bytes]) -> dict[str, list[str]]:
    files = {p.name: p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()}
    return {
        record: sorted(name for name, data in files.items() if any(piece in data for piece in pieces(body)))
        for record, body in bodies.items()
    }


def states(db: Path) -> list[bytes]:
    """The database file, then the state after each commit frame of its WAL, frames applied in file order."""
    image = bytearray(db.read_bytes())
    out = [bytes(image)]
    wal = Path(f"{db}-wal")
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) < WAL_HEADER:
        return out
    page_size = struct.unpack(">I", data[8:12])[0] or 65536
    at = WAL_HEADER
    while at + FRAME_HEADER + page_size <= len(data):
        page, size_after = struct.unpack(">II", data[at : at + 8])
        content = data[at + FRAME_HEADER : at + FRAME_HEADER + page_size]
        at += FRAME_HEADER + page_size
        if page == 0:
            continue
        end = page * page_size
        if len(image) < end:
            image.extend(bytes(end - len(image)))
        image[end - page_size : end] = content
        if size_after:
            out.append(bytes(image[: size_after * page_size]))
    return out


def replayed(db: Path, bodies: dict[str, bytes]) -> list[str]:
    """The records whose original body some rebuilt state holds, looked up as a reader would."""
    recovered: set[str] = set()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "state.db"
        for state in states(db):
            copy.write_bytes(state)
            try:
                conn = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
                try:
                    ids = list(bodies)
                    marks = ",".join("?" * len(ids))
                    rows = conn.execute(f"select id, body from record where id in ({marks})", ids).fetchall()
                finally:
                    conn.close()
            except sqlite3.DatabaseError:
                continue  # a torn state: the attacker moves on to the next
            recovered |= {id_ for id_, body in rows if body == bodies[id_]}
    return sorted(recovered)


def main() -> None:
    asked = json.load(sys.stdin)
    db = Path(asked["db"])
    bodies = {record: bytes.fromhex(body) for record, body in asked["records"].items()}
    json.dump({"bytes": found_in_bytes(db, bodies), "replayed": replayed(db, bodies)}, sys.stdout)


if __name__ == "__main__":
    main()
