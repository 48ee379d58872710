"""The scheduler's lock: a PostgreSQL advisory lock, held as long as the connection that took it
(a replica that dies, or loses its database, lets go at once). With SQLite there is one process,
which needs no lock. scheduler/leader.py decides what holding it means."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# Any 64-bit number, the same in every replica: "the Liveroom scheduler".
SCHEDULER_LOCK = 0x4C495645524F4F4D  # "LIVEROOM"


class SchedulerLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None

    @property
    def shared(self) -> bool:
        """Whether several processes may share the database (and so need the lock)."""
        return self.engine.dialect.name == "postgresql"

    async def take(self) -> bool:
        """Try once; True if this process holds the lock now."""
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
        return True

    async def check(self) -> None:
        """Raises if the connection holding the lock (and so the lock) is gone."""
        assert self._connection is not None
        await self._connection.scalar(text("SELECT 1"))
        await self._connection.commit()

    async def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await asyncio.gather(connection.close(), return_exceptions=True)
