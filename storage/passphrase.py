"""Passphrase policy: long enough, and hard to guess by a real strength estimate, not a word list.

zxcvbn (Dropbox's estimator) knows common passwords, names, dates, keyboard
walks, l33t substitutions and "Summer2024!!"-style patterns. A passphrase must
reach its top score (4: beyond about 10^10 guesses), because a copy of the store
can be attacked offline for as long as anyone likes; Argon2id only slows each
guess. An attacker with the store knows the school and guesses its staff: the
school's name, the username and the person's full name are given to zxcvbn as
words it knows, and the passphrase is also weighed with its spaces and
punctuation taken out ("Oakfield Primary 2026" is "oakfieldprimary2026" to a
cracker, and "Tom Teach Tom Teach" a name typed twice). A short list of famous
passphrases — the ones every cracking list starts with — is refused outright.
The refusal says why, in zxcvbn's own words where it has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storage.errors import InputError

MIN_LENGTH = 12
MIN_SCORE = 4
_ESTIMATED = 100  # zxcvbn's work grows fast with length; past this many characters it is no weaker
_CONTEXT = ["school", "safeguarding", "schoollog", "password", "passphrase"]
#: Phrases famous enough to head every cracking list (from comics, films, typing drills), however cased or spaced.
FAMOUS = (
    "correct horse battery staple",
    "the quick brown fox jumps over the lazy dog",
    "to be or not to be",
    "may the force be with you",
    "keep calm and carry on",
    "all your base are belong to us",
    "the cake is a lie",
    "winter is coming",
    "mary had a little lamb",
    "twinkle twinkle little star",
    "supercalifragilisticexpialidocious",
    "open sesame",
    "trust no one",
)
_SEPARATORS = re.compile(r"[\W_]+")


def _squeezed(text: str) -> str:
    """Lower case, with spaces, digits' separators and punctuation taken out: how a cracker's rules see it."""
    return _SEPARATORS.sub("", text.casefold())


_FAMOUS = tuple(_squeezed(phrase) for phrase in FAMOUS)


def _known_words(username: str, context: Iterable[str]) -> list[str]:
    """What an attacker with the store guesses first: the school's and the person's names, whole and word by word."""
    words = list(_CONTEXT)
    for text in (username, *context):
        words += [_squeezed(text), *(w for w in _SEPARATORS.split(text.casefold()) if len(w) > 1)]
    return [w for w in words if w]


def check_new_passphrase(passphrase: str, username: str = "", context: Iterable[str] = ()) -> None:
    """Refuse a passphrase being set that is too short or too guessable, saying why.

    `context`: the school's name and the person's full name (zxcvbn is told them as known words).
    """
    if len(passphrase) < MIN_LENGTH:
        raise InputError(
            f"passphrase too short: use at least {MIN_LENGTH} characters (a few words work well)", field="passphrase"
        )
    if username and username.lower() in passphrase.lower():
        raise InputError("passphrase contains the username: choose another", field="passphrase")
    squeezed = _squeezed(passphrase)
    if any(famous in squeezed for famous in _FAMOUS):
        raise InputError(
            "passphrase too easy to guess (it is a famous phrase on every cracking list): "
            "try three or four unrelated words",
            field="passphrase",
        )
    from zxcvbn import zxcvbn  # its dictionaries take 25 ms to load: only when a passphrase is set

    known = _known_words(username, context)
    for candidate in dict.fromkeys((passphrase[:_ESTIMATED], squeezed[:_ESTIMATED])):
        result = zxcvbn(candidate, user_inputs=known)
        if result["score"] < MIN_SCORE:
            feedback = result["feedback"]
            reason = feedback.get("warning") or " ".join(feedback.get("suggestions", [])[:1])
            reason = reason.rstrip(".") or "it follows a pattern that is quick to guess"
            raise InputError(
                f"passphrase too easy to guess ({reason}): try three or four unrelated words", field="passphrase"
            )
