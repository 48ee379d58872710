"""Outbound flood control: one limiter for every message the bot sends.

Telegram's limits: ~30 messages/s per bot, 20/min per group, ~1/s per private chat. Each send
reserves the earliest moment that respects all three and waits until then. Reserving (rather than
polling for a free slot) keeps the order of callers and never lets a crowd of waiters stampede.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


@dataclass(frozen=True)
class RateLimits:
    global_per_second: float = 25.0
    group_per_minute: int = 20
    private_per_second: float = 1.0
    # Added to every spacing so network jitter never makes two sends look closer than allowed.
    margin_seconds: float = 0.02


class RateLimiter:
    def __init__(
        self,
        limits: RateLimits,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._sleep = sleep
        self._global_gap = 1.0 / limits.global_per_second
        self._private_gap = 1.0 / limits.private_per_second + limits.margin_seconds
        self._group_window = 60.0 + limits.margin_seconds
        self._next_global = 0.0
        self._next_in_chat: dict[int | str, float] = {}
        self._group_sends: dict[int | str, deque[float]] = {}
        self._paused_until = 0.0

    def reserve(self, chat_id: int | str | None, is_group: bool) -> float:
        """Book the earliest allowed send moment for this chat; returns it (monotonic seconds)."""
        now = self._monotonic()
        moment = max(now, self._next_global, self._paused_until)
        if chat_id is not None:
            moment = max(moment, self._next_in_chat.get(chat_id, 0.0))
            if is_group:
                sends = self._group_sends.setdefault(chat_id, deque())
                while sends and sends[0] <= now - self._group_window:
                    sends.popleft()
                if len(sends) >= self.limits.group_per_minute:
                    moment = max(moment, sends[-self.limits.group_per_minute] + self._group_window)
                sends.append(moment)
            self._next_in_chat[chat_id] = moment + self._private_gap
            self._forget_idle_chats(now)
        self._next_global = moment + self._global_gap
        return moment

    async def acquire(self, chat_id: int | str | None, is_group: bool) -> None:
        delay = self.reserve(chat_id, is_group) - self._monotonic()
        if delay > 0:
            await self._sleep(delay)

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": hold every send, not only the one that was refused."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)
        self._next_global = max(self._next_global, self._paused_until)

    def _forget_idle_chats(self, now: float) -> None:
        # Keeps memory flat across 100k one-off private chats.
        if len(self._next_in_chat) > 10_000:
            for key in [k for k, until in self._next_in_chat.items() if until < now]:
                del self._next_in_chat[key]
                sends = self._group_sends.get(key)
                if sends is not None and (not sends or sends[-1] < now - self._group_window):
                    del self._group_sends[key]
