"""An unlocked account's keys: its own pair, the roster and team keys granted to it, the pair keys it derives.

The first layer of `storage.session.Session`: `storage.writes` seals and appends
with these keys, `storage.reads` opens with them. Catching up with control records
written since unlock (new grants, removed accounts) lives here too, because it
is what changes which keys the account holds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from storage import crypto, labels
from storage.anchor import AnchorFile
from storage.clock import Clock
from storage.errors import AuthError, IntegrityError
from storage.labels import FIRST_ROSTER_EPOCH
from storage.records import unb64
from storage.registry import AccountState, Registry
from storage.trust import SetAside

if TYPE_CHECKING:
    from storage.vault import Vault


class Keyring:
    """One unlocked account's keys, the roster keys and (for a DSL) the team keys."""

    def __init__(
        self,
        vault: Vault,
        vault_id: str,
        account_id: str,
        username: str,
        keys: crypto.KeyPair,
        registry: Registry,
        clock: Clock,
    ) -> None:
        self.vault = vault
        self.vault_id = vault_id
        self.account_id = account_id
        self.username = username
        self._keys: crypto.KeyPair | None = keys
        self.registry = registry
        self.clock = clock  # what `storage.stamps` dates this session's records by
        self._shared: Connection | None = None  # another session's transaction this one writes into
        self._pair_keys: dict[tuple[str, int, int], bytes] = {}
        self._rosters: dict[int, bytes] = {}
        self._team: dict[int, crypto.X25519PrivateKey] = {}
        self._handover: dict[tuple[int, int], bytes] = {}
        self._head: tuple[int, bytes] | None = None
        self._anchor = AnchorFile(vault_id, vault.location)
        self.set_aside: dict[str, SetAside] = {}
        self.failed_unlocks = 0  # wrong passphrases tried since this account last unlocked
        self.behind: str | None = None  # why the store is behind what this machine saw of it (a rollback)
        self.clock_note = ""  # a read recorded at the newest record's time, this clock being out of bounds: why

    @property
    def keys(self) -> crypto.KeyPair:
        if self._keys is None:
            raise AuthError("the vault is locked")
        return self._keys

    @property
    def account(self) -> AccountState:
        return self.registry.accounts[self.account_id]

    @property
    def is_team(self) -> bool:
        account = self.account
        return account.role == "dsl" and account.active and not account.pending_reset

    @property
    def must_set_passphrase(self) -> bool:
        """Unlocked with a one-time reset code: nothing is allowed but setting a new passphrase."""
        return bool(self.account.pending_reset)

    def open_grants(self) -> None:
        """Unwrap the roster keys, team keys and handed-over pair keys granted to this key."""
        key_version = self.account.key_version
        for grant in self.registry.grants.get((self.account_id, key_version), []):
            for epoch, stanza in grant.rosters.items():
                label = labels.roster_grant(epoch, self.account_id, key_version)
                self._rosters[epoch] = crypto.unwrap(self.keys.exchange, stanza, label)
            for epoch, stanza in grant.team.items():
                raw = crypto.unwrap(self.keys.exchange, stanza, labels.team_grant(epoch, self.account_id, key_version))
                self._team[epoch] = crypto.exchange_private(raw)
            if grant.handover:
                label = labels.handover(self.account_id, key_version)
                handed = json.loads(crypto.unwrap(self.keys.exchange, grant.handover, label))
                for name, key in handed.items():
                    version, epoch = (int(part) for part in name.split(":"))
                    self._handover[(version, epoch)] = unb64(key)
        if self.registry.roster_epoch not in self._rosters:
            raise IntegrityError("the current roster key was not granted to this account; run 'school-log verify'")

    def adopt_first_keys(self, roster_key: bytes, team: crypto.X25519PrivateKey) -> None:
        """The keys of a vault being created, before any grant of them is written."""
        self._rosters[FIRST_ROSTER_EPOCH] = roster_key
        self._team[1] = team

    def catch_up(self) -> None:
        """Read the control records written since the last look, outside the write lock.

        For work that builds control records from the registry (accounts, key
        epochs): done first, so that the registry it builds from is current and
        under the lock only the few records written in between are replayed.
        """
        with self.vault.connect() as conn:
            self._refresh(conn)

    def _refresh(self, conn: Connection) -> None:
        """Catch up with control records written since unlock (new grants, removed accounts).

        Keys granted since to this session's key (a new roster epoch after someone
        left) are opened; if the account's keys were reset meanwhile, this session's
        key gets no new grants, and its writes are refused in `append_in`.
        """
        account = self.registry.accounts.get(self.account_id)
        mine = (self.account_id, account.key_version) if account else None
        before = len(self.registry.grants.get(mine, ())) if mine else 0
        self.vault.load_registry(conn, self.registry)
        if mine and len(self.registry.grants.get(mine, ())) != before and self.account.key_version == mine[1]:
            self.open_grants()

    @property
    def roster_key(self) -> bytes:
        """The roster key new roster records and profiles are sealed under."""
        return self.roster_key_for(self.registry.roster_epoch)

    def roster_key_for(self, epoch: int) -> bytes:
        key = self._rosters.get(max(epoch, FIRST_ROSTER_EPOCH)) if self._keys is not None else None
        if key is None:
            raise AuthError("the vault is locked" if self._keys is None else f"no roster key of epoch {epoch}")
        return key

    def roster_keys(self) -> dict[int, bytes]:
        """Every roster key this account holds, by epoch (to grant them all to a new key)."""
        if self._keys is None:
            raise AuthError("the vault is locked")
        return dict(self._rosters)

    def team_private(self, epoch: int) -> crypto.X25519PrivateKey | None:
        return self._team.get(epoch) if self._keys is not None else None

    def handed_over(self) -> dict[tuple[int, int], bytes]:
        """Pair keys of this account's earlier keys, handed over at a reset or a new passphrase."""
        return dict(self._handover)

    def lock(self) -> None:
        """Drop every key from this session (idle lock, logout), and give back its idle connections:
        a locked app holds nothing open on the store (the next unlock opens the vault afresh)."""
        self._keys = None
        self._rosters.clear()
        self._team.clear()
        self._pair_keys.clear()
        self._handover.clear()
        self._anchor.close()
        self.vault.engine.dispose()

    def use_keys(self, keys: crypto.KeyPair) -> None:
        """Go on with the account's new keys (after appending its rekey in this transaction)."""
        self._keys = keys
        self._pair_keys.clear()

    def pair_key(self, author: str, author_key: int, epoch: int) -> bytes | None:
        """The key that opens an entry's content key, if this account may read it."""
        cache_key = (author, author_key, epoch)
        cached = self._pair_keys.get(cache_key)
        if cached is not None:
            return cached
        team_public = self.registry.epochs.get(epoch)
        account = self.registry.accounts.get(author)
        if team_public is None or account is None or author_key not in account.keys:
            return None
        author_public = account.keys[author_key][0]
        team = self.team_private(epoch)
        if team is not None:
            key = crypto.pair_key(team, author_public, author_public, team_public)
        elif author == self.account_id and author_key == account.key_version:
            key = crypto.pair_key(self.keys.exchange, team_public, author_public, team_public)
        elif author == self.account_id and (author_key, epoch) in self._handover:
            key = self._handover[(author_key, epoch)]
        else:
            return None
        self._pair_keys[cache_key] = key
        return key
