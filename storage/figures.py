"""Shows' kept numbers (what /stats reads). The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Broadcast, ShowFigures


class FiguresRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_room(self, room_chat_id: int) -> Sequence[tuple[ShowFigures, str]]:
        """Every ended show's numbers with its title, newest first."""
        rows = await self.session.execute(
            select(ShowFigures, Broadcast.title)
            .join(Broadcast, Broadcast.id == ShowFigures.broadcast_id)
            .where(ShowFigures.room_chat_id == room_chat_id)
            .order_by(ShowFigures.ended_at.desc(), ShowFigures.broadcast_id.desc())
        )
        return [(row[0], row[1]) for row in rows]
