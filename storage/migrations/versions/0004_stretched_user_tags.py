"""Key slots named by a stretched username tag: no schema change, a gate for older programs.

From this revision a key slot's name (`keyslot.user_tag`) is the username stretched by
Argon2id at the cost a signed `vault` record states (`storage.keyslots.user_tag`), no
longer a fast hash; a vault written before is renamed at its next DSL unlock
(`storage.usertags`). An older program would look slots up by the fast hash, find no one,
and could add accounts named so again; stamping this revision makes it refuse the store
("made by a newer school-log") instead.

Revision ID: 0004
Revises: 0003
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing in the schema changes: the revision itself is the step."""
