"""Exactly one replica runs the scheduler: the one holding a PostgreSQL advisory lock.

The lock lives as long as the database session that took it, so a replica that dies (or loses
its database) lets go at once, and another takes over at its next try, `retry_seconds` later.
What the dead leader left due is then found in the database by the new one and done once (every
step is a compare-and-set). With SQLite there is one process, and it always leads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)

# Any 64-bit number, the same in every replica: "the Liveroom scheduler".
SCHEDULER_LOCK = 0x4C495645524F4F4D  # "LIVEROOM"

Callback = Callable[[], Awaitable[None]]


class Leadership:
    def __init__(
        self,
        engine: AsyncEngine,
        retry_seconds: float,
        on_elected: Callback,
        on_deposed: Callback,
    ) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds
        self.on_elected = on_elected
        self.on_deposed = on_deposed
        self.leading = False
        self.attempts = 0  # tries for the lock so far (observable: a standby keeps trying)
        self._task: asyncio.Task[None] | None = None
        self._connection: AsyncConnection | None = None

    async def start(self) -> None:
        if self.engine.dialect.name != "postgresql":
            await self._elected()
            return
        if not await self._try():
            logger.info("Another replica runs the scheduler; this one stands by")
        self._task = asyncio.create_task(self._watch(), name="leadership")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._connection is not None:
            await self._connection.close()  # lets go of the lock for the next leader
            self._connection = None

    async def _elected(self) -> None:
        self.leading = True
        logger.info("Leading: this replica runs the scheduler")
        await self.on_elected()
        logger.info("Caught up: what fell due before this replica led is done")

    async def _try(self) -> bool:
        self.attempts += 1
        connection = await self.engine.connect()
        try:
            got = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": SCHEDULER_LOCK}
            )
            await connection.commit()  # the lock is the session's, not the transaction's
        except BaseException:
            await connection.close()
            raise
        if not got:
            await connection.close()
            return False
        self._connection = connection
        await self._elected()
        return True

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.retry_seconds)
            try:
                if not self.leading:
                    await self._try()
                    continue
                assert self._connection is not None
                await self._connection.scalar(text("SELECT 1"))  # still ours?
                await self._connection.commit()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the database went away: step down, try again
                logger.exception("Lost the scheduler lock; standing by")
                if self._connection is not None:
                    await asyncio.gather(self._connection.close(), return_exceptions=True)
                    self._connection = None
                if self.leading:
                    self.leading = False
                    await self.on_deposed()
