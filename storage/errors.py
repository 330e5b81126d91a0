"""The errors every layer speaks: each maps to one exit code and one clear line."""


class SchoolLogError(Exception):
    """Base: the message is one line, safe to show (never plaintext safeguarding data)."""

    exit_code = 2


class InputError(SchoolLogError):
    """Bad input or bad usage: nothing was written."""

    exit_code = 2


class AuthError(SchoolLogError):
    """Authentication or permission refused: nothing was written."""

    exit_code = 3


class IntegrityError(SchoolLogError):
    """The store is damaged, altered or behind what was already seen."""

    exit_code = 1
