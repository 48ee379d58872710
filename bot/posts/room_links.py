"""Links that open a room: for the reminders' button and a joint show's partner. Made once per
process and room: a sweep retrying reminders must not make a new invite link each time."""

from __future__ import annotations

import logging

from aiogram import Bot

from bot.outbound import SEND_ERRORS
from storage.models import Room

logger = logging.getLogger(__name__)


class RoomLinks:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._links: dict[int, str] = {}

    async def of(self, room: Room) -> str | None:
        """The room's public address, else an invite link of the bot's own (never the primary
        one, which exporting would revoke). None when the bot may not make one: the post still
        goes, without the link."""
        if room.chat_id in self._links:
            return self._links[room.chat_id]
        try:
            chat = await self.bot.get_chat(room.chat_id)
            if chat.username:
                link = f"https://t.me/{chat.username}"
            else:
                invite = await self.bot.create_chat_invite_link(
                    room.chat_id, name="Liveroom: live"
                )
                link = invite.invite_link
        except SEND_ERRORS as error:
            logger.info("No link to room %s: %s", room.chat_id, error)
            return None
        self._links[room.chat_id] = link
        return link
