"""Where passphrases come from: a prompt on the terminal, or an environment variable for scripts.

Never from a command-line argument (visible to every user in the process list).
"""

from __future__ import annotations

import getpass

from school_log.errors import InputError
from storage.settings import settings


def has_terminal() -> bool:
    """Whether a person can be asked (a script or CI run has no terminal: it must use the variables)."""
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return False


def _prompt(prompt: str, variable: str) -> str:
    if not has_terminal():
        raise InputError(f"no passphrase: set {variable} or run in a terminal")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise InputError("no passphrase given") from None


def current_passphrase(username: str) -> str:
    """The passphrase of the account acting: `SCHOOL_LOG_PASSPHRASE`, else a prompt."""
    value = settings().passphrase
    return (
        value.get_secret_value()
        if value is not None
        else _prompt(f"Passphrase for {username}: ", "SCHOOL_LOG_PASSPHRASE")
    )


def new_passphrase(whose: str) -> str:
    """A passphrase being set: `SCHOOL_LOG_NEW_PASSPHRASE`, else prompted twice."""
    value = settings().new_passphrase
    if value is not None:
        return value.get_secret_value()
    first = _prompt(f"New passphrase for {whose}: ", "SCHOOL_LOG_NEW_PASSPHRASE")
    if _prompt("Repeat it: ", "SCHOOL_LOG_NEW_PASSPHRASE") != first:
        raise InputError("the two passphrases differ; nothing was changed")
    return first
