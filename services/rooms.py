"""Rooms and the people the bot knows: settings a host changes, and who may be messaged.
No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Room, TelegramUser
from storage.repositories import RoomRepository, UserRepository


async def room_of(session: AsyncSession, chat_id: int) -> Room:
    """The room of something that happens in it (a show, a lottery): deleted with the room,
    never after it, so it is always there."""
    room = await RoomRepository(session).get(chat_id)
    assert room is not None
    return room


class RoomService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._rooms = RoomRepository(session)
        self._users = UserRepository(session)

    async def get(self, chat_id: int) -> Room | None:
        return await self._rooms.get(chat_id)

    async def all(self) -> Sequence[Room]:
        return await self._rooms.all()

    async def timezone_of(self, chat_id: int, default: str) -> str:
        """The room's time zone; `default` (DEFAULT_TIMEZONE) for a room not seen yet."""
        room = await self._rooms.get(chat_id)
        return room.timezone if room is not None else default

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self._rooms.set_timezone(chat_id, timezone)
        await self.session.commit()

    async def set_language(self, chat_id: int, language: str) -> None:
        await self._rooms.set_language(chat_id, language)
        await self.session.commit()

    async def set_channel(self, chat_id: int, channel_chat_id: int, channel_name: str) -> None:
        await self._rooms.set_channel(chat_id, channel_chat_id, channel_name)
        await self.session.commit()

    async def unlink_channel(self, chat_id: int) -> None:
        """No channel for follow lotteries (one running keeps the channel it started with)."""
        await self._rooms.set_channel(chat_id, None, None)
        await self.session.commit()

    async def user(self, user_id: int) -> TelegramUser | None:
        return await self._users.get(user_id)

    async def seen_in_private(
        self, user_id: int, first_name: str, language: str, now: datetime
    ) -> None:
        """The person wrote to the bot privately: from now on it may write to them."""
        await self._users.seen(user_id, first_name, language, now, in_private=True)
        await self.session.commit()

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        """The user blocked (or unblocked) the bot: private messages skip (or resume for) them."""
        await self._users.set_blocked(user_id, blocked)
        await self.session.commit()
