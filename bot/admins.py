"""Who may run host commands (the chat's admins, asked of Telegram and cached briefly), and who
follows a channel."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberRestricted

from bot.caches import CacheBus
from domain.clock import Clock
from storage.models import Room

logger = logging.getLogger(__name__)
_TOPIC = "admins"
# The one definition of "runs this chat": host commands, a channel's owner, the bot's own rights.
ADMIN_STATUSES = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})
_FOLLOWING = ADMIN_STATUSES | {ChatMemberStatus.MEMBER}


async def follows(bot: Bot, channel_id: int, user_id: int) -> bool:
    """Whether the user follows the channel (a follow lottery's condition). A channel the bot
    cannot see counts as not followed."""
    try:
        member = await bot.get_chat_member(channel_id, user_id)
    except TelegramAPIError:
        return False
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in _FOLLOWING


class AdminChecker:
    def __init__(self, clock: Clock, cache_seconds: int, bus: CacheBus | None = None) -> None:
        self.clock = clock
        self.ttl = timedelta(seconds=cache_seconds)
        self._cache: dict[tuple[int, int], tuple[bool, datetime]] = {}
        self._lists: dict[int, tuple[frozenset[int], datetime]] = {}
        # A promotion seen by one replica is news to all: each forgets the room's verdicts.
        self.bus = bus or CacheBus()
        self.bus.on(_TOPIC, self._forget_room)

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        key = (chat_id, user_id)
        cached = self._cache.get(key)
        now = self.clock.now()
        if cached is not None and now - cached[1] < self.ttl:
            return cached[0]
        member = await bot.get_chat_member(chat_id, user_id)
        verdict = member.status in ADMIN_STATUSES
        self._cache[key] = (verdict, now)
        return verdict

    async def admins(self, bot: Bot, chat_id: int) -> frozenset[int]:
        """Every admin of the chat (one getChatAdministrators a chat per cache period, so a
        crowd entering costs Telegram nothing). If Telegram cannot say, nobody (not cached)."""
        cached = self._lists.get(chat_id)
        now = self.clock.now()
        if cached is not None and now - cached[1] < self.ttl:
            return cached[0]
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramAPIError as error:
            logger.warning("Admins of chat %s unknown: %s", chat_id, error)
            return frozenset()
        admins = frozenset(member.user.id for member in members)
        self._lists[chat_id] = (admins, now)
        return admins

    async def rooms_of(self, bot: Bot, user_id: int, rooms: Iterable[Room]) -> list[Room]:
        """The rooms among `rooms` that `user_id` runs (what a host may see from a private
        chat). A room the bot has left, or cannot ask about, counts as not theirs."""
        theirs = []
        for room in rooms:
            try:
                if await self.is_admin(bot, room.chat_id, user_id):
                    theirs.append(room)
            except TelegramAPIError:
                continue
        return theirs

    def forget(self, chat_id: int, user_id: int) -> None:
        """Called on chat_member updates: a promotion or demotion takes effect at once, in
        every replica (the room's cached verdicts are dropped there too)."""
        self._cache.pop((chat_id, user_id), None)
        self.bus.forget(_TOPIC, chat_id)

    def _forget_room(self, chat_id: int) -> None:
        for key in [key for key in self._cache if key[0] == chat_id]:
            del self._cache[key]
        self._lists.pop(chat_id, None)


class TelegramRoomAdmins:
    """services.entries.RoomAdmins, asked of Telegram through the admin checker's cache."""

    def __init__(self, checker: AdminChecker, bot: Bot) -> None:
        self.checker = checker
        self.bot = bot

    async def of(self, room_chat_id: int) -> frozenset[int]:
        return await self.checker.admins(self.bot, room_chat_id)
