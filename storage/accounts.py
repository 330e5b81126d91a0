"""Accounts: create the vault with its first DSL, add, reset, deactivate, change passphrase.

Each change is a chained control record signed by a DSL, written in the same
transaction as the key slot it goes with. Names and usernames are sealed under
the roster key; the database sees only a salted hash of a username.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from storage import crypto
from storage.errors import AuthError, InputError
from storage.keyslots import open_keys, seal_keys, user_tag
from storage.passphrase import check_new_passphrase
from storage.records import Draft, b64, canonical
from storage.registry import AccountState, Registry
from storage.session import Session
from storage.tables import KeyslotRow, VaultRow
from storage.vault import Vault

ROLES = ("staff", "dsl")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    name: str
    role: str
    active: bool


def _check_username(username: str) -> str:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InputError(f"username {username!r}: use 2–32 lower-case letters, digits, '.', '_' or '-'")
    return username


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"role {role!r}: use one of {', '.join(ROLES)}")
    return role


def _require_team(session: Session, action: str) -> None:
    if not session.is_team:
        raise AuthError(f"only a DSL can {action}")


def _profile(roster_key: bytes, account_id: str, username: str, name: str) -> str:
    data = canonical({"username": username, "name": name.strip() or username})
    return b64(crypto.seal(roster_key, data, account_id.encode()))


def _grant(session: Session, account_id: str, key_version: int, exchange_public: bytes, role: str) -> Draft:
    """Wrap the roster key (and, for a DSL, every team key) for one account key."""
    label = f"{account_id}/{key_version}".encode()
    team = {}
    if role == "dsl":
        for epoch in session.registry.epochs:
            private = session.team_private(epoch)
            if private is None:
                raise AuthError("this DSL does not hold every team key; ask another DSL")
            raw = crypto.exchange_private_bytes(private)
            team[str(epoch)] = b64(crypto.wrap_for(exchange_public, raw, f"team/{epoch}/".encode() + label))
    body = {
        "to": account_id,
        "key_version": key_version,
        "roster": b64(crypto.wrap_for(exchange_public, session.roster_key, b"roster/" + label)),
        "team": team,
    }
    return Draft("grant", public=canonical(body))


def create_vault(url: str | None, school: str, username: str, name: str, passphrase: str) -> Vault:
    """A new vault whose first DSL is `username`; refuses to touch an existing one."""
    vault = Vault(url)
    if vault.exists():
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    username = _check_username(username)
    if not school.strip():
        raise InputError("school name is empty")
    check_new_passphrase(passphrase, username)
    vault.create_tables()
    vault_id, account_id = str(uuid.uuid4()), str(uuid.uuid4())
    keys, team = crypto.KeyPair.generate(), crypto.X25519PrivateKey.generate()
    roster_key = crypto.random_key()
    session = Session(vault, vault_id, account_id, username, keys, Registry())
    session._roster_key = roster_key
    session._team[1] = team
    vault._id = vault_id
    create = {
        "op": "create",
        "account": account_id,
        "user_tag": user_tag(vault_id, username),
        "role": "dsl",
        "xpub": b64(keys.exchange_public),
        "spub": b64(keys.signing_public),
        "profile": _profile(roster_key, account_id, username, name),
    }
    with session.transaction() as conn:
        conn.execute(VaultRow.__table__.insert().values(id=vault_id, format=1))  # type: ignore[attr-defined]
        session.append_in(conn, Draft("account", public=canonical(create)))
        session.append_in(conn, Draft("key", public=canonical({"epoch": 1, "xpub": b64(crypto.exchange_public(team))})))
        session.append_in(conn, _grant(session, account_id, 1, keys.exchange_public, "dsl"))
        school_sealed = b64(crypto.seal(roster_key, school.strip().encode(), vault_id.encode()))
        session.append_in(conn, Draft("vault", public=canonical({"school": school_sealed})))
        _put_keyslot(conn, vault_id, username, account_id, 1, keys, passphrase)
    return vault


def _put_keyslot(
    conn, vault_id: str, username: str, account_id: str, version: int, keys: crypto.KeyPair, passphrase: str
) -> None:  # type: ignore[no-untyped-def]
    tag = user_tag(vault_id, username)
    conn.execute(delete(KeyslotRow).where(KeyslotRow.user_tag == tag))
    conn.execute(
        KeyslotRow.__table__.insert().values(  # type: ignore[attr-defined]
            user_tag=tag,
            account=account_id,
            key_version=version,
            sealed=seal_keys(keys, passphrase, account_id, version),
        )
    )


def _find(session: Session, username: str) -> AccountState:
    tag = user_tag(session.vault_id, _check_username(username))
    for account in session.registry.accounts.values():
        if account.user_tag == tag:
            return account
    raise InputError(f"no account {username!r} in this vault")


def add_account(session: Session, username: str, name: str, role: str, passphrase: str) -> str:
    """A new account with the roster key (and the team keys for a DSL). Returns its id."""
    _require_team(session, "add accounts")
    username, role = _check_username(username), _check_role(role)
    tag = user_tag(session.vault_id, username)
    if any(a.user_tag == tag for a in session.registry.accounts.values()):
        raise InputError(f"account {username!r} already exists")
    check_new_passphrase(passphrase, username)
    account_id, keys = str(uuid.uuid4()), crypto.KeyPair.generate()
    create = {
        "op": "create",
        "account": account_id,
        "user_tag": tag,
        "role": role,
        "xpub": b64(keys.exchange_public),
        "spub": b64(keys.signing_public),
        "profile": _profile(session.roster_key, account_id, username, name),
    }
    with session.transaction() as conn:
        session.append_in(
            conn, Draft("account", public=canonical(create)), _grant(session, account_id, 1, keys.exchange_public, role)
        )
        _put_keyslot(conn, session.vault_id, username, account_id, 1, keys, passphrase)
    return account_id


def reset_account(session: Session, username: str, passphrase: str) -> None:
    """New keys and passphrase for someone who forgot theirs; they keep reading their own entries."""
    _require_team(session, "reset passphrases")
    account = _find(session, username)
    check_new_passphrase(passphrase, username)
    keys, version = crypto.KeyPair.generate(), account.key_version + 1
    rekey = {"op": "rekey", "account": account.id, "xpub": b64(keys.exchange_public), "spub": b64(keys.signing_public)}
    grant = _grant(session, account.id, version, keys.exchange_public, account.role)
    handed = {
        f"{old}:{epoch}": b64(key)
        for old in account.keys
        for epoch in session.registry.epochs
        if (key := session.pair_key(account.id, old, epoch)) is not None
    }
    body = json.loads(grant.public) | {
        "handover": b64(
            crypto.wrap_for(keys.exchange_public, canonical(handed), f"handover/{account.id}/{version}".encode())
        )
    }
    with session.transaction() as conn:
        session.append_in(conn, Draft("account", public=canonical(rekey)), Draft("grant", public=canonical(body)))
        _put_keyslot(conn, session.vault_id, username, account.id, version, keys, passphrase)


def deactivate_account(session: Session, username: str) -> None:
    """The account can no longer unlock; removing a DSL starts a new team key epoch."""
    _require_team(session, "deactivate accounts")
    account = _find(session, username)
    if not account.active:
        raise InputError(f"account {username!r} is already deactivated")
    remaining = [a for a in session.registry.active_dsls() if a.id != account.id]
    if account.role == "dsl" and not remaining:
        raise InputError("cannot deactivate the last DSL: add another DSL first")
    drafts = [Draft("account", public=canonical({"op": "deactivate", "account": account.id}))]
    if account.role == "dsl":
        team = crypto.X25519PrivateKey.generate()
        epoch = session.registry.epoch + 1
        raw = crypto.exchange_private_bytes(team)
        drafts.append(Draft("key", public=canonical({"epoch": epoch, "xpub": b64(crypto.exchange_public(team))})))
        for dsl in remaining:
            label = f"team/{epoch}/{dsl.id}/{dsl.key_version}".encode()
            stanza = crypto.wrap_for(dsl.exchange_public, raw, label)
            body = {"to": dsl.id, "key_version": dsl.key_version, "team": {str(epoch): b64(stanza)}}
            drafts.append(Draft("grant", public=canonical(body)))
    session.append(*drafts)
    if session.is_team:
        session.open_grants()


def change_passphrase(session: Session, old: str, new: str) -> None:
    """The owner re-seals their own keys under a new passphrase (the keys stay the same)."""
    tag = user_tag(session.vault_id, session.username)
    check_new_passphrase(new, session.username)
    with session.transaction() as conn:
        slot = conn.execute(select(KeyslotRow).where(KeyslotRow.user_tag == tag)).first()
        try:
            open_keys(slot.sealed, old, session.account_id, slot.key_version)
        except crypto.CryptoError:
            raise AuthError("the current passphrase is wrong") from None
        sealed = seal_keys(session.keys, new, session.account_id, slot.key_version)
        conn.execute(update(KeyslotRow).where(KeyslotRow.user_tag == tag).values(sealed=sealed))


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account with its name (opened with the roster key every account holds)."""
    infos = []
    for account in session.registry.accounts.values():
        profile = json.loads(crypto.open_sealed(session.roster_key, account.profile, account.id.encode()))
        infos.append(AccountInfo(account.id, profile["username"], profile["name"], account.role, account.active))
    return sorted(infos, key=lambda info: info.username)


def school_name(session: Session) -> str:
    return crypto.open_sealed(session.roster_key, session.registry.school, session.vault_id.encode()).decode()
