"""What every message in a busy room needs to know, read once and kept: the room's running
lottery (is a message a password guess, may a Join press enter), its banned words and its
block list. Each is forgotten in every replica the moment it changes (a lottery starts or
ends, /banword, /block)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.caches import CacheBus, RoomCache
from domain.clock import Clock
from domain.moderation import BannedWords
from services.live_room import LiveRoomService
from storage.fairplay import BlockRepository
from storage.lotteries import LotteryRepository
from storage.models import Lottery

# Told (by the cache's forgetting) whenever a room's lottery starts or ends: the overlay pages
# listen for it too.
RUNNING_LOTTERY = "running"


class RoomLookups:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock, caches: CacheBus
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self._running: RoomCache[Lottery | None] = RoomCache(caches, RUNNING_LOTTERY)
        self._words: RoomCache[BannedWords] = RoomCache(caches, "words")
        self._blocked: RoomCache[frozenset[int]] = RoomCache(caches, "blocked")

    async def running_lottery(self, room_chat_id: int) -> Lottery | None:
        async def load() -> Lottery | None:
            async with self.session_factory() as session:
                return await LotteryRepository(session).running_in(room_chat_id)

        return await self._running.get(room_chat_id, load)

    def forget_running_lottery(self, room_chat_id: int) -> None:
        """A lottery started or ended here: every replica reads the room's afresh."""
        self._running.forget(room_chat_id)

    async def banned_words(self, room_chat_id: int) -> BannedWords:
        async def load() -> BannedWords:
            async with self.session_factory() as session:
                return await LiveRoomService(session, self.clock).banned_words(room_chat_id)

        return await self._words.get(room_chat_id, load)

    def forget_banned_words(self, room_chat_id: int) -> None:
        self._words.forget(room_chat_id)

    async def blocked(self, room_chat_id: int) -> frozenset[int]:
        """The room's block list (the entry desk's port, services/entries.BlockList)."""

        async def load() -> frozenset[int]:
            async with self.session_factory() as session:
                return await BlockRepository(session).ids(room_chat_id)

        return await self._blocked.get(room_chat_id, load)

    def forget_blocked(self, room_chat_id: int) -> None:
        self._blocked.forget(room_chat_id)
