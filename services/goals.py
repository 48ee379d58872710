"""A show's goals (domain/goals.py): arming them (/goal), their progress, and the checks that
tell the room at 50% and 90% and mark a goal reached, so its lottery opens as a red envelope's
does (once, waiting its turn, across restarts and replicas). No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.goals import GOAL_TRIGGERS, GoalRequest, step_reached, value_of
from domain.popularity import Weights
from domain.vocabulary import BroadcastStatus, MilestoneState
from services.popularity import count
from services.rooms import room_of
from storage.broadcasts import BroadcastRepository
from storage.live_room import MilestoneRepository
from storage.models import Broadcast, Milestone, Room
from storage.sql import rowcount


@dataclass(frozen=True)
class Progress:
    goal: Milestone
    value: int  # so far in its show (0 before the show goes live)


@dataclass(frozen=True)
class Step:
    """A goal half or nine tenths of the way: the room hears it."""

    goal: Milestone
    room: Room
    value: int
    step: int


_OVER = (BroadcastStatus.ENDED, BroadcastStatus.CANCELLED)


async def _show_of(session: AsyncSession, goal: Milestone) -> Broadcast | None:
    if goal.broadcast_id is None:
        return None
    return await session.get(Broadcast, goal.broadcast_id, populate_existing=True)


async def _progress(session: AsyncSession, room: Room, goal: Milestone, clock: Clock) -> int:
    show = await _show_of(session, goal)
    if show is None or show.status != BroadcastStatus.LIVE:
        return 0
    start = show.started_at or show.starts_at
    counts = await count(session, room.chat_id, start, clock.now())
    return value_of(goal.trigger, counts, Weights.from_json(room.popularity_weights))


class GoalService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.milestones = MilestoneRepository(session)

    async def arm(
        self, room: Room, request: GoalRequest, source_message_id: int, host: int | None
    ) -> tuple[Milestone, Broadcast]:
        """A goal for the show on air, else the room's next show."""
        shows = BroadcastRepository(self.session)
        show = await shows.on_air(room.chat_id)
        if show is None:
            upcoming = await shows.upcoming(room.chat_id, self.clock.now())
            show = upcoming[0] if upcoming else None
        if show is None:
            raise UserInputError(messages.ERR_GOAL_NO_SHOW)
        goal = await self.milestones.add(
            room_chat_id=room.chat_id,
            trigger=request.trigger,
            threshold=request.threshold,
            lottery_args=request.lottery_args,
            created_by=host,
            source_message_id=source_message_id,
            created_at=self.clock.now(),
            broadcast_id=show.id,
        )
        await self.session.commit()
        return goal, show

    async def goals(self, room: Room) -> list[Progress]:
        """The room's armed goals, with their progress so far."""
        goals = [
            goal
            for goal in await self.milestones.active(room.chat_id)
            if goal.trigger in GOAL_TRIGGERS and goal.state == MilestoneState.ARMED
        ]
        return [
            Progress(goal, await _progress(self.session, room, goal, self.clock)) for goal in goals
        ]

    async def cancel(self, room: Room, goal_id: int) -> None:
        goal = await self.milestones.get(goal_id)
        if (
            goal is None
            or goal.room_chat_id != room.chat_id
            or goal.trigger not in GOAL_TRIGGERS
            or not await self.milestones.cancel(goal_id)
        ):
            raise UserInputError(messages.ERR_GOAL_NOT_FOUND, id=goal_id)
        await self.session.commit()


class GoalChecks:
    """The room poster's look at the armed goals of the shows on air; each call one
    transaction."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.session_factory = session_factory
        self.clock = clock

    async def check(self) -> list[Step]:
        """Mark the goals reached (their lotteries open as envelopes do) and the 50% / 90%
        steps not told yet; goals whose show is over without reaching them lapse."""
        steps: list[Step] = []
        async with self.session_factory.begin() as session:
            milestones = MilestoneRepository(session)
            armed = (
                await session.scalars(
                    select(Milestone).where(
                        Milestone.state == MilestoneState.ARMED,
                        Milestone.trigger.in_(GOAL_TRIGGERS),
                    )
                )
            ).all()
            for goal in armed:
                show = await _show_of(session, goal)
                if show is None or show.status in _OVER:
                    await milestones.cancel(goal.id)  # its show is over: the goal lapses
                    continue
                if show.status != BroadcastStatus.LIVE:
                    continue
                room = await room_of(session, goal.room_chat_id)
                value = await _progress(session, room, goal, self.clock)
                assert goal.threshold is not None
                if value >= goal.threshold:
                    await milestones.reach(goal.id, self.clock.now(), value)
                    continue
                step = step_reached(value, goal.threshold, goal.progress_told)
                if step is not None and await self._told(session, goal, step):
                    steps.append(Step(goal, room, value, step))
        return steps

    async def _told(self, session: AsyncSession, goal: Milestone, step: int) -> bool:
        result = await session.execute(
            update(Milestone)
            .where(Milestone.id == goal.id, Milestone.progress_told < step)
            .values(progress_told=step)
        )
        return rowcount(result) == 1

    async def of_rooms(self) -> Sequence[int]:
        async with self.session_factory() as session:
            return (
                await session.scalars(
                    select(Milestone.room_chat_id)
                    .where(
                        Milestone.state == MilestoneState.ARMED,
                        Milestone.trigger.in_(GOAL_TRIGGERS),
                    )
                    .distinct()
                )
            ).all()
