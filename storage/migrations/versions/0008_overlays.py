"""overlays: each room's stream-overlay link (digest to look it up, the token encrypted)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overlays",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("token_enc", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_chat_id"),
        sa.UniqueConstraint("token_digest"),
    )


def downgrade() -> None:
    op.drop_table("overlays")
