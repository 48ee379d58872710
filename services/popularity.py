"""A room's popularity during its show (domain/popularity.py says how it is counted), and the
room's weights. No Telegram here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import Clock
from domain.popularity import Counts, Weights
from domain.rankings import Activity, combine
from storage.broadcasts import BroadcastRepository
from storage.fanclub import FanClubRepository
from storage.gifts import GiftRepository
from storage.likes import LikeRepository
from storage.live_room import ActivityRepository
from storage.models import Broadcast, Room


@dataclass(frozen=True)
class ShowPopularity:
    show: Broadcast | None  # None: no show on air
    counts: Counts
    weights: Weights

    @property
    def score(self) -> int:
        return self.counts.score(self.weights)


async def count(
    session: AsyncSession, room_chat_id: int, start: datetime, end: datetime
) -> Counts:
    """What fans did in the room between `start` and `end`."""
    activity = ActivityRepository(session)
    givers = await GiftRepository(session).givers(room_chat_id, start, end)
    return Counts(
        chat_minutes=await activity.chat_minutes(room_chat_id, start, end),
        likes=await LikeRepository(session).count(room_chat_id, start, end),
        shares=await activity.shares(room_chat_id, start, end),
        members=await activity.newcomers(room_chat_id, start, end),
        boosts=await activity.boosts(room_chat_id, start, end),
        stars=sum(stars for _, _, stars in givers),
    )


async def fans_between(
    session: AsyncSession, room_chat_id: int, weights: Weights, start: datetime, end: datetime
) -> list[Activity]:
    """The room's fans by the popularity each brought between `start` and `end`, most first."""
    chat = await FanClubRepository(session).chat_minutes_of_fans(room_chat_id, start, end)
    givers = await GiftRepository(session).givers(room_chat_id, start, end)
    return combine(
        [(user, name, minutes) for user, (name, minutes) in chat.items()],
        await LikeRepository(session).named(room_chat_id, start, end),
        await ActivityRepository(session).invite_counts(room_chat_id, start),
        [(user, name or "", stars) for user, name, stars in givers if user is not None],
        weights,
    )


class PopularityService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    async def of_show(self, room: Room, show: Broadcast) -> ShowPopularity:
        start = show.started_at or show.starts_at
        end = show.ended_at or self.clock.now()
        counts = await count(self.session, room.chat_id, start, end)
        return ShowPopularity(show, counts, Weights.from_json(room.popularity_weights))

    async def on_air(self, room: Room) -> ShowPopularity:
        """The show on air's popularity so far (nothing when no show is on air)."""
        show = await BroadcastRepository(self.session).on_air(room.chat_id)
        if show is None:
            return ShowPopularity(None, Counts(), Weights.from_json(room.popularity_weights))
        return await self.of_show(room, show)

    async def set_weights(self, room: Room, changes: str) -> Weights:
        weights = Weights.from_json(room.popularity_weights).changed(changes)
        await self.session.execute(
            update(Room)
            .where(Room.chat_id == room.chat_id)
            .values(popularity_weights=weights.to_json())
        )
        await self.session.commit()
        room.popularity_weights = weights.to_json()
        return weights
