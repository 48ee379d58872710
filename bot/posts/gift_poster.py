"""Thanking gifts: one post per interval names everyone who gave (a raid of roses is a few
posts, not hundreds); a big gift is thanked at once. The database is the truth: gifts wait
unthanked until a post claims them (compare-and-set), so a restart or a second wake-up neither
loses nor repeats a thank-you. A big gift's red envelope opens after its thanks."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram.exceptions import TelegramAPIError

from bot import texts
from bot.i18n import Translator
from bot.overlay.news import tell_ticker
from bot.posts.poster import Poster, PosterContext, RoomBatches
from bot.posts.room_poster import RoomPoster
from domain.gifts import Thanked, batches, thanks_parts

logger = logging.getLogger(__name__)


class GiftPoster(Poster):
    def __init__(
        self, context: PosterContext, live_room: RoomPoster, thanks_interval: timedelta
    ) -> None:
        super().__init__(context)
        self.live_room = live_room
        self.thanks = RoomBatches(
            self, "thanks", thanks_interval, live_room.room_posts.first_unthanked, self.thank
        )

    async def start(self) -> None:
        await self.thanks.start()
        await self.run_due()

    async def run_due(self) -> None:
        async with self._lock:
            await self.thanks.run_due(self.clock.now())

    def plan_thanks(self, room_chat_id: int, first_given: datetime) -> None:
        """One thank-you post per interval (RoomBatches): the first gift sets the time."""
        self.thanks.plan(room_chat_id, first_given)

    async def thank(self, room_chat_id: int) -> None:
        """Thank everyone waiting in the room (now, for a big gift), then open any red envelope
        a big gift reached."""
        thanks = await self.live_room.room_posts.take_unthanked(room_chat_id)
        room, gifts = thanks.room, thanks.gifts
        big = [gift for gift in gifts if gift.stars >= thanks.big_from]
        self.thanks.posted(room_chat_id)
        tr = Translator(self.i18n, room.language)
        posts = [
            tr(
                texts.GIFT_THANKS_BIG,
                name=gift.first_name or tr(texts.ANONYMOUS_GIVER),
                emoji=gift.emoji,
                gift=gift.name,
                stars=gift.stars,
            )
            for gift in big
        ]
        rest = [
            Thanked(gift.first_name or tr(texts.ANONYMOUS_GIVER), gift.emoji)
            for gift in gifts
            if gift not in big
        ]
        posts += [
            tr(texts.GIFT_THANKS, names=tr(texts.LIST_SEPARATOR).join(names))
            for names in batches(thanks_parts(rest))
        ]
        for text in posts:
            try:
                await self.bot.send_message(room_chat_id, text)
            except TelegramAPIError as error:
                logger.warning("Thanks for gifts in room %s not posted: %s", room_chat_id, error)
            else:
                tell_ticker(self.caches, room_chat_id, text)
        if big:
            await self.live_room.open_reached()
