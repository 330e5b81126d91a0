"""A team-sealed cache of derived views (e.g. the last whole-school review).

Sealed under a key derived from the current team key epoch, so only the
safeguarding team can open it; bound to the vault, its name, the epoch and the
chain position it was computed at. It is never authoritative: a missing,
stale or tampered cache simply is not used.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from storage import crypto
from storage.errors import IntegrityError
from storage.records import canonical
from storage.session import Session
from storage.tables import CacheRow


def _key(session: Session, epoch: int) -> bytes | None:
    private = session.team_private(epoch)
    if private is None:
        return None
    return crypto.hkdf(crypto.exchange_private_bytes(private), b"school-log/cache/v1")


def _ad(session: Session, name: str, epoch: int, seq: int) -> bytes:
    return f"{session.vault_id}/{name}/{epoch}/{seq}".encode()


def save(session: Session, name: str, seq: int, data: dict[str, Any]) -> None:
    """Replace the cached view `name` (computed from the chain up to `seq`)."""
    epoch = session.registry.epoch
    key = _key(session, epoch)
    if key is None:
        return
    sealed = crypto.seal(key, canonical(data), _ad(session, name, epoch, seq))
    CacheRow.__table__.create(session.vault.engine, checkfirst=True)  # type: ignore[attr-defined]  # vaults made before the cache
    with session.vault.connect(write=True) as conn:
        conn.execute(delete(CacheRow).where(CacheRow.name == name))
        conn.execute(CacheRow.__table__.insert().values(name=name, seq=seq, epoch=epoch, sealed=sealed))  # type: ignore[attr-defined]


def load(session: Session, name: str) -> tuple[int, dict[str, Any]] | None:
    """The cached view and the chain position it reflects, or None."""
    try:
        with session.vault.connect() as conn:
            row = conn.execute(select(CacheRow).where(CacheRow.name == name)).first()
    except IntegrityError:  # no cache table yet
        return None
    if row is None or row.epoch != session.registry.epoch:
        return None
    key = _key(session, row.epoch)
    if key is None:
        return None
    try:
        return row.seq, json.loads(crypto.open_sealed(key, row.sealed, _ad(session, name, row.epoch, row.seq)))
    except (crypto.CryptoError, ValueError):
        return None
