"""Passphrase policy: long enough, and not one of the passwords everyone tries first."""

from __future__ import annotations

from storage.errors import InputError

MIN_LENGTH = 12

_COMMON = frozenset(
    """
    password password1 password12 password123 password1234 passw0rd123 qwerty123456
    123456789012 1234567890123 qwertyuiopas iloveyou1234 letmein12345 welcome12345
    changeme1234 administrator trustno11234 monkey123456 football1234 baseball1234
    sunshine1234 princess1234 superman1234 starwars1234 abc123456789 abcdefghijkl
    qwertyuiop12 1q2w3e4r5t6y 1qaz2wsx3edc zaq12wsxcde3 aaaaaaaaaaaa passwordpassword
    safeguarding safeguarding1 safeguarding123 teacher12345 school123456 schoolpassword
    correcthorsebatterystaple
    """.split()
)


def check_new_passphrase(passphrase: str, username: str = "") -> None:
    """Refuse a passphrase being set that is too short, too common or too guessable."""
    if len(passphrase) < MIN_LENGTH:
        raise InputError(f"passphrase too short: use at least {MIN_LENGTH} characters (a few words work well)")
    folded = passphrase.lower()
    if folded in _COMMON or folded.rstrip("0123456789!") in _COMMON:
        raise InputError("passphrase is on the list of common passwords: choose another")
    if len(set(folded)) < 5:
        raise InputError("passphrase repeats too few characters: choose another")
    if username and username.lower() in folded:
        raise InputError("passphrase contains the username: choose another")
