"""fan_pauses: which fan club members were told their membership paused

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fan_pauses",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("last_attended", sa.DateTime(timezone=True), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("fan_pauses")
