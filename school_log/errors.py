"""The error types of the domain (shared with the vault, so each has one exit code)."""

from storage.errors import AuthError, InputError, IntegrityError, SchoolLogError

__all__ = ["AuthError", "InputError", "IntegrityError", "SchoolLogError"]
