"""Per-room caches: loaded once, forgotten on change, never left stale by a racing change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace

from bot.admins import AdminChecker
from bot.caches import CacheBus, RoomCache
from domain.clock import ManualClock
from scheduler.timer import Timer


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


class CountingBot:
    """Answers getChatMember from a table, counting the calls."""

    def __init__(self) -> None:
        self.statuses: dict[tuple[int, int], str] = {}
        self.calls = 0

    async def get_chat_member(self, chat_id: int, user_id: int) -> SimpleNamespace:
        self.calls += 1
        return SimpleNamespace(status=self.statuses.get((chat_id, user_id), "member"))


async def test_a_promotion_seen_by_one_replica_is_news_to_all() -> None:
    bus = CacheBus()  # what RedisCacheBus carries between processes, here in one
    clock = ManualClock(datetime(2030, 1, 1, tzinfo=UTC))
    replicas = [AdminChecker(clock, 60, bus), AdminChecker(clock, 60, bus)]
    bot = CountingBot()
    assert [await r.is_admin(bot, -1, 7) for r in replicas] == [False, False]
    bot.statuses[(-1, 7)] = "administrator"
    assert bot.calls == 2
    replicas[0].forget(-1, 7)  # the chat_member update reached replica 0 only
    assert [await r.is_admin(bot, -1, 7) for r in replicas] == [True, True]
    assert bot.calls == 4  # both asked Telegram again


async def test_a_wake_up_planned_on_a_standby_replica_is_planned_by_the_leader() -> None:
    bus = CacheBus()  # stands for Redis between the two processes
    leader, standby = Timer(), Timer()
    for timer in (leader, standby):
        timer.relay = lambda text: bus.tell("wake", text)
        bus.on_text("wake", timer.received)

    async def run_due() -> None:
        return None

    for timer in (leader, standby):
        timer.register("LotteryPoster", run_due)
    leader.start()
    try:
        draw_at = datetime(2030, 1, 1, 20, 1, tzinfo=UTC)
        standby.wake("LotteryPoster", "draw:7", draw_at)  # the standby took /lottery
        assert leader.planned() == {"draw:7": draw_at}
        assert "draw:7" in {job.id for job in standby._scheduler.get_jobs()}  # kept for takeover
        # Garbage on the channel is ignored, not fatal.
        bus.tell("wake", "not json")
        bus.tell("wake", '["NoSuchRunner", "x", "2030-01-01T00:00:00+00:00"]')
        assert leader.planned() == {"draw:7": draw_at}
    finally:
        await leader.shutdown()


async def test_readers_that_miss_at_once_share_one_load() -> None:
    bus = CacheBus()
    cache: RoomCache[str] = RoomCache(bus, "running")
    release = asyncio.Event()
    loads = 0

    async def load() -> str:
        nonlocal loads
        loads += 1
        number = loads
        await release.wait()
        return f"lottery {number}"

    crowd = [asyncio.create_task(cache.get(-1, load)) for _ in range(100)]
    await asyncio.sleep(0)  # every reader is waiting now
    release.set()
    assert await asyncio.gather(*crowd) == ["lottery 1"] * 100
    assert loads == 1
    # A reader arriving after a change does not join a load begun before it.
    release.clear()
    stale = asyncio.create_task(cache.get(-2, load))
    await asyncio.sleep(0)
    cache.forget(-2)
    fresh = asyncio.create_task(cache.get(-2, load))
    await asyncio.sleep(0)
    release.set()
    assert (await stale, await fresh) == ("lottery 2", "lottery 3")
    assert await cache.get(-2, load) == "lottery 3"  # the load after the change was kept
    assert loads == 3


async def test_a_failed_load_fails_its_readers_and_the_next_reader_loads_again() -> None:
    cache: RoomCache[str] = RoomCache(CacheBus(), "running")
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(0)
        if attempts == 1:
            raise ConnectionError("database restarting")
        return "lottery"

    first = await asyncio.gather(
        cache.get(-1, flaky), cache.get(-1, flaky), return_exceptions=True
    )
    assert [type(result) for result in first] == [ConnectionError, ConnectionError]
    assert await cache.get(-1, flaky) == "lottery"
    assert attempts == 2
