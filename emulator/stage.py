"""A stage: the real Liveroom app (real aiogram Bot, real long polling) against the emulator,
with a clock that moves only when told. The end-to-end tests and the offline demo both use it."""

from __future__ import annotations

import asyncio
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bot.settings import Settings, load_settings
from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from emulator.world import EmuChat, EmuUser, FloodLimits, SentMessage
from liveroom.application import App
from liveroom.wiring import create_app

# Telegram's limits sped up 20x: a test or the demo sends in seconds what a show sends in minutes.
# The bot's own limits stay below the emulator's by the same margins as in production.
FAST_EMULATOR_LIMITS = FloodLimits(
    global_per_second=600, per_chat_per_second=20, group_per_minute=400
)
FAST_BOT_RATES: dict[str, Any] = {
    "rate_global_per_second": 500,
    "rate_private_per_second": 18,
    "rate_group_per_minute": 360,
}


def make_settings(emulator: TelegramEmulator, database: Path | str, **overrides: Any) -> Settings:
    """Settings for the app against `emulator`; `database` is a SQLite file or a database URL."""
    values: dict[str, Any] = {
        "_env_file": None,
        "bot_token": emulator.token,
        "bot_api_url": emulator.base_url,
        "database_url": (
            f"sqlite+aiosqlite:///{database}" if isinstance(database, Path) else database
        ),
        "trailer_lead_hours": 24,
        # A throwaway key: tests and the demo never keep data.
        "data_key": Fernet.generate_key().decode(),
        # Tests and the demo refresh lottery cards explicitly, not on a wall-clock timer.
        "card_refresh_seconds": 3600,
        # Their people act one after another, each waiting for the bot's answer: spacing the
        # asks (for a crowd arriving steadily; bench/ measures it) would only slow every step.
        "poll_spacing_ms": 0,
        # The overlay on a free port, the same one after a restart (its pages reconnect there).
        "overlay_listen": f"127.0.0.1:{free_port()}",
        **FAST_BOT_RATES,
    }
    values.update(overrides)
    return load_settings(**values)


def free_port(preferred: int = 0) -> int:
    """A loopback port nobody listens on: `preferred` if it is free, else any."""
    with socket.socket() as probe:
        # As the servers bind (aiohttp reuses addresses): a port whose last connections are
        # closing (TIME_WAIT) is free, one with a listener is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(secret: str = "s3cret-Token_1") -> dict[str, Any]:
    """Overrides for webhook mode on a free loopback port (the emulator posts there)."""
    port = free_port()
    return {
        "webhook_url": f"http://127.0.0.1:{port}/telegram",
        "webhook_secret": secret,
        "webhook_listen": f"127.0.0.1:{port}",
    }


class ProcessedUpdates:
    """Remembers which updates the app has finished with (fed by its in-flight middleware)."""

    def __init__(self, already: set[int] | None = None) -> None:
        self.done: set[int] = set(already or ())
        self._changed = asyncio.Condition()

    async def __call__(self, update_id: int) -> None:
        async with self._changed:
            self.done.add(update_id)
            self._changed.notify_all()

    async def wait_for(self, update_ids: set[int], timeout: float) -> None:
        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: update_ids <= self.done)

        await asyncio.wait_for(waiter(), timeout)


class Stage:
    """One live room: a host, the bot, and helpers to act and to move time."""

    def __init__(self, emulator: TelegramEmulator, settings: Settings, clock: ManualClock) -> None:
        self.emulator = emulator
        self.settings = settings
        self.clock = clock
        self.host = emulator.add_user("Hana", username="hana_live")
        self.room = emulator.add_group("Hana's live room", admins=[self.host])
        self.app: App | None = None
        self._polling: asyncio.Task[None] | None = None
        self._stop_webhook = asyncio.Event()
        self._tracker = ProcessedUpdates()

    async def start(self) -> App:
        app = create_app(self.settings, self.clock)
        # Instrumentation for tests and the demo: which updates have been fully handled.
        self._tracker = ProcessedUpdates(already=set(self.emulator.delivered_ids))
        app.in_flight.listeners.append(self._tracker)
        started = asyncio.Event()

        async def on_started() -> None:
            started.set()

        self.app = app
        if self.settings.webhook_url is not None:
            self._stop_webhook = asyncio.Event()
            # Ready once listening, with the webhook registered (after the app's start-up).
            self._polling = asyncio.create_task(app.run_webhook(self._stop_webhook, started))
        else:
            app.dispatcher.startup.register(on_started)  # runs after the app's own start-up
            self._polling = asyncio.create_task(app.run_polling(handle_signals=False))
        waiting = asyncio.create_task(started.wait())
        done, _ = await asyncio.wait(
            {waiting, self._polling}, timeout=10, return_when=asyncio.FIRST_COMPLETED
        )
        if waiting not in done:
            waiting.cancel()
            if self._polling in done:
                self._polling.result()  # re-raises whatever broke start-up
            raise TimeoutError("the bot did not start within 10 s")
        return app

    async def stop(self, settle: bool = True) -> None:
        """Stop the bot; first (by default) let it finish everything it has to do."""
        if self.app is not None and self._polling is not None:
            if settle:
                await self.settle()
            else:
                await self.app.outbox.close(0)  # replies still waiting for a budget: dropped
            if self.settings.webhook_url is not None:
                self._stop_webhook.set()
            else:
                self.app.stop_polling()
            await asyncio.wait_for(self._polling, 10)
        self.app = None
        self._polling = None

    async def restart(self) -> App:
        await self.stop()
        return await self.start()

    @property
    def running(self) -> App:
        assert self.app is not None, "the bot is not running"
        return self.app

    def fan(self, name: str, language: str = "en") -> EmuUser:
        fan = self.emulator.add_user(name, language_code=language)
        self.room.members[fan.id] = "member"
        return fan

    async def say(
        self,
        text: str,
        user: EmuUser | None = None,
        chat: EmuChat | EmuUser | None = None,
        expect: str = "",
        reply_to: SentMessage | None = None,
    ) -> SentMessage:
        """`user` (default: the host) writes in `chat` (default: the room), replying to
        `reply_to` if given; returns the reply (the first new message there that `user` can
        see)."""
        mark = len(self.emulator.sent)
        target = chat if chat is not None else self.room
        author = user or self.host
        self.emulator.send(author, target, text, reply_to=reply_to)
        return await self.emulator.wait_for_message(target, expect, after=mark, seen_by=author)

    async def advance_to(self, moment: datetime) -> None:
        """Move time to `moment` and let the bot do whatever fell due (as its timer would)."""
        self.clock.set(moment)
        await self.running.run_due()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until the bot has fetched *and finished handling* every update, sent what its
        handlers left to the background and the outbox, and sent its reminders."""
        await self.emulator.wait_until_idle(timeout)
        await self._tracker.wait_for(self.emulator.delivered_ids, timeout)
        # What handlers started and did not wait for: room posts, and replies in the outbox.
        await asyncio.wait_for(self.running.background.wait_idle(), timeout)
        await asyncio.wait_for(self.running.outbox.wait_idle(), timeout)
        await self.running.show_poster.wait_reminders()
