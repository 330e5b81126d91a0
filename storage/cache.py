"""A team-sealed cache of derived views (e.g. the last whole-school review).

Sealed under a key derived from the current team key epoch, so only the
safeguarding team can open it; bound to the vault, its name, the epoch and the
chain position it was computed at. It is never authoritative: a missing,
stale or tampered cache simply is not used. An erasure empties it, and a view
computed before an erasure is never saved after it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from storage import crypto, erasure, labels
from storage.records import canonical
from storage.session import Session
from storage.tables import CacheRow, R


def _upsert(insert: Callable[[type[CacheRow]], sqlite.Insert | postgresql.Insert]) -> sqlite.Insert | postgresql.Insert:
    """Insert or replace in one statement, so DSLs saving at once never collide on the name;
    a view computed from an older chain position never replaces a newer one."""
    statement = insert(CacheRow).values(
        name=bindparam("name"), seq=bindparam("seq"), epoch=bindparam("epoch"), sealed=bindparam("sealed")
    )
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[col(CacheRow.name)],
        set_={"seq": new.seq, "epoch": new.epoch, "sealed": new.sealed},
        where=col(CacheRow.seq) <= new.seq,
    )


_UPSERT = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}


def _key(session: Session, epoch: int) -> bytes | None:
    private = session.team_private(epoch)
    if private is None:
        return None
    return crypto.hkdf(crypto.exchange_private_bytes(private), labels.CACHE)


def save(session: Session, name: str, seq: int, data: dict[str, Any], erased: int) -> None:
    """Replace the cached view `name` (computed from the chain up to `seq`, when the newest tombstone was
    `erased`). Not saved if records were erased since it was computed: it may hold what was destroyed."""
    save_bytes(session, name, seq, canonical(data), erased)


def save_bytes(session: Session, name: str, seq: int, plain: bytes, erased: int) -> None:
    """`save` for a view already in bytes (one too large to go through JSON quickly)."""
    epoch = session.registry.epoch
    key = _key(session, epoch)
    if key is None:
        return
    sealed = crypto.seal(key, plain, labels.cache(session.vault_id, name, epoch, seq))
    with session.vault.connect(write=True) as conn:
        if erasure.newest_in(conn) == erased:
            conn.execute(_UPSERT[conn.dialect.name], {"name": name, "seq": seq, "epoch": epoch, "sealed": sealed})


def load(session: Session, name: str) -> tuple[int, dict[str, Any]] | None:
    """The cached view and the chain position it reflects, or None."""
    found = load_bytes(session, name)
    if found is None:
        return None
    try:
        return found[0], json.loads(found[1])
    except ValueError:
        return None


def load_bytes(session: Session, name: str) -> tuple[int, bytes] | None:
    """The cached view as saved by `save_bytes` and the chain position it reflects, or None."""
    with session.vault.connect() as conn:
        row = conn.execute(select(CacheRow).where(col(CacheRow.name) == name)).first()
    if row is None or row.epoch != session.registry.epoch:
        return None
    key = _key(session, row.epoch)
    if key is None:
        return None
    try:
        return row.seq, crypto.open_sealed(key, row.sealed, labels.cache(session.vault_id, name, row.epoch, row.seq))
    except crypto.CryptoError:
        return None


def chain_hash(session: Session, seq: int) -> bytes | None:
    """The hash of the record at `seq` (None: no such record): a view bound to a chain position and hash
    is used only on the chain it was computed from, never on one rolled back or rewritten since."""
    with session.vault.connect() as conn:
        return conn.execute(select(R.hash).where(R.seq == seq)).scalar()


def head(session: Session) -> int:
    """The chain position of the store's last record now (0: none)."""
    with session.vault.connect() as conn:
        return int(conn.execute(select(func.max(R.seq))).scalar() or 0)


def subjects_between(session: Session, after: int, upto: int) -> set[str]:
    """The subjects of the entries appended after `after` up to `upto`, from the subject index alone:
    which pupils' files changed since a view was computed, with nothing decrypted."""
    with session.vault.connect() as conn:
        query = select(R.subject).distinct().where(R.seq > after, R.seq <= upto, R.cls == "entry")
        return {str(subject) for subject in conn.execute(query).scalars()}
