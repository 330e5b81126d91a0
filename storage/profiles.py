"""Who an account is: its username and name, sealed under a roster key that every account holds.

Nothing in the store names anyone in the clear: an account record carries this seal, and
the account's key slot is named by a stretched tag (`storage.keyslots.user_tag`). So a
username is matched to an account here, by whoever holds a roster key — never by a
hash a copy of the store could test names against.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from storage import crypto
from storage.errors import InputError
from storage.records import b64, canonical

if TYPE_CHECKING:
    from storage.registry import AccountState
    from storage.session import Session


def seal_profile(roster_key: bytes, account_id: str, username: str, name: str) -> str:
    data = canonical({"username": username, "name": name.strip() or username})
    return b64(crypto.seal(roster_key, data, account_id.encode()))


def profile(session: Session, account: AccountState) -> dict[str, str]:
    """The account's username and name (opened with the roster key of the epoch it was sealed in)."""
    key = session.roster_key_for(account.profile_epoch)
    return dict(json.loads(crypto.open_sealed(key, account.profile, account.id.encode())))


def find(session: Session, username: str) -> AccountState:
    """The account by that (checked) username: the active one, else a deactivated one."""
    named = [a for a in session.registry.accounts.values() if profile(session, a)["username"] == username]
    if not named:
        raise InputError(f"no account {username!r} in this vault")
    return sorted(named, key=lambda a: not a.active)[0]
