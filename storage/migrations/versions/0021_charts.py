"""rooms.charts_link and chart_posts: the charts of rooms by popularity

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("charts_link", sa.String(length=255), nullable=True))
    op.create_table(
        "chart_posts",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "week"),
    )


def downgrade() -> None:
    op.drop_table("chart_posts")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_column("charts_link")
