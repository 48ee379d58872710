"""The limiter shared by replicas, against a real Redis (LIVEROOM_TEST_REDIS)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.ratelimit import RateLimits
from bot.shared_limiter import SharedRateLimiter
from bot.shared_window import RedisWindow
from domain.lottery import GuessLimiter
from domain.moderation import WarningBudget
from tests.unit.test_ratelimit import max_in_window

REDIS_URL = os.environ.get("LIVEROOM_TEST_REDIS", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server")


@pytest.fixture
async def redis() -> AsyncIterator[Any]:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def test_two_replicas_share_the_global_chat_and_group_limits(redis: Any) -> None:
    limits = RateLimits(global_per_second=25, group_per_minute=20, private_per_second=1)
    prefix = f"test:{uuid.uuid4().hex}:"
    replicas = [SharedRateLimiter(redis, limits, prefix) for _ in range(2)]
    # 30 private sends to 30 chats and 25 to one group, spread over both replicas at once.
    private = [replicas[i % 2].reserve(1000 + i, False) for i in range(30)]
    group = [replicas[i % 2].reserve(-100, True) for i in range(25)]
    booked = await asyncio.gather(*private, *group)
    moments = sorted(moment for moment, _ in booked)
    now = min(now for _, now in booked)
    # Never more than 25 in a second, whichever replica booked them. (A send may go inside its
    # slot rather than at its start, so two can be closer than 1/25 s; the moments come from
    # Redis rounded to the microsecond, hence the window a hair short of a second.)
    assert max_in_window(moments, 1.0 - 1e-5) <= 25
    assert max_in_window(moments, 2.0) >= 25  # and the cap is used, not undershot
    group_moments = sorted(moment for moment, _ in booked[30:])
    assert all(b - a >= 1.0 for a, b in zip(group_moments, group_moments[1:], strict=False))
    # The 21st message to the group waits for the first one's minute to pass.
    assert group_moments[20] - group_moments[0] >= 60.0
    assert max(moment for moment, _ in booked[:30]) - now < 2.0  # private sends aren't held up


async def test_a_429_pauses_every_replica(redis: Any) -> None:
    limits = RateLimits(global_per_second=25)
    prefix = f"test:{uuid.uuid4().hex}:"
    first, second = (
        SharedRateLimiter(redis, limits, prefix),
        SharedRateLimiter(redis, limits, prefix),
    )
    await first.pause_for(3)
    moment, now = await second.reserve(42, False)
    assert 2.9 <= moment - now <= 3.1


async def test_replicas_share_a_fans_guess_cap_and_a_rooms_warning_budget(redis: Any) -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    replicas = [GuessLimiter(RedisWindow(redis, 3, prefix=prefix)) for _ in range(2)]
    t0 = datetime(2030, 1, 1, tzinfo=UTC)
    # Four guesses by one fan, alternating replicas: the cap of three holds in total.
    allowed = [await replicas[i % 2].allow(1, 7, t0 + timedelta(seconds=i)) for i in range(4)]
    assert allowed == [True, True, True, False]
    assert await replicas[1].allow(1, 8, t0)  # another fan: a window of their own
    assert await replicas[0].allow(1, 7, t0 + timedelta(seconds=61))  # the first slid out
    budgets = [WarningBudget(RedisWindow(redis, 2, prefix=prefix)) for _ in range(2)]
    warned = [await budgets[i % 2].allow(-100, t0) for i in range(3)]
    assert warned == [True, True, False]


async def test_an_idle_shared_limiter_sends_at_once(redis: Any) -> None:
    limiter = SharedRateLimiter(redis, RateLimits(), f"test:{uuid.uuid4().hex}:")
    moment, now = await limiter.reserve(7, False)
    assert moment == now  # not at the next slot's start, up to 40 ms later
    second, now = await limiter.reserve(8, False)
    assert now < second <= now + 2 / RateLimits().global_per_second
