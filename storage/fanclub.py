"""The fan club's check-ins and points. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.vocabulary import BroadcastStatus
from storage.models import Broadcast, CheckIn, FanPause, FanPoints, RoomMessage
from storage.sql import insert_many_or_ignore, insert_or_ignore, rowcount

_HELD = (BroadcastStatus.LIVE, BroadcastStatus.ENDED)


class FanClubRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def check_in(self, show: Broadcast, user_id: int, first_name: str, at: datetime) -> bool:
        """True when this is the fan's first check-in to the show."""
        result = await self.session.execute(
            insert_or_ignore(self.session, CheckIn)
            .values(
                broadcast_id=show.id,
                user_id=user_id,
                room_chat_id=show.room_chat_id,
                first_name=first_name,
                checked_in_at=at,
            )
            .on_conflict_do_nothing()
        )
        return rowcount(result) == 1

    async def recent_shows(self, room_chat_id: int, limit: int = 200) -> Sequence[int]:
        """The room's shows that were held (live or ended), newest first."""
        return (
            await self.session.scalars(
                select(Broadcast.id)
                .where(Broadcast.room_chat_id == room_chat_id, Broadcast.status.in_(_HELD))
                .order_by(Broadcast.starts_at.desc(), Broadcast.id.desc())
                .limit(limit)
            )
        ).all()

    async def attended(self, room_chat_id: int, user_id: int) -> Sequence[tuple[int, datetime]]:
        """(show, when) of every check-in of the fan in the room."""
        rows = await self.session.execute(
            select(CheckIn.broadcast_id, CheckIn.checked_in_at).where(
                CheckIn.room_chat_id == room_chat_id, CheckIn.user_id == user_id
            )
        )
        return [(show, at) for show, at in rows]

    async def rooms_of(self, user_id: int) -> Sequence[int]:
        """The rooms where the fan checked in or earned points."""
        rooms = await self.session.scalars(
            select(CheckIn.room_chat_id)
            .where(CheckIn.user_id == user_id)
            .union(select(FanPoints.room_chat_id).where(FanPoints.user_id == user_id))
        )
        return sorted(set(rooms.all()))

    async def checked_in(self, show_id: int) -> Sequence[tuple[int, str]]:
        rows = await self.session.execute(
            select(CheckIn.user_id, CheckIn.first_name).where(CheckIn.broadcast_id == show_id)
        )
        return [(user, name) for user, name in rows]

    async def chat_minutes_of_fans(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> dict[int, tuple[str, int]]:
        """fan → (name, chatting minutes) between `start` and `end`."""
        rows = await self.session.execute(
            select(RoomMessage.user_id, RoomMessage.first_name, RoomMessage.sent_at).where(
                RoomMessage.room_chat_id == room_chat_id, RoomMessage.sent_at.between(start, end)
            )
        )
        minutes: dict[int, set[int]] = {}
        names: dict[int, str] = {}
        for user, name, at in rows:
            minutes.setdefault(user, set()).add(int((at - start).total_seconds() // 60))
            names[user] = name
        return {user: (names[user], len(spent)) for user, spent in minutes.items()}

    async def keep_points(self, rows: Sequence[dict[str, object]]) -> None:
        if rows:
            await self.session.execute(
                insert_many_or_ignore(self.session, FanPoints).on_conflict_do_nothing(), rows
            )

    async def earned_in(self, show_id: int) -> Sequence[tuple[int, int]]:
        """(fan, points) of the fans who earned points in the show."""
        rows = await self.session.execute(
            select(FanPoints.user_id, FanPoints.points).where(FanPoints.broadcast_id == show_id)
        )
        return [(int(user), int(points)) for user, points in rows]

    async def points_of(self, room_chat_id: int, user_id: int) -> int:
        """One fan's points in the room (all shows)."""
        total = await self.session.scalar(
            select(func.sum(FanPoints.points)).where(
                FanPoints.room_chat_id == room_chat_id, FanPoints.user_id == user_id
            )
        )
        return int(total or 0)

    async def points(self, room_chat_id: int) -> Sequence[tuple[int, str, int]]:
        """(fan, name, points) of everyone with points in the room, most first."""
        total = func.sum(FanPoints.points)
        rows = await self.session.execute(
            select(FanPoints.user_id, func.max(FanPoints.first_name), total)
            .where(FanPoints.room_chat_id == room_chat_id)
            .group_by(FanPoints.user_id)
            .order_by(total.desc(), FanPoints.user_id)
        )
        return [(int(user), str(name), int(points)) for user, name, points in rows]

    async def lapses(self, attended_before: datetime) -> Sequence[tuple[int, int, datetime]]:
        """(room, fan, last show) of the members whose last check-in is older than
        `attended_before` and who were not told of this lapse yet."""
        last = func.max(CheckIn.checked_in_at)
        rows = await self.session.execute(
            select(CheckIn.room_chat_id, CheckIn.user_id, last)
            .group_by(CheckIn.room_chat_id, CheckIn.user_id)
            .having(last < attended_before)
        )
        told = {
            (room, user): at
            for room, user, at in await self.session.execute(
                select(FanPause.room_chat_id, FanPause.user_id, FanPause.last_attended)
            )
        }
        return [
            (int(room), int(user), at)
            for room, user, at in rows
            if (room, user) not in told or told[(room, user)] < at
        ]

    async def told_paused(
        self, room_chat_id: int, user_id: int, last_attended: datetime, now: datetime
    ) -> bool:
        """Record that the member is told of this lapse (True: this call did, once)."""
        insert = insert_or_ignore(self.session, FanPause)
        result = await self.session.execute(
            insert.values(
                room_chat_id=room_chat_id,
                user_id=user_id,
                last_attended=last_attended,
                told_at=now,
            ).on_conflict_do_update(
                index_elements=[FanPause.room_chat_id, FanPause.user_id],
                set_={"last_attended": last_attended, "told_at": now},
                where=FanPause.last_attended < last_attended,
            )
        )
        return rowcount(result) == 1

    async def last_attended(self, room_chat_id: int) -> dict[int, datetime]:
        rows = await self.session.execute(
            select(CheckIn.user_id, func.max(CheckIn.checked_in_at))
            .where(CheckIn.room_chat_id == room_chat_id)
            .group_by(CheckIn.user_id)
        )
        return {int(user): at for user, at in rows}
