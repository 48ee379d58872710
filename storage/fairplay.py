"""Repositories for fair play: a room's block list, the entrants kept out of a lottery's
ranking, and what the draw's rules look up (earlier wins in the room, who joined when)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.vocabulary import LotteryStatus
from storage.models import Block, Entry, Exclusion, Lottery, RoomJoin, Winner
from storage.sql import insert_many_or_ignore, insert_or_ignore, rowcount


class BlockRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, room_chat_id: int, user_id: int, first_name: str, by: int | None, at: datetime
    ) -> bool:
        """Block; False when this fan was blocked already."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Block)
            .values(
                room_chat_id=room_chat_id,
                user_id=user_id,
                first_name=first_name,
                blocked_by=by,
                blocked_at=at,
            )
            .on_conflict_do_nothing()
        )
        return rowcount(result) == 1

    async def remove(self, room_chat_id: int, user_id: int) -> bool:
        result = await self.session.execute(
            delete(Block).where(Block.room_chat_id == room_chat_id, Block.user_id == user_id)
        )
        return rowcount(result) == 1

    async def of(self, room_chat_id: int) -> Sequence[Block]:
        return (
            await self.session.scalars(
                select(Block).where(Block.room_chat_id == room_chat_id).order_by(Block.blocked_at)
            )
        ).all()

    async def ids(self, room_chat_id: int) -> frozenset[int]:
        rows = await self.session.scalars(
            select(Block.user_id).where(Block.room_chat_id == room_chat_id)
        )
        return frozenset(rows)


class Numbered(NamedTuple):
    """An entrant as /entrants lists them: their number in the order of entering."""

    number: int
    user_id: int
    first_name: str
    entered_at: datetime
    rule: str | None  # why they are kept out, if they are
    reason: str | None  # the host's, for a removal


class ExclusionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        lottery_id: int,
        user_id: int,
        rule: str,
        at: datetime,
        reason: str | None = None,
        by: int | None = None,
    ) -> bool:
        """Keep an entrant out (or behind); False when a rule already had them (the first
        one stands: a removal is not turned into a block, nor the other way)."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Exclusion)
            .values(lottery_id=lottery_id, user_id=user_id, rule=rule, reason=reason, by=by, at=at)
            .on_conflict_do_nothing()
        )
        return rowcount(result) == 1

    async def add_found(self, lottery_id: int, found: dict[int, str], at: datetime) -> None:
        """What a draw's rules found, in one statement (a draw may find thousands)."""
        if found:
            await self.session.execute(
                insert_many_or_ignore(self.session, Exclusion).on_conflict_do_nothing(),
                [
                    {"lottery_id": lottery_id, "user_id": user_id, "rule": rule, "at": at}
                    for user_id, rule in found.items()
                ],
            )

    async def rules(self, lottery_id: int) -> list[tuple[int, str]]:
        """(entrant, rule) of everyone kept out or moved behind: plain rows, not objects (a
        draw may have thousands)."""
        rows = await self.session.execute(
            select(Exclusion.user_id, Exclusion.rule).where(Exclusion.lottery_id == lottery_id)
        )
        return [(user_id, rule) for user_id, rule in rows]

    async def of(self, lottery_id: int) -> Sequence[Exclusion]:
        return (
            await self.session.scalars(select(Exclusion).where(Exclusion.lottery_id == lottery_id))
        ).all()

    async def entrants(self, lottery_id: int, newest: int) -> tuple[int, list[Numbered]]:
        """How many entered, and the `newest` of them numbered in the order of entering (the
        first is 1): a host looking for a suspicious entry looks at the latest ones."""
        count = select(func.count()).where(Entry.lottery_id == lottery_id)
        total = int(await self.session.scalar(count) or 0)
        rows = await self.session.execute(
            _listed(lottery_id).order_by(Entry.entered_at.desc(), Entry.id.desc()).limit(newest)
        )
        listed = [Numbered(total - index, *row) for index, row in enumerate(rows)]
        return total, listed[::-1]

    async def numbered(self, lottery_id: int, number: int) -> Numbered | None:
        """The entrant with this number in the order of entering."""
        if number < 1:
            return None
        query = _listed(lottery_id).order_by(Entry.entered_at, Entry.id).offset(number - 1)
        row = (await self.session.execute(query.limit(1))).first()
        return Numbered(number, *row) if row is not None else None

    # --- what the draw's rules look up ----------------------------------------------------------
    async def wins_since(
        self, room_chat_id: int, since: datetime, but: int
    ) -> list[tuple[int, datetime]]:
        """The room's wins drawn since `since` (winner, when), but lottery `but`'s own. A prize
        re-drawn from its winner (never claimed) is not counted as theirs."""
        rows = await self.session.execute(
            select(Winner.user_id, Lottery.drawn_at)
            .join(Lottery, Lottery.id == Winner.lottery_id)
            .where(
                Lottery.room_chat_id == room_chat_id,
                Lottery.status == LotteryStatus.DRAWN,
                Lottery.drawn_at >= since,
                Lottery.id != but,
                Winner.replaced.is_(False),
            )
        )
        return [(user_id, drawn_at) for user_id, drawn_at in rows if drawn_at is not None]

    async def joined_between(
        self, room_chat_id: int, start: datetime, end: datetime
    ) -> frozenset[int]:
        """Who joined the room in (start, end]: newcomers to a lottery that began at `start`."""
        rows = await self.session.scalars(
            select(RoomJoin.user_id).where(
                RoomJoin.room_chat_id == room_chat_id,
                RoomJoin.joined_at > start,
                RoomJoin.joined_at <= end,
            )
        )
        return frozenset(rows)


def _listed(lottery_id: int) -> Select[int, str, datetime, str, str | None]:
    """A lottery's entries with the rule (and reason) that keeps each out, if any."""
    return (
        select(Entry.user_id, Entry.first_name, Entry.entered_at, Exclusion.rule, Exclusion.reason)
        .outerjoin(
            Exclusion,
            (Exclusion.lottery_id == Entry.lottery_id) & (Exclusion.user_id == Entry.user_id),
        )
        .where(Entry.lottery_id == lottery_id)
    )
