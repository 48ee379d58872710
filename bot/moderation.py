"""Banned words enforced: the message deleted, its author warned, muted on the third strike."""

from __future__ import annotations

import asyncio
import logging
import weakref

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SendMessage
from aiogram.types import ChatPermissions, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.ephemeral import to_member
from bot.i18n import Translator
from bot.outbox import Outbox
from domain.clock import Clock
from domain.moderation import MUTE_FOR, STRIKES_BEFORE_MUTE, WarningBudget, should_mute
from services.live_room import LiveRoomService

logger = logging.getLogger(__name__)
_SILENT = ChatPermissions(
    can_send_messages=False,
    can_send_audios=False,
    can_send_documents=False,
    can_send_photos=False,
    can_send_videos=False,
    can_send_video_notes=False,
    can_send_voice_notes=False,
    can_send_polls=False,
    can_send_other_messages=False,
    can_add_web_page_previews=False,
)


class Moderator:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        outbox: Outbox,
        warnings: WarningBudget,
    ) -> None:
        self.bot = bot
        self.session_factory = session_factory
        self.clock = clock
        self.outbox = outbox
        self._warnings = warnings
        # A raider's messages are handled at once: counted one at a time, each gets its own
        # strike number (else two read "strike 2" and the third strike may never be seen).
        self._strike_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def enforce(self, message: Message, tr: Translator) -> None:
        """Delete a message with a banned word, warn its author, and mute on the third strike."""
        author = message.from_user
        assert author is not None
        chat_id = message.chat.id
        try:
            await message.delete()
        except TelegramAPIError as error:
            logger.warning("Message in room %s with a banned word not deleted: %s", chat_id, error)
        lock = self._strike_locks.setdefault(chat_id, asyncio.Lock())
        async with lock, self.session_factory() as session:
            strikes = await LiveRoomService(session, self.clock).strike(
                chat_id, author.id, message.message_id, self.clock.now()
            )
        minutes = int(MUTE_FOR.total_seconds() // 60)
        if should_mute(strikes):
            try:
                await self.bot.restrict_chat_member(
                    chat_id, author.id, _SILENT, until_date=self.clock.now() + MUTE_FOR
                )
            except TelegramAPIError as error:
                logger.warning("Could not mute %s in room %s: %s", author.id, chat_id, error)
        if not await self._warnings.allow(chat_id, self.clock.now()):
            return  # a raid: deleting and muting is enough; keep the room's posts for the show
        if should_mute(strikes):
            text = tr(
                texts.BANWORD_MUTED,
                name=author.first_name,
                minutes=minutes,
                limit=STRIKES_BEFORE_MUTE,
            )
        else:
            text = tr(
                texts.BANWORD_WARNING,
                name=author.first_name,
                strikes=strikes,
                limit=STRIKES_BEFORE_MUTE,
            )
        # For the author alone (the room sees the message go, not the telling-off); in a raid
        # the room's budget runs out: the notice waits in the outbox, not the handler.
        self.outbox.post(
            to_member(chat_id, author.id, text), SendMessage(chat_id=chat_id, text=text)
        )
