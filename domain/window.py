"""One sliding window: at most `limit` events per key in any `length` of time. The guess cap
and the warning budget are both this. `Window` is the port they use: `LocalWindow` keeps the
events in this process; bot/shared_window.py keeps them in Redis, shared by every replica."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

K = TypeVar("K", bound=Hashable)

# Keys whose windows have emptied are dropped past this many, so memory stays flat.
_TIDY_ABOVE = 50_000


class SlidingWindow(Generic[K]):
    def __init__(self, limit: int, length: timedelta = timedelta(minutes=1)) -> None:
        self.limit = limit
        self.length = length
        self._events: dict[K, deque[datetime]] = {}

    def allow(self, key: K, at: datetime) -> bool:
        """Count an event at `at` if the window has room for it; False (not counted) if not."""
        recent = self._events.setdefault(key, deque())
        while recent and recent[0] <= at - self.length:
            recent.popleft()
        if len(recent) >= self.limit:
            return False
        recent.append(at)
        if len(self._events) > _TIDY_ABOVE:
            self._events = {k: events for k, events in self._events.items() if events}
        return True


class Window(Protocol):
    limit: int

    async def allow(self, key: str, at: datetime) -> bool:
        """Count an event for `key` at `at` if its window has room; False (not counted) if not."""
        ...


class LocalWindow:
    """A Window in this process's memory: right for one process, per process with replicas."""

    def __init__(self, limit: int, length: timedelta = timedelta(minutes=1)) -> None:
        self.limit = limit
        self._window: SlidingWindow[str] = SlidingWindow(limit, length)

    async def allow(self, key: str, at: datetime) -> bool:
        return self._window.allow(key, at)
