"""Every open overlay page of this replica, kept up to date.

A page is an SSE stream. Each room with open pages is read afresh from the database every
second and whenever the CacheBus says its lottery started or ended (in any replica); the state
goes out only when it changed. Ticker lines come over the CacheBus too. The database is the
truth, so a page that reconnects (the bot restarted, another replica answered) gets the whole
state at once; only ticker lines said while it was away are missed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiogram.utils.i18n import I18n
from aiohttp import web
from aiohttp_sse import EventSourceResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.caches import CacheBus
from bot.overlay import news
from bot.overlay.render import epoch_ms, page_state
from domain.clock import Clock
from domain.overlay import TICKER_KEPT
from services.crypto import Cipher
from services.overlay import OverlayService

logger = logging.getLogger(__name__)
# How long the browser waits before reconnecting a dropped stream.
RECONNECT_MS = 2000
# A comment line this often keeps proxies from closing an idle stream.
PING_SECONDS = 15
# A page that cannot take a message this long is dropped (it reconnects, or it is gone).
SEND_TIMEOUT_SECONDS = 5
# Pages are checked against their room's current link this often (in refreshes), in case the
# news of a reset was lost on the way.
VERIFY_EVERY = 15
# A server clock that leapt this much ahead of time is sent to the pages again.
CLOCK_JUMP_MS = 1000


@dataclass(frozen=True)
class _Page:
    token: str
    request: web.Request

    @property
    def left(self) -> bool:
        """The browser went away (aiohttp itself notices only at the next write)."""
        transport = self.request.transport
        return transport is None or transport.is_closing()


@dataclass
class _RoomPages:
    pages: dict[EventSourceResponse, _Page] = field(default_factory=dict)
    sent: str | None = None  # the last state sent, as JSON without its moment
    # When it was sent, by the server's clock (ms) and by the monotonic clock (s).
    sent_at: tuple[int, float] = (0, 0.0)
    ticker: deque[str] = field(default_factory=lambda: deque(maxlen=TICKER_KEPT))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class OverlayHub:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        cipher: Cipher,
        i18n: I18n,
        caches: CacheBus,
        pages_per_link: int,
        refresh_seconds: float = 1.0,
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.cipher = cipher
        self.i18n = i18n
        self.caches = caches
        self.pages_per_link = pages_per_link
        self.refresh_seconds = refresh_seconds
        # Where OBS finds the pages (OVERLAY_PUBLIC_URL, or where they are served); None: nowhere.
        self.base_url: str | None = None
        self._rooms: dict[int, _RoomPages] = {}
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        caches.on(news.LOTTERY_CHANGED, self._changed)
        caches.on(news.LINK_RESET, self._link_reset)
        caches.on_text(news.TICKER, self._ticker)

    def service(self, session: AsyncSession) -> OverlayService:
        return OverlayService(session, self.clock, self.cipher)

    def url(self, token: str) -> str | None:
        return f"{self.base_url}/overlay/{token}" if self.base_url else None

    def link_reset(self, room_chat_id: int) -> None:
        """The room's link was reset: its open pages close, in every replica."""
        news.tell_link_reset(self.caches, room_chat_id)

    async def room_of(self, token: str) -> int | None:
        async with self.session_factory() as session:
            return await self.service(session).room_of(token)

    # --- one page -------------------------------------------------------------------------------
    async def serve(
        self, request: web.Request, room_chat_id: int, token: str
    ) -> web.StreamResponse:
        """Stream the room's state to one page until it leaves (or its link is reset)."""
        pages = self._rooms.get(room_chat_id) or _RoomPages()
        self._drop_left(pages)
        if len(pages.pages) >= self.pages_per_link or self._closed:
            raise web.HTTPTooManyRequests(
                text=f"At most {self.pages_per_link} pages may show this overlay at once."
            )
        stream = EventSourceResponse(ping_interval=PING_SECONDS, send_timeout=SEND_TIMEOUT_SECONDS)
        # The place is taken before anything waits: pages opening together cannot pass the cap.
        # (A refused page leaves no room behind.)
        self._rooms[room_chat_id] = pages
        pages.pages[stream] = _Page(token, request)
        try:
            await stream.prepare(request)
            async with stream:
                async with pages.lock:
                    state = await self._read(room_chat_id)
                    if state is not None:
                        await stream.send(
                            self._stamped(pages, state), event="state", retry=RECONNECT_MS
                        )
                    for line in pages.ticker:
                        await stream.send(line, event="ticker")
                self._ensure_loop()
                await stream.wait()
        except ConnectionResetError:
            pass  # the browser left before the first state reached it
        finally:
            pages.pages.pop(stream, None)
            if not pages.pages and self._rooms.get(room_chat_id) is pages:
                del self._rooms[room_chat_id]
        return stream

    # --- keeping pages current ------------------------------------------------------------------
    def _ensure_loop(self) -> None:
        if self._loop is None or self._loop.done():
            self._loop = asyncio.create_task(self._refresh_loop(), name="overlay-refresh")

    async def _refresh_loop(self) -> None:
        refreshes = 0
        while self._rooms and not self._closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.refresh_seconds)
            self._wake.clear()
            refreshes += 1
            for room_chat_id, pages in list(self._rooms.items()):
                self._drop_left(pages)
                try:
                    if refreshes % VERIFY_EVERY == 0:
                        await self._verify(room_chat_id)
                    await self._refresh(room_chat_id)
                except Exception:
                    # A database hiccup must not end every page's updates: next second again.
                    logger.exception("Overlay of room %s not refreshed", room_chat_id)

    async def _read(self, room_chat_id: int) -> str | None:
        async with self.session_factory() as session:
            view = await self.service(session).view(room_chat_id)
        if view is None:
            return None
        return json.dumps(page_state(view, self.i18n), ensure_ascii=False, sort_keys=True)

    def _stamped(self, pages: _RoomPages, state: str) -> str:
        """The state as sent: the page's countdown runs on the server's clock, so each state
        says what time it is."""
        now = epoch_ms(self.clock.now())
        pages.sent, pages.sent_at = state, (now, time.monotonic())
        return f'{{"now": {now}, "state": {state}}}'

    def _clock_jumped(self, pages: _RoomPages) -> bool:
        """The server's clock leapt ahead of time since the last state (set right by NTP, or a
        test's clock moved on): the pages' countdowns need the new time. A clock falling behind
        is left alone: a test's stopped clock would otherwise reset the countdown each second."""
        server_ms, monotonic = pages.sent_at
        drift = (epoch_ms(self.clock.now()) - server_ms) - (time.monotonic() - monotonic) * 1000
        return drift > CLOCK_JUMP_MS

    async def _refresh(self, room_chat_id: int) -> None:
        pages = self._rooms.get(room_chat_id)
        if pages is None:
            return
        async with pages.lock:
            state = await self._read(room_chat_id)
            if state is None or (state == pages.sent and not self._clock_jumped(pages)):
                return
            await self._send_all(pages, self._stamped(pages, state), "state")

    async def _send_all(self, pages: _RoomPages, data: str, event: str) -> None:
        # A page still opening gets the state it reads itself (under the same lock).
        streams = [stream for stream in pages.pages if stream.is_connected()]
        results = await asyncio.gather(
            *(stream.send(data, event=event) for stream in streams), return_exceptions=True
        )
        for stream, result in zip(streams, results, strict=True):
            if isinstance(result, Exception):
                self._close(pages, stream)

    def _drop_left(self, pages: _RoomPages) -> None:
        for stream in [stream for stream, page in pages.pages.items() if page.left]:
            self._close(pages, stream)

    def _close(self, pages: _RoomPages, stream: EventSourceResponse) -> None:
        pages.pages.pop(stream, None)
        with contextlib.suppress(RuntimeError):
            stream.stop_streaming()

    async def _verify(self, room_chat_id: int) -> None:
        """Close the room's pages whose link no longer opens it (reset)."""
        pages = self._rooms.get(room_chat_id)
        if pages is None:
            return
        for token in {page.token for page in pages.pages.values()}:
            if await self.room_of(token) != room_chat_id:
                for stream in [s for s, page in pages.pages.items() if page.token == token]:
                    self._close(pages, stream)

    # --- news from the CacheBus -----------------------------------------------------------------
    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _changed(self, room_chat_id: int) -> None:
        if room_chat_id in self._rooms:
            self._wake.set()

    def _link_reset(self, room_chat_id: int) -> None:
        if room_chat_id in self._rooms:
            self._spawn(self._verify(room_chat_id))

    def _ticker(self, text: str) -> None:
        item = news.read_ticker(text)
        if item is None or item[0] not in self._rooms:
            return
        pages = self._rooms[item[0]]
        line = json.dumps({"at": epoch_ms(self.clock.now()), "text": item[1]}, ensure_ascii=False)
        pages.ticker.append(line)
        self._spawn(self._send_all(pages, line, "ticker"))

    async def close(self) -> None:
        """Shutting down: every page is let go (its browser reconnects to whoever serves next)."""
        self._closed = True
        for pages in self._rooms.values():
            for stream in list(pages.pages):
                self._close(pages, stream)
        if self._loop is not None:
            self._loop.cancel()
            await asyncio.gather(self._loop, return_exceptions=True)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
