"""The school's accounts as one account sees them: who works here, and a DSL's changes to them.

Read once per unlock, and again after any change to an account. Resetting or
deactivating a DSL also replaces the school's identity key, in the same transaction.
"""

from __future__ import annotations

from school_log.errors import InputError
from school_log.form_fields import MAX_SHORT, text_problem
from school_log.identity import next_key
from storage import accounts
from storage.accounts import AccountInfo
from storage.records import Draft
from storage.session import Session


class Staff:
    """The accounts of the school, read through `session`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_id: dict[str, AccountInfo] | None = None
        self._roles: dict[str, str] | None = None
        #: Whether the last reset or deactivation replaced the school's identity key (a DSL left the team): the
        #: schools that send files here need the new one ('school-log school-key').
        self.identity_replaced = False

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

    def add(self, username: str, name: str, role: str, passphrase: str) -> None:
        one_line_name(name, "the person's name")
        accounts.add_account(self.session, username, name, role, passphrase)
        self.forget()

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
        """A new passphrase, and with it new keys (also how a one-time reset code is used up)."""
        accounts.change_passphrase(self.session, old, new)
        self.forget()


def one_line_name(name: str, what: str) -> str:
    """A person's or the school's name as typed, or InputError: it is shown on one line in every list."""
    if len(name) > MAX_SHORT:
        raise InputError(f"{what}: longer than {MAX_SHORT} characters", field="name")
    wrong = text_problem(name, one_line=True)
    if wrong:
        raise InputError(f"{what}: {wrong}", field="name")
    return name
