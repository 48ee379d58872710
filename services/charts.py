"""The charts of rooms by popularity, across the rooms one deployment serves that opted in
(/charts join): the last hour and the last 7 days, and once a week the top rooms announced
in each of them. Rooms are compared by the default weights (domain.popularity.Weights), so a
room's own weights cannot lift it. No Telegram here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.popularity import Weights
from services.popularity import count
from storage.models import ChartPost, Room
from storage.sql import insert_or_ignore, rowcount

CHART_SIZE = 10
WEEK = timedelta(days=7)


def week_of(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Placing:
    chat_id: int
    title: str
    link: str
    popularity: int


async def chart(session: AsyncSession, since: datetime, until: datetime) -> list[Placing]:
    """The opted-in rooms by popularity between `since` and `until`, most first."""
    rooms = (await session.scalars(select(Room).where(Room.charts_link.is_not(None)))).all()
    placings = [
        Placing(
            room.chat_id,
            room.title or str(room.chat_id),
            room.charts_link or "",
            (await count(session, room.chat_id, since, until)).score(Weights()),
        )
        for room in rooms
    ]
    return sorted(placings, key=lambda p: (-p.popularity, p.title))[:CHART_SIZE]


class ChartService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    async def join(self, room: Room, link: str) -> None:
        await self.session.execute(
            update(Room).where(Room.chat_id == room.chat_id).values(charts_link=link)
        )
        # This week's chart is not announced to a room that joins in its middle.
        await self.session.execute(
            insert_or_ignore(self.session, ChartPost)
            .values(
                room_chat_id=room.chat_id,
                week=week_of(self.clock.now()),
                posted_at=self.clock.now(),
            )
            .on_conflict_do_nothing()
        )
        await self.session.commit()

    async def leave(self, room: Room) -> None:
        await self.session.execute(
            update(Room).where(Room.chat_id == room.chat_id).values(charts_link=None)
        )
        await self.session.commit()

    async def charts(self) -> tuple[list[Placing], list[Placing]]:
        """(the last hour's chart, the last 7 days')."""
        now = self.clock.now()
        return (
            await chart(self.session, now - timedelta(hours=1), now),
            await chart(self.session, now - WEEK, now),
        )


@dataclass(frozen=True)
class WeeklyPost:
    room: Room
    placings: list[Placing]


class WeeklyCharts:
    """The week's chart for each opted-in room, claimed once per room and week."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.session_factory = session_factory
        self.clock = clock

    async def due(self) -> list[WeeklyPost]:
        now = self.clock.now()
        week = week_of(now)
        posts: list[WeeklyPost] = []
        async with self.session_factory.begin() as session:
            rooms = (
                await session.scalars(select(Room).where(Room.charts_link.is_not(None)))
            ).all()
            placings: list[Placing] | None = None
            for room in rooms:
                claimed = await session.execute(
                    insert_or_ignore(session, ChartPost)
                    .values(room_chat_id=room.chat_id, week=week, posted_at=now)
                    .on_conflict_do_nothing()
                )
                if rowcount(claimed) != 1:
                    continue
                if placings is None:
                    placings = await chart(session, now - WEEK, now)
                posts.append(WeeklyPost(room, placings))
        return posts
