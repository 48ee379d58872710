"""The live room's own work: batched welcomes, thanks for boosts, red envelopes that open by
themselves, banned-word enforcement, and the goodbye and report when a video chat ends.

As elsewhere the database is the truth: newcomers wait in `room_joins` until a welcome names
them (claimed with a compare-and-set), and a reached milestone waits as REACHED until its
lottery can start, so neither a restart nor a second wake-up loses or repeats anything.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from datetime import datetime, timedelta

from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SendMessage
from aiogram.types import BufferedInputFile, ChatPermissions, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.caches import RoomCache
from bot.chart import activity_chart
from bot.i18n import Translator
from bot.posts.live_room import goodbye_text, report_caption
from domain import texts
from domain.errors import UserInputError
from domain.lottery import parse_lottery
from domain.milestones import MemberEstimate
from domain.moderation import (
    MUTE_FOR,
    STRIKES_BEFORE_MUTE,
    BannedWords,
    WarningBudget,
    should_mute,
)
from domain.report import ShowReport
from domain.vocabulary import MilestoneTrigger
from domain.welcome import NAMES_SHOWN, name_list, welcome_post
from scheduler.base import Runner, RunnerContext
from scheduler.broadcasts import BroadcastRunner
from scheduler.lotteries import LotteryRunner
from services.live_room import LiveRoomService
from storage.group_commit import GroupCommit
from storage.live_room import ActivityRepository, ChatMessage, MilestoneRepository
from storage.models import Broadcast, Milestone, Room
from storage.repositories import UserRepository

logger = logging.getLogger(__name__)

SWEEP_JOB_ID = "live-room-sweep"
PURGE_EVERY = timedelta(hours=1)
MESSAGE_BATCH = 500  # 5 columns each: well under SQLite's limit of bound variables
# A video chat that starts this close to a scheduled show is that show (early or late).
SHOW_MATCH_WINDOW = timedelta(hours=3)
# How stale a room's estimated member count may get before a join asks Telegram again (joins
# another replica took are not in this process's estimate).
MEMBER_COUNT_REFRESH = timedelta(seconds=15)
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


def _welcome_job(room_chat_id: int) -> str:
    return f"welcome:{room_chat_id}"


class LiveRoomRunner(Runner):
    def __init__(
        self,
        context: RunnerContext,
        broadcasts: BroadcastRunner,
        lotteries: LotteryRunner,
        welcome_interval: timedelta,
        warnings: WarningBudget,
    ) -> None:
        super().__init__(context)
        self.broadcasts = broadcasts
        self.lotteries = lotteries
        self.welcome_interval = welcome_interval
        # Each room's banned words, read for every message in the room; changed by /banword.
        self._words: RoomCache[BannedWords] = RoomCache(self.caches, "words")
        self._warnings = warnings
        self._members = MemberEstimate(MEMBER_COUNT_REFRESH)
        self._member_locks: dict[int, asyncio.Lock] = {}
        # A raider's messages are handled at once: counted one at a time, each gets its own
        # strike number (else two read "strike 2" and the third strike may never be seen).
        self._strike_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._purged_at: datetime | None = None
        # Every fan message is counted; in a busy room they share transactions.
        self._messages: GroupCommit[ChatMessage, None] = GroupCommit(
            self._write_messages, max_batch=MESSAGE_BATCH, name="room-messages"
        )

    def service(self, session: AsyncSession) -> LiveRoomService:
        return LiveRoomService(session, self.clock)

    async def start(self) -> None:
        async with self.session_factory() as session:
            for room_chat_id, first_joined in await ActivityRepository(session).first_unwelcomed():
                self.plan_welcome(room_chat_id, first_joined)
        self.timer.every(SWEEP_JOB_ID, 60, self.run_due)
        await self.run_due()

    async def stop(self) -> None:
        """Write the chat messages still waiting."""
        await self._messages.close()

    async def run_due(self) -> None:
        async with self._lock:
            now = self.clock.now()
            async with self.session_factory() as session:
                waiting = await ActivityRepository(session).first_unwelcomed()
            for room_chat_id, first_joined in waiting:
                if first_joined + self.welcome_interval <= now:
                    await self._welcome(room_chat_id)
            await self._open_reached()
            if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
                async with self.session_factory() as session:
                    await self.service(session).purge()
                self._purged_at = now

    # --- welcomes -------------------------------------------------------------------------------
    def plan_welcome(self, room_chat_id: int, first_joined: datetime) -> None:
        """One welcome per interval: the first newcomer sets the time, later ones ride along
        (re-planning on every join would postpone the welcome for as long as people come)."""
        job_id = _welcome_job(room_chat_id)
        if not self.timer.is_planned(job_id):
            self.timer.wake(self.name, job_id, first_joined + self.welcome_interval)

    async def _welcome(self, room_chat_id: int) -> None:
        async with self.session_factory() as session:
            room = await self._room(session, room_chat_id)
            names = await ActivityRepository(session).take_unwelcomed(room_chat_id)
            await session.commit()
        self.timer.cancel(_welcome_job(room_chat_id))
        if not names or not room.welcome_enabled:
            return
        tr = Translator(self.i18n, room.language)
        shown = name_list(
            names,
            tr(texts.WELCOME_AND_MORE, count=len(names) - NAMES_SHOWN),
            tr(texts.LIST_SEPARATOR),
        )
        text = self.welcome_text(room, shown, tr)
        try:
            await self.bot.send_message(room_chat_id, text)
        except TelegramAPIError as error:
            logger.warning("Welcome in room %s not posted: %s", room_chat_id, error)

    @staticmethod
    def welcome_text(room: Room, names: str, tr: Translator) -> str:
        if room.welcome_text:
            return welcome_post(room.welcome_text, names)
        return tr(texts.WELCOME_DEFAULT, names=names)

    # --- members and boosts ---------------------------------------------------------------------
    async def member_count_changed(
        self, room_chat_id: int, *, joined: bool = True, members: int | None = None
    ) -> None:
        """Someone joined (or the host armed an envelope, knowing `members`): if a red envelope
        waits for a member count, check the count, asking Telegram only when it may be reached."""
        now = self.clock.now()
        if joined:
            self._members.joined(room_chat_id)
        if members is not None:
            self._members.fetched(room_chat_id, members, now)
        # One look per room at a time: joins arriving while the count is being fetched use
        # that count instead of each asking Telegram again.
        lock = self._member_locks.setdefault(room_chat_id, asyncio.Lock())
        async with lock, self.session_factory() as session:
            service = self.service(session)
            lowest = await service.lowest_member_threshold(room_chat_id)
            if lowest is None:
                self._members.forget(room_chat_id)
                return
            if members is None:
                if not self._members.needs_fetch(room_chat_id, lowest, now):
                    return
                members = await self.bot.get_chat_member_count(room_chat_id)
                self._members.fetched(room_chat_id, members, now)
            fired = await service.reach(room_chat_id, MilestoneTrigger.MEMBERS, members)
        if fired:
            await self._open_reached()

    async def boosted(
        self, room_chat_id: int, boost_id: str, user_id: int | None, name: str, at: datetime
    ) -> None:
        async with self.session_factory() as session:
            service = self.service(session)
            if not await service.record_boost(room_chat_id, boost_id, user_id, name, at):
                return  # delivered twice
            room = await self._room(session, room_chat_id)
            await session.commit()
            fired = await service.reach(room_chat_id, MilestoneTrigger.BOOST)
        tr = Translator(self.i18n, room.language)
        thanks = tr(texts.BOOST_THANKS, name=name) if name else tr(texts.BOOST_THANKS_ANONYMOUS)
        try:
            await self.bot.send_message(room_chat_id, thanks)
        except TelegramAPIError as error:
            logger.warning("Thanks for a boost in room %s not posted: %s", room_chat_id, error)
        if fired:
            await self._open_reached()

    # --- red envelopes --------------------------------------------------------------------------
    async def _open_reached(self) -> None:
        async with self.session_factory() as session:
            reached = await MilestoneRepository(session).reached()
        for milestone in reached:
            if await self.lotteries.running_in(milestone.room_chat_id) is None:
                await self._open(milestone)

    async def _open(self, milestone: Milestone) -> None:
        async with self.session_factory() as session:
            room = await self._room(session, milestone.room_chat_id)
            await session.commit()
            lotteries = self.lotteries.service(session)
            try:
                request = parse_lottery(milestone.lottery_args)
                # The milestone's own (negative) id as the source: a retry finds this lottery.
                lottery, created = await lotteries.start(
                    room, request, -milestone.id, milestone.created_by
                )
            except UserInputError as error:
                if error.text == texts.ERR_LOTTERY_RUNNING:
                    return  # another lottery got there first: the next sweep tries again
                logger.warning("Red envelope %s cannot open: %s", milestone.id, error.text)
                await MilestoneRepository(session).cancel(milestone.id)
                await session.commit()
                return
            if not await MilestoneRepository(session).started(milestone.id, lottery.id):
                return
            await session.commit()
        if created:
            tr = Translator(self.i18n, room.language)
            opening = (
                tr(
                    texts.MILESTONE_OPENS_MEMBERS,
                    members=milestone.reached_members or milestone.threshold,
                    prize=lottery.prize,
                )
                if milestone.trigger is MilestoneTrigger.MEMBERS
                else tr(texts.MILESTONE_OPENS_BOOST, prize=lottery.prize)
            )
            try:
                await self.bot.send_message(room.chat_id, opening)
            except TelegramAPIError as error:
                logger.warning("Red envelope %s not announced: %s", milestone.id, error)
        if created or lottery.card_message_id is None:
            await self.lotteries.post_card(lottery)

    # --- chat -----------------------------------------------------------------------------------
    async def record_message(self, message: ChatMessage) -> None:
        """Counted for rankings and reports: best effort, a failed write never fails the fan."""
        try:
            await self._messages.submit(message)
        except Exception:  # noqa: BLE001 - logged; the message itself is handled as usual
            logger.warning(
                "Message %s in room %s not counted",
                message.message_id,
                message.room_chat_id,
                exc_info=True,
            )

    async def _write_messages(self, messages: Sequence[ChatMessage]) -> list[None]:
        async with self.session_factory() as session:
            await ActivityRepository(session).add_messages(messages)
            await session.commit()
        return [None] * len(messages)

    # --- banned words ---------------------------------------------------------------------------
    async def banned_words(self, room_chat_id: int) -> BannedWords:
        async def load() -> BannedWords:
            async with self.session_factory() as session:
                return await self.service(session).banned_words(room_chat_id)

        return await self._words.get(room_chat_id, load)

    def forget_words(self, room_chat_id: int) -> None:
        self._words.forget(room_chat_id)

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
            strikes = await self.service(session).strike(
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
        # In a raid the room's budget runs out: the notice waits in the outbox, not the handler.
        self.outbox.post(SendMessage(chat_id=chat_id, text=text))

    # --- the room's video chat ------------------------------------------------------------------
    async def video_chat_started(self, room: Room, message_id: int, tr: Translator) -> None:
        async with self.session_factory() as session:
            show = await self.broadcasts.service(session).going_on_air(
                room, tr(texts.VIDEO_CHAT_TITLE), message_id, SHOW_MATCH_WINDOW
            )
        await self.broadcasts.go_live(show, on_air=True)

    async def video_chat_ended(
        self,
        room: Room,
        message_id: int,
        duration: timedelta,
        host_id: int | None,
        tr: Translator,
    ) -> None:
        async with self.session_factory() as session:
            service = self.broadcasts.service(session)
            show = await service.end_show(room, tr(texts.VIDEO_CHAT_TITLE), message_id, duration)
            if show is None:
                return
            next_show = await service.next_show(room)
            report = await self.service(session).report(room, show)
            host = await UserRepository(session).get(host_id or show.created_by or 0)
        try:
            await self.bot.send_message(room.chat_id, goodbye_text(room, next_show, tr))
        except TelegramAPIError as error:
            logger.warning("Goodbye in room %s not posted: %s", room.chat_id, error)
        if host is None or not host.reachable:
            logger.info("No private chat with the host of show %s: no report", show.id)
            return
        personal = tr.for_locale(host.language)
        await self._send_report(host.id, room, show, report, personal)
        if next_show is None:
            try:
                await self.bot.send_message(host.id, personal(texts.ASK_TO_SCHEDULE))
            except TelegramAPIError as error:
                logger.warning("Nudge to schedule not sent to host %s: %s", host.id, error)

    async def _send_report(
        self, host_id: int, room: Room, show: Broadcast, report: ShowReport, tr: Translator
    ) -> None:
        caption = report_caption(room, show, report, tr)
        try:
            chart = await asyncio.to_thread(activity_chart, report, tr)
            await self.bot.send_photo(
                host_id, BufferedInputFile(chart, f"show-{show.id}.png"), caption=caption
            )
        except TelegramAPIError as error:
            logger.warning("Report of show %s not sent: %s", show.id, error)
