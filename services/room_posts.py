"""What the live room's own posts need from the database and record in it: the welcomes, the
thanks for boosts and gifts, the red envelopes that open by themselves, the goodbye and the
host's report. Each call is one transaction, none held while Telegram is asked anything; the
posting is the bot's posters' (bot/posts/). No Telegram here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.errors import LotteryRunning, UserInputError
from domain.lottery import parse_lottery
from domain.report import ShowReport
from domain.vocabulary import MilestoneTrigger
from services.broadcasts import BroadcastService
from services.fanclub import keep_show_points, show_levels
from services.gifts import GiftService
from services.live_room import LiveRoomService
from services.lottery import LotteryService
from storage.live_room import ActivityRepository, MilestoneRepository
from storage.models import Broadcast, GiftRecord, Lottery, Milestone, Room, TelegramUser
from storage.repositories import RoomRepository, UserRepository
from storage.scripts import ScriptRepository


@dataclass(frozen=True)
class Opened:
    """A red envelope whose lottery started (`created`: now, by this call)."""

    room: Room
    lottery: Lottery
    created: bool


@dataclass(frozen=True)
class Farewell:
    next_show: Broadcast | None
    report: ShowReport
    host: TelegramUser | None  # None: the bot has no private chat with the host
    wishes: list[str] | None  # the goodbye poll's themes (None: no poll; []: open question)
    wishes_by: int | None  # who asked for the poll (its results go to them)
    levels: list[tuple[int, int]]  # (fan, level) of the show's fan club members, for tags


@dataclass(frozen=True)
class Thanks:
    room: Room
    gifts: list[GiftRecord]  # the ones waiting, now taken
    big_from: int  # Stars from which a gift is big


class RoomPosts:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        shows: Callable[[AsyncSession], BroadcastService],
        lotteries: Callable[[AsyncSession], LotteryService],
        default_timezone: str,
        default_language: str,
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.shows = shows
        self.lotteries = lotteries
        self.default_timezone = default_timezone
        self.default_language = default_language

    async def _room(self, session: AsyncSession, chat_id: int) -> Room:
        """The room, made if the bot never saw it (a boost or a gift may come first)."""
        return await RoomRepository(session).ensure(
            chat_id, "", self.default_timezone, self.default_language, self.clock.now()
        )

    def _room_service(self, session: AsyncSession) -> LiveRoomService:
        return LiveRoomService(session, self.clock)

    async def purge(self) -> None:
        async with self.session_factory() as session:
            await self._room_service(session).purge()

    # --- welcomes and thanks --------------------------------------------------------------------
    async def first_unwelcomed(self) -> Sequence[tuple[int, datetime]]:
        async with self.session_factory() as session:
            return await ActivityRepository(session).first_unwelcomed()

    async def take_unwelcomed(self, room_chat_id: int) -> tuple[Room, list[str]]:
        """The room, and the newcomers its next welcome names (taken: named once)."""
        async with self.session_factory.begin() as session:
            room = await self._room(session, room_chat_id)
            return room, list(await ActivityRepository(session).take_unwelcomed(room_chat_id))

    async def first_unthanked(self) -> Sequence[tuple[int, datetime]]:
        async with self.session_factory() as session:
            return await GiftService(session, self.clock).first_unthanked()

    async def take_unthanked(self, room_chat_id: int) -> Thanks:
        async with self.session_factory() as session:
            room = await self._room(session, room_chat_id)
            await session.commit()
            service = GiftService(session, self.clock)
            gifts = await service.take_unthanked(room_chat_id)
            return Thanks(room, gifts, await service.big_threshold(room))

    # --- members and boosts ---------------------------------------------------------------------
    async def lowest_member_threshold(self, room_chat_id: int) -> int | None:
        async with self.session_factory() as session:
            return await self._room_service(session).lowest_member_threshold(room_chat_id)

    async def members_reached(self, room_chat_id: int, members: int) -> bool:
        """Whether this member count reached a red envelope."""
        async with self.session_factory() as session:
            service = self._room_service(session)
            return bool(await service.reach(room_chat_id, MilestoneTrigger.MEMBERS, members))

    async def boosted(
        self, room_chat_id: int, boost_id: str, user_id: int | None, name: str, at: datetime
    ) -> tuple[Room, bool] | None:
        """Record a boost once (None: delivered twice); the room, and whether it reached a
        red envelope."""
        async with self.session_factory() as session:
            service = self._room_service(session)
            if not await service.record_boost(room_chat_id, boost_id, user_id, name, at):
                return None
            room = await self._room(session, room_chat_id)
            await session.commit()
            fired = await service.reach(room_chat_id, MilestoneTrigger.BOOST)
            return room, bool(fired)

    # --- red envelopes --------------------------------------------------------------------------
    async def reached(self) -> Sequence[Milestone]:
        async with self.session_factory() as session:
            return await MilestoneRepository(session).reached()

    async def open(self, milestone: Milestone) -> Opened | None:
        """Start a reached envelope's lottery (None: another lottery runs, so a later sweep
        tries again; or the envelope cannot open and is cancelled)."""
        async with self.session_factory() as session:
            room = await self._room(session, milestone.room_chat_id)
            await session.commit()
            milestones = MilestoneRepository(session)
            try:
                request = parse_lottery(milestone.lottery_args)
                # The milestone's own (negative) id as the source: a retry finds this lottery.
                lottery, created = await self.lotteries(session).start(
                    room, request, -milestone.id, milestone.created_by
                )
            except LotteryRunning:
                return None
            except UserInputError as error:
                await milestones.cancel(milestone.id)
                await session.commit()
                raise CannotOpen(error.text) from error
            if not await milestones.started(milestone.id, lottery.id):
                return None
            await session.commit()
            return Opened(room, lottery, created)

    # --- the room's video chat ------------------------------------------------------------------
    async def going_on_air(
        self, room: Room, title: str, message_id: int, window: timedelta
    ) -> Broadcast:
        async with self.session_factory() as session:
            return await self.shows(session).going_on_air(room, title, message_id, window)

    async def end_show(
        self, room: Room, title: str, message_id: int, duration: timedelta
    ) -> Broadcast | None:
        async with self.session_factory() as session:
            return await self.shows(session).end_show(room, title, message_id, duration)

    async def closed_show(self, show_id: int) -> tuple[Broadcast, Room] | None:
        async with self.session_factory() as session:
            show = await self.shows(session).get(show_id)
            if show is None:
                return None
            room = await self._room(session, show.room_chat_id)
            await session.commit()
            return show, room

    async def farewell(
        self, room: Room, show: Broadcast, host_id: int | None, video_chat: timedelta | None
    ) -> Farewell:
        """What the goodbye and the report need; the show's numbers are kept (once) too."""
        async with self.session_factory() as session:
            script = await ScriptRepository(session).get(show.id)
            live_room = self._room_service(session)
            report = await live_room.report(room, show, video_chat)
            await live_room.keep_figures(show, report)
            await keep_show_points(session, show, report.ended_at)
            await session.commit()
            return Farewell(
                await self.shows(session).next_show(room),
                report,
                await UserRepository(session).get(host_id) if host_id else None,
                script.wishes if script is not None else None,
                script.author_id if script is not None else None,
                await show_levels(session, room, show),
            )


class CannotOpen(Exception):
    """A red envelope whose lottery can never start (cancelled); the text id says why."""
