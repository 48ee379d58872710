"""Gift menus and the gifts fans paid for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import GiftItem, GiftRecord, Room
from storage.sql import insert_or_ignore, rowcount

# (user id, name, stars) summed over a period: the gifts leaderboard.
GiverRow = tuple[int | None, str | None, int]


class GiftMenuRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def items(self, room_chat_id: int) -> Sequence[GiftItem]:
        return (
            await self.session.scalars(
                select(GiftItem)
                .where(GiftItem.room_chat_id == room_chat_id)
                .order_by(GiftItem.position, GiftItem.emoji)
            )
        ).all()

    async def replace(self, room_chat_id: int, items: Sequence[tuple[str, str, int]]) -> None:
        """The room's whole menu, as (emoji, name, stars) in order; it is custom from now on."""
        await self.session.execute(delete(GiftItem).where(GiftItem.room_chat_id == room_chat_id))
        for position, (emoji, name, stars) in enumerate(items):
            self.session.add(
                GiftItem(
                    room_chat_id=room_chat_id,
                    emoji=emoji,
                    name=name,
                    stars=stars,
                    position=position,
                )
            )
        await self.session.execute(
            update(Room).where(Room.chat_id == room_chat_id).values(gift_menu_custom=True)
        )


class GiftRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> GiftRecord | None:
        """The gift, or None if this charge was recorded already (a payment delivered twice,
        or seen by two replicas)."""
        result = await self.session.execute(
            insert_or_ignore(self.session, GiftRecord)
            .values(thanked=False, **values)
            .on_conflict_do_nothing(index_elements=["charge_id"])
            .returning(GiftRecord.id)
        )
        gift_id = result.scalar_one_or_none()
        return await self.session.get(GiftRecord, gift_id) if gift_id is not None else None

    async def get(self, gift_id: int) -> GiftRecord | None:
        return await self.session.get(GiftRecord, gift_id, populate_existing=True)

    async def first_unthanked(self) -> Sequence[tuple[int, datetime]]:
        """Each room with gifts not yet thanked, and when the first of them was given."""
        rows = await self.session.execute(
            select(GiftRecord.room_chat_id, func.min(GiftRecord.given_at))
            .where(GiftRecord.thanked.is_(False))
            .group_by(GiftRecord.room_chat_id)
        )
        return [(room, at) for room, at in rows]

    async def take_unthanked(self, room_chat_id: int) -> list[GiftRecord]:
        """Mark the room's waiting gifts thanked and return them, oldest first. A
        compare-and-set: two wake-ups never thank the same gift twice."""
        ids = (
            await self.session.scalars(
                update(GiftRecord)
                .where(GiftRecord.room_chat_id == room_chat_id, GiftRecord.thanked.is_(False))
                .values(thanked=True)
                .returning(GiftRecord.id)
            )
        ).all()
        if not ids:
            return []
        gifts = await self.session.scalars(
            select(GiftRecord)
            .where(GiftRecord.id.in_(ids))
            .order_by(GiftRecord.given_at, GiftRecord.id)
            .execution_options(populate_existing=True)
        )
        return list(gifts)

    async def recent(self, room_chat_id: int, limit: int) -> Sequence[GiftRecord]:
        return (
            await self.session.scalars(
                select(GiftRecord)
                .where(GiftRecord.room_chat_id == room_chat_id)
                .order_by(GiftRecord.given_at.desc(), GiftRecord.id.desc())
                .limit(limit)
            )
        ).all()

    async def refunded(self, gift_id: int, at: datetime) -> bool:
        result = await self.session.execute(
            update(GiftRecord)
            .where(GiftRecord.id == gift_id, GiftRecord.refunded_at.is_(None))
            .values(refunded_at=at)
        )
        return rowcount(result) == 1

    async def forget(self, user_id: int) -> int:
        result = await self.session.execute(
            update(GiftRecord)
            .where(GiftRecord.user_id == user_id)
            .values(user_id=None, first_name=None)
        )
        return rowcount(result)

    async def givers(self, room_chat_id: int, since: datetime, until: datetime) -> list[GiverRow]:
        """Stars per giver (refunds left out), most first."""
        stars = func.sum(GiftRecord.stars)
        rows = await self.session.execute(
            select(GiftRecord.user_id, func.max(GiftRecord.first_name), stars)
            .where(
                GiftRecord.room_chat_id == room_chat_id,
                GiftRecord.given_at >= since,
                GiftRecord.given_at < until,
                GiftRecord.refunded_at.is_(None),
            )
            .group_by(GiftRecord.user_id)
            .order_by(stars.desc())
        )
        return [(user_id, name, int(total)) for user_id, name, total in rows]

    async def times(self, room_chat_id: int, since: datetime, until: datetime) -> list[datetime]:
        """When each gift (not refunded) was given: for the report's chart."""
        return list(
            (
                await self.session.scalars(
                    select(GiftRecord.given_at).where(
                        GiftRecord.room_chat_id == room_chat_id,
                        GiftRecord.given_at >= since,
                        GiftRecord.given_at < until,
                        GiftRecord.refunded_at.is_(None),
                    )
                )
            ).all()
        )
