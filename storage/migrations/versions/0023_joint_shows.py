"""Joint shows: invite codes, joint shows, battles, and what a joint lottery needs (the partner
room's card, channel and result; the room each entrant entered from)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohost_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_digest"),
    )
    op.create_table(
        "joint_shows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_a_id", sa.Integer(), nullable=False),
        sa.Column("show_b_id", sa.Integer(), nullable=False),
        sa.Column("room_a", sa.BigInteger(), nullable=False),
        sa.Column("room_b", sa.BigInteger(), nullable=False),
        sa.Column("host_a", sa.BigInteger(), nullable=True),
        sa.Column("host_b", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["show_a_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["show_b_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("show_a_id"),
        sa.UniqueConstraint("show_b_id"),
    )
    op.create_table(
        "battles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("joint_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.BigInteger(), nullable=True),
        sa.Column("source_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source_message_id", sa.BigInteger(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("winner_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("score_a", sa.Integer(), nullable=True),
        sa.Column("score_b", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["joint_id"], ["joint_shows.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("joint_id", "source_chat_id", "source_message_id"),
    )
    # Plain columns, no foreign key: on SQLite a new constraint means rebuilding the table,
    # and dropping the old lotteries table would cascade to every entry.
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joint_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("partner_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("partner_card_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("partner_channel_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("partner_channel_name", sa.String(length=255), nullable=True)
        )
        batch_op.add_column(sa.Column("partner_result_message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_chat_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("from_chat_id")
    with op.batch_alter_table("lotteries", schema=None) as batch_op:
        for name in (
            "partner_result_message_id",
            "partner_channel_name",
            "partner_channel_chat_id",
            "partner_card_message_id",
            "partner_chat_id",
            "joint_id",
        ):
            batch_op.drop_column(name)
    op.drop_table("battles")
    op.drop_table("joint_shows")
    op.drop_table("cohost_invites")
