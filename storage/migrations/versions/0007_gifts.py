"""gifts: each room's gift menu and the gifts fans paid for in Telegram Stars

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gift_menu_custom", sa.Boolean(), server_default="0", nullable=False)
        )
    op.create_table(
        "gift_items",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("emoji", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_chat_id", "emoji"),
    )
    op.create_table(
        "gifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("first_name", sa.String(length=255), nullable=True),
        sa.Column("emoji", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.String(length=255), nullable=False),
        sa.Column("paid_message", sa.Boolean(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("thanked", sa.Boolean(), nullable=False),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("charge_id"),
    )
    op.create_index("ix_gifts_room_time", "gifts", ["room_chat_id", "given_at"])
    op.create_index("ix_gifts_unthanked", "gifts", ["thanked", "room_chat_id", "given_at"])


def downgrade() -> None:
    op.drop_index("ix_gifts_unthanked", table_name="gifts")
    op.drop_index("ix_gifts_room_time", table_name="gifts")
    op.drop_table("gifts")
    op.drop_table("gift_items")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_column("gift_menu_custom")
