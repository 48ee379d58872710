"""lotteries.min_level and min_checkins: a fan club condition on who may enter

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("min_level", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("min_checkins", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.drop_column("min_checkins")
        batch_op.drop_column("min_level")
