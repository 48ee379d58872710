"""Long polling that confirms an update to Telegram only once it has been handled.

aiogram's polling advances getUpdates' offset as soon as it has fetched an update, before the
update is handled: a process killed mid-crowd drops whatever it had fetched and not finished,
and Telegram never sends it again. Here the offset stops at the lowest update still being
handled, so after a crash Telegram sends the unfinished ones again (every handler is
idempotent: a repeated press or message changes nothing twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig
from sqlalchemy import exc as db_errors

logger = logging.getLogger(__name__)

_BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)
BATCH = 100  # Telegram's largest getUpdates batch
# While updates are being handled, Telegram answers getUpdates at once (with the unconfirmed
# ones again): look for new ones when the offset moves, or after this pause.
_LOOK_AGAIN_SECONDS = 0.05
# Fans arriving steadily (300 a second) would otherwise cost a getUpdates each: every answer
# comes back as soon as one fan is there, and repeats those still being handled. Two asks are
# at least POLL_SPACING_MS apart, so each brings what arrived meanwhile (a fan waits that long
# at most; a lone fan in a quiet room not at all: the long poll answers the moment they act).
# An update that failed for a reason of ours that passes (the database busy or out of
# connections) is handled again after this pause, this many times at most, instead of being
# confirmed to Telegram with its effect lost (a payment, an entry).
RETRY_PAUSE_SECONDS = 1.0
MAX_ATTEMPTS = 4


def is_transient(error: BaseException) -> bool:
    """A failure of the bot's own infrastructure that may pass, not of the update itself."""
    if isinstance(error, db_errors.OperationalError | db_errors.InterfaceError):
        return True
    if isinstance(error, db_errors.TimeoutError):  # no connection free in the pool
        return True
    # asyncpg's "too many clients already" arrives as a bare DBAPIError.
    return type(error) is db_errors.DBAPIError and "too many clients" in str(error)


class UpdateWindow:
    """Which updates are being handled, and how far Telegram may consider them done."""

    def __init__(self) -> None:
        self._running: set[int] = set()
        self._retrying: set[int] = set()  # failed for a passing reason: to be handled again
        self._attempts: dict[int, int] = {}
        self._done: set[int] = set()  # handled, above the lowest one still running
        self._next = 0  # one past the highest update seen
        self.progress = asyncio.Event()
        self.freed = asyncio.Event()  # any update finished

    @property
    def offset(self) -> int:
        """getUpdates' offset: everything below it is handled."""
        pending = self._running | self._retrying
        return min(pending) if pending else self._next

    @property
    def busy(self) -> bool:
        return bool(self._running or self._retrying)

    @property
    def running(self) -> int:
        return len(self._running)

    def take(self, update_id: int) -> bool:
        """True for an update seen for the first time (Telegram repeats unconfirmed ones), or
        one to be handled again."""
        if update_id in self._retrying:
            self._retrying.discard(update_id)
        elif update_id in self._running or update_id in self._done or update_id < self.offset:
            return False
        self._running.add(update_id)
        self._next = max(self._next, update_id + 1)
        return True

    def retry(self, update_id: int) -> bool:
        """Handle `update_id` again (it stays unconfirmed), unless it has had its attempts."""
        attempts = self._attempts[update_id] = self._attempts.get(update_id, 0) + 1
        if attempts >= MAX_ATTEMPTS:
            return False
        self._running.discard(update_id)
        self._retrying.add(update_id)
        self.progress.set()
        return True

    def finish(self, update_id: int) -> None:
        before = self.offset
        self._running.discard(update_id)
        self._attempts.pop(update_id, None)
        self._done.add(update_id)
        self.freed.set()
        offset = self.offset
        if offset != before:  # the lowest one finished: Telegram can be told, and send more
            self._done = {done for done in self._done if done >= offset}
            self.progress.set()


class GetRawUpdates(GetUpdates):
    """getUpdates whose answer is left as JSON: while updates are being handled the offset
    stays at the lowest of them, so every answer repeats them, and under a crowd parsing those
    again (pydantic, a dozen objects each) was most of what polling cost."""

    __returning__ = list[dict[str, Any]]


class InFlight:
    """Counts the updates being handled so shutdown can let them finish; tells listeners
    (tests, the demo) when each update is completely handled, whichever path handled it."""

    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.listeners: list[Callable[[int], Awaitable[None]]] = []

    def handling(self, update_id: int) -> _Handling:
        """`async with in_flight.handling(update_id):` around handling one update."""
        return _Handling(self, update_id)

    def _began(self) -> None:
        self._running += 1
        self._idle.clear()

    async def _ended(self, update_id: int) -> None:
        self._running -= 1
        if self._running == 0:
            self._idle.set()
        for listener in self.listeners:
            await listener(update_id)

    async def wait_idle(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


# Tried on an update before aiogram's pipeline; True: it was handled (bot/fast_path.py).
Shortcut = Callable[[Update, Bot], Awaitable[bool]]


class _Handling:
    """InFlight.handling's context: a plain class, not a generator (one per update)."""

    __slots__ = ("in_flight", "update_id")

    def __init__(self, in_flight: InFlight, update_id: int) -> None:
        self.in_flight = in_flight
        self.update_id = update_id

    async def __aenter__(self) -> None:
        self.in_flight._began()

    async def __aexit__(self, *_: object) -> None:
        await self.in_flight._ended(self.update_id)


class CountingDispatcher(Dispatcher):
    """aiogram's Dispatcher, counting every update it handles from the moment it comes in
    (`feed_update`, public, is where polling and the webhook both hand updates over) until
    aiogram's own errors and FSM middlewares are done with it: an update is done only once its
    error reply is sent and its Redis lock released, so shutdown cannot close the bot session
    or Redis under them.

    A `shortcut` (the crowd's fast path) may take an update first: a crowd update then costs
    neither the update's data (every role) nor the middleware chain (as an outer middleware
    after aiogram's own it cost 9% of the Join rate: bench/RESULTS.md). What it does not take
    goes down aiogram's pipeline as any update."""

    def __init__(self, in_flight: InFlight, shortcut: Shortcut | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.in_flight = in_flight
        self.shortcut = shortcut

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        async with self.in_flight.handling(update.update_id):
            if self.shortcut is not None and await self.shortcut(update, bot):
                return None
            return await super().feed_update(bot, update, **kwargs)


class ConfirmingPolling:
    """Long polling of our own over aiogram's public API (the dispatcher's start-up and
    shutdown events and `feed_update`), confirming only handled updates (see above)."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.window = UpdateWindow()
        self._stop = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def stop(self) -> None:
        self._stop.set()

    async def run(
        self,
        allowed_updates: list[str],
        concurrency: int,
        handle_signals: bool = True,
        polling_timeout: int = 30,
        spacing: float = 0.0,
    ) -> None:
        """Start the dispatcher, poll until `stop` (or SIGINT/SIGTERM), then shut it down and
        close the bot's session. `spacing`: seconds at least between two getUpdates asks."""
        self._stop.clear()
        if handle_signals:
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, self._stop.set)
        workflow = {"dispatcher": self.dispatcher, **self.dispatcher.workflow_data}
        await self.dispatcher.emit_startup(bot=self.bot, **workflow)
        try:
            polling = asyncio.create_task(
                self._poll(allowed_updates, concurrency, polling_timeout, spacing)
            )
            stopped = asyncio.create_task(self._stop.wait())
            done, pending = await asyncio.wait(
                {polling, stopped}, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await asyncio.gather(*done)
        finally:
            logger.info("Polling stopped")
            try:
                await self.dispatcher.emit_shutdown(bot=self.bot, **workflow)
            finally:
                await self.bot.session.close()

    async def _poll(
        self, allowed_updates: list[str], limit: int, polling_timeout: int, spacing: float
    ) -> None:
        window = self.window = UpdateWindow()
        slots = asyncio.Semaphore(limit)
        backoff = Backoff(config=_BACKOFF)
        # The HTTP request must outlive the long poll it carries.
        request_timeout = int((self.bot.session.timeout or 0) + polling_timeout)
        user = await self.bot.me()
        logger.info("Polling for updates as @%s", user.username)
        loop = asyncio.get_running_loop()
        asked = -spacing
        while True:
            if (pause := asked + spacing - loop.time()) > 0:
                await asyncio.sleep(pause)
            asked = loop.time()
            fetch = GetRawUpdates(
                offset=window.offset or None,
                limit=BATCH,
                timeout=0 if window.busy else polling_timeout,
                allowed_updates=allowed_updates,
            )
            try:
                updates = cast(
                    list[dict[str, Any]], await self.bot(fetch, request_timeout=request_timeout)
                )
            except Exception as error:  # noqa: BLE001 - Telegram unreachable: keep trying
                logger.error("Failed to fetch updates - %s: %s", type(error).__name__, error)
                await backoff.asleep()
                continue
            backoff.reset()
            # Parsed only when first seen: the ones still being handled come back each time.
            fresh = [
                Update.model_validate(raw, context={"bot": self.bot})
                for raw in updates
                if window.take(raw["update_id"])
            ]
            for update in fresh:
                await slots.acquire()
                task = asyncio.create_task(self._handle(update, window, slots))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if not fresh and window.busy:
                window.progress.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(window.progress.wait(), _LOOK_AGAIN_SECONDS)
            # Under a crowd, ask again once a quarter of the slots are free: every answer
            # repeats the updates still running, so asking with every slot taken brings
            # nothing new, and asking at each freed slot brings one update per round trip.
            while window.running > limit - max(1, limit // 4):
                window.freed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(window.freed.wait(), _LOOK_AGAIN_SECONDS)

    async def _handle(
        self, update: Update, window: UpdateWindow, slots: asyncio.Semaphore
    ) -> None:
        update_id = update.update_id
        again = False
        try:
            response = await self.dispatcher.feed_update(self.bot, update)
            if isinstance(response, TelegramMethod):
                await self.dispatcher.silent_call_request(bot=self.bot, result=response)
        except Exception as error:  # noqa: BLE001 - logged; the update is retried or let go
            if is_transient(error):
                await asyncio.sleep(RETRY_PAUSE_SECONDS)
                again = window.retry(update_id)
            if again:
                logger.warning("Update %s failed (%s): handling it again", update_id, error)
            else:
                logger.exception("Update %s failed", update_id)
        finally:
            if not again:
                window.finish(update_id)
            slots.release()

    async def confirm_handled(self) -> None:
        """At shutdown, once handlers are done: tell Telegram which updates are handled, so a
        restart does not get them again."""
        if self.window.offset:
            with contextlib.suppress(Exception):
                await self.bot(GetUpdates(offset=self.window.offset, limit=1, timeout=0))
