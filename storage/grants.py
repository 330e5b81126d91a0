"""Who holds which keys: the roster and team keys granted to an account key, an account's own earlier keys
handed over to its new one, and the new key epochs that revoke everyone left out (a reset, a DSL leaving).

The account changes in `storage.accounts` write these as chained records; a check under the write lock makes
sure no other DSL changed the holders meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from storage import crypto, labels
from storage.errors import AuthError, InputError
from storage.records import Draft, b64, canonical
from storage.registry import AccountState, Registry
from storage.session import Session


def grant_body(
    account_id: str,
    key_version: int,
    exchange_public: bytes,
    rosters: Mapping[int, bytes],
    team: Mapping[int, crypto.X25519PrivateKey],
) -> dict[str, Any]:
    """Wrap roster keys and team keys for one account key (age-style, a fresh share each)."""
    return {
        "to": account_id,
        "key_version": key_version,
        "rosters": {
            str(epoch): b64(crypto.wrap_for(exchange_public, key, labels.roster_grant(epoch, account_id, key_version)))
            for epoch, key in rosters.items()
        },
        "team": {
            str(epoch): b64(
                crypto.wrap_for(
                    exchange_public,
                    crypto.exchange_private_bytes(key),
                    labels.team_grant(epoch, account_id, key_version),
                )
            )
            for epoch, key in team.items()
        },
    }


def _held_team(session: Session) -> dict[int, crypto.X25519PrivateKey]:
    """Every team key epoch, which a DSL granting them must hold."""
    team = {}
    for epoch in session.registry.epochs:
        private = session.team_private(epoch)
        if private is None:
            raise AuthError("this DSL does not hold every team key; ask another DSL")
        team[epoch] = private
    return team


def key_grant(session: Session, account_id: str, key_version: int, exchange_public: bytes, role: str) -> dict[str, Any]:
    """Every roster key (and, for a DSL, every team key) this session holds, for one account key."""
    team = _held_team(session) if role == "dsl" else {}
    return grant_body(account_id, key_version, exchange_public, session.roster_keys(), team)


def handover(session: Session, account: AccountState, new_version: int, exchange_public: bytes) -> str:
    """The account's pair keys for its earlier keys, sealed to its new key: it keeps reading its own entries."""
    handed = {
        f"{old}:{epoch}": b64(key)
        for old in account.keys
        for epoch in session.registry.epochs
        if (key := session.pair_key(account.id, old, epoch)) is not None
    }
    return b64(crypto.wrap_for(exchange_public, canonical(handed), labels.handover(account.id, new_version)))


def new_epochs(
    session: Session, recipients: list[tuple[str, int, bytes, str]], *, team: bool
) -> tuple[list[Draft], bytes]:
    """A new roster key epoch (and team key epoch), wrapped for each recipient (id, key version, key, role).

    Returns the drafts and the new roster key. Keys copied by anyone not among
    the recipients open nothing sealed from here on.
    """
    registry = session.registry
    roster_key, roster_epoch = crypto.random_key(), registry.roster_epoch + 1
    drafts = [Draft("key", public=canonical({"roster_epoch": roster_epoch}))]
    team_keys: dict[int, crypto.X25519PrivateKey] = {}
    if team:
        private, epoch = crypto.X25519PrivateKey.generate(), registry.epoch + 1
        team_keys[epoch] = private
        drafts.append(Draft("key", public=canonical({"epoch": epoch, "xpub": b64(crypto.exchange_public(private))})))
    for account_id, version, exchange_public, role in recipients:
        body = grant_body(
            account_id, version, exchange_public, {roster_epoch: roster_key}, team_keys if role == "dsl" else {}
        )
        drafts.append(Draft("grant", public=canonical(body)))
    return drafts, roster_key


def holders_unchanged(session: Session) -> Callable[[Registry], None]:
    """A check, under the write lock, that no other DSL changed who holds which keys since the drafts were made."""
    seen = _holders(session.registry)

    def check(now: Registry) -> None:
        if _holders(now) != seen:
            raise InputError("another DSL changed the accounts at the same moment: nothing was written; try again")

    return check


def _holders(registry: Registry) -> tuple[object, ...]:
    """Who holds which keys, and how key slots are named (a tag made before a change names no slot after it)."""
    accounts = sorted((a.id, a.key_version) for a in registry.active_accounts())
    return registry.epoch, registry.roster_epoch, accounts, registry.user_tags
