"""Repositories for the lottery aggregate: lotteries, entries, winners, share links."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, String, cast, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.draw import is_ascending
from domain.vocabulary import LotteryStatus
from storage.models import Entry, Lottery, ShareJoin, ShareLink
from storage.posts import RESULT, PostRepository, ready
from storage.sql import insert_or_ignore, rowcount


def _split_ids(joined: str, slice_chars: int = 65_536) -> Iterator[int]:
    """The ids in "1,2,3", one slice of the text at a time."""
    start = 0
    while start < len(joined):
        end = joined.find(",", start + slice_chars)
        end = len(joined) if end == -1 else end
        yield from map(int, joined[start:end].split(","))
        start = end + 1


class Ranked(NamedTuple):
    """An entrant's place in a draw's ranking."""

    score: bytes
    user_id: int


class LotteryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> tuple[Lottery | None, bool]:
        """Insert; (row, True) when created, (existing row for this message, False) when the
        same update came twice, (None, False) when the room already runs a lottery."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Lottery).values(**values).on_conflict_do_nothing()
        )
        if rowcount(result) == 1:
            return await self._by_source(values["room_chat_id"], values["source_message_id"]), True
        return await self._by_source(values["room_chat_id"], values["source_message_id"]), False

    async def _by_source(self, room_chat_id: int, source_message_id: int | None) -> Lottery | None:
        if source_message_id is None:
            return None
        return (
            await self.session.scalars(
                select(Lottery).where(
                    Lottery.room_chat_id == room_chat_id,
                    Lottery.source_message_id == source_message_id,
                )
            )
        ).one_or_none()

    async def get(self, lottery_id: int) -> Lottery | None:
        return await self.session.get(Lottery, lottery_id, populate_existing=True)

    async def running(self, room_chat_id: int) -> Lottery | None:
        """The room's own running lottery (one at most: the schema's rule)."""
        return (
            await self.session.scalars(
                select(Lottery).where(
                    Lottery.room_chat_id == room_chat_id, Lottery.status == LotteryStatus.OPEN
                )
            )
        ).one_or_none()

    async def running_in(self, room_chat_id: int) -> Lottery | None:
        """The lottery the room's fans may enter now: its own, or a joint show's lottery that
        the partner room started."""
        return (
            await self.session.scalars(
                select(Lottery)
                .where(
                    or_(
                        Lottery.room_chat_id == room_chat_id,
                        Lottery.partner_chat_id == room_chat_id,
                    ),
                    Lottery.status == LotteryStatus.OPEN,
                )
                .order_by(Lottery.id)
            )
        ).first()

    async def open_lotteries(self) -> Sequence[Lottery]:
        return (
            await self.session.scalars(select(Lottery).where(Lottery.status == LotteryStatus.OPEN))
        ).all()

    async def due(self, now: datetime) -> Sequence[Lottery]:
        return (
            await self.session.scalars(
                select(Lottery)
                .where(Lottery.status == LotteryStatus.OPEN, Lottery.draw_at <= now)
                .order_by(Lottery.draw_at)
            )
        ).all()

    async def drawn_in_rooms(
        self,
        room_ids: Sequence[int],
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        jointly: bool = False,
    ) -> Sequence[Lottery]:
        """Drawn lotteries of these rooms, newest first; `jointly`: with the joint lotteries
        they were the partner room of (never for what shows a prize's delivery details)."""
        rooms: ColumnElement[bool] = Lottery.room_chat_id.in_(room_ids)
        if jointly:
            rooms = or_(rooms, Lottery.partner_chat_id.in_(room_ids))
        query = (
            select(Lottery)
            .where(rooms, Lottery.status == LotteryStatus.DRAWN)
            .order_by(Lottery.draw_at.desc(), Lottery.id.desc())
        )
        if since is not None:
            query = query.where(Lottery.draw_at >= since)
        if until is not None:
            query = query.where(Lottery.draw_at < until)
        if limit is not None:
            query = query.limit(limit)
        return (await self.session.scalars(query)).all()

    async def drawn_jointly_in(self, room_ids: Sequence[int], limit: int) -> Sequence[Lottery]:
        """Drawn joint lotteries that these rooms were the partner of (not their own prize)."""
        return (
            await self.session.scalars(
                select(Lottery)
                .where(
                    Lottery.partner_chat_id.in_(room_ids), Lottery.status == LotteryStatus.DRAWN
                )
                .order_by(Lottery.draw_at.desc(), Lottery.id.desc())
                .limit(limit)
            )
        ).all()

    async def add_skipped(self, lottery_id: int, skipped: list[int]) -> None:
        lottery = await self.get(lottery_id)
        if lottery is not None and skipped:
            merged = lottery.skipped + skipped
            await self.session.execute(
                update(Lottery).where(Lottery.id == lottery_id).values(skipped=merged)
            )

    async def drawn_unannounced(
        self, now: datetime, abandoned_before: datetime
    ) -> Sequence[Lottery]:
        return (
            await self.session.scalars(
                select(Lottery).where(
                    Lottery.status == LotteryStatus.DRAWN, ready(RESULT, now, abandoned_before)
                )
            )
        ).all()

    def results(self) -> PostRepository:
        return PostRepository(self.session, RESULT)

    async def set_card(self, lottery_id: int, message_id: int, partner: bool = False) -> None:
        column = "partner_card_message_id" if partner else "card_message_id"
        await self.session.execute(
            update(Lottery).where(Lottery.id == lottery_id).values({column: message_id})
        )

    async def set_card_count(self, lottery_id: int, shown: int) -> None:
        await self.session.execute(
            update(Lottery).where(Lottery.id == lottery_id).values(card_entrants_shown=shown)
        )

    async def cancel(self, lottery_id: int) -> bool:
        result = await self.session.execute(
            update(Lottery)
            .where(Lottery.id == lottery_id, Lottery.status == LotteryStatus.OPEN)
            .values(status=LotteryStatus.CANCELLED)
        )
        return rowcount(result) == 1

    async def extend(self, lottery_id: int, draw_at: datetime) -> bool:
        """Compare-and-set: move an open lottery's draw once (its minimum was not met)."""
        result = await self.session.execute(
            update(Lottery)
            .where(
                Lottery.id == lottery_id,
                Lottery.status == LotteryStatus.OPEN,
                Lottery.extended.is_(False),
            )
            .values(draw_at=draw_at, extended=True)
        )
        return rowcount(result) == 1

    async def close_as_drawn(
        self,
        lottery_id: int,
        digest: str,
        count: int,
        skipped: list[int],
        now: datetime,
        blocked_digest: str | None = None,
    ) -> bool:
        """Compare-and-set open → drawn: of any number of racing draws, exactly one wins."""
        result = await self.session.execute(
            update(Lottery)
            .where(Lottery.id == lottery_id, Lottery.status == LotteryStatus.OPEN)
            .values(
                status=LotteryStatus.DRAWN,
                entrants_digest=digest,
                entrants_count=count,
                skipped=skipped,
                drawn_at=now,
                blocked_digest=blocked_digest,
            )
        )
        return rowcount(result) == 1


class EntryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self, lottery_id: int) -> int:
        query = select(func.count()).select_from(Entry).where(Entry.lottery_id == lottery_id)
        return int(await self.session.scalar(query) or 0)

    async def before(self, lottery_id: int, deadline: datetime) -> array[int]:
        """User ids of everyone who entered by the deadline, ascending, 8 bytes each. A draw may
        have 100,000: the database joins them into one string (100,000 rows through the driver
        cost three times as much), read here a slice at a time (not 100,000 strings at once)."""
        entrants = (
            select(cast(Entry.user_id, String).label("user_id"))
            .where(Entry.lottery_id == lottery_id, Entry.entered_at <= deadline)
            .order_by(Entry.user_id)
            .subquery()
        )
        joined = await self.session.scalar(select(func.aggregate_strings(entrants.c.user_id, ",")))
        ids = array("q", _split_ids(joined or ""))
        # The database joins them in the subquery's order in practice, but no standard says so.
        return ids if is_ascending(ids) else array("q", sorted(ids))

    async def ranked(
        self, lottery_id: int, deadline: datetime, after: Ranked | None, limit: int
    ) -> list[Ranked]:
        """The next `limit` entrants by the deadline in ranking order (score, then id), after
        `after`: a draw reads the best few from the index, not everyone."""
        query = select(Entry.score, Entry.user_id).where(
            Entry.lottery_id == lottery_id, Entry.entered_at <= deadline
        )
        if after is not None:
            query = query.where(tuple_(Entry.score, Entry.user_id) > tuple_(*after))
        rows = await self.session.execute(query.order_by(Entry.score, Entry.user_id).limit(limit))
        return [Ranked(row[0], row[1]) for row in rows]

    async def names(self, lottery_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        """First names of these entrants (the few who won)."""
        rows = await self.session.execute(
            select(Entry.user_id, Entry.first_name).where(
                Entry.lottery_id == lottery_id, Entry.user_id.in_(user_ids)
            )
        )
        return {row[0]: row[1] for row in rows}

    async def languages(self, lottery_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        """The Telegram language these entrants had when they entered (where it was sent)."""
        rows = await self.session.execute(
            select(Entry.user_id, Entry.language).where(
                Entry.lottery_id == lottery_id,
                Entry.user_id.in_(user_ids),
                Entry.language.is_not(None),
            )
        )
        return {user_id: language for user_id, language in rows if language is not None}

    async def rooms_of(
        self, lottery_id: int, user_ids: Sequence[int] | None = None
    ) -> dict[int, int]:
        """A joint lottery's entrants who entered from the partner room, and that room (those
        of the lottery's own room are not listed). `user_ids`: only these."""
        query = select(Entry.user_id, Entry.from_chat_id).where(
            Entry.lottery_id == lottery_id, Entry.from_chat_id.is_not(None)
        )
        if user_ids is not None:
            query = query.where(Entry.user_id.in_(user_ids))
        rows = await self.session.execute(query)
        return {user_id: room for user_id, room in rows if room is not None}

    async def exists(self, lottery_id: int, user_id: int) -> bool:
        query = select(Entry.id).where(Entry.lottery_id == lottery_id, Entry.user_id == user_id)
        return (await self.session.scalar(query)) is not None


class ShareRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def link_of(self, lottery_id: int, user_id: int) -> ShareLink | None:
        return (
            await self.session.scalars(
                select(ShareLink).where(
                    ShareLink.lottery_id == lottery_id, ShareLink.user_id == user_id
                )
            )
        ).one_or_none()

    async def add_link(
        self, lottery_id: int, user_id: int, first_name: str, invite_link: str, now: datetime
    ) -> ShareLink:
        await self.session.execute(
            insert_or_ignore(self.session, ShareLink)
            .values(
                lottery_id=lottery_id,
                user_id=user_id,
                first_name=first_name,
                invite_link=invite_link,
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
        link = await self.link_of(lottery_id, user_id)
        assert link is not None
        return link

    async def by_invite_link(self, invite_link: str) -> ShareLink | None:
        return (
            await self.session.scalars(
                select(ShareLink).where(ShareLink.invite_link == invite_link)
            )
        ).one_or_none()

    async def add_join(self, link: ShareLink, joined_user_id: int, at: datetime) -> bool:
        result = await self.session.execute(
            insert_or_ignore(self.session, ShareJoin)
            .values(
                lottery_id=link.lottery_id,
                share_link_id=link.id,
                joined_user_id=joined_user_id,
                joined_at=at,
            )
            .on_conflict_do_nothing(
                index_elements=[ShareJoin.lottery_id, ShareJoin.joined_user_id]
            )
        )
        return rowcount(result) == 1

    async def joins(self, link_id: int) -> int:
        query = (
            select(func.count()).select_from(ShareJoin).where(ShareJoin.share_link_id == link_id)
        )
        return int(await self.session.scalar(query) or 0)
