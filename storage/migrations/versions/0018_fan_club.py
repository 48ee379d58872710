"""checkins, fan_points, rooms.fan_levels: the fan club's check-ins, points and levels

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fan_levels", sa.String(), nullable=True))
    op.create_table(
        "checkins",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("broadcast_id", "user_id"),
    )
    op.create_index(
        "ix_checkins_room_user", "checkins", ["room_chat_id", "user_id", "checked_in_at"]
    )
    op.create_table(
        "fan_points",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("room_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("earned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["broadcast_id"], ["broadcasts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("broadcast_id", "user_id"),
    )
    op.create_index("ix_fan_points_room_user", "fan_points", ["room_chat_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_fan_points_room_user", table_name="fan_points")
    op.drop_table("fan_points")
    op.drop_index("ix_checkins_room_user", table_name="checkins")
    op.drop_table("checkins")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_column("fan_levels")
