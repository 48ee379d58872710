"""The goodbye poll on the next show's theme: posted in the room after the goodbye, closed when
its time is up, its results sent to the host privately with one tap to schedule the winning
theme, and the fans who chose it offered "Remind me" for that show.

The poll's record is made before it is sent and its close is a compare-and-set, so a restart
or a second wake-up neither posts two polls nor sends the host two results.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InputPollOption

from bot import texts
from bot.i18n import Translator
from bot.outbound import SEND_ERRORS
from bot.posts.poster import Poster, PosterContext
from bot.posts.wishes import results_keyboard, results_text
from bot.render import local_datetime, trailer_keyboard
from services.wishes import WishPolls
from storage.models import Broadcast, Room, WishPoll

logger = logging.getLogger(__name__)
OFFER_CONCURRENCY = 16


class WishPoster(Poster):
    def __init__(self, context: PosterContext, open_for: timedelta) -> None:
        super().__init__(context)
        self.open_for = open_for
        self.polls = WishPolls(self.session_factory, self.clock)

    async def start(self) -> None:
        for poll in await self.polls.open_ones():
            self.planner.wake(self.name, f"wishes:{poll.id}", poll.closes_at)
        await self.run_due()

    async def run_due(self) -> None:
        async with self._lock:
            now = self.clock.now()
            for poll in await self.polls.open_ones():
                if poll.closes_at <= now:
                    await self._close(poll)

    async def open(self, room: Room, show: Broadcast, themes: list[str], host: int | None) -> None:
        """Ask the room about the next show's theme (an open question without themes)."""
        tr = Translator(self.i18n, room.language)
        options = themes or [tr(texts.WISHES_SURPRISE)]
        poll = await self.polls.claim(show, host, options, self.open_for)
        if poll is None:
            return  # asked already
        try:
            message = await self.bot.send_poll(
                room.chat_id,
                tr(texts.WISHES_QUESTION),
                [InputPollOption(text=option) for option in options],
                is_anonymous=False,
                allow_adding_options=True,
            )
        except SEND_ERRORS as error:
            logger.warning("Goodbye poll of show %s not posted: %s", show.id, error)
            await self.polls.unsent(poll.id)
            return
        assert message.poll is not None
        await self.polls.sent(poll.id, message.poll.id, message.message_id)
        self.planner.wake(self.name, f"wishes:{poll.id}", poll.closes_at)

    async def _close(self, poll: WishPoll) -> None:
        assert poll.message_id is not None
        final: list[tuple[str, int, str]] | None = None
        try:
            stopped = await self.bot.stop_poll(poll.room_chat_id, poll.message_id)
            final = [
                (
                    option.text,
                    option.voter_count,
                    option.added_by_user.first_name if option.added_by_user else "",
                )
                for option in stopped.options
            ]
        except TelegramBadRequest as error:
            # Deleted or closed by someone: the votes the bot heard are the count.
            logger.info("Goodbye poll %s not stopped: %s", poll.id, error)
        except TelegramAPIError as error:
            logger.warning("Goodbye poll %s: %s; trying again later", poll.id, error)
            return
        results = await self.polls.close(poll, final)
        self.planner.cancel(f"wishes:{poll.id}")
        if results is None or results.poll.host_id is None:
            return
        host_tr = Translator(self.i18n, await self.polls.language_of(results.poll.host_id))
        try:
            await self.bot.send_message(
                results.poll.host_id,
                results_text(results, host_tr),
                reply_markup=results_keyboard(results, host_tr),
            )
        except TelegramAPIError as error:
            logger.warning("Results of goodbye poll %s not sent to its host: %s", poll.id, error)

    async def offer(self, row_id: int, show: Broadcast, room: Room) -> int:
        """Offer "Remind me" for `show` to the fans who voted for its theme (once: the caller
        scheduled it just now). Returns how many were offered."""
        choosers = await self.polls.choosers(row_id)
        gate = asyncio.Semaphore(OFFER_CONCURRENCY)
        offered = 0

        async def offer_one(user_id: int, language: str) -> None:
            nonlocal offered
            tr = Translator(self.i18n, language)
            text = tr(
                texts.WISHES_OFFER,
                title=show.title,
                room=room.title or show.title,
                start=local_datetime(show.starts_at, room.timezone, language),
                timezone=room.timezone,
            )
            async with gate:
                try:
                    await self.bot.send_message(
                        user_id, text, reply_markup=trailer_keyboard(show.id, tr)
                    )
                    offered += 1
                except TelegramAPIError as error:
                    logger.info("Offer of show %s not sent to a fan: %s", show.id, error)

        await asyncio.gather(*(offer_one(user_id, lang) for user_id, lang in choosers))
        return offered
