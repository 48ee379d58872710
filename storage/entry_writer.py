"""Group commit for lottery entries.

A crowd of fans entering at once would otherwise open one write transaction each, and SQLite's
single writer lock makes them queue (measured: ~17 ms per entry, 58 entries/s). Here a single
writer takes every entry that is waiting and writes them in one transaction; each caller is
answered only after its own entry is committed, so an acknowledged entry is never lost.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Entry
from storage.repositories import insert_or_ignore

logger = logging.getLogger(__name__)
MAX_BATCH = 500  # 4 columns each: well under SQLite's limit of bound variables


@dataclass(frozen=True)
class _Pending:
    lottery_id: int
    user_id: int
    first_name: str
    at: datetime
    done: asyncio.Future[bool]


class EntryWriter:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self._pending: list[_Pending] = []
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0

    async def add(self, lottery_id: int, user_id: int, first_name: str, at: datetime) -> bool:
        """True when this created the entry, False when the fan was already in."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="entry-writer")
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(lottery_id, user_id, first_name, at, done))
        self._wakeup.set()
        return await done

    async def close(self) -> None:
        """Write what is waiting, then stop."""
        while self._pending and self._task is not None and not self._task.done():
            await asyncio.sleep(0)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                try:
                    created = await self._write(batch)
                except Exception as error:  # noqa: BLE001 - every waiting fan must hear back
                    logger.exception("Writing %s entries failed", len(batch))
                    for item in batch:
                        if not item.done.done():
                            item.done.set_exception(error)
                    continue
                self.batches += 1
                for item in batch:
                    if not item.done.done():
                        item.done.set_result(item in created)

    async def _write(self, batch: list[_Pending]) -> set[_Pending]:
        first: dict[tuple[int, int], _Pending] = {}
        for item in batch:
            first.setdefault((item.lottery_id, item.user_id), item)  # a double press: one row
        rows = [
            {
                "lottery_id": i.lottery_id,
                "user_id": i.user_id,
                "first_name": i.first_name,
                "entered_at": i.at,
            }
            for i in first.values()
        ]
        async with self.session_factory() as session:
            inserted = await session.execute(
                insert_or_ignore(session, Entry)
                .values(rows)
                .on_conflict_do_nothing(index_elements=[Entry.lottery_id, Entry.user_id])
                .returning(Entry.lottery_id, Entry.user_id)
            )
            keys = {(row[0], row[1]) for row in inserted}
            await session.commit()
        return {first[key] for key in keys}
