"""The password that protects an exported PDF: long, hard to guess, and about nothing on the page.

An encrypted PDF can be attacked offline for as long as anyone likes, so the rule
is the accounts' (at least `MIN_LENGTH` characters and zxcvbn's top score), and the
password may not contain the child's name or UPN, the school's name or the DSL's
own: the first guesses of whoever finds the file. Refusals never repeat it.
"""

from __future__ import annotations

import re

from school_log.errors import InputError
from school_log.model import Pupil
from school_log.school import School
from storage.passphrase import MIN_LENGTH, MIN_SCORE

FIELD = "password"
_ESTIMATED = 100  # zxcvbn's work grows fast with length; past this many characters it is no weaker


def check_password(password: str, pupil: Pupil, school: School) -> None:
    """Refuse a password for `pupil`'s export that is short, guessable or made of what the file names."""
    if len(password) < MIN_LENGTH:
        raise InputError(
            f"the PDF password is too short: use at least {MIN_LENGTH} characters (a few unrelated words work well)",
            field=FIELD,
        )
    me = school.me
    names = (pupil.given_name, pupil.family_name, pupil.preferred_name, pupil.preferred_surname, pupil.upn)
    school_words = [word for word in school.name.split() if len(word) >= 4]  # not "St", "of", "the"
    named = [*names, *school_words, me.username, *me.name.split()]
    squashed = _squash(password)
    if any(len(word) >= 3 and word in squashed for word in map(_squash, named)):
        raise InputError(
            "the PDF password contains the child's, the school's or your own name, or the UPN: "
            "choose words that have nothing to do with them",
            field=FIELD,
        )
    from zxcvbn import zxcvbn  # its dictionaries take 25 ms to load: only when a password is chosen

    result = zxcvbn(password[:_ESTIMATED], user_inputs=[w for w in named if w])
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        reason = (feedback.get("warning") or "it follows a pattern that is quick to guess").rstrip(".")
        raise InputError(f"the PDF password is too easy to guess ({reason}): try four unrelated words", field=FIELD)


def _squash(text: str) -> str:
    """Letters and digits only, lower case: 'Jamie-Brook' is found in 'jamiebrook2026'."""
    return re.sub(r"[\W_]+", "", text.casefold())
