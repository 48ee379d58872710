"""Outbound flood control: one limiter for every message the bot sends.

Telegram's limits: ~30 messages/s per bot, 20/min per group, ~1/s per chat. Each send reserves
the earliest moment that respects all three and sleeps until then. Reserving (rather than polling
for a free slot) keeps callers in order and never lets a crowd of waiters stampede.

The overall budget is a grid of slots `1/rate` seconds apart, each given to at most one send. A
group that must wait a minute takes a slot a minute ahead and leaves the slots before it to
everybody else, so one busy room never holds up reminders to thousands of fans. A send into a
slot nobody took goes at once, not at the next slot's start (up to 40 ms later at 25/s), and
gives up the slot a second ahead: one second then never holds more sends than the rate allows.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]
_PRUNE_EVERY = 4096


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
        # The tiny extra keeps float rounding from ever fitting rate+1 slots in one second.
        self._slot_seconds = 1.0 / limits.global_per_second + 1e-9
        self._slots_per_second = math.ceil(1.0 / self._slot_seconds)
        self._chat_gap = 1.0 / limits.private_per_second + limits.margin_seconds
        self._group_window = 60.0 + limits.margin_seconds
        # Taken slot -> a slot at or after which the next free one lies (union-find, compressed).
        self._taken: dict[int, int] = {}
        self._next_in_chat: dict[int | str, float] = {}
        self._group_sends: dict[int | str, deque[float]] = {}
        self._paused_until = 0.0
        self._reservations = 0

    def reserve(self, chat_id: int | str | None, is_group: bool) -> float:
        """Book the earliest allowed send moment for this chat; returns it (monotonic seconds)."""
        now = self._monotonic()
        earliest = max(now, self._paused_until)
        sends: deque[float] | None = None
        if chat_id is not None:
            earliest = max(earliest, self._next_in_chat.get(chat_id, 0.0))
            if is_group:
                sends = self._group_sends.setdefault(chat_id, deque())
                while sends and sends[0] <= now - self._group_window:
                    sends.popleft()
                limit = self.limits.group_per_minute
                if len(sends) >= limit:
                    earliest = max(earliest, sends[-limit] + self._group_window)
        moment = self._take_moment(earliest)
        if chat_id is not None:
            self._next_in_chat[chat_id] = moment + self._chat_gap
            if sends is not None:
                sends.append(moment)
        self._reservations += 1
        if self._reservations % _PRUNE_EVERY == 0:
            self._prune(now)
        return moment

    async def acquire(self, chat_id: int | str | None, is_group: bool) -> None:
        while True:
            delay = self.reserve(chat_id, is_group) - self._monotonic()
            if delay > 0:
                await self._sleep(delay)
            if self._monotonic() >= self._paused_until:
                return
            # Telegram said "retry after" while we waited: queue again behind the pause.

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": hold every send, not only the one that was refused."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    async def pause_for(self, seconds: float) -> None:
        self.pause(seconds)

    def _take_moment(self, earliest: float) -> float:
        """`earliest` itself when its slot is free, else the start of the next free slot. A
        send inside a slot may be followed by one at each of the next slots' starts: the slot
        a second ahead is given up, or that second would hold one send more than the rate."""
        slot = math.floor(earliest / self._slot_seconds)
        ahead = slot + self._slots_per_second
        if (
            earliest > slot * self._slot_seconds
            and slot not in self._taken
            and ahead not in self._taken
        ):
            self._take_slot(slot)
            self._take_slot(ahead)
            return earliest
        return self._take_slot(math.ceil(earliest / self._slot_seconds)) * self._slot_seconds

    def _take_slot(self, wanted: int) -> int:
        path = []
        slot = wanted
        while slot in self._taken:
            path.append(slot)
            slot = self._taken[slot]
        for visited in path:
            self._taken[visited] = slot + 1
        self._taken[slot] = slot + 1
        return slot

    def _prune(self, now: float) -> None:
        # Keeps memory flat however many chats and slots have come and gone.
        current = math.floor(now / self._slot_seconds)
        self._taken = {slot: nxt for slot, nxt in self._taken.items() if slot >= current}
        for key in [k for k, until in self._next_in_chat.items() if until < now]:
            del self._next_in_chat[key]
        for key in [k for k, s in self._group_sends.items() if not s or s[-1] < now - 60.0]:
            del self._group_sends[key]


class Limiter(Protocol):
    """What the outbound middleware needs: this process's limiter, or the replicas' shared one
    (bot/shared_limiter.py)."""

    async def acquire(self, chat_id: int | str | None, is_group: bool) -> None: ...

    async def pause_for(self, seconds: float) -> None: ...
