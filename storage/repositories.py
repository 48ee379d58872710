"""Rooms and the people the bot knows. Repositories never commit: the caller owns the
transaction (as in every storage module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Room, TelegramUser
from storage.sql import insert_or_ignore


class RoomRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(
        self, chat_id: int, title: str, timezone: str, language: str, now: datetime
    ) -> Room:
        """The room, made if the bot never saw it. Read first: a known room (nearly always)
        costs no write, and on SQLite a write waits for the one writer (issue 31 saw a hundred
        hosts' commands at once wait seconds for it)."""
        room = await self.session.get(Room, chat_id, populate_existing=True)
        if room is None:
            await self.session.execute(
                insert_or_ignore(self.session, Room)
                .values(
                    chat_id=chat_id,
                    title=title,
                    timezone=timezone,
                    language=language,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=[Room.chat_id])  # a racing first command
            )
            room = await self.session.get(Room, chat_id, populate_existing=True)
            assert room is not None
        if title and room.title != title:
            room.title = title
        return room

    async def all(self) -> Sequence[Room]:
        return (await self.session.scalars(select(Room).order_by(Room.chat_id))).all()

    async def get(self, chat_id: int) -> Room | None:
        return await self.session.get(Room, chat_id)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self.session.execute(
            update(Room).where(Room.chat_id == chat_id).values(timezone=timezone)
        )

    async def set_channel(
        self, chat_id: int, channel_chat_id: int | None, channel_name: str | None
    ) -> None:
        await self.session.execute(
            update(Room)
            .where(Room.chat_id == chat_id)
            .values(channel_chat_id=channel_chat_id, channel_name=channel_name)
        )

    async def set_language(self, chat_id: int, language: str) -> None:
        await self.session.execute(
            update(Room).where(Room.chat_id == chat_id).values(language=language)
        )

    async def change(self, chat_id: int, **values: Any) -> Room:
        """Set room settings (welcome, announcement, …) by column name; the room as it is now
        (the session's own copy of it, refreshed)."""
        await self.session.execute(update(Room).where(Room.chat_id == chat_id).values(**values))
        room = await self.session.get(Room, chat_id, populate_existing=True)
        assert room is not None
        return room


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seen(
        self, user_id: int, first_name: str, language: str, now: datetime, in_private: bool
    ) -> None:
        """Record a user; a private message proves the bot may write to them."""
        values: dict[str, Any] = {
            "first_name": first_name,
            "language": language,
            "updated_at": now,
        }
        if in_private:
            values |= {"has_private_chat": True, "blocked_bot": False}
        await self.session.execute(
            insert_or_ignore(self.session, TelegramUser)
            .values(id=user_id, **values)
            .on_conflict_do_update(index_elements=[TelegramUser.id], set_=values)
        )

    async def many(self, user_ids: Sequence[int]) -> dict[int, TelegramUser]:
        """The ones of these the bot knows (they wrote to it privately once)."""
        if not user_ids:
            return {}
        found = await self.session.scalars(
            select(TelegramUser).where(TelegramUser.id.in_(user_ids))
        )
        return {user.id: user for user in found}

    async def get(self, user_id: int) -> TelegramUser | None:
        return await self.session.get(TelegramUser, user_id, populate_existing=True)

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        await self.session.execute(
            update(TelegramUser).where(TelegramUser.id == user_id).values(blocked_bot=blocked)
        )


# A live notice is posted while the show is scheduled, or retried once it is live.
