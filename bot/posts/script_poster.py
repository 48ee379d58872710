"""The run-of-show's cues: while a show with a script is live, its host hears, in a message
only they see in the room (else privately), each segment's start, a minute before its end, and
when the script's time is over; a lottery segment starts its lottery at its cue.

The database holds each script's clock, changed only by compare-and-set, so a duplicate
wake-up, a second replica or a restart cues nothing twice and starts each lottery once; a
crash between a segment's start and its cue cues it at the next wake-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ephemeral import send_first, to_member
from bot.i18n import Translator
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.poster import Poster, PosterContext
from bot.posts.script import cue_text
from domain.script import Cue
from services.lottery import LotteryService
from services.scripts import LiveScript, ScriptRuns

logger = logging.getLogger(__name__)


class ScriptPoster(Poster):
    def __init__(
        self,
        context: PosterContext,
        lottery_poster: LotteryPoster,
        lotteries: Callable[[AsyncSession], LotteryService],
    ) -> None:
        super().__init__(context)
        self.lottery_poster = lottery_poster
        self.runs = ScriptRuns(self.session_factory, self.clock, lotteries)

    async def start(self) -> None:
        await self.run_due()

    async def show_live(self, show_id: int) -> None:
        """A show has just gone live: its run-of-show starts now, if it has one."""
        await self.run_due()

    async def run_due(self) -> None:
        async with self._lock:
            for show_id in await self.runs.live():
                try:
                    await self._run(show_id)
                except TelegramAPIError as error:  # one show's cue must not stop the others
                    logger.warning("Script of show %s: %s", show_id, error)

    async def _run(self, show_id: int) -> None:
        while (live := await self.runs.get(show_id)) is not None:
            cue = live.clock.due(live.plans, self.clock.now())
            if cue is None or not await self.runs.step(live, cue):
                break
            if cue is not Cue.ADVANCE:  # an advance is cued as the next segment's start
                await self._tell(live, cue_text(live, cue, self._tr(live)))
        if live is None:
            self.planner.cancel(f"script:{show_id}")
            return
        first_time = await self.runs.cued(live)
        started = await self.runs.start_lottery(live)
        if first_time:
            await self._tell(live, cue_text(live, None, self._tr(live), started))
        if started is not None and started.lottery is not None:
            await self.lottery_poster.started(started.lottery, started.created)
        wake = live.clock.next_wake(live.plans, self.clock.now())
        if wake is not None:
            self.planner.wake(self.name, f"script:{show_id}", wake)
        else:
            self.planner.cancel(f"script:{show_id}")

    def _tr(self, live: LiveScript) -> Translator:
        return Translator(self.i18n, live.room.language)

    async def _tell(self, live: LiveScript, text: str) -> None:
        """For the host alone: in the room where Telegram lets the bot, else privately."""
        host = live.host_id
        if host is None:
            logger.info("Show %s: nobody to cue (an anonymous admin wrote it)", live.show.id)
            return
        try:
            await send_first(self.bot, [to_member(live.room.chat_id, host, text)])
            return
        except TelegramBadRequest as error:
            logger.info("Cue of show %s not shown in the room: %s", live.show.id, error)
        try:
            await self.bot.send_message(host, text)
        except TelegramAPIError as error:
            logger.warning("Cue of show %s not sent to its host: %s", live.show.id, error)
