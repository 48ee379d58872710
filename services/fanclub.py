"""The fan club (domain/fanclub.py says how it counts): check-ins, streaks, each fan's points
kept when a show ends, levels, and the club as the host sees it. No Telegram here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.fanclub import (
    DEFAULT_LEVELS,
    Level,
    level_of,
    parse_levels,
    paused,
    show_points,
    streak,
)
from domain.lottery import CHECKIN_WINDOW
from storage.broadcasts import BroadcastRepository
from storage.fanclub import FanClubRepository
from storage.gifts import GiftRepository
from storage.likes import LikeRepository
from storage.models import Broadcast, Room, TelegramUser

WEEK = timedelta(days=7)
LOYAL_SHOWN = 10


def thresholds(room: Room) -> list[int]:
    return list(room.fan_levels) if room.fan_levels else list(DEFAULT_LEVELS)


@dataclass(frozen=True)
class CheckedIn:
    show: Broadcast
    first: bool  # False: this fan had checked in to this show already
    streak: int


@dataclass(frozen=True)
class FanStanding:
    level: Level
    paused: bool
    streak: int
    shows: int  # shows attended in this room
    likes_week: int
    stars_week: int


@dataclass(frozen=True)
class Club:
    by_level: dict[int, int]  # level → fans (paused ones left out)
    loyal: list[tuple[str, int, int]]  # (name, points, level), most points first
    lapsed: list[str]  # names of paused members (with a level)


class FanClubService:
    def __init__(self, session: AsyncSession, clock: Clock, idle: timedelta) -> None:
        self.session = session
        self.clock = clock
        self.idle = idle
        self.club = FanClubRepository(session)

    async def check_in(self, room: Room, user_id: int, first_name: str) -> CheckedIn:
        show = await BroadcastRepository(self.session).on_air(room.chat_id)
        if show is None:
            raise UserInputError(messages.ERR_CHECKIN_NO_SHOW)
        first = await self.club.check_in(show, user_id, first_name, self.clock.now())
        await self.session.commit()
        return CheckedIn(show, first, await self._streak(room, user_id))

    async def _streak(self, room: Room, user_id: int) -> int:
        attended = {show for show, _ in await self.club.attended(room.chat_id, user_id)}
        return streak(await self.club.recent_shows(room.chat_id), attended)

    async def standing(self, room: Room, user_id: int) -> FanStanding:
        attended = await self.club.attended(room.chat_id, user_id)
        points = await self.club.points_of(room.chat_id, user_id)
        now = self.clock.now()
        last = max((at for _, at in attended), default=None)
        likes = dict(await LikeRepository(self.session).of_fans(room.chat_id, now - WEEK, now))
        givers = await GiftRepository(self.session).givers(room.chat_id, now - WEEK, now)
        return FanStanding(
            level=level_of(points, thresholds(room)),
            paused=paused(last, now, self.idle),
            streak=streak(
                await self.club.recent_shows(room.chat_id), {show for show, _ in attended}
            ),
            shows=len(attended),
            likes_week=likes.get(user_id, 0),
            stars_week=sum(stars for giver, _, stars in givers if giver == user_id),
        )

    async def rooms_of(self, user_id: int) -> list[tuple[Room, FanStanding]]:
        """The fan's standing in every room where they checked in or earned points."""
        rooms = []
        for room_chat_id in await self.club.rooms_of(user_id):
            room = await self.session.get(Room, room_chat_id)
            if room is not None:
                rooms.append((room, await self.standing(room, user_id)))
        return rooms

    async def of_room(self, room: Room) -> Club:
        now = self.clock.now()
        last = await self.club.last_attended(room.chat_id)
        by_level: dict[int, int] = {}
        loyal: list[tuple[str, int, int]] = []
        lapsed: list[str] = []
        for user, name, points in await self.club.points(room.chat_id):
            level = level_of(points, thresholds(room)).level
            if paused(last.get(user), now, self.idle):
                if level:
                    lapsed.append(name)
                continue
            by_level[level] = by_level.get(level, 0) + 1
            if len(loyal) < LOYAL_SHOWN:
                loyal.append((name, points, level))
        return Club(by_level, loyal, lapsed)

    async def set_levels(self, room: Room, text: str) -> list[int]:
        levels = parse_levels(text)
        await self.session.execute(
            update(Room).where(Room.chat_id == room.chat_id).values(fan_levels=levels)
        )
        await self.session.commit()
        return levels


async def keep_show_points(session: AsyncSession, show: Broadcast, end: datetime) -> None:
    """Each fan's points from the show, kept once when it ends."""
    club = FanClubRepository(session)
    start = show.started_at or show.starts_at
    room_chat_id = show.room_chat_id
    chat = await club.chat_minutes_of_fans(room_chat_id, start, end)
    likes = dict(await LikeRepository(session).of_fans(room_chat_id, start, end))
    givers = await GiftRepository(session).givers(room_chat_id, start, end)
    stars = {giver: total for giver, _, total in givers if giver is not None}
    names = {user: name for user, (name, _) in chat.items()}
    names |= {giver: name or "" for giver, name, _ in givers if giver is not None}
    checked = dict(await club.checked_in(show.id))
    names |= checked
    rows = []
    for user in set(chat) | set(likes) | set(stars) | set(checked):
        minutes = chat[user][1] if user in chat else 0
        points = show_points(user in checked, minutes, likes.get(user, 0), stars.get(user, 0))
        if points:
            rows.append(
                {
                    "broadcast_id": show.id,
                    "user_id": user,
                    "room_chat_id": room_chat_id,
                    "first_name": names.get(user, ""),
                    "points": points,
                    "earned_at": end,
                }
            )
    await club.keep_points(rows)


class ClubStandings:
    """A fan's level and recent check-ins in a room, for lottery conditions (the entry desk's
    port, services/entries.FanStandings); read only for a lottery that has a condition."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def of(self, room_chat_id: int, user_id: int) -> tuple[int, int]:
        async with self.session_factory() as session:
            club = FanClubRepository(session)
            room = await session.get(Room, room_chat_id)
            points = await club.points_of(room_chat_id, user_id)
            level = level_of(points, thresholds(room) if room else list(DEFAULT_LEVELS)).level
            recent = set(await club.recent_shows(room_chat_id, CHECKIN_WINDOW))
            attended = {show for show, _ in await club.attended(room_chat_id, user_id)}
            return level, len(recent & attended)


async def show_levels(session: AsyncSession, room: Room, show: Broadcast) -> list[tuple[int, int]]:
    """(fan, level) of the fans who earned points in `show`, with a level (for their tags)."""
    club = FanClubRepository(session)
    earned = {user for user, _ in await club.earned_in(show.id)}
    return [
        (user, level)
        for user, _, points in await club.points(room.chat_id)
        if user in earned and (level := level_of(points, thresholds(room)).level) > 0
    ]


@dataclass(frozen=True)
class Paused:
    """A member whose membership just paused: to be told privately (if the bot may)."""

    room: Room
    user_id: int
    level: int
    points: int
    language: str
    reachable: bool


class FanPauses:
    """Members paused after the idle days, each told once per lapse; one transaction."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock, idle: timedelta
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.idle = idle

    async def due(self) -> list[Paused]:
        now = self.clock.now()
        paused_now: list[Paused] = []
        async with self.session_factory.begin() as session:
            club = FanClubRepository(session)
            for room_chat_id, user_id, last in await club.lapses(now - self.idle):
                room = await session.get(Room, room_chat_id)
                if room is None:
                    continue
                points = await club.points_of(room_chat_id, user_id)
                level = level_of(points, thresholds(room)).level
                if not await club.told_paused(room_chat_id, user_id, last, now) or not level:
                    continue
                user = await session.get(TelegramUser, user_id)
                paused_now.append(
                    Paused(
                        room,
                        user_id,
                        level,
                        points,
                        user.language if user else room.language,
                        bool(user and user.reachable),
                    )
                )
        return paused_now
