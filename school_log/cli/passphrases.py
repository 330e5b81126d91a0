"""Where passphrases (and an export's password) come from: a prompt on the terminal, or an environment
variable for scripts.

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


def _prompt(prompt: str, variable: str, what: str = "passphrase") -> str:
    if not has_terminal():
        raise InputError(f"no {what}: set {variable} or run in a terminal")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise InputError(f"no {what} given") from None


def _twice(prompt: str, variable: str, what: str) -> str:
    """Typed twice at the prompt, so a typing slip does not lock anyone out."""
    first = _prompt(prompt, variable, what)
    if _prompt("Repeat it: ", variable, what) != first:
        raise InputError(f"the two {what}s differ; nothing was changed or written")
    return first


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
    return _twice(f"New passphrase for {whose}: ", "SCHOOL_LOG_NEW_PASSPHRASE", "passphrase")


def export_password() -> str:
    """The password a protected PDF opens with: `SCHOOL_LOG_EXPORT_PASSWORD`, else prompted twice."""
    value = settings().export_password
    if value is not None:
        return value.get_secret_value()
    return _twice("Password to open the PDF: ", "SCHOOL_LOG_EXPORT_PASSWORD", "password")
