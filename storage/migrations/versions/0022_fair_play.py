"""Fair play: the room's rules, each lottery's copy of them with its countdown and minimum,
the block list and the entrants kept out of a ranking (with why)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _rules() -> list[sa.Column[object]]:
    return [
        sa.Column("cap_days", sa.Integer(), server_default="30", nullable=False),
        sa.Column("fresh_first", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("members_only", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("human_check", sa.Boolean(), server_default="0", nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fair_cap_wins", sa.Integer(), nullable=True))
        for column in _rules():
            column.name = f"fair_{column.name}"
            batch_op.add_column(column)
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("countdown_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("min_entrants", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("extended", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("cap_wins", sa.Integer(), nullable=True))
        for column in _rules():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("blocked_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "lottery_exclusions",
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=True),
        sa.Column("by", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lottery_id"], ["lotteries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("lottery_id", "user_id"),
    )
    op.create_table(
        "room_blocks",
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("blocked_by", sa.BigInteger(), nullable=True),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_chat_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("room_blocks")
    op.drop_table("lottery_exclusions")
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        for name in ("blocked_digest", "human_check", "members_only", "fresh_first"):
            batch_op.drop_column(name)
        for name in ("cap_days", "cap_wins", "extended", "min_entrants", "countdown_seconds"):
            batch_op.drop_column(name)
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        for name in ("human_check", "members_only", "fresh_first", "cap_days", "cap_wins"):
            batch_op.drop_column(f"fair_{name}")
