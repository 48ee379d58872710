"""The composition root: builds the Bot, the Dispatcher and everything they depend on."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import DisabledEventIsolation
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.admins import AdminChecker, TelegramRoomAdmins
from bot.background import Background
from bot.caches import CacheBus, RedisCacheBus
from bot.chatter import RoomChatterMiddleware, RoomPressesMiddleware
from bot.fast_path import CrowdFastPath
from bot.fsm_storage import DatabaseStorage
from bot.guesses import PasswordGuesses
from bot.human_check import HumanCheck
from bot.i18n import create_i18n
from bot.middlewares import (
    DbSessionMiddleware,
    LocaleMiddleware,
    PrivateChatMiddleware,
    RoomLanguages,
    SecretCommandMiddleware,
    ServicesMiddleware,
    UserInputErrorMiddleware,
)
from bot.moderation import Moderator
from bot.outbound import OutboundMiddleware
from bot.outbox import Outbox
from bot.overlay.hub import OverlayHub
from bot.payments import InvoiceLinks, PreCheckoutMiddleware
from bot.polling import CountingDispatcher, InFlight
from bot.posts.gift_poster import GiftPoster
from bot.posts.joint_poster import JointPoster
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.poster import PosterContext
from bot.posts.room_poster import RoomPoster
from bot.posts.script_poster import ScriptPoster
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from bot.ratelimit import Limiter, RateLimiter, RateLimits
from bot.room_lookups import RoomLookups
from bot.settings import Settings
from bot.shared_limiter import SharedRateLimiter
from bot.shared_window import RedisWindow
from domain.clock import Clock, SystemClock
from domain.eligibility import EligibilityRule
from domain.fairplay import CHECK_TRIES_PER_MINUTE
from domain.lottery import GuessLimiter
from domain.moderation import WARNINGS_PER_MINUTE, WarningBudget
from domain.window import LocalWindow, Window
from handlers import create_routers
from handlers.roles import DispatcherRoles
from liveroom.application import App
from scheduler.timer import Timer
from services.charts import ChartService
from services.chat_log import ChatLog
from services.crypto import Cipher
from services.entries import EntryDesk
from services.fairplay import FairPlayService
from services.fanclub import ClubStandings, FanClubService
from services.gifts import GiftService
from services.goals import GoalService
from services.overlay import OverlayService
from services.popularity import PopularityService
from services.rooms import RoomService
from services.scripts import ScriptService
from services.stats import StatsService
from services.wishes import WishService
from storage.db import POOL_HEADROOM, create_engine, create_session_factory
from storage.dialogs import DialogRecords
from storage.entry_writer import EntryWriter

if TYPE_CHECKING:
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)
WAKE_UP_TOPIC = "wake"


def create_bot(settings: Settings, outbound: OutboundMiddleware) -> Bot:
    token = settings.token
    if token is None:
        raise ValueError("BOT_TOKEN is required to create the bot")
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.bot_api_url),
        timeout=settings.request_timeout_seconds,
    )
    session.middleware(outbound)
    return Bot(token, session=session)


def _redis(settings: Settings) -> Redis | None:
    """With Redis, replicas share the limiter, dialogs, per-user ordering and cache news.
    Each update handled at once may hold two connections (its user's lock and the dialog
    storage); redis-py's default pool of 100 would fail a crowd with "Too many connections"."""
    if not settings.redis_url:
        return None
    from bot import replicas  # only with Redis: see bot/replicas.py

    return replicas.connect(
        settings.redis_url, max_connections=2 * settings.handler_concurrency + POOL_HEADROOM
    )


def _window(redis: Redis | None, limit: int) -> Window:
    """Counters that must hold over all replicas (guess caps, warning budgets): in Redis when
    there is one, else in this process."""
    return RedisWindow(redis, limit) if redis is not None else LocalWindow(limit)


def _timer(caches: CacheBus, replicas: bool) -> Timer:
    timer = Timer()
    if replicas:
        # Wake-ups a standby replica plans reach the leader, which alone runs the timer.
        timer.relay = lambda text: caches.tell(WAKE_UP_TOPIC, text)
        caches.on_text(WAKE_UP_TOPIC, timer.received)
    return timer


def _dialog_storage(
    redis: Redis | None, session_factory: async_sessionmaker[AsyncSession], cipher: Cipher
) -> tuple[BaseStorage, BaseEventIsolation]:
    """Dialogs (a winner's delivery form) survive restarts: in the database, or in Redis."""
    if redis is None:
        return DatabaseStorage(DialogRecords(session_factory), cipher), DisabledEventIsolation()
    from bot import replicas  # only with Redis: see bot/replicas.py

    return replicas.dialogs(redis, cipher)


def _script_poster(
    context: PosterContext, show_poster: ShowPoster, lottery_poster: LotteryPoster
) -> ScriptPoster:
    """The run-of-show's cues: its clock starts when its show goes live."""
    script_poster = ScriptPoster(context, lottery_poster, lottery_poster.service)
    show_poster.live_listeners.append(script_poster.show_live)
    return script_poster


def _watch_the_room(
    dispatcher: CountingDispatcher,
    chatter: RoomChatterMiddleware,
    chat_log: ChatLog,
    room_poster: RoomPoster,
    clock: Clock,
) -> None:
    """Fans' messages are moderated and counted, a password command is taken down, and fans'
    presses are counted as activity, before any handler; fans' likes move the room's goals."""
    dispatcher.message.outer_middleware(chatter)
    dispatcher.message.outer_middleware(SecretCommandMiddleware())
    dispatcher.callback_query.outer_middleware(RoomPressesMiddleware(chat_log, clock))
    chat_log.liked_listeners.append(room_poster.goals_moved)


def create_app(settings: Settings, clock: Clock | None = None) -> App:
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, settings.handler_concurrency)
    session_factory = create_session_factory(engine)

    async def on_forbidden(chat_id: int | str) -> None:
        # A private chat answered 403: the user blocked the bot, so stop writing to them.
        if isinstance(chat_id, int) and chat_id > 0:
            async with session_factory() as session:
                await RoomService(session).set_blocked(chat_id, True)

    limits = RateLimits(
        global_per_second=settings.rate_global_per_second,
        group_per_minute=settings.rate_group_per_minute,
        private_per_second=settings.rate_private_per_second,
    )
    redis = _redis(settings)
    limiter: Limiter = SharedRateLimiter(redis, limits) if redis else RateLimiter(limits)
    caches = RedisCacheBus(redis) if redis else CacheBus()
    outbound = OutboundMiddleware(limiter, settings.max_retries_on_429, on_forbidden)
    bot = create_bot(settings, outbound)
    i18n = create_i18n(settings.default_language)
    if not settings.data_keys:
        raise ValueError("DATA_KEY is required: it encrypts winners' delivery details")
    cipher = Cipher(settings.data_keys)
    timer = _timer(caches, replicas=redis is not None)
    outbox = Outbox(bot)
    background = Background()
    context = PosterContext(
        bot=bot,
        outbox=outbox,
        session_factory=session_factory,
        clock=clock,
        i18n=i18n,
        planner=timer,
        default_timezone=settings.default_timezone,
        default_language=settings.default_language,
        caches=caches,
    )
    show_poster = ShowPoster(
        context,
        trailer_lead=timedelta(hours=settings.trailer_lead_hours),
        late_notice=timedelta(minutes=settings.late_notice_minutes),
        show_max_length=timedelta(hours=settings.show_max_hours),
    )
    lookups = RoomLookups(session_factory, clock, caches)
    admin_checker = AdminChecker(clock, settings.admin_cache_seconds, caches)
    entries = EntryDesk(
        EntryWriter(session_factory),
        TelegramRoomAdmins(admin_checker, bot),
        ClubStandings(session_factory),
        lookups,
    )
    chat_log = ChatLog(session_factory)
    lottery_poster = LotteryPoster(
        context,
        draw_delay=timedelta(seconds=settings.draw_delay_seconds),
        card_refresh_seconds=settings.card_refresh_seconds,
        claim_hours=settings.claim_hours,
        retention=timedelta(days=settings.retention_days),
        cipher=cipher,
        entries=entries,
        lookups=lookups,
    )
    wish_poster, joint_poster = (
        WishPoster(context, open_for=timedelta(hours=settings.wishes_poll_hours)),
        JointPoster(context, show_poster),
    )
    room_poster = RoomPoster(
        context,
        show_poster,
        lottery_poster,
        lookups,
        welcome_interval=timedelta(seconds=settings.welcome_interval_seconds),
        wish_poster=wish_poster,
        fan_club_idle=timedelta(days=settings.fan_club_idle_days),
    )
    script_poster = _script_poster(context, show_poster, lottery_poster)
    gift_poster = GiftPoster(
        context, room_poster, thanks_interval=timedelta(seconds=settings.gift_thanks_seconds)
    )
    pre_checkout = PreCheckoutMiddleware(session_factory, clock, i18n, settings.default_language)
    moderator = Moderator(
        bot, session_factory, clock, outbox, WarningBudget(_window(redis, WARNINGS_PER_MINUTE))
    )
    overlay = OverlayHub(
        session_factory, clock, cipher, i18n, caches, settings.overlay_pages_per_link
    )
    rule = EligibilityRule(
        settings.eligibility_shows, settings.eligibility_minutes, settings.eligibility_fans
    )
    in_flight = InFlight()
    storage, isolation = _dialog_storage(redis, session_factory, cipher)
    room_languages = RoomLanguages(caches)
    # Every role a handler may name, described once in handlers/roles.py.
    roles: DispatcherRoles = {
        "settings": settings,
        "clock": clock,
        "i18n": i18n,
        "admin_checker": admin_checker,
        "show_poster": show_poster,
        "lottery_poster": lottery_poster,
        "room_poster": room_poster,
        "script_poster": script_poster,
        "wish_poster": wish_poster,
        "joint_poster": joint_poster,
        "room_lookups": lookups,
        "gift_poster": gift_poster,
        "invoice_links": InvoiceLinks(),
        "overlay_pages": overlay,
        "pre_checkout": pre_checkout,
        "password_guesses": PasswordGuesses(
            entries,
            GuessLimiter(_window(redis, settings.password_guesses_per_minute), _window(redis, 1)),
            outbox,
            i18n,
            settings.default_language,
        ),
        "human_check": HumanCheck(_window(redis, CHECK_TRIES_PER_MINUTE)),
        "outbox": outbox,
        "background": background,
        "default_timezone": settings.default_timezone,
        "default_language": settings.default_language,
        "room_languages": room_languages,
        "chat_log": chat_log,
    }
    # The FSM middleware (a dialog's state, and with Redis a per-user lock) is registered below,
    # after pre-checkouts, which need none.
    dispatcher = CountingDispatcher(
        in_flight, storage=storage, events_isolation=isolation, disable_fsm=True, **roles
    )
    dispatcher.shortcut = CrowdFastPath(
        lookups,
        entries,
        dispatcher["password_guesses"],
        chat_log,
        clock,
        i18n,
        settings.default_language,
    ).take
    # After aiogram's own errors and user-context middlewares (the Dispatcher's first two):
    # pre-checkout queries, which Telegram cancels if not answered within 10 s, before any
    # per-user lock could hold one up; then the FSM's.
    for middleware in (
        pre_checkout,
        dispatcher.fsm,
        DbSessionMiddleware(
            session_factory,
            {
                "broadcasts": show_poster.service,
                "lotteries": lottery_poster.service,
                "claims": lottery_poster.claims,
                "live_room": room_poster.service,
                "rooms": RoomService,
                "gifts": lambda session: GiftService(session, clock),
                "overlay": lambda session: OverlayService(session, clock, cipher),
                "scripts": lambda session: ScriptService(
                    session, clock, timedelta(hours=settings.show_max_hours)
                ),
                "stats": lambda session: StatsService(session, rule),
                "popularity": lambda session: PopularityService(session, clock),
                "goals": lambda session: GoalService(session, clock),
                "charts": lambda session: ChartService(session, clock),
                "fair_play": lambda session: FairPlayService(session, clock),
                "joints": joint_poster.service,
                "fan_club": lambda session: FanClubService(
                    session, clock, timedelta(days=settings.fan_club_idle_days)
                ),
                "wishes": lambda session: WishService(
                    session, clock, show_poster.service(session)
                ),
            },
        ),
        PrivateChatMiddleware(clock, settings.default_language),
        LocaleMiddleware(
            i18n, settings.default_language, settings.default_timezone, room_languages, clock
        ),
        UserInputErrorMiddleware(),
    ):
        dispatcher.update.outer_middleware(middleware)
    handing_over = ServicesMiddleware()
    for name, observer in dispatcher.observers.items():
        if name not in {"update", "error"}:
            observer.middleware(handing_over)
    _watch_the_room(
        dispatcher,
        RoomChatterMiddleware(lookups, moderator, chat_log),
        chat_log,
        room_poster,
        clock,
    )
    dispatcher.include_routers(*create_routers())
    app = App(
        settings=settings,
        clock=clock,
        bot=bot,
        dispatcher=dispatcher,
        engine=engine,
        session_factory=session_factory,
        timer=timer,
        show_poster=show_poster,
        lottery_poster=lottery_poster,
        room_poster=room_poster,
        script_poster=script_poster,
        wish_poster=wish_poster,
        joint_poster=joint_poster,
        gift_poster=gift_poster,
        entries=entries,
        chat_log=chat_log,
        outbound=outbound,
        outbox=outbox,
        background=background,
        in_flight=in_flight,
        caches=caches,
        cipher=cipher,
        overlay=overlay,
    )
    dispatcher.startup.register(app.start)
    dispatcher.shutdown.register(app.stop)
    return app
