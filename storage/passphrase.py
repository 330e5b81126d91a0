"""Passphrase policy: long enough, and hard to guess by a real strength estimate, not a word list.

zxcvbn (Dropbox's estimator) knows common passwords, names, dates, keyboard
walks, l33t substitutions and "Summer2024!!"-style patterns. A passphrase must
reach its top score (4: beyond about 10^10 guesses), because a copy of the store
can be attacked offline for as long as anyone likes; Argon2id only slows each
guess. The refusal says why, in zxcvbn's own words where it has them.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from storage.errors import InputError

MIN_LENGTH = 12
MIN_SCORE = 4
_ESTIMATED = 100  # zxcvbn's work grows fast with length; past this many characters it is no weaker
_CONTEXT = ["school", "safeguarding", "school-log", "password", "passphrase"]


def check_new_passphrase(passphrase: str, username: str = "") -> None:
    """Refuse a passphrase being set that is too short or too guessable, saying why."""
    if len(passphrase) < MIN_LENGTH:
        raise InputError(
            f"passphrase too short: use at least {MIN_LENGTH} characters (a few words work well)", field="passphrase"
        )
    if username and username.lower() in passphrase.lower():
        raise InputError("passphrase contains the username: choose another", field="passphrase")
    result = zxcvbn(passphrase[:_ESTIMATED], user_inputs=[*_CONTEXT, username])
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        reason = feedback.get("warning") or " ".join(feedback.get("suggestions", [])[:1])
        reason = reason.rstrip(".") or "it follows a pattern that is quick to guess"
        raise InputError(
            f"passphrase too easy to guess ({reason}): try three or four unrelated words", field="passphrase"
        )
