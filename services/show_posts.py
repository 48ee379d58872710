"""What a show's own posts (trailer, live notice, reminders, change notes) need from the
database and record in it. Each call is one transaction; the posting is the bot's posters'
(bot/posts/). No Telegram here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.vocabulary import ReminderState
from services.broadcasts import BroadcastService, ShowChange
from services.rooms import room_of
from storage.broadcasts import BroadcastRepository, ReminderRepository
from storage.models import Broadcast, Room


@dataclass(frozen=True)
class TrailerClaim:
    room: Room | None  # None: the show started already (the bot was down), so no trailer


@dataclass(frozen=True)
class GoingLive:
    room: Room
    closed: list[int]  # shows before it in the room, ended now
    too_late: bool  # no notice: the show started long ago and no video chat says it is on


@dataclass(frozen=True)
class ChangeAudience:
    broadcast: Broadcast
    room: Room
    following: Broadcast | None  # the next show, when a week was skipped
    listeners: Sequence[tuple[int, str]]  # (user id, language) on its reminder list


class ShowPosts:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        shows: Callable[[AsyncSession], BroadcastService],
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.shows = shows

    async def scheduled(self) -> Sequence[Broadcast]:
        async with self.session_factory() as session:
            return await BroadcastRepository(session).scheduled()

    async def due(
        self, abandoned_before: datetime
    ) -> tuple[Sequence[Broadcast], Sequence[Broadcast]]:
        """(shows whose trailer is due, shows going live)."""
        now = self.clock.now()
        async with self.session_factory() as session:
            repo = BroadcastRepository(session)
            return (
                await repo.due_trailers(now, abandoned_before),
                await repo.due_live(now, abandoned_before),
            )

    async def close_finished(self) -> list[int]:
        async with self.session_factory() as session:
            return await self.shows(session).close_finished()

    async def with_pending_reminders(self, went_live_since: datetime) -> Sequence[int]:
        async with self.session_factory() as session:
            return await BroadcastRepository(session).live_with_pending_reminders(went_live_since)

    async def claim_trailer(
        self, broadcast: Broadcast, abandoned_before: datetime
    ) -> TrailerClaim | None:
        """Claim the trailer for posting (None: someone else took it, or the show was
        cancelled or moved meanwhile)."""
        async with self.session_factory.begin() as session:
            repo = BroadcastRepository(session)
            if not await repo.claim_trailer(broadcast, self.clock.now(), abandoned_before):
                return None
            if broadcast.starts_at <= self.clock.now():
                await repo.trailers().skipped(broadcast.id)
                return TrailerClaim(None)
            return TrailerClaim(await room_of(session, broadcast.room_chat_id))

    async def claim_live(
        self,
        broadcast: Broadcast,
        on_air: bool,
        abandoned_before: datetime,
        late_notice: timedelta,
    ) -> GoingLive | None:
        """Claim the live notice (None: not ours to post); `on_air`: the video chat started."""
        async with self.session_factory() as session:
            repo = BroadcastRepository(session)
            if on_air:
                await repo.mark_started(broadcast.id, self.clock.now())
                await session.commit()
            if not await repo.claim_live(broadcast.id, self.clock.now(), abandoned_before):
                return None
            room = await room_of(session, broadcast.room_chat_id)
            await session.commit()
            # The show before it in this room is over now, whatever its video chat said.
            closed = await self.shows(session).close_finished(going_live=broadcast)
            on_air = on_air or broadcast.started_at is not None
            too_late = not on_air and self.clock.now() - broadcast.starts_at > late_notice
            if too_late:
                await repo.live_notices().skipped(broadcast.id)
                await session.commit()
        return GoingLive(room, closed, too_late)

    async def continue_series(self, broadcast: Broadcast) -> Broadcast | None:
        async with self.session_factory() as session:
            return await self.shows(session).continue_series(broadcast)

    async def change_audience(
        self, broadcast_id: int, change: ShowChange, next_show_id: int | None
    ) -> ChangeAudience | None:
        """Who hears of a change to a show; a skipped week carries its reminder list over to
        the next show."""
        async with self.session_factory.begin() as session:
            shows, reminders = BroadcastRepository(session), ReminderRepository(session)
            broadcast = await shows.get(broadcast_id)
            if broadcast is None:
                return None
            room = await room_of(session, broadcast.room_chat_id)
            following = await shows.get(next_show_id) if next_show_id is not None else None
            listeners = await reminders.listeners(broadcast_id)
            if change is ShowChange.SKIPPED and following is not None:
                for user_id, _ in listeners:
                    await reminders.add(following.id, user_id, self.clock.now())
            return ChangeAudience(broadcast, room, following, listeners)

    async def reminding(self, broadcast_id: int) -> tuple[Broadcast, Room] | None:
        async with self.session_factory() as session:
            broadcast = await BroadcastRepository(session).get(broadcast_id)
            if broadcast is None:
                return None
            return broadcast, await room_of(session, broadcast.room_chat_id)

    async def pending_reminders(
        self, broadcast_id: int, limit: int
    ) -> Sequence[tuple[int, int, str]]:
        async with self.session_factory() as session:
            return await ReminderRepository(session).pending(broadcast_id, limit)

    async def mark_reminders(self, marks: Sequence[tuple[int, ReminderState]]) -> list[None]:
        """Record how each reminder went (one transaction for a group of them)."""
        now = self.clock.now()
        async with self.session_factory.begin() as session:
            repository = ReminderRepository(session)
            for state in (ReminderState.SENT, ReminderState.FAILED):
                await repository.mark([i for i, s in marks if s == state], state, now)
        return [None] * len(marks)
