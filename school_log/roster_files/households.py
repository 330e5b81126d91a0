"""A file's rows taken together: one row a UPN, and households worked out from what siblings share."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

from school_log.errors import InputError
from school_log.model import Family
from school_log.roster_files import checks
from school_log.roster_files.rows import RosterRow


def collect(rows: Iterator[tuple[str, RosterRow]], file: str, upn_label: str) -> list[RosterRow]:
    """Gather rows, refusing a UPN seen twice (two records for one child would split their history)."""
    seen: dict[str, str] = {}
    result: list[RosterRow] = []
    for where, row in rows:
        if row.upn in seen:
            raise InputError(f"{where}, {upn_label}: {row.upn} is also at {seen[row.upn]}")
        seen[row.upn] = where.removeprefix(file + " ")
        result.append(row)
    if not result:
        raise InputError(f"{file}: no pupils in the file")
    return _link_households(result)


def _shared_keys(family: Family) -> set[str]:
    """What siblings' records share: the child's address, and each contact's phone number or email."""
    keys = {"addr:" + checks.comparable(family.address)} if checks.comparable(family.address) else set()
    for contact in family.contacts:
        digits = "".join(ch for ch in contact.phone if ch.isdigit())
        keys |= {"tel:" + digits} if len(digits) >= 6 else set()
        keys |= {"mail:" + contact.email.strip().casefold()} if "@" in contact.email else set()
    return keys


def _link_households(rows: list[RosterRow]) -> list[RosterRow]:
    """Rows without a stated household join the others they share an address, phone or email with.

    The household id is a hash of the group's first shared key, so it is stable across
    re-imports and no address, phone or email text is kept in it; a pupil who shares
    nothing stays a household of their own (their UPN).
    """
    group = list(range(len(rows)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    first_with: dict[str, int] = {}
    keys = [_shared_keys(row.family) if not row.household_stated else set() for row in rows]
    for i, row_keys in enumerate(keys):
        for key in sorted(row_keys):
            group[root(i)] = root(first_with.setdefault(key, i))
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(root(i), []).append(i)
    linked = list(rows)
    for indices in members.values():
        if len(indices) > 1:
            name = "fam-" + hashlib.sha256(min(k for i in indices for k in keys[i]).encode()).hexdigest()[:16]
            for i in indices:
                linked[i] = replace(rows[i], household=name)
    return linked
