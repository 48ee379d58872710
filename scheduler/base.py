"""What every runner of due work shares: Telegram, the database, time, texts and the timer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.caches import CacheBus
from bot.clock import Clock
from scheduler.timer import Timer
from storage.models import Room
from storage.repositories import RoomRepository


@dataclass(frozen=True)
class RunnerContext:
    bot: Bot
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    i18n: I18n
    timer: Timer
    default_timezone: str
    default_language: str
    caches: CacheBus = field(default_factory=CacheBus)


class Runner:
    def __init__(self, context: RunnerContext) -> None:
        self.bot = context.bot
        self.session_factory = context.session_factory
        self.clock = context.clock
        self.i18n = context.i18n
        self.timer = context.timer
        self.default_timezone = context.default_timezone
        self.default_language = context.default_language
        self.caches = context.caches
        # One pass over due work at a time per process; the database guards across processes.
        self._lock = asyncio.Lock()

    async def _room(self, session: AsyncSession, chat_id: int) -> Room:
        return await RoomRepository(session).ensure(
            chat_id, "", self.default_timezone, self.default_language, self.clock.now()
        )
