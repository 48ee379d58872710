"""Telling every replica something: to forget a cached value (a room's running lottery, its
language, its banned words, who is an admin) when it changes, or (`tell`) any short news such as
a wake-up the scheduler's leader should plan. In one process that is a function call; with
Redis, a message on a pub/sub channel that every replica listens to."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

logger = logging.getLogger(__name__)
CHANNEL = "liveroom:caches"
Forget = Callable[[int], None]
Listen = Callable[[str], None]
T = TypeVar("T")


class CacheBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Listen]] = {}

    def on(self, topic: str, forget: Forget) -> None:
        def listen(text: str) -> None:
            with contextlib.suppress(ValueError):
                forget(int(text))

        self.on_text(topic, listen)

    def on_text(self, topic: str, listen: Listen) -> None:
        self._handlers.setdefault(topic, []).append(listen)

    def forget(self, topic: str, key: int) -> None:
        """Forget here at once, and (with Redis) in every other replica a moment later."""
        self.tell(topic, str(key))

    def tell(self, topic: str, text: str) -> None:
        """Tell this process at once, and (with Redis) every other replica a moment later."""
        self._apply(topic, text)
        self._publish(topic, text)

    def _apply(self, topic: str, text: str) -> None:
        for listen in self._handlers.get(topic, []):
            listen(text)

    def _publish(self, topic: str, text: str) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


class RedisCacheBus(CacheBus):
    def __init__(self, redis: Any) -> None:
        super().__init__()
        self.redis = redis
        self._sending: set[asyncio.Task[Any]] = set()
        self._listening: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self._stopped = False

    def _publish(self, topic: str, text: str) -> None:
        if self._stopped:
            return  # shutting down: the client is about to close, and nobody is listening
        task = asyncio.create_task(self.redis.publish(CHANNEL, f"{topic}:{text}"))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def start(self) -> None:
        self._listening = asyncio.create_task(self._listen(), name="cache-bus")
        await asyncio.wait_for(self._subscribed.wait(), 10)

    async def stop(self) -> None:
        self._stopped = True
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)
        if self._listening is not None:
            self._listening.cancel()
            await asyncio.gather(self._listening, return_exceptions=True)

    async def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(CHANNEL)
            self._subscribed.set()
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                raw = message["data"]
                topic, _, text = (raw.decode() if isinstance(raw, bytes) else str(raw)).partition(
                    ":"
                )
                self._apply(topic, text)
        finally:
            await pubsub.aclose()


class RoomCache(Generic[T]):
    """One value per room, loaded on first use and forgotten (in every replica) on change.
    A load that raced with a change is returned but not kept, so the cache never goes stale.
    Readers that miss at once share one load: a crowd arriving at a cold cache would otherwise
    run a hundred identical queries, each on a database connection (and thread) of its own."""

    def __init__(self, bus: CacheBus, topic: str) -> None:
        self.bus = bus
        self.topic = topic
        self._values: dict[int, T] = {}
        self._changes: dict[int, int] = {}
        # The load under way for a room, and the room's change count when it started.
        self._loading: dict[int, tuple[int, asyncio.Task[T]]] = {}
        bus.on(topic, self._drop)

    async def get(self, room_chat_id: int, load: Callable[[], Awaitable[T]]) -> T:
        if room_chat_id in self._values:
            return self._values[room_chat_id]
        changes = self._changes.get(room_chat_id, 0)
        loading = self._loading.get(room_chat_id)
        if loading is None or loading[0] != changes:  # none, or begun before a change
            loading = (changes, asyncio.ensure_future(self._load(room_chat_id, changes, load)))
            self._loading[room_chat_id] = loading
        # Shielded: a reader that gives up (its update cancelled) does not cancel the others'.
        return await asyncio.shield(loading[1])

    async def _load(self, room_chat_id: int, changes: int, load: Callable[[], Awaitable[T]]) -> T:
        try:
            value = await load()
            if self._changes.get(room_chat_id, 0) == changes:
                self._values[room_chat_id] = value
            return value
        finally:
            loading = self._loading.get(room_chat_id)
            if loading is not None and loading[1] is asyncio.current_task():
                del self._loading[room_chat_id]

    def forget(self, room_chat_id: int) -> None:
        self.bus.forget(self.topic, room_chat_id)

    def _drop(self, room_chat_id: int) -> None:
        self._values.pop(room_chat_id, None)
        self._changes[room_chat_id] = self._changes.get(room_chat_id, 0) + 1
