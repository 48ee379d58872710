"""The running application: start-up (migrations, leadership), the leader's duties, polling or
the webhook, and a clean shutdown. liveroom/wiring.py builds it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from aiogram import Bot
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.background import Background
from bot.caches import CacheBus
from bot.fsm_storage import EncryptedDialogs
from bot.menus import set_menus
from bot.outbound import OutboundMiddleware
from bot.outbox import Outbox
from bot.overlay.hub import OverlayHub
from bot.overlay.web import OverlayServer, add_overlay_routes
from bot.polling import ConfirmingPolling, CountingDispatcher, InFlight
from bot.posts.gift_poster import GiftPoster
from bot.posts.joint_poster import JointPoster
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.room_poster import RoomPoster
from bot.posts.script_poster import ScriptPoster
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from bot.settings import Settings, database_problem, sqlite_folder_missing
from domain.clock import Clock
from scheduler.jobs import Jobs
from scheduler.leader import Leadership
from scheduler.timer import Timer
from services.chat_log import ChatLog
from services.crypto import Cipher
from services.entries import EntryDesk
from services.posts import PostLedger
from storage.db import migrate

logger = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 10.0


@dataclass
class App:
    settings: Settings
    clock: Clock
    bot: Bot
    dispatcher: CountingDispatcher
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    timer: Timer
    show_poster: ShowPoster
    lottery_poster: LotteryPoster
    room_poster: RoomPoster
    script_poster: ScriptPoster
    wish_poster: WishPoster
    joint_poster: JointPoster
    gift_poster: GiftPoster
    entries: EntryDesk
    chat_log: ChatLog
    outbound: OutboundMiddleware
    outbox: Outbox
    background: Background
    in_flight: InFlight
    caches: CacheBus
    cipher: Cipher
    overlay: OverlayHub
    overlay_server: OverlayServer | None = field(default=None, init=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, init=False)
    leadership: Leadership = field(init=False)
    polling: ConfirmingPolling = field(init=False)
    jobs: Jobs = field(init=False)
    _started: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.polling = ConfirmingPolling(self.dispatcher, self.bot)
        self.jobs = Jobs(
            self.timer,
            self.show_poster,
            self.lottery_poster,
            self.room_poster,
            self.gift_poster,
            self.script_poster,
            self.wish_poster,
            self.joint_poster,
            self.settings.card_refresh_seconds,
        )
        self.leadership = Leadership(
            self.engine,
            self.settings.leader_retry_seconds,
            on_elected=self._lead,
            on_deposed=self._stand_by,
        )

    async def _stand_by(self) -> None:
        self.timer.pause()

    async def start(self) -> None:
        """Migrate; then, on the replica that leads, rebuild the timers from the database and
        do what fell due meanwhile."""
        url = self.settings.database_url
        if sqlite_folder_missing(url):
            raise database_problem(url, OSError("unable to open database file"))
        try:
            await migrate(self.engine)
        except (OSError, SQLAlchemyError) as error:
            raise database_problem(url, error) from error
        await self.caches.start()
        await self.leadership.start()
        await self._serve_overlay()
        self._started = True
        logger.info("Liveroom started")

    async def _serve_overlay(self) -> None:
        """With long polling the overlay has a little server of its own (the webhook's serves
        it in webhook mode). A port already taken costs the overlay, never the bot."""
        settings = self.settings
        if settings.webhook_url is not None:
            origin = urlparse(settings.webhook_url)
            self.overlay.base_url = settings.overlay_public_url or (
                f"{origin.scheme}://{origin.netloc}"
            )
            return
        if not settings.overlay_listen:
            return
        server = OverlayServer(self.overlay, settings.overlay_listen)
        try:
            await server.start()
        except OSError as error:
            logger.error(
                "No stream overlay: cannot listen on %s (%s); set OVERLAY_LISTEN",
                settings.overlay_listen,
                error,
            )
            return
        self.overlay_server = server
        self.overlay.base_url = settings.overlay_public_url or f"http://{server.address}"

    async def _lead(self) -> None:
        if self.settings.redis_url is None:
            # The only process (replicas need Redis): a post it finds claimed was being sent
            # when the last process died, so it is sent again now rather than never.
            released = await PostLedger(self.session_factory, self.clock).release_abandoned()
            if released:
                logger.warning("%s post(s) interrupted mid-send will be sent again", released)
        if self.cipher.rotating:
            await self._rotate_keys()
        # The leader sets the command menus: once per start of the fleet, not per replica; in
        # the background, so a Telegram that does not answer never holds up the timers.
        self.background.spawn(
            set_menus(self.bot, self.dispatcher["i18n"], self.settings.default_language), "menus"
        )
        self.timer.start()
        await self.jobs.start()

    async def _rotate_keys(self) -> None:
        """DATA_KEY is "new,old": everything stored is re-encrypted with the new key, after which
        the old one may be dropped (once no replica runs with only the old key)."""
        async with self.session_factory() as session:
            winners = await self.lottery_poster.claims(session).rotate_keys()
            links = await self.overlay.service(session).rotate_keys()
        drafts = 0
        if isinstance(self.dispatcher.storage, EncryptedDialogs):
            drafts = await self.dispatcher.storage.rotate_keys()
        logger.warning(
            "Re-encrypted %s winners' delivery details, %s form drafts and %s overlay links "
            "with the first DATA_KEY; the other keys can be removed from DATA_KEY now",
            winners,
            drafts,
            links,
        )

    async def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        # One grace period for all the waiting (handlers, their background work, the replies
        # still queued), not one each: a stop must end well within systemd's TimeoutStopSec.
        deadline = self.monotonic() + SHUTDOWN_GRACE_SECONDS

        def left() -> float:
            return max(0.0, deadline - self.monotonic())

        handled = await self.in_flight.wait_idle(left())
        if not handled:
            logger.warning("Some handlers were still running at shutdown")
        elif self.settings.webhook_url is None:
            await self.polling.confirm_handled()
        if self.overlay_server is not None:
            await self.overlay_server.stop()
            self.overlay_server = None
        await self.background.close(left())
        await self.outbox.close(left())
        # Leadership first: a replica elected mid-shutdown would start the timers again.
        await self.leadership.stop()
        await self.timer.shutdown()
        await self.show_poster.stop()
        await self.entries.close()
        await self.chat_log.close()
        await self.caches.stop()
        await self.dispatcher.storage.close()
        await self.dispatcher.fsm.events_isolation.close()
        await self.engine.dispose()
        logger.info("Liveroom stopped")

    async def run_due(self) -> None:
        """Do everything that is due now (what the timers do when they fire)."""
        await self.jobs.run_due()

    def allowed_updates(self) -> list[str]:
        return self.dispatcher.resolve_used_update_types()

    async def run_polling(self, handle_signals: bool = True) -> None:
        await self.polling.run(
            self.allowed_updates(),
            self.settings.handler_concurrency,
            handle_signals,
            spacing=self.settings.poll_spacing_ms / 1000,
        )

    def stop_polling(self) -> None:
        self.polling.stop()

    # --- webhook mode ---------------------------------------------------------------------------
    def webhook_application(self) -> web.Application:
        """The aiohttp app Telegram posts updates to: a request without the right secret
        header gets 401; an update is answered 200 only once handled, so a failure is retried."""
        from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

        settings = self.settings
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        secret = settings.webhook_secret.get_secret_value()
        application = web.Application()
        SimpleRequestHandler(
            self.dispatcher, self.bot, secret_token=secret, handle_in_background=False
        ).register(application, path=urlparse(settings.webhook_url).path or "/")
        setup_application(application, self.dispatcher, bot=self.bot)
        add_overlay_routes(application, self.overlay)

        async def register_webhook(_: web.Application) -> None:
            await self.bot.set_webhook(
                settings.webhook_url or "",
                secret_token=secret,
                allowed_updates=self.allowed_updates(),
                max_connections=min(100, settings.handler_concurrency),
            )
            logger.info("Webhook registered: %s", settings.webhook_url)

        application.on_startup.append(register_webhook)

        async def close_bot(_: web.Application) -> None:
            await self.bot.session.close()

        application.on_cleanup.append(close_bot)
        return application

    async def run_webhook(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Serve the webhook on WEBHOOK_LISTEN until `stop` is set (`ready` once listening)."""
        host, _, port = self.settings.webhook_listen.rpartition(":")
        runner = web.AppRunner(
            self.webhook_application(), access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS
        )
        await runner.setup()
        await web.TCPSite(runner, host, int(port)).start()
        logger.info("Listening for Telegram on %s", self.settings.webhook_listen)
        if ready is not None:
            ready.set()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
