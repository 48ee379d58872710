"""post delivery: claim time, attempts and retry time of trailers, live notices and results

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_POSTS = {"broadcasts": ("trailer", "live"), "lotteries": ("result",)}


def upgrade() -> None:
    for table, posts in _POSTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for post in posts:
                batch_op.add_column(
                    sa.Column(f"{post}_claimed_at", sa.DateTime(timezone=True), nullable=True)
                )
                batch_op.add_column(
                    sa.Column(f"{post}_attempts", sa.Integer(), server_default="0", nullable=False)
                )
                batch_op.add_column(
                    sa.Column(f"{post}_retry_at", sa.DateTime(timezone=True), nullable=True)
                )
            if table == "broadcasts":
                batch_op.add_column(sa.Column("live_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for table, posts in _POSTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "broadcasts":
                batch_op.drop_column("live_message_id")
            for post in posts:
                for column in ("retry_at", "attempts", "claimed_at"):
                    batch_op.drop_column(f"{post}_{column}")
