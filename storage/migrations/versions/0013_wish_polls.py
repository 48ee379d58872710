"""wish_polls and wish_votes: a show's goodbye poll on the next show's theme, and its votes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wish_polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("host_id", sa.BigInteger(), nullable=True),
        sa.Column("poll_id", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("counts", sa.String(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scheduled_broadcast_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("broadcast_id"),
        sa.UniqueConstraint("poll_id"),
    )
    op.create_index("ix_wish_polls_open", "wish_polls", ["closed_at", "closes_at"])
    op.create_table(
        "wish_votes",
        sa.Column("poll_row_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("options", sa.String(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["poll_row_id"], ["wish_polls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("poll_row_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("wish_votes")
    op.drop_index("ix_wish_polls_open", table_name="wish_polls")
    op.drop_table("wish_polls")
