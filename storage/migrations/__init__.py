"""The store's schema, created and upgraded by the Alembic migrations beside this file.

Run from code on the vault's own connection (no alembic.ini, no env.py), on SQLite and
PostgreSQL alike. A store made before migrations existed has the tables but no
`alembic_version`; it is the baseline revision, stamped as such when upgraded.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, inspect

log = logging.getLogger("school_log.storage")  # the operational log (school_log/oplog.py): no pupil data
SCRIPTS = ScriptDirectory(str(Path(__file__).parent))
BASELINE = "0001"  # the tables every store had before migrations: vault, record, head, keyslot
HEAD = SCRIPTS.get_current_head() or BASELINE  # the newest revision (the migrations are one line)


def revision(conn: Connection) -> str | None:
    """The store's schema revision: None for an empty database, BASELINE for one made before migrations."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current is None and inspect(conn).has_table("vault"):
        return BASELINE
    return current


def is_known(rev: str) -> bool:
    """Whether this program has migration `rev` (a store at an unknown one was made by a newer program)."""
    try:
        return SCRIPTS.get_revision(rev) is not None
    except CommandError:
        return False


def upgrade(conn: Connection) -> str | None:
    """Bring the schema to HEAD inside the caller's transaction; returns the revision it was at."""
    before = revision(conn)
    # The steps to HEAD as `alembic upgrade` computes them: Alembic offers no public name for this without env.py.
    context = MigrationContext.configure(conn, opts={"fn": lambda heads, _ctx: SCRIPTS._upgrade_revs(HEAD, heads)})
    if before == BASELINE and context.get_current_revision() is None:
        context.stamp(SCRIPTS, BASELINE)
    with Operations.context(context):
        context.run_migrations()
    if before != HEAD:
        log.info("migrated schema from=%s to=%s", before or "empty", HEAD)
    return before
