"""entries.score: each entrant's draw score, stored as they enter and indexed for the draw

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from domain.draw import score

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.LargeBinary(length=32), nullable=True))
    # Entries made before this revision are scored now, with their lottery's seed, so every
    # draw and re-draw (of lotteries drawn earlier too) reads one ranking: the stored one.
    connection = op.get_bind()
    lotteries = connection.execute(sa.text("SELECT id, seed FROM lotteries")).all()
    for lottery_id, seed in lotteries:
        users = connection.execute(
            sa.text("SELECT id, user_id FROM entries WHERE lottery_id = :lottery"),
            {"lottery": lottery_id},
        ).all()
        rows = [{"entry": entry_id, "score": score(seed, user_id)} for entry_id, user_id in users]
        for start in range(0, len(rows), _BATCH):
            connection.execute(
                sa.text("UPDATE entries SET score = :score WHERE id = :entry"),
                rows[start : start + _BATCH],
            )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.alter_column("score", existing_type=sa.LargeBinary(length=32), nullable=False)
        batch_op.create_index("ix_entries_ranking", ["lottery_id", "score", "user_id"])


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_ranking")
        batch_op.drop_column("score")
