"""Receipts: a few words from the safeguarding team that one member of staff can open.

A member of staff can open only what they wrote, so nothing the DSL writes reaches
them — yet the teacher who raised a concern should learn that it was seen and acted
on (never the decision itself). Every entry's content key is wrapped under the
*pair key* of its author and the team: the author derives it from their own private
key, the team from the team key. So the team can seal a few words under a teacher's
pair key, and that teacher — and the team — can open them, nobody else.

A receipt travels as the `data` of a *notice*: a record addressed to one account
(its subject), sealed under the roster key like the roster — so written only by
DSLs, signed, chained and signature-checked on every read — and read by its
recipient with one indexed query: `{"to", "key", "epoch", "sealed"}`. Everyone
with the roster key could see that a receipt exists and whom it is for (as any
header shows who wrote about whom); only its recipient and the team can read what
it says. The seal is under a key derived from the pair key for this one purpose,
bound to the vault, the recipient and the key it was made with, so it cannot be
moved to another account.
"""

from __future__ import annotations

import json
from typing import Any

from storage import crypto, labels
from storage.errors import AuthError
from storage.records import b64, canonical, unb64
from storage.session import Session

KIND, CLASS = "receipt", "notice"


def _receipt_key(pair_key: bytes) -> bytes:
    """A key of its own for receipts: the pair key itself only ever wraps entries' content keys."""
    return crypto.hkdf(pair_key, labels.RECEIPT)


def seal_for(session: Session, recipient: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The data of a receipt that `recipient` (and the team) can open; only the team can make one."""
    account = session.registry.accounts.get(recipient)
    epoch = session.registry.epoch
    key = session.pair_key(recipient, account.key_version, epoch) if account is not None and session.is_team else None
    if account is None or key is None:
        raise AuthError("only the safeguarding team can send a receipt, and only to an account of this school")
    sealed = crypto.seal(
        _receipt_key(key), canonical(payload), labels.receipt(session.vault_id, recipient, account.key_version, epoch)
    )
    return {"to": recipient, "key": account.key_version, "epoch": epoch, "sealed": b64(sealed)}


def open_receipt(session: Session, data: dict[str, Any]) -> dict[str, Any] | None:
    """What a receipt says, if this account is its recipient or on the team; else None."""
    try:
        recipient, key_version, epoch = data["to"], int(data["key"]), int(data["epoch"])
        blob = unb64(data["sealed"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if recipient != session.account_id and not session.is_team:
        return None
    key = session.pair_key(recipient, key_version, epoch)
    if key is None:
        return None
    try:
        said = json.loads(
            crypto.open_sealed(_receipt_key(key), blob, labels.receipt(session.vault_id, recipient, key_version, epoch))
        )
    except (crypto.CryptoError, ValueError):
        return None
    return said if isinstance(said, dict) else None
