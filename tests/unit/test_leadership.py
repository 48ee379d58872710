"""One scheduler among replicas: a PostgreSQL advisory lock, taken over when its holder goes."""

from __future__ import annotations

import asyncio

import pytest

from scheduler.leader import Leadership
from storage.db import create_engine
from tests.databases import ON_POSTGRES


class Replica:
    def __init__(self, url: str, name: str, log: list[str]) -> None:
        self.engine = create_engine(url)

        async def elected() -> None:
            log.append(f"{name} leads")

        async def deposed() -> None:
            log.append(f"{name} stands by")

        self.leadership = Leadership(self.engine, 0.05, elected, deposed)

    async def close(self) -> None:
        await self.leadership.stop()
        await self.engine.dispose()


@pytest.mark.skipif(not ON_POSTGRES, reason="replicas need PostgreSQL")
async def test_one_replica_leads_and_another_takes_over_when_it_goes(database_url: str) -> None:
    log: list[str] = []
    first, second = Replica(database_url, "A", log), Replica(database_url, "B", log)
    try:
        await first.leadership.start()
        await second.leadership.start()
        # B keeps trying for the lock while A holds it, and never gets it.
        tries = second.leadership.attempts
        while second.leadership.attempts < tries + 3:
            await asyncio.sleep(0.01)
        assert log == ["A leads"]
        assert (first.leadership.leading, second.leadership.leading) == (True, False)
        await first.close()  # the leader dies: its session, and so its lock, is gone
        for _ in range(100):
            if second.leadership.leading:
                break
            await asyncio.sleep(0.02)
        assert log == ["A leads", "B leads"]
    finally:
        await first.close()
        await second.close()


async def test_a_single_process_on_sqlite_always_leads(tmp_path: object) -> None:
    log: list[str] = []
    replica = Replica(f"sqlite+aiosqlite:///{tmp_path}/one.db", "solo", log)
    await replica.leadership.start()
    assert log == ["solo leads"]
    await replica.close()
