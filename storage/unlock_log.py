"""Unlocks in the operational log (school_log/oplog.py): who, as a hash; never the passphrase.

A technician asked "it says my passphrase is wrong" can see that unlocks of one account
were refused, and when, without the log naming anyone who works at the school.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

from storage.errors import AuthError

if TYPE_CHECKING:
    from storage.vault import Vault

log = logging.getLogger("school_log.storage")
P = ParamSpec("P")
T = TypeVar("T")


def account_ref(vault: Vault, username: str) -> str:
    """A short hash of the vault and the username: the same account gives the same reference."""
    try:
        vault_id = vault.id
    except Exception:  # no vault here: the refusal says so itself
        vault_id = ""
    return hashlib.sha256(f"{vault_id}\0{username}".encode()).hexdigest()[:12]


def logged_unlock(unlock: Callable[P, T]) -> Callable[P, T]:
    """Log each unlock's outcome — ok, or refused with the kind of refusal (never its words) —
    for `Vault.unlock(self, username, ...)`."""

    @functools.wraps(unlock)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        vault, username = cast("Vault", args[0]), str(args[1])
        try:
            session = unlock(*args, **kwargs)
        except AuthError as error:
            reason = "wrong passphrase" if "wrong passphrase" in str(error) else "refused"
            log.warning("unlock %s account=%s", reason, account_ref(vault, username))
            raise
        log.info("unlock ok account=%s", account_ref(vault, username))
        return session

    return wrapper
