"""The `draft` table: forms being typed when the app locked, sealed to their author's own key.

Outside the chain (a draft is not a record): a random id and the sealed bytes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
    )
