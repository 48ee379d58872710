"""The live room's own work: batched welcomes, thanks for boosts, red envelopes that open by
themselves, and the goodbye and report when a video chat ends.

As elsewhere the database is the truth: newcomers wait in `room_joins` until a welcome names
them (claimed with a compare-and-set), and a reached milestone waits as REACHED until its
lottery can start, so neither a restart nor a second wake-up loses or repeats anything.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BufferedInputFile
from aiogram.utils.deep_linking import create_start_link
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.chart import activity_chart
from bot.ephemeral import to_member
from bot.i18n import Translator
from bot.overlay.news import tell_ticker
from bot.posts.live_room import (
    goal_words,
    goodbye_text,
    report_caption,
    script_report,
    welcome_text,
)
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.poster import Poster, PosterContext, RoomBatches
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from bot.room_lookups import RoomLookups
from domain.goals import GOAL_TRIGGERS
from domain.lottery import parse_lottery
from domain.milestones import MemberEstimate
from domain.report import ShowReport
from domain.vocabulary import MilestoneTrigger
from domain.welcome import NAMES_SHOWN, name_list
from services.charts import WeeklyCharts
from services.fanclub import FanPauses
from services.goals import GoalChecks
from services.live_room import LiveRoomService
from services.room_posts import CannotOpen, RoomPosts
from storage.models import Broadcast, Milestone, Room

logger = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
# A video chat that starts this close to a scheduled show is that show (early or late).
SHOW_MATCH_WINDOW = timedelta(hours=3)
# Likes come in storms: a room's goals are looked at this long after the first of them.
GOAL_LOOK_DELAY = timedelta(seconds=2)
# How stale a room's estimated member count may get before a join asks Telegram again (joins
# another replica took are not in this process's estimate).
MEMBER_COUNT_REFRESH = timedelta(seconds=15)


class RoomPoster(Poster):
    def __init__(
        self,
        context: PosterContext,
        broadcasts: ShowPoster,
        lotteries: LotteryPoster,
        lookups: RoomLookups,
        welcome_interval: timedelta,
        wish_poster: WishPoster,
        fan_club_idle: timedelta = timedelta(days=7),
    ) -> None:
        super().__init__(context)
        self.broadcasts = broadcasts
        self.wish_poster = wish_poster
        broadcasts.closed_listeners.append(self.show_closed)
        self.lotteries = lotteries
        self.room_posts = RoomPosts(
            self.session_factory,
            self.clock,
            broadcasts.service,
            lotteries.service,
            self.default_timezone,
            self.default_language,
        )
        self.welcomes = RoomBatches(
            self, "welcome", welcome_interval, self.room_posts.first_unwelcomed, self._welcome
        )
        self.lookups = lookups
        self._members = MemberEstimate(MEMBER_COUNT_REFRESH)
        self._member_locks: dict[int, asyncio.Lock] = {}
        self._purged_at: datetime | None = None
        self.goals = GoalChecks(self.session_factory, self.clock)
        self.fan_pauses = FanPauses(self.session_factory, self.clock, fan_club_idle)
        self.weekly_charts = WeeklyCharts(self.session_factory, self.clock)

    def service(self, session: AsyncSession) -> LiveRoomService:
        return LiveRoomService(session, self.clock)

    async def start(self) -> None:
        await self.welcomes.start()
        await self.run_due()

    async def run_due(self) -> None:
        async with self._lock:
            now = self.clock.now()
            await self.welcomes.run_due(now)
            await self.check_goals()
            await self.open_reached()
            await self.tell_paused()
            await self.post_weekly_charts()
            if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
                await self.room_posts.purge()
                self._purged_at = now

    # --- welcomes -------------------------------------------------------------------------------
    def plan_welcome(self, room_chat_id: int, first_joined: datetime) -> None:
        """One welcome per interval (RoomBatches): the first newcomer sets the time."""
        self.welcomes.plan(room_chat_id, first_joined)

    async def _welcome(self, room_chat_id: int) -> None:
        room, names = await self.room_posts.take_unwelcomed(room_chat_id)
        self.welcomes.posted(room_chat_id)
        if not names or not room.welcome_enabled:
            return
        tr = Translator(self.i18n, room.language)
        shown = name_list(
            names,
            tr(texts.WELCOME_AND_MORE, count=len(names) - NAMES_SHOWN),
            tr(texts.LIST_SEPARATOR),
        )
        text = welcome_text(room, shown, tr)
        try:
            await self.bot.send_message(room_chat_id, text)
        except TelegramAPIError as error:
            logger.warning("Welcome in room %s not posted: %s", room_chat_id, error)
            return
        tell_ticker(self.caches, room_chat_id, text)

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
        async with lock:
            lowest = await self.room_posts.lowest_member_threshold(room_chat_id)
            if lowest is None:
                self._members.forget(room_chat_id)
                return
            if members is None:
                if not self._members.needs_fetch(room_chat_id, lowest, now):
                    return
                members = await self.bot.get_chat_member_count(room_chat_id)
                self._members.fetched(room_chat_id, members, now)
            fired = await self.room_posts.members_reached(room_chat_id, members)
        if fired:
            await self.open_reached()

    async def boosted(
        self, room_chat_id: int, boost_id: str, user_id: int | None, name: str, at: datetime
    ) -> None:
        recorded = await self.room_posts.boosted(room_chat_id, boost_id, user_id, name, at)
        if recorded is None:
            return  # delivered twice
        room, fired = recorded
        tr = Translator(self.i18n, room.language)
        thanks = tr(texts.BOOST_THANKS, name=name) if name else tr(texts.BOOST_THANKS_ANONYMOUS)
        try:
            await self.bot.send_message(room_chat_id, thanks)
        except TelegramAPIError as error:
            logger.warning("Thanks for a boost in room %s not posted: %s", room_chat_id, error)
        else:
            tell_ticker(self.caches, room_chat_id, thanks)
        if fired:
            await self.open_reached()

    # --- a show's goals -------------------------------------------------------------------------
    def goals_moved(self, rooms: set[int]) -> None:
        """Likes (or the like) were just counted in these rooms: look at their goals soon, once
        for the many likes of a few seconds (every sweep looks anyway)."""
        moment = self.clock.now() + GOAL_LOOK_DELAY
        for room_chat_id in rooms:
            job = f"goals:{room_chat_id}"
            if not self.planner.is_planned(job):
                self.planner.wake(self.name, job, moment)

    async def check_goals(self) -> None:
        """Tell each room its goals' progress at 50% and 90%; a goal reached opens its lottery
        with the red envelopes (open_reached)."""
        for step in await self.goals.check():
            goal, room = step.goal, step.room
            self.planner.cancel(f"goals:{room.chat_id}")
            tr = Translator(self.i18n, room.language)
            text = tr(
                texts.GOAL_PROGRESS,
                step=step.step,
                value=step.value,
                goal=goal_words(goal, tr),
                prize=parse_lottery(goal.lottery_args).prize,
            )
            try:
                await self.bot.send_message(room.chat_id, text)
            except TelegramAPIError as error:
                logger.warning("Progress of goal %s not posted: %s", goal.id, error)

    # --- the charts of rooms -----------------------------------------------------------------
    async def post_weekly_charts(self) -> None:
        """Once a week (a new ISO week), each room in the charts hears the week's top rooms."""
        for post in await self.weekly_charts.due():
            tr = Translator(self.i18n, post.room.language)
            lines = [tr(texts.CHARTS_WEEKLY)]
            lines += [
                tr(
                    texts.CHARTS_ITEM,
                    rank=rank,
                    title=p.title,
                    popularity=p.popularity,
                    link=p.link,
                )
                for rank, p in enumerate(post.placings, 1)
            ]
            try:
                await self.bot.send_message(post.room.chat_id, "\n".join(lines))
            except TelegramAPIError as error:
                logger.warning("Weekly chart not posted in %s: %s", post.room.chat_id, error)

    # --- the fan club ---------------------------------------------------------------------------
    async def tell_paused(self) -> None:
        """A member who came to no show for the idle days is paused, never silently: they hear
        it privately where the bot may write to them (/me says it anyway)."""
        for paused in await self.fan_pauses.due():
            if not paused.reachable:
                continue
            tr = Translator(self.i18n, paused.language)
            text = tr(
                texts.FAN_PAUSED,
                room=paused.room.title or paused.room.chat_id,
                level=paused.level,
                points=paused.points,
            )
            try:
                await self.bot.send_message(paused.user_id, text)
            except TelegramAPIError as error:
                logger.info("Pause not told to %s: %s", paused.user_id, error)

    # --- red envelopes --------------------------------------------------------------------------
    async def open_reached(self) -> None:
        for milestone in await self.room_posts.reached():
            if await self.lookups.running_lottery(milestone.room_chat_id) is None:
                await self._open(milestone)

    async def _open(self, milestone: Milestone) -> None:
        try:
            opened = await self.room_posts.open(milestone)
        except CannotOpen as error:
            logger.warning("Red envelope %s cannot open: %s", milestone.id, error)
            return
        if opened is None:
            return  # another lottery got there first: the next sweep tries again
        room, lottery, created = opened.room, opened.lottery, opened.created
        if created:
            tr = Translator(self.i18n, room.language)
            match milestone.trigger:
                case MilestoneTrigger.MEMBERS:
                    opening = tr(
                        texts.MILESTONE_OPENS_MEMBERS,
                        members=milestone.reached_members or milestone.threshold,
                        prize=lottery.prize,
                    )
                case MilestoneTrigger.GIFT:
                    opening = tr(texts.MILESTONE_OPENS_GIFT, prize=lottery.prize)
                case trigger if trigger in GOAL_TRIGGERS:
                    opening = tr(
                        texts.GOAL_REACHED, goal=goal_words(milestone, tr), prize=lottery.prize
                    )
                case _:
                    opening = tr(texts.MILESTONE_OPENS_BOOST, prize=lottery.prize)
            try:
                await self.bot.send_message(room.chat_id, opening)
            except TelegramAPIError as error:
                logger.warning("Red envelope %s not announced: %s", milestone.id, error)
        await self.lotteries.started(lottery, created)

    # --- the room's video chat ------------------------------------------------------------------
    async def video_chat_started(self, room: Room, message_id: int, tr: Translator) -> None:
        show = await self.room_posts.going_on_air(
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
        show = await self.room_posts.end_show(
            room, tr(texts.VIDEO_CHAT_TITLE), message_id, duration
        )
        if show is None:
            return
        host = host_id or show.created_by
        await self._farewell(room, show, host, tr, goodbye=True, video_chat=duration)

    async def show_closed(self, show_id: int, goodbye: bool) -> None:
        """A show that ended with no video chat saying so: its time ran out (`goodbye`: the
        room hears it), or the next show began (whose live notice says enough). Its host gets
        the report either way."""
        closed = await self.room_posts.closed_show(show_id)
        if closed is None:
            return
        show, room = closed
        tr = Translator(self.i18n, room.language)
        await self._farewell(room, show, show.created_by, tr, goodbye)

    async def _farewell(
        self,
        room: Room,
        show: Broadcast,
        host_id: int | None,
        tr: Translator,
        goodbye: bool,
        video_chat: timedelta | None = None,
    ) -> None:
        """The goodbye in the room, then the report in the host's private chat; where the bot
        cannot write there yet, the host alone hears in the room how to get the next one."""
        farewell = await self.room_posts.farewell(room, show, host_id, video_chat)
        next_show, report, host = farewell.next_show, farewell.report, farewell.host
        await self._tag_levels(room, farewell.levels, tr)
        if goodbye:
            poll = farewell.wishes is not None
            try:
                await self.bot.send_message(room.chat_id, goodbye_text(room, next_show, tr, poll))
            except TelegramAPIError as error:
                logger.warning("Goodbye in room %s not posted: %s", room.chat_id, error)
            if farewell.wishes is not None:
                asker = farewell.wishes_by or host_id
                await self.wish_poster.open(room, show, farewell.wishes, asker)
        if host is None or not host.reachable:
            logger.info("No private chat with the host of show %s: no report", show.id)
            if host_id is not None:
                hint = tr(
                    texts.REPORT_NEEDS_PRIVATE_CHAT,
                    link=await create_start_link(self.bot, "hello"),
                )
                try:
                    await self.bot(to_member(room.chat_id, host_id, hint))
                except TelegramAPIError as error:
                    logger.info("Report hint for %s in room %s: %s", host_id, room.chat_id, error)
            return
        personal = tr.for_locale(host.language)
        await self._send_report(host.id, room, show, report, personal)
        if next_show is None and farewell.wishes is None:
            # (With a goodbye poll, its results bring the host a button to schedule the next.)
            try:
                await self.bot.send_message(host.id, personal(texts.ASK_TO_SCHEDULE))
            except TelegramAPIError as error:
                logger.warning("Nudge to schedule not sent to host %s: %s", host.id, error)

    async def _tag_levels(self, room: Room, levels: list[tuple[int, int]], tr: Translator) -> None:
        """Each fan club member of the show gets their level as a member tag ("Lv3 fan"), once
        a show. Where the bot may not manage tags, nothing else changes."""
        for user_id, level in levels:
            try:
                await self.bot.set_chat_member_tag(
                    room.chat_id, user_id, tr(texts.MEMBER_TAG, level=level)
                )
            except TelegramBadRequest as error:
                if "rights" in str(error):
                    logger.info("No member tags in room %s: %s", room.chat_id, error)
                    return
                logger.info("No tag for %s in room %s: %s", user_id, room.chat_id, error)
            except TelegramAPIError as error:
                logger.warning("Member tags in room %s stopped: %s", room.chat_id, error)
                return

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
            return
        if (script := script_report(report, tr)) is not None:
            try:
                await self.bot.send_message(host_id, script)
            except TelegramAPIError as error:
                logger.warning("Run-of-show of show %s not reported: %s", show.id, error)
