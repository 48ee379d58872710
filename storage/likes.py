"""Likes (fans' reactions in the room). The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Like
from storage.sql import insert_many_or_ignore


@dataclass(frozen=True)
class Reaction:
    """A fan set (`liked`) or removed their reaction on a message, in update `update_id`."""

    room_chat_id: int
    message_id: int
    user_id: int
    first_name: str
    liked: bool
    update_id: int
    at: datetime


class LikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def apply(self, reactions: Sequence[Reaction]) -> None:
        """Each fan's like on each message as their latest update says (an older update,
        handled later, changes nothing; the same update twice counts once)."""
        insert = insert_many_or_ignore(self.session, Like)
        statement = insert.on_conflict_do_update(
            index_elements=[Like.room_chat_id, Like.message_id, Like.user_id],
            set_={
                "active": insert.excluded.active,
                "update_id": insert.excluded.update_id,
                "liked_at": insert.excluded.liked_at,
            },
            where=Like.update_id < insert.excluded.update_id,
        )
        if reactions:
            await self.session.execute(
                statement,
                [
                    {
                        "room_chat_id": reaction.room_chat_id,
                        "message_id": reaction.message_id,
                        "user_id": reaction.user_id,
                        "first_name": reaction.first_name,
                        "active": reaction.liked,
                        "update_id": reaction.update_id,
                        "liked_at": reaction.at,
                    }
                    for reaction in reactions
                ],
            )

    async def count(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        """The likes standing now that were given between `start` and `end`."""
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Like)
                .where(
                    Like.room_chat_id == room_chat_id,
                    Like.active.is_(True),
                    Like.liked_at.between(start, end),
                )
            )
            or 0
        )

    async def of_fans(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> Sequence[tuple[int, int]]:
        """(fan, likes) of the likes standing that were given between `start` and `end`."""
        return [(user, likes) for user, _, likes in await self.named(room_chat_id, start, end)]

    async def named(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> Sequence[tuple[int, str, int]]:
        """(fan, name, likes) of the likes standing that were given between `start` and
        `end`."""
        rows = await self.session.execute(
            select(Like.user_id, func.max(Like.first_name), func.count())
            .where(
                Like.room_chat_id == room_chat_id,
                Like.active.is_(True),
                Like.liked_at.between(start, end),
            )
            .group_by(Like.user_id)
        )
        return [(int(user), str(name), int(count)) for user, name, count in rows]
