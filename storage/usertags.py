"""Naming the key slots of a vault written before usernames were stretched: a format step at a DSL's unlock.

Such a vault named each key slot by a fast salted hash of its username (and each account
record carried the same hash), so anyone with a copy could test a list of first names
against it in seconds. The first unlock by a DSL after the upgrade opens every account's
profile with the roster key, stretches each username at the production Argon2id cost,
and in one transaction renames the key slots and appends a `vault` record, signed by
the DSL, saying the cost; from then on every unlock finds its slot by the stretched tag.
Account records written before keep their fast hashes: the chain cannot be rewritten
without breaking what it proves (README, *Security*).
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from sqlalchemy import select, update
from sqlmodel import col

from storage import keyslots
from storage.errors import SchoolLogError
from storage.keyslots import user_tag
from storage.profiles import profile
from storage.records import Draft, canonical
from storage.registry import Registry
from storage.session import Session
from storage.tables import KeyslotRow

log = logging.getLogger("school_log.storage")  # the operational log (school_log/oplog.py): no pupil data
_SLOTS = select(col(KeyslotRow.user_tag), col(KeyslotRow.account)).order_by(col(KeyslotRow.user_tag))


class _Changed(Exception):
    """Someone changed the key slots while they were being stretched: the next DSL unlock tries again."""


def stretch_tags(session: Session) -> int:
    """Rename every key slot by its stretched tag, once, as the DSL `session` (Argon2id before the lock).

    Returns how many slots were renamed (0: done already, or left to the next DSL unlock after a clash).
    """
    if session.registry.user_tags is not None or not session.is_team:
        return 0
    params = keyslots.DEFAULT_KDF
    with session.vault.connect() as conn:
        slots = conn.execute(_SLOTS).all()
    accounts = session.registry.accounts
    renamed = {
        old: user_tag(session.vault_id, profile(session, accounts[account])["username"], params)
        for old, account in slots
        if account in accounts  # a slot of no account stays as it is; verify names it
    }

    def still_fast(now: Registry) -> None:
        if now.user_tags is not None:
            raise _Changed("another DSL stretched the tags first")

    try:
        with session.transaction() as conn:
            session.append_in(conn, Draft("vault", public=canonical({"user_tags": asdict(params)})), check=still_fast)
            if conn.execute(_SLOTS).all() != slots:  # read under the chain's write lock, which every slot change takes
                raise _Changed("the key slots changed meanwhile")
            for old, new in renamed.items():
                conn.execute(update(KeyslotRow).where(col(KeyslotRow.user_tag) == old).values(user_tag=new))
    except _Changed as changed:
        log.info("username tags not stretched yet: %s", changed)
        return 0
    except SchoolLogError as error:  # the store busy, the clock refused: the unlock goes on, the next one tries
        log.warning("username tags not stretched yet: %s", error.__class__.__name__)
        return 0
    log.info("username tags stretched: slots=%d", len(renamed))
    return len(renamed)
