"""Every fan message in a room passes here first: a banned word gets it deleted (and never
handled); anything else is counted for the rankings and the post-show report."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Message, TelegramObject

from bot.admins import AdminChecker
from bot.filters import GROUP_TYPES
from bot.middlewares import Handler
from scheduler.live_room import LiveRoomRunner
from storage.live_room import ChatMessage


class RoomChatterMiddleware(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Message)
        author = event.from_user
        text = event.text or event.caption
        if (
            event.chat.type not in GROUP_TYPES
            or author is None
            or author.is_bot
            or event.sender_chat is not None  # an anonymous admin or a channel: not a fan
            or not text
        ):
            return await handler(event, data)
        runner: LiveRoomRunner = data["live_room_runner"]
        words = await runner.banned_words(event.chat.id)
        if words and words.find(text) is not None:
            checker: AdminChecker = data["admin_checker"]
            bot: Bot = data["bot"]
            if not await checker.is_admin(bot, event.chat.id, author.id):
                await runner.enforce(event, data["tr"])
                return None
        if not text.startswith("/"):
            await runner.record_message(
                ChatMessage(
                    event.chat.id, event.message_id, author.id, author.first_name, event.date
                )
            )
        return await handler(event, data)
