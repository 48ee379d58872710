"""live room: welcomes, announcements, activity, banned words, boosts, milestones, show times

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("welcome_enabled", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("welcome_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("announcement", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("announcement_message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("end_message_id", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(
            "uq_broadcasts_room_chat_id_end_message_id", ["room_chat_id", "end_message_id"]
        )
    op.create_table(
        "room_messages",
        sa.Column("room_chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "message_id"),
    )
    op.create_index("ix_room_messages_time", "room_messages", ["room_chat_id", "sent_at"])
    op.create_table(
        "room_joins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("welcomed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("room_chat_id", "user_id", "joined_at"),
    )
    op.create_index(
        "ix_room_joins_pending", "room_joins", ["welcomed", "room_chat_id", "joined_at"]
    )
    op.create_table(
        "banned_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("room_chat_id", "word"),
    )
    op.create_table(
        "strikes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("struck_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("room_chat_id", "message_id"),
    )
    op.create_index("ix_strikes_user", "strikes", ["room_chat_id", "user_id", "struck_at"])
    op.create_table(
        "boosts",
        sa.Column("room_chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("boost_id", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("boosted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("room_chat_id", "boost_id"),
    )
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("lottery_args", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lottery_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["room_chat_id"], ["rooms.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("room_chat_id", "source_message_id"),
    )
    op.create_index("ix_milestones_state", "milestones", ["state", "room_chat_id"])


def downgrade() -> None:
    op.drop_index("ix_milestones_state", table_name="milestones")
    op.drop_table("milestones")
    op.drop_table("boosts")
    op.drop_index("ix_strikes_user", table_name="strikes")
    op.drop_table("strikes")
    op.drop_table("banned_words")
    op.drop_index("ix_room_joins_pending", table_name="room_joins")
    op.drop_table("room_joins")
    op.drop_index("ix_room_messages_time", table_name="room_messages")
    op.drop_table("room_messages")
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_broadcasts_room_chat_id_end_message_id", type_="unique")
        batch_op.drop_column("end_message_id")
        batch_op.drop_column("ended_at")
        batch_op.drop_column("started_at")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_column("announcement_message_id")
        batch_op.drop_column("announcement")
        batch_op.drop_column("welcome_text")
        batch_op.drop_column("welcome_enabled")
