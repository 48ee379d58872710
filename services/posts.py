"""The posts the bot makes by itself (trailers, live notices, results): how each one went, each
record its own transaction. The sending is the caller's; no Telegram here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.posts import retry_delay
from storage.posts import PostColumns, PostRepository, release_abandoned_claims


class PostLedger:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.session_factory = session_factory
        self.clock = clock

    async def sent(self, post: PostColumns, row_id: int, message_id: int) -> None:
        async with self.session_factory.begin() as session:
            await PostRepository(session, post).sent(row_id, message_id)

    async def refused(self, post: PostColumns, row_id: int) -> None:
        """Telegram refused it for good: skipped, never tried again."""
        async with self.session_factory.begin() as session:
            await PostRepository(session, post).skipped(row_id)

    async def retry_later(self, post: PostColumns, row_id: int) -> datetime:
        """Passing trouble: pending again, after a pause that grows with each attempt; when."""
        async with self.session_factory.begin() as session:
            posts = PostRepository(session, post)
            at = self.clock.now() + retry_delay(await posts.attempts(row_id))
            await posts.retry_at(row_id, at)
        return at

    async def release_abandoned(self) -> int:
        """Posts claimed by a process that died mid-send, pending again (one process only)."""
        async with self.session_factory.begin() as session:
            return await release_abandoned_claims(session)
