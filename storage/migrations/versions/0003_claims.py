"""claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:55:48.359742
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fsm_records",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=255), nullable=True),
        sa.Column("data_enc", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("winners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="waiting", nullable=False)
        )
        batch_op.add_column(sa.Column("claim_deadline", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("reminded", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("replaced", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("recipient_enc", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("phone_enc", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("address_enc", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("note_enc", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_winners_claims", ["status", "claim_deadline"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("winners", schema=None) as batch_op:
        batch_op.drop_index("ix_winners_claims")
        batch_op.drop_column("shipped_at")
        batch_op.drop_column("submitted_at")
        batch_op.drop_column("note_enc")
        batch_op.drop_column("address_enc")
        batch_op.drop_column("phone_enc")
        batch_op.drop_column("recipient_enc")
        batch_op.drop_column("replaced")
        batch_op.drop_column("reminded")
        batch_op.drop_column("claim_deadline")
        batch_op.drop_column("status")

    op.drop_table("fsm_records")
