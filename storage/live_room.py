"""Repositories of the live room: activity (messages, joins), moderation, boosts, milestones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.vocabulary import MilestoneState, MilestoneTrigger
from storage.models import (
    BannedWord,
    Boost,
    Entry,
    GiftRecord,
    Like,
    Lottery,
    Milestone,
    RoomJoin,
    RoomMessage,
    RoomTouch,
    ShareJoin,
    ShareLink,
    Strike,
    Winner,
)
from storage.sql import insert_many_or_ignore, insert_or_ignore, rowcount

CountRow = tuple[int, str, int]  # user id, name, how many


@dataclass(frozen=True)
class ChatMessage:
    """A fan's message in a room, as counted for rankings and the post-show report."""

    room_chat_id: int
    message_id: int
    user_id: int
    first_name: str
    at: datetime


class ActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_messages(self, messages: Sequence[ChatMessage]) -> None:
        """Idempotent: a message delivered twice is stored once."""
        if not messages:
            return
        await self.session.execute(
            insert_many_or_ignore(self.session, RoomMessage).on_conflict_do_nothing(),
            [
                {
                    "room_chat_id": m.room_chat_id,
                    "message_id": m.message_id,
                    "user_id": m.user_id,
                    "first_name": m.first_name,
                    "sent_at": m.at,
                }
                for m in messages
            ],
        )

    async def add_join(
        self, room_chat_id: int, user_id: int, first_name: str, at: datetime, welcomed: bool
    ) -> bool:
        result = await self.session.execute(
            insert_or_ignore(self.session, RoomJoin)
            .values(
                room_chat_id=room_chat_id,
                user_id=user_id,
                first_name=first_name,
                joined_at=at,
                welcomed=welcomed,
            )
            .on_conflict_do_nothing()
        )
        return rowcount(result) == 1

    async def first_unwelcomed(self) -> Sequence[tuple[int, datetime]]:
        """Each room with newcomers not yet welcomed, and when the first of them joined."""
        rows = await self.session.execute(
            select(RoomJoin.room_chat_id, func.min(RoomJoin.joined_at))
            .where(RoomJoin.welcomed.is_(False))
            .group_by(RoomJoin.room_chat_id)
        )
        # min() keeps the column's type, so the moment comes back as aware UTC.
        return [(room, at) for room, at in rows]

    async def take_unwelcomed(self, room_chat_id: int) -> list[str]:
        """Mark the room's waiting newcomers welcomed; their names, in order of joining.
        A compare-and-set: two wake-ups never name the same newcomer twice."""
        rows = await self.session.execute(
            update(RoomJoin)
            .where(RoomJoin.room_chat_id == room_chat_id, RoomJoin.welcomed.is_(False))
            .values(welcomed=True)
            .returning(RoomJoin.first_name, RoomJoin.joined_at, RoomJoin.id)
        )
        return [name for name, _, _ in sorted(rows, key=lambda row: (row[1], row[2]))]

    async def message_counts(self, room_chat_id: int, since: datetime) -> Sequence[CountRow]:
        rows = await self.session.execute(
            select(RoomMessage.user_id, func.max(RoomMessage.first_name), func.count())
            .where(RoomMessage.room_chat_id == room_chat_id, RoomMessage.sent_at >= since)
            .group_by(RoomMessage.user_id)
        )
        return [(user_id, name, count) for user_id, name, count in rows]

    async def entry_counts(self, room_chat_id: int, since: datetime) -> Sequence[CountRow]:
        rows = await self.session.execute(
            select(Entry.user_id, func.max(Entry.first_name), func.count())
            .join(Lottery, Lottery.id == Entry.lottery_id)
            .where(Lottery.room_chat_id == room_chat_id, Entry.entered_at >= since)
            .group_by(Entry.user_id)
        )
        return [(user_id, name, count) for user_id, name, count in rows]

    async def invite_counts(self, room_chat_id: int, since: datetime) -> Sequence[CountRow]:
        rows = await self.session.execute(
            select(ShareLink.user_id, func.max(ShareLink.first_name), func.count())
            .join(ShareJoin, ShareJoin.share_link_id == ShareLink.id)
            .join(Lottery, Lottery.id == ShareLink.lottery_id)
            .where(Lottery.room_chat_id == room_chat_id, ShareJoin.joined_at >= since)
            .group_by(ShareLink.user_id)
        )
        return [(user_id, name, count) for user_id, name, count in rows]

    async def add_touches(self, touches: Sequence[tuple[int, int, datetime]]) -> None:
        """(room, user, minute): a fan was active then; once per fan and minute."""
        if touches:
            await self.session.execute(
                insert_many_or_ignore(self.session, RoomTouch).on_conflict_do_nothing(),
                [{"room_chat_id": r, "user_id": u, "minute": m} for r, u, m in touches],
            )

    async def active_moments(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> list[tuple[int, datetime]]:
        """(fan, when) of everything fans did in the room between `start` and `end`: wrote,
        entered a lottery, joined, gave a gift, pressed a button or reacted."""
        sources = [
            select(RoomMessage.user_id, RoomMessage.sent_at).where(
                RoomMessage.room_chat_id == room_chat_id,
                RoomMessage.sent_at.between(start, end),
            ),
            select(Entry.user_id, Entry.entered_at)
            .join(Lottery, Lottery.id == Entry.lottery_id)
            .where(Lottery.room_chat_id == room_chat_id, Entry.entered_at.between(start, end)),
            select(RoomJoin.user_id, RoomJoin.joined_at).where(
                RoomJoin.room_chat_id == room_chat_id, RoomJoin.joined_at.between(start, end)
            ),
            select(GiftRecord.user_id, GiftRecord.given_at).where(
                GiftRecord.room_chat_id == room_chat_id,
                GiftRecord.given_at.between(start, end),
                GiftRecord.user_id.is_not(None),
            ),
            select(RoomTouch.user_id, RoomTouch.minute).where(
                RoomTouch.room_chat_id == room_chat_id, RoomTouch.minute.between(start, end)
            ),
        ]
        moments: list[tuple[int, datetime]] = []
        for query in sources:
            moments += [
                (user, at) for user, at in await self.session.execute(query) if user is not None
            ]
        return moments

    async def message_times(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> Sequence[datetime]:
        return (
            await self.session.scalars(
                select(RoomMessage.sent_at).where(
                    RoomMessage.room_chat_id == room_chat_id,
                    RoomMessage.sent_at >= start,
                    RoomMessage.sent_at <= end,
                )
            )
        ).all()

    async def entry_times(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> Sequence[datetime]:
        return (
            await self.session.scalars(
                select(Entry.entered_at)
                .join(Lottery, Lottery.id == Entry.lottery_id)
                .where(
                    Lottery.room_chat_id == room_chat_id,
                    Entry.entered_at >= start,
                    Entry.entered_at <= end,
                )
            )
        ).all()

    async def chat_minutes(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        """Fans' chatting minutes: each fan counts once for each minute they wrote in."""
        rows = await self.session.execute(
            select(RoomMessage.user_id, RoomMessage.sent_at).where(
                RoomMessage.room_chat_id == room_chat_id, RoomMessage.sent_at.between(start, end)
            )
        )
        return len({(user, int((at - start).total_seconds() // 60)) for user, at in rows})

    async def shares(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        """People who joined through a fan's invite link."""
        count = await self.session.scalar(
            select(func.count(distinct(ShareJoin.joined_user_id)))
            .join(Lottery, Lottery.id == ShareJoin.lottery_id)
            .where(Lottery.room_chat_id == room_chat_id, ShareJoin.joined_at.between(start, end))
        )
        return int(count or 0)

    async def boosts(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Boost)
            .where(Boost.room_chat_id == room_chat_id, Boost.boosted_at.between(start, end))
        )
        return int(count or 0)

    async def newcomers(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        count = await self.session.scalar(
            select(func.count(distinct(RoomJoin.user_id))).where(
                RoomJoin.room_chat_id == room_chat_id,
                RoomJoin.joined_at >= start,
                RoomJoin.joined_at <= end,
            )
        )
        return int(count or 0)

    async def winners(self, room_chat_id: int, start: datetime, end: datetime) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Winner)
            .join(Lottery, Lottery.id == Winner.lottery_id)
            .where(
                Lottery.room_chat_id == room_chat_id,
                Lottery.drawn_at >= start,
                Lottery.drawn_at <= end,
            )
        )
        return int(count or 0)

    async def purge(self, before: datetime) -> None:
        """Activity older than the longest ranking (a week) is of no further use: drop it."""
        await self.session.execute(delete(RoomMessage).where(RoomMessage.sent_at < before))
        await self.session.execute(
            delete(RoomJoin).where(RoomJoin.joined_at < before, RoomJoin.welcomed.is_(True))
        )
        await self.session.execute(delete(Strike).where(Strike.struck_at < before))
        await self.session.execute(delete(RoomTouch).where(RoomTouch.minute < before))
        await self.session.execute(delete(Like).where(Like.liked_at < before))


class BannedWordRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, room_chat_id: int) -> list[str]:
        return list(
            (
                await self.session.scalars(
                    select(BannedWord.word)
                    .where(BannedWord.room_chat_id == room_chat_id)
                    .order_by(BannedWord.word)
                )
            ).all()
        )

    async def add(self, room_chat_id: int, words: Sequence[str]) -> None:
        await self.session.execute(
            insert_or_ignore(self.session, BannedWord)
            .values([{"room_chat_id": room_chat_id, "word": word} for word in words])
            .on_conflict_do_nothing()
        )

    async def remove(self, room_chat_id: int, words: Sequence[str]) -> int:
        result = await self.session.execute(
            delete(BannedWord).where(
                BannedWord.room_chat_id == room_chat_id, BannedWord.word.in_(words)
            )
        )
        return rowcount(result)


class StrikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, room_chat_id: int, user_id: int, message_id: int, at: datetime) -> bool:
        result = await self.session.execute(
            insert_or_ignore(self.session, Strike)
            .values(
                room_chat_id=room_chat_id, user_id=user_id, message_id=message_id, struck_at=at
            )
            .on_conflict_do_nothing()
        )
        return rowcount(result) == 1

    async def count_since(self, room_chat_id: int, user_id: int, since: datetime) -> int:
        count = await self.session.scalar(
            select(func.count()).where(
                Strike.room_chat_id == room_chat_id,
                Strike.user_id == user_id,
                Strike.struck_at >= since,
            )
        )
        return int(count or 0)


class BoostRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> bool:
        """True the first time this boost is seen (Telegram may deliver it twice)."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Boost).values(**values).on_conflict_do_nothing()
        )
        return rowcount(result) == 1


class MilestoneRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> Milestone:
        await self.session.execute(
            insert_or_ignore(self.session, Milestone).values(**values).on_conflict_do_nothing()
        )
        return (
            await self.session.scalars(
                select(Milestone).where(
                    Milestone.room_chat_id == values["room_chat_id"],
                    Milestone.source_message_id == values["source_message_id"],
                )
            )
        ).one()

    async def get(self, milestone_id: int) -> Milestone | None:
        return await self.session.get(Milestone, milestone_id, populate_existing=True)

    async def active(self, room_chat_id: int) -> Sequence[Milestone]:
        return (
            await self.session.scalars(
                select(Milestone)
                .where(
                    Milestone.room_chat_id == room_chat_id,
                    Milestone.state.in_([MilestoneState.ARMED, MilestoneState.REACHED]),
                )
                .order_by(Milestone.id)
            )
        ).all()

    async def armed(self, room_chat_id: int, trigger: MilestoneTrigger) -> Sequence[Milestone]:
        return (
            await self.session.scalars(
                select(Milestone)
                .where(
                    Milestone.room_chat_id == room_chat_id,
                    Milestone.trigger == trigger,
                    Milestone.state == MilestoneState.ARMED,
                )
                .order_by(Milestone.id)
            )
        ).all()

    async def reached(self) -> Sequence[Milestone]:
        return (
            await self.session.scalars(
                select(Milestone)
                .where(Milestone.state == MilestoneState.REACHED)
                # Reached together (a raid passes two thresholds): the lower opens first.
                .order_by(
                    Milestone.reached_at, func.coalesce(Milestone.threshold, 0), Milestone.id
                )
            )
        ).all()

    async def _move(
        self, milestone_id: int, from_states: Sequence[MilestoneState], **values: Any
    ) -> bool:
        result = await self.session.execute(
            update(Milestone)
            .where(Milestone.id == milestone_id, Milestone.state.in_(from_states))
            .values(**values)
        )
        return rowcount(result) == 1

    async def reach(self, milestone_id: int, at: datetime, members: int | None = None) -> bool:
        return await self._move(
            milestone_id,
            [MilestoneState.ARMED],
            state=MilestoneState.REACHED,
            reached_at=at,
            reached_members=members,
        )

    async def started(self, milestone_id: int, lottery_id: int) -> bool:
        return await self._move(
            milestone_id,
            [MilestoneState.REACHED],
            state=MilestoneState.STARTED,
            lottery_id=lottery_id,
        )

    async def cancel(self, milestone_id: int) -> bool:
        return await self._move(
            milestone_id,
            [MilestoneState.ARMED, MilestoneState.REACHED],
            state=MilestoneState.CANCELLED,
        )
