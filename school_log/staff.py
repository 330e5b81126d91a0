"""The school's accounts as one account sees them: who works here, and a DSL's changes to them.

Read once per unlock, and again after any change to an account. Resetting or
deactivating a DSL also replaces the school's identity key, in the same transaction.

A DSL adding or resetting an account gets a one-time code, never a passphrase, and
sees it: so the entries an account writes after its code was used are marked
*unconfirmed* until the account's owner confirms that they used the code themselves
(or *disputed*, when they say they did not); the owner is asked at every unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from school_log.errors import InputError
from school_log.forms.fields import MAX_SHORT, text_problem
from school_log.identity import next_key
from storage import accounts
from storage.accounts import AccountInfo
from storage.records import Draft
from storage.registry import CodeWindow
from storage.session import Session

#: How an entry written under a one-time code is marked wherever its author is shown.
CODE_MARKS = {"unconfirmed": "[unconfirmed]", "disputed": "[disputed]"}


@dataclass(frozen=True)
class CodeUse:
    """One one-time code of this account, as its owner is told of it."""

    made_by: str  # the DSL's name
    made_at: datetime
    added: bool  # the account was made with it (else it was reset)
    used_at: datetime
    state: str  # "open" (not yet answered), "confirmed" or "disputed"
    answered_at: datetime | None
    entries: int  # written while it stood unanswered

    def line(self) -> str:
        made = "made" if self.added else "reset"
        said = {
            "open": "not yet confirmed",
            "confirmed": f"confirmed {_when(self.answered_at)}",
            "disputed": f"disputed {_when(self.answered_at)}",
        }[self.state]
        return (
            f"Your account was {made} by {self.made_by} on {_when(self.made_at)}; its one-time code was used "
            f"{_when(self.used_at)}; entries since then: {self.entries} ({said})."
        )


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC") if moment else "?"


def notice(uses: list[CodeUse]) -> str:
    """What the owner is asked at unlock, in full."""
    earlier = (
        " If you did not confirm the earlier one yourself, dispute that one too." if earlier_to_dispute(uses) else ""
    )
    return "\n".join(
        [
            *(use.line() for use in uses),
            "Did you use the code yourself? Confirm if so. If anyone else used it, or chose or told you your "
            f"passphrase, dispute: those entries stay marked as disputed; then set a new passphrase.{earlier}",
        ]
    )


def earlier_to_dispute(uses: list[CodeUse]) -> bool:
    """Whether the owner is shown a code confirmed before the open ones (which a dispute may reach back to)."""
    return bool(uses) and uses[0].state == "confirmed"


class Staff:
    """The accounts of the school, read through `session`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_id: dict[str, AccountInfo] | None = None
        self._roles: dict[str, str] | None = None
        #: Whether the last reset or deactivation replaced the school's identity key (a DSL left the team): the
        #: schools that send files here need the new one ('school-log school-key').
        self.identity_replaced = False
        #: This unlock used a one-time code to set the passphrase: its owner is asked about it at the next one.
        self.code_used_here = False

    def forget(self) -> None:
        """Read the accounts again next time (one was added, reset, deactivated, rekeyed)."""
        self._by_id, self._roles = None, None

    def members(self) -> list[AccountInfo]:
        """Every account, by username."""
        return sorted(self.by_id().values(), key=lambda a: a.username)

    def by_id(self) -> dict[str, AccountInfo]:
        if self._by_id is None:
            self._by_id = {info.id: info for info in accounts.list_accounts(self.session)}
        return self._by_id

    def roles(self) -> dict[str, str]:
        """Each account's role by id (the review weighs a concern by who raised it)."""
        if self._roles is None:
            self._roles = {info.id: info.role for info in self.by_id().values()}
        return self._roles

    def dsls(self) -> list[AccountInfo]:
        return [a for a in self.members() if a.role == "dsl" and a.active]

    def author(self, account_id: str) -> tuple[str, str]:
        """An entry's author's name and role ("unknown" for an account this school never had)."""
        author = self.by_id().get(account_id)
        return (author.name, author.role) if author else ("unknown", "")

    def mark(self, account_id: str, seq: int) -> str | None:
        """ "unconfirmed" or "disputed" for an entry written at `seq` under a one-time code its author's owner has
        not confirmed; None otherwise."""
        account = self.session.registry.accounts.get(account_id)
        return account.mark(seq) if account else None

    def add(self, username: str, name: str, role: str) -> str:
        """A new account; returns its one-time code (give it to them, once): they set their own passphrase."""
        one_line_name(name, "the person's name")
        code = accounts.add_account(self.session, username, name, role)
        self.forget()
        return code

    def reset(self, username: str) -> str:
        """A one-time code for someone who forgot their passphrase (give it to them, once)."""
        self.identity_replaced = False
        code = accounts.reset_account(self.session, username, self._next_identity)
        self.forget()
        return code

    def deactivate(self, username: str) -> None:
        self.identity_replaced = False
        accounts.deactivate_account(self.session, username, self._next_identity)
        self.forget()

    def _next_identity(self) -> list[Draft]:
        """Sealed under the new team key epoch a DSL's reset or removal starts: the school's next identity key."""
        drafts = next_key(self.session)
        self.identity_replaced = bool(drafts)
        return drafts

    def change_passphrase(self, old: str, new: str) -> None:
        """A new passphrase, and with it new keys (also how a one-time code is used up)."""
        with_code = self.session.must_set_passphrase
        accounts.change_passphrase(self.session, old, new)
        self.code_used_here = self.code_used_here or with_code
        self.forget()

    def codes_to_answer(self) -> list[CodeUse]:
        """The one-time codes of this account its owner is asked about (none: nothing to ask), from the unlock
        after the one that used the code."""
        if self.session.must_set_passphrase or self.code_used_here:
            return []
        return [self._use(window) for window in self.session.account.to_answer()]

    def _use(self, window: CodeWindow) -> CodeUse:
        return CodeUse(
            made_by=self.author(window.by)[0],
            made_at=datetime.fromisoformat(window.at),
            added=window.added,
            used_at=datetime.fromisoformat(window.used_at),
            state=window.state,
            answered_at=datetime.fromisoformat(window.answered_at) if window.answered_at else None,
            entries=accounts.entries_under(self.session, window),
        )

    def answer_codes(self, verdict: str, earlier: bool = False) -> int:
        """Confirm or dispute (`verdict`) the codes asked about, as a chained record; `earlier` disputes the
        confirmed code shown before them too. Returns how many were answered."""
        return len(accounts.answer_codes(self.session, verdict, earlier))


def one_line_name(name: str, what: str) -> str:
    """A person's or the school's name as typed, or InputError: it is shown on one line in every list."""
    if len(name) > MAX_SHORT:
        raise InputError(f"{what}: longer than {MAX_SHORT} characters", field="name")
    wrong = text_problem(name, one_line=True)
    if wrong:
        raise InputError(f"{what}: {wrong}", field="name")
    return name
