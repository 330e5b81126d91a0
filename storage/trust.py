"""Who may have written a record: the one check every append and every read applies.

The domain hands the vault a table of which roles may write which kind of record
(`Writers`). An append that breaks it is refused; a record that breaks it — one
that opens, but whose author's role may not have written it, such as a "decision"
by a member of staff — is never shown, only reported (`SetAside`). Records sealed
under the roster key, which every account holds, prove nothing about their author
by opening, so their DSL signature is checked on every read too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage import crypto
from storage.errors import AuthError
from storage.records import Draft, signed_message
from storage.registry import CONTROL_CLASSES, ROSTER_SEALED, SEALED_CLASSES, Registry, for_self

if TYPE_CHECKING:
    from storage.checked_signatures import CheckedSignatures

#: kind -> the roles that may write it. Kinds not listed may be written by nobody.
Writers = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class SetAside:
    """A record that opened but that its author's role may not write: never shown, always reported."""

    seq: int
    id: str
    kind: str
    problem: str

    def __str__(self) -> str:
        return f"record {self.seq} ({self.id}): {self.problem}"


def unauthorised(writers: Writers | None, role: str | None, cls: str, kind: str) -> str | None:
    """Why an account of `role` may not write this record, or None if it may."""
    if writers is None or cls not in SEALED_CLASSES:
        return None
    allowed = writers.get(kind)
    if allowed is None:
        return f"{kind!r} is not a kind of record this program knows"
    if role not in allowed:
        return f"a {role or 'unknown'} account may not write a {kind!r} record"
    return None


def refuse_to_append(writers: Writers | None, registry: Registry, account_id: str, draft: Draft) -> None:
    """AuthError if this account may not append `draft` (the same rule every read applies)."""
    account = registry.accounts.get(account_id)
    if account is None:  # the vault's very first records, before its first account exists
        return
    own = draft.cls in ("account", "grant") and for_self(account_id, draft.cls, draft.public)
    if account.pending_reset and not own:
        raise AuthError("set a new passphrase first: a one-time reset code allows nothing else")
    if draft.cls in CONTROL_CLASSES + ROSTER_SEALED:
        if account.role != "dsl" and not own:
            raise AuthError(f"only a DSL can write {draft.cls} records")
        return
    problem = unauthorised(writers, account.role, draft.cls, draft.kind)
    if problem:
        raise AuthError(problem)


def distrust(
    writers: Writers | None,
    registry: Registry,
    row: Any,
    header: bytes,
    kind: str,
    checked: CheckedSignatures | None = None,
) -> str | None:
    """Why an opened record must not be believed, or None.

    An entry's seal already proves its author (only they and the team hold its pair
    key); a record under the roster key does not, so its signature is checked here
    (or found among those the team checked before, `checked`: this very record, byte for byte).
    """
    author = registry.accounts.get(row.author)
    role = author.role if author else None
    if row.cls in ROSTER_SEALED:
        if author is None or role != "dsl" or row.author_key not in author.keys:
            return f"a {row.cls} record not written by a DSL"
        public = author.keys[row.author_key][1]
        if checked is not None:
            signed = checked.verified(public, row, header)
        else:
            signed = crypto.verify_signature(public, row.signature, signed_message(header, row.body, row.wrapped_key))
        if not signed:
            return f"a {row.cls} record whose signature does not match"
    return unauthorised(writers, role, row.cls, kind)
