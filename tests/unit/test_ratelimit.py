"""The limiter at Telegram's real limits, in virtual time (reservations are pure arithmetic)."""

from __future__ import annotations

import bisect
import random
from collections import defaultdict

import pytest

from bot.ratelimit import RateLimiter, RateLimits

LIMITS = RateLimits(global_per_second=25, group_per_minute=20, private_per_second=1)


def max_in_window(moments: list[float], window: float) -> int:
    ordered = sorted(moments)
    return max(
        (bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered)), default=0
    )


def test_a_burst_of_private_messages_stays_under_the_global_cap() -> None:
    limiter = RateLimiter(LIMITS, monotonic=lambda: 0.0)
    moments = [limiter.reserve(user_id, is_group=False) for user_id in range(1, 10_001)]
    assert max_in_window(moments, 1.0) == 25
    # ...and loses no time doing so: 10,000 messages take 400 s at 25/s.
    assert 399.0 < max(moments) < 400.0


def test_an_idle_limiter_sends_at_once_not_at_the_next_slot() -> None:
    now = [5.013]
    limiter = RateLimiter(LIMITS, monotonic=lambda: now[0])
    assert limiter.reserve(1, is_group=False) == 5.013
    assert 5.04 <= limiter.reserve(2, is_group=False) < 5.08  # the next waits for its slot


@pytest.mark.parametrize("seed", range(20))
def test_every_limit_holds_for_sends_arriving_at_any_moment(seed: int) -> None:
    # Bursts, trickles and idle gaps at random moments, to groups and private chats: sends at
    # once inside free slots and sends at slots' starts mixed, every limit must still hold.
    draw = random.Random(seed)
    now = [0.0]
    limiter = RateLimiter(LIMITS, monotonic=lambda: now[0])
    sent: list[float] = []
    by_chat: dict[int, list[float]] = defaultdict(list)
    for _ in range(3000):
        now[0] += draw.choice([0.0, 0.0, draw.uniform(0, 0.05), draw.uniform(0, 2.0)])
        chat = draw.choice([-1, -2, *range(1, 40)])
        moment = limiter.reserve(chat, is_group=chat < 0)
        assert moment >= now[0]
        sent.append(moment)
        by_chat[chat].append(moment)
    assert max_in_window(sent, 1.0) <= 25
    for chat, moments in by_chat.items():
        if chat < 0:
            assert max_in_window(moments, 60.0) <= 20
        else:
            ordered = sorted(moments)
            assert all(b - a >= 1.0 for a, b in zip(ordered, ordered[1:], strict=False))


def test_one_private_chat_gets_at_most_one_message_a_second() -> None:
    limiter = RateLimiter(LIMITS, monotonic=lambda: 0.0)
    moments = [limiter.reserve(42, is_group=False) for _ in range(10)]
    gaps = [b - a for a, b in zip(moments, moments[1:], strict=False)]
    assert min(gaps) >= 1.0


def test_a_group_gets_at_most_twenty_messages_a_minute() -> None:
    limiter = RateLimiter(LIMITS, monotonic=lambda: 0.0)
    moments = [limiter.reserve(-100, is_group=True) for _ in range(50)]
    assert max_in_window(moments, 60.0) == 20
    assert moments[19] < 20.0  # the first twenty go at the 1/s pace
    assert moments[20] >= 60.0  # the 21st waits for the minute to roll over


def test_other_chats_are_not_held_up_by_a_busy_group() -> None:
    limiter = RateLimiter(LIMITS, monotonic=lambda: 0.0)
    for _ in range(25):
        limiter.reserve(-100, is_group=True)
    assert limiter.reserve(7, is_group=False) < 1.5


def test_retry_after_pauses_everyone() -> None:
    now = [10.0]
    limiter = RateLimiter(LIMITS, monotonic=lambda: now[0])
    limiter.pause(3)
    assert 13.0 <= limiter.reserve(1, is_group=False) < 13.04
    assert limiter.reserve(-5, is_group=True) >= 13.0


async def test_acquire_sleeps_until_the_reserved_moment() -> None:
    now = [0.0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(LIMITS, monotonic=lambda: now[0], sleep=fake_sleep)
    for _ in range(3):
        await limiter.acquire(42, is_group=False)
    # Two waits of one chat gap (1.02 s), rounded up to the next 40 ms slot of the global grid.
    assert len(slept) == 2
    assert all(1.02 <= seconds < 1.06 for seconds in slept)


async def test_a_waiter_woken_inside_a_pause_queues_again() -> None:
    now = [0.0]
    slept: list[float] = []
    limiter: RateLimiter

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds
        if len(slept) == 1:
            limiter.pause(5)  # a 429 arrives for another request while this one sleeps

    limiter = RateLimiter(LIMITS, monotonic=lambda: now[0], sleep=fake_sleep)
    limiter.reserve(1, is_group=False)  # the first slot is taken, so acquire has to sleep
    await limiter.acquire(2, is_group=False)
    assert now[0] >= 5.04
    assert len(slept) == 2
