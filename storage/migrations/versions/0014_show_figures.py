"""room_touches and show_figures: who was active in a show, and each show's numbers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_touches",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("minute", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "user_id", "minute"),
    )
    op.create_index("ix_room_touches_time", "room_touches", ["room_chat_id", "minute"])
    op.create_table(
        "show_figures",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("length_seconds", sa.Integer(), nullable=False),
        sa.Column("active_fans", sa.Integer(), nullable=False),
        sa.Column("peak_active", sa.Integer(), nullable=False),
        sa.Column("new_members", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("gifts", sa.Integer(), nullable=False),
        sa.Column("gift_stars", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("broadcast_id"),
    )
    op.create_index("ix_show_figures_room", "show_figures", ["room_chat_id", "ended_at"])


def downgrade() -> None:
    op.drop_index("ix_show_figures_room", table_name="show_figures")
    op.drop_table("show_figures")
    op.drop_index("ix_room_touches_time", table_name="room_touches")
    op.drop_table("room_touches")
