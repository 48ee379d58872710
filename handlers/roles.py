"""Every dependency a handler may ask for, by the parameter name it takes: one typed mapping,
after aiogram's MiddlewareData. A handler names a role (`lotteries: LotteryService`) and aiogram
passes it in. Roles are set once per Dispatcher (liveroom/wiring.py builds them from this
mapping) or per update by a middleware (bot/middlewares.py; a use-case is built only for the
handler that names it). The update's database session is the middlewares' own: no handler
takes it."""

from __future__ import annotations

from aiogram.dispatcher.middlewares.data import MiddlewareData
from aiogram.utils.i18n import I18n

from bot.admins import AdminChecker
from bot.background import Background
from bot.guesses import PasswordGuesses
from bot.human_check import HumanCheck
from bot.i18n import Translator
from bot.middlewares import RoomLanguages
from bot.outbox import Outbox
from bot.overlay.hub import OverlayHub
from bot.payments import InvoiceLinks, PreCheckoutMiddleware
from bot.posts.gift_poster import GiftPoster
from bot.posts.joint_poster import JointPoster
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.room_poster import RoomPoster
from bot.posts.script_poster import ScriptPoster
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from bot.room_lookups import RoomLookups
from bot.settings import Settings
from domain.clock import Clock
from services.broadcasts import BroadcastService
from services.charts import ChartService
from services.chat_log import ChatLog
from services.claims import ClaimService
from services.fairplay import FairPlayService
from services.fanclub import FanClubService
from services.gifts import GiftService
from services.goals import GoalService
from services.joint import JointService
from services.live_room import LiveRoomService
from services.lottery import LotteryService
from services.overlay import OverlayService
from services.popularity import PopularityService
from services.rooms import RoomService
from services.scripts import ScriptService
from services.stats import StatsService
from services.wishes import WishService
from storage.models import Room


class DispatcherRoles(MiddlewareData, total=False):
    """Set once, when the Dispatcher is made."""

    settings: Settings
    clock: Clock
    i18n: I18n
    admin_checker: AdminChecker
    show_poster: ShowPoster
    lottery_poster: LotteryPoster
    room_poster: RoomPoster
    script_poster: ScriptPoster  # the run-of-show's cues
    wish_poster: WishPoster  # the goodbye poll on the next theme
    joint_poster: JointPoster  # joint shows: both hosts told, battles settled
    room_lookups: RoomLookups  # a room's running lottery and banned words, cached
    gift_poster: GiftPoster
    invoice_links: InvoiceLinks
    overlay_pages: OverlayHub  # the open overlay pages, and where OBS finds them
    pre_checkout: PreCheckoutMiddleware
    password_guesses: PasswordGuesses  # a guess in a room whose password lottery runs
    human_check: HumanCheck  # the tap-the-emoji check on Join (/fairplay check on)
    outbox: Outbox  # replies and room posts, paced per room
    background: Background  # work a handler starts and does not wait for
    default_timezone: str
    default_language: str
    room_languages: RoomLanguages
    chat_log: ChatLog  # fans' messages, presses and reactions, counted in batches


class Roles(DispatcherRoles, total=False):
    """…and per update: the use-cases over the update's session, the reader's texts, the room."""

    broadcasts: BroadcastService
    lotteries: LotteryService
    claims: ClaimService
    live_room: LiveRoomService
    rooms: RoomService
    gifts: GiftService
    overlay: OverlayService
    scripts: ScriptService
    popularity: PopularityService
    goals: GoalService
    charts: ChartService
    fan_club: FanClubService
    fair_play: FairPlayService
    joints: JointService
    stats: StatsService
    wishes: WishService
    tr: Translator  # the room's language in a group, the person's in a private chat
    personal_tr: Translator  # always the person's own language
    room: Room  # host commands in a group
