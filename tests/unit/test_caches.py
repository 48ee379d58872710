"""Per-room caches: loaded once, forgotten on change, never left stale by a racing change."""

from __future__ import annotations

import asyncio

from bot.caches import CacheBus, RoomCache


async def test_a_load_that_races_with_a_change_is_not_kept() -> None:
    bus = CacheBus()
    cache: RoomCache[str] = RoomCache(bus, "language")
    started, release = asyncio.Event(), asyncio.Event()
    loads: list[str] = []

    async def slow_load() -> str:
        loads.append("slow")
        started.set()
        await release.wait()
        return "en"  # what the database said before the change

    async def fresh_load() -> str:
        loads.append("fresh")
        return "zh"

    reading = asyncio.create_task(cache.get(-1, slow_load))
    await started.wait()
    cache.forget(-1)  # /language zh committed meanwhile
    release.set()
    assert await reading == "en"  # that reader saw the old value...
    assert await cache.get(-1, fresh_load) == "zh"  # ...but it was not kept
    assert await cache.get(-1, fresh_load) == "zh"
    assert loads == ["slow", "fresh"]  # and the new one is


async def test_a_change_is_heard_by_every_cache_on_the_topic() -> None:
    bus = CacheBus()
    first: RoomCache[int] = RoomCache(bus, "running")
    second: RoomCache[int] = RoomCache(bus, "running")

    async def one() -> int:
        return 1

    async def two() -> int:
        return 2

    assert (await first.get(-1, one), await second.get(-1, one)) == (1, 1)
    first.forget(-1)
    assert (await first.get(-1, two), await second.get(-1, two)) == (2, 2)
