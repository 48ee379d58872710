"""Delivery of the bot's automatic posts, one mechanism for all of them.

A post is claimed (pending → sending) with a compare-and-set before it is sent, so racing
wake-ups or replicas send it once; then it is confirmed with its message id, skipped, or put
back to pending with a time to retry. A claim older than the lease was abandoned by a process
that died mid-send and may be claimed again (at least once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.vocabulary import PostState
from storage.models import Base, Broadcast, Lottery
from storage.sql import rowcount


@dataclass(frozen=True)
class PostColumns:
    """Where one kind of post keeps its delivery state."""

    name: str
    model: type[Base]
    id: InstrumentedAttribute[int]
    state: InstrumentedAttribute[PostState]
    message_id: InstrumentedAttribute[int | None]
    claimed_at: InstrumentedAttribute[datetime | None]
    attempts: InstrumentedAttribute[int]
    retry_at: InstrumentedAttribute[datetime | None]


TRAILER = PostColumns(
    "trailer",
    Broadcast,
    Broadcast.id,
    Broadcast.trailer_state,
    Broadcast.trailer_message_id,
    Broadcast.trailer_claimed_at,
    Broadcast.trailer_attempts,
    Broadcast.trailer_retry_at,
)
LIVE_NOTICE = PostColumns(
    "live",
    Broadcast,
    Broadcast.id,
    Broadcast.live_state,
    Broadcast.live_message_id,
    Broadcast.live_claimed_at,
    Broadcast.live_attempts,
    Broadcast.live_retry_at,
)
RESULT = PostColumns(
    "result",
    Lottery,
    Lottery.id,
    Lottery.result_state,
    Lottery.result_message_id,
    Lottery.result_claimed_at,
    Lottery.result_attempts,
    Lottery.result_retry_at,
)


def ready(post: PostColumns, now: datetime, abandoned_before: datetime) -> ColumnElement[bool]:
    """Pending and not waiting to retry, or claimed so long ago that the claim was abandoned."""
    return or_(
        and_(
            post.state == PostState.PENDING,
            or_(post.retry_at.is_(None), post.retry_at <= now),
        ),
        and_(post.state == PostState.SENDING, post.claimed_at < abandoned_before),
    )


class PostRepository:
    def __init__(self, session: AsyncSession, post: PostColumns) -> None:
        self.session = session
        self.post = post

    async def claim(
        self,
        row_id: int,
        now: datetime,
        abandoned_before: datetime,
        *conditions: ColumnElement[bool],
        **also: Any,
    ) -> bool:
        """Compare-and-set to `sending`: of any number of racing claims, exactly one wins."""
        post = self.post
        result = await self.session.execute(
            update(post.model)
            .where(post.id == row_id, ready(post, now, abandoned_before), *conditions)
            .values(
                {
                    post.state: PostState.SENDING,
                    post.claimed_at: now,
                    post.attempts: post.attempts + 1,
                    post.retry_at: None,
                    **{getattr(post.model, name): value for name, value in also.items()},
                }
            )
        )
        return rowcount(result) == 1

    async def sent(self, row_id: int, message_id: int | None) -> None:
        await self._finish(
            row_id, {self.post.state: PostState.SENT, self.post.message_id: message_id}
        )

    async def skipped(self, row_id: int) -> None:
        await self._finish(row_id, {self.post.state: PostState.SKIPPED})

    async def attempts(self, row_id: int) -> int:
        return (
            await self.session.scalar(select(self.post.attempts).where(self.post.id == row_id))
            or 0
        )

    async def retry_at(self, row_id: int, at: datetime) -> None:
        """Back to pending after passing trouble, to be tried again at `at`."""
        await self._finish(row_id, {self.post.state: PostState.PENDING, self.post.retry_at: at})

    async def _finish(self, row_id: int, values: dict[Any, Any]) -> None:
        await self.session.execute(
            update(self.post.model).where(self.post.id == row_id).values(values)
        )


async def release_abandoned_claims(session: AsyncSession) -> int:
    """At start-up of the only process: every post still claimed was claimed by a process that
    died mid-send, so it goes back to pending and is sent again (at least once)."""
    released = 0
    for post in (TRAILER, LIVE_NOTICE, RESULT):
        result = await session.execute(
            update(post.model)
            .where(post.state == PostState.SENDING)
            .values({post.state: PostState.PENDING, post.retry_at: None})
        )
        released += rowcount(result)
    return released
