"""The DfE Unique Pupil Number's check letter (DfE, "Unique pupil numbers", Annex A).

A UPN is 13 characters: a check letter, then 12 characters (LA number, DfE
establishment number, year of allocation, serial; a temporary UPN ends in a
letter). The check letter catches a mistyped or invented UPN at import, before a
concern is recorded against the wrong child.
"""

from __future__ import annotations

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S


def check_letter(rest: str) -> str | None:
    """The check letter for the 12 characters after it, or None if they cannot be a UPN's."""
    if len(rest) != 12:
        return None
    total = 0
    for weight, char in enumerate(rest, start=2):
        if char.isascii() and char.isdigit():
            value = int(char)
        elif weight == 13 and char in LETTERS:  # a temporary UPN's last character
            value = LETTERS.index(char)
        else:
            return None
        total += value * weight
    return LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """Why `upn` is not a valid UPN, or None."""
    if len(upn) != 13:
        return "a UPN has 13 characters"
    expected = check_letter(upn[1:])
    if expected is None:
        return "a UPN is a letter, 11 digits, then a digit or letter"
    if upn[0] != expected:
        return f"its check letter should be {expected}, not {upn[0]} (mistyped?)"
    return None
