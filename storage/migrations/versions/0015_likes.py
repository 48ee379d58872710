"""likes: fans' reactions on the room's messages, one per fan and message

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "likes",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("liked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "message_id", "user_id"),
    )
    op.create_index("ix_likes_time", "likes", ["room_chat_id", "liked_at"])


def downgrade() -> None:
    op.drop_index("ix_likes_time", table_name="likes")
    op.drop_table("likes")
