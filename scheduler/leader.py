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

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.leader_lock import SchedulerLock

logger = logging.getLogger(__name__)

Callback = Callable[[], Awaitable[None]]


class Leadership:
    def __init__(
        self,
        engine: AsyncEngine,
        retry_seconds: float,
        on_elected: Callback,
        on_deposed: Callback,
    ) -> None:
        self.lock = SchedulerLock(engine)
        self.retry_seconds = retry_seconds
        self.on_elected = on_elected
        self.on_deposed = on_deposed
        self.leading = False
        self.attempts = 0  # tries for the lock so far (observable: a standby keeps trying)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if not self.lock.shared:
            await self._elected()
            return
        if not await self._try():
            logger.info("Another replica runs the scheduler; this one stands by")
        self._task = asyncio.create_task(self._watch(), name="leadership")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.lock.release()  # for the next leader

    async def _elected(self) -> None:
        self.leading = True
        logger.info("Leading: this replica runs the scheduler")
        await self.on_elected()
        logger.info("Caught up: what fell due before this replica led is done")

    async def _try(self) -> bool:
        self.attempts += 1
        if not await self.lock.take():
            return False
        await self._elected()
        return True

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.retry_seconds)
            try:
                if not self.leading:
                    await self._try()
                    continue
                await self.lock.check()  # still ours?
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the database went away: step down, try again
                logger.exception("Lost the scheduler lock; standing by")
                await self.lock.release()
                if self.leading:
                    self.leading = False
                    await self.on_deposed()
