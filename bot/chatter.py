"""Every fan message in a room passes here first: a banned word gets it deleted (and never
handled); anything else is counted for the rankings and the post-show report. A fan's button
press in a room is counted too, as a sign of an active fan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, MessageReactionUpdated, TelegramObject

from bot.admins import AdminChecker
from bot.filters import GROUP_TYPES
from bot.middlewares import Handler
from bot.moderation import Moderator
from bot.room_lookups import RoomLookups
from domain.clock import Clock
from services.chat_log import ChatLog
from storage.likes import Reaction
from storage.live_room import ChatMessage


class RoomChatterMiddleware(BaseMiddleware):
    def __init__(self, lookups: RoomLookups, moderator: Moderator, chat_log: ChatLog) -> None:
        self.lookups = lookups
        self.moderator = moderator
        self.chat_log = chat_log

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Message)
        author = event.from_user
        text = event.text or event.caption
        if (
            event.chat.type not in GROUP_TYPES
            or author is None
            or author.is_bot
            or event.sender_chat is not None  # an anonymous admin or a channel: not a fan
            or event.ephemeral_message_id is not None  # an ephemeral command: the room never saw
            or not text
        ):
            return await handler(event, data)
        words = await self.lookups.banned_words(event.chat.id)
        if words and words.find(text) is not None:
            checker: AdminChecker = data["admin_checker"]
            bot: Bot = data["bot"]
            if not await checker.is_admin(bot, event.chat.id, author.id):
                await self.moderator.enforce(event, data["tr"])
                return None
        if not text.startswith("/"):
            await self.chat_log.record(
                ChatMessage(
                    event.chat.id, event.message_id, author.id, author.first_name, event.date
                )
            )
        return await handler(event, data)


class RoomPressesMiddleware(BaseMiddleware):
    """A fan's button press in a room marks them active in that minute (for the show's count
    of active fans); the press itself goes on untouched."""

    def __init__(self, chat_log: ChatLog, clock: Clock) -> None:
        self.chat_log = chat_log
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        chat = event.message.chat if event.message is not None else None
        if chat is not None and chat.type in GROUP_TYPES and not event.from_user.is_bot:
            self.chat_log.touched(chat.id, event.from_user.id, self.clock.now())
        return await handler(event, data)


def like_of(event: MessageReactionUpdated, update_id: int, at: datetime) -> Reaction | None:
    """A fan's reaction on a message in a room as a like (set, or taken back); None for a
    reaction that is no fan's (an anonymous admin, a channel, a bot) or outside a group."""
    user = event.user
    if user is None or user.is_bot or event.chat.type not in GROUP_TYPES:
        return None
    return Reaction(
        event.chat.id,
        event.message_id,
        user.id,
        user.first_name,
        bool(event.new_reaction),
        update_id,
        at,
    )
