"""lotteries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:30:46.543459
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lotteries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("prize", sa.String(length=120), nullable=False),
        sa.Column("winners_count", sa.Integer(), nullable=False),
        sa.Column("password", sa.String(length=64), nullable=True),
        sa.Column("channel_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("channel_name", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("draw_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("card_entrants_shown", sa.Integer(), nullable=False),
        sa.Column("entrants_digest", sa.String(length=64), nullable=True),
        sa.Column("entrants_count", sa.Integer(), nullable=True),
        sa.Column("skipped", sa.String(), nullable=True),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_state", sa.String(length=16), nullable=False),
        sa.Column("result_message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("room_chat_id", "source_message_id"),
    )
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.create_index("ix_lotteries_due", ["status", "draw_at"], unique=False)
        batch_op.create_index(
            "uq_lotteries_running_per_room",
            ["room_chat_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["lotteries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lottery_id", "user_id"),
    )
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("invite_link", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["lotteries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invite_link"),
        sa.UniqueConstraint("lottery_id", "user_id"),
    )
    op.create_table(
        "winners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["lotteries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lottery_id", "rank"),
        sa.UniqueConstraint("lottery_id", "user_id"),
    )
    op.create_table(
        "share_joins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("share_link_id", sa.Integer(), nullable=False),
        sa.Column("joined_user_id", sa.BigInteger(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["lotteries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["share_link_id"], ["share_links.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lottery_id", "joined_user_id"),
    )
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("channel_name", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_column("channel_name")
        batch_op.drop_column("channel_chat_id")

    op.drop_table("share_joins")
    op.drop_table("winners")
    op.drop_table("share_links")
    op.drop_table("entries")
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_lotteries_running_per_room",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index("ix_lotteries_due")

    op.drop_table("lotteries")
