"""The store's schema, created and upgraded by the Alembic migrations beside this file.

Run from code on the vault's own connection (no alembic.ini, no env.py), on SQLite and
PostgreSQL alike. A store made before migrations existed has the tables but no
`alembic_version`; it is the baseline revision, stamped as such when upgraded.

Alembic is imported only to create or upgrade a schema: every unlock checks the
store's revision, and importing Alembic for that was a tenth of a second of every
command. The revisions are therefore also named here (`REVISIONS`); a test checks
them against Alembic's own reading of the scripts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

log = logging.getLogger("school_log.storage")  # the operational log (school_log/oplog.py): no pupil data
BASELINE = "0001"  # the tables every store had before migrations: vault, record, head, keyslot
REVISIONS = ("0001", "0002", "0003", "0004")  # the scripts in versions/, oldest first (one line, no branches)
HEAD = REVISIONS[-1]


def revision(conn: Connection) -> str | None:
    """The store's schema revision: None for an empty database, BASELINE for one made before migrations."""
    tables = inspect(conn)
    current = None
    if tables.has_table("alembic_version"):
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current is None and tables.has_table("vault"):
        return BASELINE
    return current


def is_known(rev: str) -> bool:
    """Whether this program has migration `rev` (a store at an unknown one was made by a newer program)."""
    return rev in REVISIONS


def scripts() -> ScriptDirectory:
    """Alembic's reading of the migration scripts beside this file."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(__file__).parent))


def upgrade(conn: Connection) -> str | None:
    """Bring the schema to HEAD inside the caller's transaction; returns the revision it was at."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    before, found = revision(conn), scripts()
    # The steps to HEAD as `alembic upgrade` computes them: Alembic offers no public name for this without env.py.
    context = MigrationContext.configure(conn, opts={"fn": lambda heads, _ctx: found._upgrade_revs(HEAD, heads)})
    if before == BASELINE and context.get_current_revision() is None:
        context.stamp(found, BASELINE)
    with Operations.context(context):
        context.run_migrations()
    if before != HEAD:
        log.info("migrated schema from=%s to=%s", before or "empty", HEAD)
    return before
