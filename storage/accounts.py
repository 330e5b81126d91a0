"""Accounts: create the vault with its first DSL, add, reset, deactivate, change passphrase.

Each change is a chained control record signed by a DSL (or, for a new passphrase,
by the account itself), written in the same transaction as the key slot it goes
with. Names and usernames are sealed under the roster key (`storage.profiles`); the
database sees only a username stretched by Argon2id, naming its key slot.

Revocation is real: resetting or deactivating an account deletes its key slot and
starts a new roster key epoch (and, for a DSL, a new team key epoch) wrapped for
everyone else, so keys copied before — with any later copy of the store — open
nothing written after. A reset hands out a one-time code, never a passphrase the
DSL chose: the first unlock with it must set a new passphrase, which makes new keys
that only their owner ever held, and until then the account can do nothing else.
A new passphrase always means new keys.

Argon2id runs before the chain's write lock is taken, never under it.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, delete, func, insert, select
from sqlmodel import col

from storage import crypto, keyslots
from storage.clock import Clock
from storage.errors import AuthError, InputError
from storage.grants import grant_body, handover, holders_unchanged, key_grant, new_epochs
from storage.keyslots import open_keys, seal_keys, user_tag
from storage.labels import FIRST_ROSTER_EPOCH
from storage.passphrase import check_new_passphrase
from storage.profiles import find, profile, seal_profile
from storage.records import FORMAT, Draft, b64, canonical
from storage.registry import AccountState, CodeWindow, Registry
from storage.session import Session
from storage.tables import KeyslotRow, RecordRow, VaultRow
from storage.vault import Vault

ROLES = ("staff", "dsl")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    name: str
    role: str
    active: bool
    must_set_passphrase: bool = False


def check_username(username: str) -> str:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InputError(
            f"username {username!r}: use 2–32 lower-case letters, digits, '.', '_' or '-'", field="username"
        )
    return username


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"role {role!r}: use one of {', '.join(ROLES)}", field="role")
    return role


def _require_team(session: Session, action: str) -> None:
    if not session.is_team:
        raise AuthError(f"only a DSL can {action}")


def one_time_code() -> str:
    """A reset code to read out or hand over: 100 random bits, in five groups of four."""
    symbols = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(20))
    return "-".join(symbols[i : i + 4] for i in range(0, 20, 4))


def create_vault(
    url: str | None,
    school: str,
    username: str,
    name: str,
    passphrase: str,
    *,
    simulated_clock: bool = False,
    clock: Clock | None = None,
) -> Vault:
    """A new vault whose first DSL is `username`; refuses to touch an existing one.

    `simulated_clock` makes a demo, training or replay vault: it follows
    `clock` (`SCHOOL_LOG_NOW` by default), and its first records say so for ever.
    """
    vault = Vault(url)
    if vault.exists():
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    vault.refuse_foreign()
    username = check_username(username)
    if not school.strip():
        raise InputError("school name is empty")
    check_new_passphrase(passphrase, username, (school, name))
    vault_id, account_id = str(uuid.uuid4()), str(uuid.uuid4())
    keys, team = crypto.KeyPair.generate(), crypto.X25519PrivateKey.generate()
    slot = seal_keys(keys, passphrase, account_id, 1)
    tags = keyslots.DEFAULT_KDF  # what each username guessed against a copy costs: a passphrase guess
    tag = user_tag(vault_id, username, tags)
    roster_key = crypto.random_key()
    registry = Registry(clock="simulated" if simulated_clock else "real")
    session = Session(vault, vault_id, account_id, username, keys, registry, clock or Clock.from_environment())
    session.adopt_first_keys(roster_key, team)
    vault.create_tables()
    vault.adopt_id(vault_id)
    create = {
        "op": "create",
        "account": account_id,
        "role": "dsl",
        "xpub": b64(keys.exchange_public),
        "spub": b64(keys.signing_public),
        "profile": seal_profile(roster_key, account_id, username, name),
    }
    school_sealed = b64(crypto.seal(roster_key, school.strip().encode(), vault_id.encode()))
    about = {"school": school_sealed, "user_tags": asdict(tags)} | ({"clock": "simulated"} if simulated_clock else {})
    with session.transaction() as conn:
        conn.execute(insert(VaultRow).values(id=vault_id, format=FORMAT))
        session.append_in(
            conn,
            Draft("account", public=canonical(create)),
            Draft("key", public=canonical({"epoch": 1, "xpub": b64(crypto.exchange_public(team))})),
            Draft(
                "grant", public=canonical(grant_body(account_id, 1, keys.exchange_public, {1: roster_key}, {1: team}))
            ),
            Draft("vault", public=canonical(about)),
        )
        _put_keyslot(conn, tag, account_id, 1, slot)
    return vault


def _tag(session: Session, username: str) -> str:
    """The name of the username's key slot, at the cost the vault says (stretched before any lock is taken)."""
    return user_tag(session.vault_id, username, session.registry.user_tags)


def _put_keyslot(conn: Connection, tag: str, account_id: str, version: int, sealed: bytes) -> None:
    """The account's one key slot (any earlier slot of the account is deleted with it)."""
    conn.execute(delete(KeyslotRow).where(col(KeyslotRow.account) == account_id))
    conn.execute(delete(KeyslotRow).where(col(KeyslotRow.user_tag) == tag))
    conn.execute(insert(KeyslotRow).values(user_tag=tag, account=account_id, key_version=version, sealed=sealed))


def add_account(session: Session, username: str, name: str, role: str) -> str:
    """A new account with every roster key (and the team keys for a DSL); returns its one-time code.

    The DSL never chooses the passphrase: the account's key slot opens with the code and
    holds stand-in keys that may do one thing, set the owner's own passphrase (as after a
    reset). The creation is signed by the DSL, so the chain shows who added whom.
    """
    _require_team(session, "add accounts")
    username, role = check_username(username), _check_role(role)
    session.catch_up()
    if any(a.active and profile(session, a)["username"] == username for a in session.registry.accounts.values()):
        raise InputError(f"account {username!r} already exists", field="username")
    # Under the write lock, no account was added meanwhile (so none by this name), and the keys granted are
    # still every epoch there is.
    unused = holders_unchanged(session)
    tag = _tag(session, username)
    code = one_time_code()
    account_id, stand_in = str(uuid.uuid4()), crypto.KeyPair.generate()
    slot = seal_keys(stand_in, code, account_id, 1)
    create = {
        "op": "create",
        "account": account_id,
        "role": role,
        "xpub": b64(stand_in.exchange_public),
        "spub": b64(stand_in.signing_public),
        "profile": seal_profile(session.roster_key, account_id, username, name),
        "profile_epoch": session.registry.roster_epoch,
        "code": True,
    }
    grant = key_grant(session, account_id, 1, stand_in.exchange_public, role)
    with session.transaction() as conn:
        session.append_in(
            conn, Draft("account", public=canonical(create)), Draft("grant", public=canonical(grant)), check=unused
        )
        _put_keyslot(conn, tag, account_id, 1, slot)
    return code


#: Records to seal under a new team key epoch in the transaction that starts it (see `reset_account`).
WithNewEpoch = Callable[[], Sequence[Draft]]


def _nothing() -> Sequence[Draft]:
    return ()


def reset_account(session: Session, username: str, with_new_epoch: WithNewEpoch = _nothing) -> str:
    """A one-time code for someone who forgot their passphrase; returns it (show it once, to them).

    The account's key slot is replaced by one the code opens, holding stand-in keys
    that may do one thing: set a new passphrase, which makes the account's real new
    keys. The roster key (and for a DSL the team key) moves to a new epoch, so the
    account's old keys, and its old passphrase on any copy of the store, open
    nothing written from now on. When the team key moves, `with_new_epoch()` gives
    records to seal under the new epoch in the same transaction (the school's next
    identity key), so nothing is ever sealed to what the old holder could open.
    """
    _require_team(session, "reset passphrases")
    session.catch_up()
    username = check_username(username)
    account = find(session, username)
    if not account.active:
        raise InputError(f"account {username!r} is deactivated")
    if account.id == session.account_id:
        raise InputError("you cannot reset your own account: change your passphrase instead")
    tag = _tag(session, username)
    code = one_time_code()
    stand_in, version = crypto.KeyPair.generate(), account.key_version + 1
    slot = seal_keys(stand_in, code, account.id, version)
    reset = {
        "op": "reset",
        "account": account.id,
        "xpub": b64(stand_in.exchange_public),
        "spub": b64(stand_in.signing_public),
    }
    others = [
        (a.id, a.key_version, a.exchange_public, a.role)
        for a in session.registry.active_accounts()
        if a.id != account.id
    ]
    team = account.role == "dsl"
    rotation, _ = new_epochs(
        session, [*others, (account.id, version, stand_in.exchange_public, account.role)], team=team
    )
    earlier = key_grant(session, account.id, version, stand_in.exchange_public, account.role)
    earlier["handover"] = handover(session, account, version, stand_in.exchange_public)
    sealed_after = with_new_epoch() if team else ()
    with session.transaction() as conn:
        session.append_in(
            conn,
            Draft("account", public=canonical(reset)),
            *rotation,
            Draft("grant", public=canonical(earlier)),
            *sealed_after,
            check=holders_unchanged(session),
        )
        _put_keyslot(conn, tag, account.id, version, slot)
    session.open_grants()
    return code


def deactivate_account(session: Session, username: str, with_new_epoch: WithNewEpoch = _nothing) -> None:
    """The account can no longer unlock: its key slot goes, and the keys it held move to a new epoch
    (with, for a DSL, `with_new_epoch()` sealed under the new team epoch, as in `reset_account`)."""
    _require_team(session, "deactivate accounts")
    session.catch_up()
    account = find(session, check_username(username))
    if not account.active:
        raise InputError(f"account {username!r} is already deactivated")
    remaining = [a for a in session.registry.active_dsls() if a.id != account.id]
    if account.role == "dsl" and not remaining:
        raise InputError("cannot deactivate the last DSL: add another DSL first")
    recipients = [
        (a.id, a.key_version, a.exchange_public, a.role)
        for a in session.registry.active_accounts()
        if a.id != account.id
    ]
    team = account.role == "dsl"
    rotation, _ = new_epochs(session, recipients, team=team)
    sealed_after = with_new_epoch() if team else ()
    with session.transaction() as conn:
        session.append_in(
            conn,
            Draft("account", public=canonical({"op": "deactivate", "account": account.id})),
            *rotation,
            *sealed_after,
            check=holders_unchanged(session),
        )
        conn.execute(delete(KeyslotRow).where(col(KeyslotRow.account) == account.id))
    if session.is_team:
        session.open_grants()


def change_passphrase(session: Session, old: str, new: str) -> None:
    """The owner sets a new passphrase, which makes new keys (also how a reset is finished).

    The old keys hand their pair keys over to the new ones, so the owner keeps
    reading their own history; a copy of the old key slot opens nothing new.
    """
    session.catch_up()
    check_new_passphrase(new, session.username, (school_name(session), profile(session, session.account)["name"]))
    with session.vault.connect() as conn:
        slot = conn.execute(select(KeyslotRow).where(col(KeyslotRow.account) == session.account_id)).first()
    if slot is None:
        raise AuthError("this account has been deactivated")
    try:
        open_keys(slot.sealed, old, session.account_id, slot.key_version)
    except crypto.CryptoError:
        raise AuthError("the current passphrase is wrong") from None
    account = session.account
    keys, version = crypto.KeyPair.generate(), account.key_version + 1
    sealed = seal_keys(keys, new, account.id, version)
    rekey = {"op": "rekey", "account": account.id, "xpub": b64(keys.exchange_public), "spub": b64(keys.signing_public)}
    grant = key_grant(session, account.id, version, keys.exchange_public, account.role)
    grant["handover"] = handover(session, account, version, keys.exchange_public)
    with session.transaction() as conn:
        session.append_in(conn, Draft("account", public=canonical(rekey)), check=holders_unchanged(session))
        session.use_keys(keys)  # the grant to the new key is signed by the new key
        session.append_in(conn, Draft("grant", public=canonical(grant)))
        _put_keyslot(conn, slot.user_tag, account.id, version, sealed)  # the name stays: the username does
    session.open_grants()


def _asked(account: AccountState, earlier: bool) -> list[CodeWindow]:
    """The codes an answer covers: those still open, and with `earlier` the confirmed one before them that the
    owner was shown (confirmed by whoever held the account then)."""
    listed = account.to_answer()
    return [w for w in listed if w.state == "open" or (earlier and w is listed[0] and w.state == "confirmed")]


def answer_codes(session: Session, verdict: str, earlier: bool = False) -> list[CodeWindow]:
    """The owner says whether the one-time codes their account was asked about were theirs
    ("confirm") or not ("dispute"; with `earlier`, the confirmed code shown before them too); a chained record
    signed by the account. Returns the codes answered."""
    if verdict not in ("confirm", "dispute"):
        raise InputError(f"answer {verdict!r}: use confirm or dispute")
    if earlier and verdict != "dispute":
        raise InputError("only a dispute reaches back to a code confirmed earlier")
    session.catch_up()
    if session.must_set_passphrase:
        raise AuthError("set a new passphrase first: a one-time code allows nothing else")
    listed = _asked(session.account, earlier)
    if not listed:
        raise InputError("no one-time code of this account is waiting for an answer")
    seqs = [window.opened_seq for window in listed]

    def unchanged(registry: Registry) -> None:  # under the lock: nobody answered or reset it meanwhile
        if [w.opened_seq for w in _asked(registry.accounts[session.account_id], earlier)] != seqs:
            raise InputError("the account's one-time codes changed at the same moment: nothing was written; try again")

    answer = {"op": verdict, "account": session.account_id, "codes": seqs}
    with session.transaction() as conn:
        session.append_in(conn, Draft("account", public=canonical(answer)), check=unchanged)
    return listed


def entries_under(session: Session, window: CodeWindow) -> int:
    """How many entries the account wrote while `window`'s code stood unanswered (what its owner is told)."""
    query = select(func.count()).where(
        col(RecordRow.author) == session.account_id,
        col(RecordRow.cls) == "entry",
        col(RecordRow.seq) > window.opened_seq,
    )
    if window.closed_seq:
        query = query.where(col(RecordRow.seq) < window.closed_seq)
    with session.vault.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account with its name (opened with the roster key every account holds)."""
    infos = []
    for account in session.registry.accounts.values():
        who = profile(session, account)
        infos.append(
            AccountInfo(account.id, who["username"], who["name"], account.role, account.active, account.pending_reset)
        )
    return sorted(infos, key=lambda info: (info.username, not info.active))


def school_name(session: Session) -> str:
    key = session.roster_key_for(FIRST_ROSTER_EPOCH)
    return crypto.open_sealed(key, session.registry.school, session.vault_id.encode()).decode()
