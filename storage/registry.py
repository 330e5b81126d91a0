"""Who may do what, replayed from the chain's control records.

Accounts, their public keys, the team and roster key epochs and the key grants are
all chained records, each signed by a DSL (the first DSL signs its own creation).
Two kinds of record an account signs for itself: a *rekey* of its own account
(a new passphrase means new keys, or finishing a reset) and a *grant* to its own
new key of keys it already holds. Unlock and `verify` replay them the same way, so
a row someone slipped into the database cannot make itself an account, a DSL or a
key holder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

from storage.crypto import KdfParams
from storage.labels import FIRST_ROSTER_EPOCH
from storage.records import unb64

CONTROL_CLASSES = ("account", "key", "grant", "vault")
#: Sealed under the roster key of their epoch, which every account holds, so written only by a DSL and
#: signature-checked on every read: the roster, notices (a few words for one account, under its own seal),
#: each child's family (a class of its own, so an unlock reading the roster does not open every family), and
#: pupils who have left (a class of its own, which supersedes their roster records, so an unlock skips them).
ROSTER_SEALED = ("roster", "notice", "family", "leaver")
ENTRY_CLASSES = ("entry", "audit", *ROSTER_SEALED)
SEALED_CLASSES = ENTRY_CLASSES


class Refused(Exception):
    """A record that the rules do not allow; `verify` names it."""


@dataclass
class CodeWindow:
    """A one-time code a DSL made for an account (adding it, or resetting it), and what its owner said of it.

    Whoever held the code could set the passphrase, so the entries the account wrote
    from then on are *unconfirmed* until the account says the code was used by its
    owner (`confirmed`), or *disputed* when it says it was not. The DSL sees the
    code; only the owner's answer clears the marks.
    """

    opened_seq: int  # the record that made the code (the account's creation, or a reset)
    by: str  # the DSL who made it
    at: str  # when
    added: bool = False  # made with the account (else a reset)
    used_at: str = ""  # when the code was used to set a passphrase ("" while unused)
    state: str = "open"  # "open", "confirmed" or "disputed"
    closed_seq: int = 0  # entries from here on are not under this code (0: still open)
    answered_at: str = ""

    def covers(self, seq: int) -> bool:
        return seq > self.opened_seq and (not self.closed_seq or seq < self.closed_seq)


@dataclass
class AccountState:
    id: str
    role: str
    active: bool
    key_version: int
    keys: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)  # version -> (x25519, ed25519)
    profile: bytes = b""  # sealed under the roster key of `profile_epoch`
    profile_epoch: int = FIRST_ROSTER_EPOCH
    pending_reset: bool = False  # added or reset by a DSL: the one-time code may only set a new passphrase
    codes: list[CodeWindow] = field(default_factory=list)  # every one-time code made for it, oldest first

    @property
    def exchange_public(self) -> bytes:
        return self.keys[self.key_version][0]

    def mark(self, seq: int) -> str | None:
        """How an entry it wrote at `seq` stands: "disputed", "unconfirmed" (under a one-time code its owner has
        not confirmed), or None."""
        states = {window.state for window in self.codes if window.used_at and window.covers(seq)}
        if "disputed" in states:
            return "disputed"
        return "unconfirmed" if "open" in states else None

    def to_answer(self) -> list[CodeWindow]:
        """The codes its owner is asked about: those used and not yet answered, with the one before them (a
        confirmation made by whoever held the account then is shown to the owner who gets it back)."""
        used = [window for window in self.codes if window.used_at]
        open_ = [i for i, window in enumerate(used) if window.state == "open"]
        return used[max(open_[0] - 1, 0) :] if open_ else []


@dataclass
class Grant:
    rosters: dict[int, bytes]
    team: dict[int, bytes]
    handover: bytes | None


@dataclass
class Registry:
    accounts: dict[str, AccountState] = field(default_factory=dict)
    epochs: dict[int, bytes] = field(default_factory=dict)  # epoch -> team x25519 public key
    roster_epoch: int = FIRST_ROSTER_EPOCH
    grants: dict[tuple[str, int], list[Grant]] = field(default_factory=dict)
    school: bytes = b""  # sealed under the first roster key
    clock: str = "real"  # "simulated": a demo, training or replay vault that honours SCHOOL_LOG_NOW
    user_tags: KdfParams | None = None  # the Argon2id cost key slots are named with (None: a fast hash, before)
    last_seq: int = 0

    @property
    def epoch(self) -> int:
        return max(self.epochs, default=0)

    def reset_to(self, replayed: Registry) -> None:
        """Take on a fresh replay's state in place, so every holder of this registry sees it (a write rolled back)."""
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(replayed, name))

    def signing_key(self, author: str, key_version: int, cls: str, body: bytes) -> bytes:
        """The public key that must have signed a record by `author`; Refused if none may."""
        if cls == "account" and not self.accounts:
            data = _json(body)
            if data.get("op") != "create" or data.get("account") != author or data.get("role") != "dsl":
                raise Refused("the first record must create the first DSL, signed by that DSL")
            return unb64(data["spub"])
        account = self.accounts.get(author)
        if account is None:
            raise Refused("signed by someone who is not an account of this vault")
        if not account.active:
            raise Refused("signed by a deactivated account")
        if key_version != account.key_version:
            raise Refused("signed with a key the account no longer holds")
        own = for_self(author, cls, body)
        if account.pending_reset and not (own and cls == "account"):
            raise Refused("signed by an account whose reset is not finished (it may only set a new passphrase)")
        if cls in CONTROL_CLASSES + ROSTER_SEALED and account.role != "dsl" and not own:
            raise Refused(f"a {cls} record signed by an account that is not a DSL")
        return account.keys[key_version][1]

    def role_of(self, account_id: str) -> str | None:
        account = self.accounts.get(account_id)
        return account.role if account else None

    def apply(self, seq: int, cls: str, body: bytes, author: str = "", created_at: str = "") -> None:
        """Fold one control record into the state (entries and audits change nothing)."""
        self.last_seq = seq
        if cls not in CONTROL_CLASSES:
            return
        data = _json(body)
        try:
            if cls == "account":
                self._apply_account(data, seq, author, created_at)
            else:
                getattr(self, f"_apply_{cls}")(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise Refused(f"malformed {cls} record ({error.__class__.__name__})") from None

    def _apply_account(self, data: dict[str, Any], seq: int, author: str, created_at: str) -> None:
        op, account_id = data["op"], data["account"]
        if op == "create":
            if account_id in self.accounts:
                raise Refused("creates an account that already exists")
            self.accounts[account_id] = AccountState(
                id=account_id,
                role=_role(data["role"]),
                active=True,
                key_version=1,
                keys={1: (unb64(data["xpub"]), unb64(data["spub"]))},
                profile=unb64(data["profile"]),
                profile_epoch=int(data.get("profile_epoch", FIRST_ROSTER_EPOCH)),
            )
            if data.get("code"):  # added with a one-time code: its owner sets the passphrase
                self.accounts[account_id].pending_reset = True
                self.accounts[account_id].codes.append(CodeWindow(seq, author, created_at, added=True))
            return
        account = self.accounts.get(account_id)
        if account is None:
            raise Refused("changes an account that does not exist")
        if op in ("rekey", "reset"):
            if op == "rekey" and account.pending_reset:
                account.codes[-1].used_at = created_at
            if op == "reset":
                account.codes.append(CodeWindow(seq, author, created_at))
            account.key_version += 1
            account.keys[account.key_version] = (unb64(data["xpub"]), unb64(data["spub"]))
            account.pending_reset = op == "reset"
        elif op in ("confirm", "dispute"):
            _answer(account, op, [int(s) for s in data["codes"]], seq, created_at)
        elif op == "deactivate":
            account.active = False
        else:
            raise Refused(f"unknown account operation {op!r}")

    def _apply_key(self, data: dict[str, Any]) -> None:
        if "roster_epoch" in data:
            if int(data["roster_epoch"]) != self.roster_epoch + 1:
                raise Refused("roster key epochs must follow each other")
            self.roster_epoch += 1
            return
        epoch = int(data["epoch"])
        if epoch != self.epoch + 1:
            raise Refused("team key epochs must follow each other")
        self.epochs[epoch] = unb64(data["xpub"])

    def _apply_grant(self, data: dict[str, Any]) -> None:
        target = (data["to"], int(data["key_version"]))
        if data["to"] not in self.accounts:
            raise Refused("grants keys to an account that does not exist")
        rosters = {int(epoch): unb64(stanza) for epoch, stanza in data.get("rosters", {}).items()}
        if data.get("roster"):  # the first format: one roster key, the first epoch
            rosters[FIRST_ROSTER_EPOCH] = unb64(data["roster"])
        handover = data.get("handover")
        grant = Grant(
            rosters=rosters,
            team={int(epoch): unb64(stanza) for epoch, stanza in data.get("team", {}).items()},
            handover=unb64(handover) if handover else None,
        )
        self.grants.setdefault(target, []).append(grant)

    def _apply_vault(self, data: dict[str, Any]) -> None:
        """The vault's first record (the school, its clock), or a later one changing how key slots are named."""
        if "user_tags" in data:
            tags = data["user_tags"]
            self.user_tags = KdfParams(int(tags["memory_kib"]), int(tags["iterations"]), int(tags["lanes"]))
        if not self.school:
            self.school = unb64(data["school"])
            self.clock = "simulated" if data.get("clock") == "simulated" else "real"

    def active_dsls(self) -> list[AccountState]:
        return [a for a in self.accounts.values() if a.active and a.role == "dsl"]

    def active_accounts(self) -> list[AccountState]:
        return [a for a in self.accounts.values() if a.active]


def _answer(account: AccountState, op: str, codes: list[int], seq: int, created_at: str) -> None:
    """The owner's answer about one-time codes (each named by the record that made it).

    Confirming closes a used, unanswered code here. Disputing may name an answered one too
    (a confirmation someone else made while they held the account): the entries it covers
    run up to the next code, or to the dispute itself.
    """
    if account.pending_reset:
        raise Refused("an account whose one-time code is unused cannot answer for it")
    windows = {window.opened_seq: i for i, window in enumerate(account.codes)}
    if not codes or any(code not in windows for code in codes):
        raise Refused("answers for a one-time code this account never had")
    for code in codes:
        i = windows[code]
        window = account.codes[i]
        if op == "confirm":
            if window.state != "open" or not window.used_at:
                raise Refused("confirms a one-time code that is not waiting for an answer")
            window.state, window.closed_seq = "confirmed", seq
        else:
            window.state = "disputed"
            window.closed_seq = account.codes[i + 1].opened_seq if i + 1 < len(account.codes) else seq
        window.answered_at = created_at


def for_self(author: str, cls: str, body: bytes) -> bool:
    """A record an account may sign for itself: its own rekey or answer about a one-time code, or a grant to
    its own key."""
    if cls not in ("account", "grant"):
        return False
    data = _json(body)
    if cls == "account":
        return data.get("op") in ("rekey", "confirm", "dispute") and data.get("account") == author
    return data.get("to") == author


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise Refused("control record is not JSON") from None
    if not isinstance(data, dict):
        raise Refused("control record is not a JSON object")
    return data


def _role(role: str) -> str:
    if role not in ("staff", "dsl"):
        raise ValueError(role)
    return role
