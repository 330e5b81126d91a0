"""The (cls, seq) index unlock's replay reads by, and the sealed view cache.

Stores made before migrations may have either already (both were added to the models
over time, and `create_all` adds missing tables but never indexes), so each is made
only where missing. Without the index, replaying the control records at unlock scans
the whole chain: 45.7 ms against 0.37 ms at 58k records.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "ix_record_cls_seq" not in {index["name"] for index in inspector.get_indexes("record")}:
        op.create_index("ix_record_cls_seq", "record", ["cls", "seq"])
    if not inspector.has_table("cache"):
        op.create_table(
            "cache",
            sa.Column("name", sa.String(), primary_key=True),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("epoch", sa.Integer(), nullable=False),
            sa.Column("sealed", sa.LargeBinary(), nullable=False),
        )
