"""The live room: announcements, welcomes, banned words, red envelopes, rankings (hosts), and
what the room itself does: video chats starting and ending, newcomers, boosts."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter, Command, CommandObject
from aiogram.types import (
    ChatBoostUpdated,
    ChatMemberUpdated,
    Message,
    MessageReactionUpdated,
    Update,
)

from bot import texts
from bot.admins import AdminChecker
from bot.background import Background
from bot.chatter import like_of
from bot.filters import IN_GROUP, command_source, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.live_room import welcome_text
from bot.posts.room_poster import RoomPoster
from bot.room_lookups import RoomLookups
from domain.clock import Clock
from domain.errors import UserInputError
from domain.lottery import parse_lottery
from domain.milestones import parse_milestone
from domain.moderation import MUTE_FOR, STRIKES_BEFORE_MUTE, parse_words
from domain.popularity import Weights
from domain.rankings import FAN_WEIGHTS, TOP_SIZE, parse_period
from domain.schedule import IdKind, parse_id
from domain.vocabulary import MilestoneState, MilestoneTrigger
from domain.welcome import NAMES_PLACEHOLDER
from services.broadcasts import BroadcastService
from services.chat_log import ChatLog
from services.gifts import GiftService
from services.live_room import LiveRoomService
from services.lottery import LotteryService
from services.popularity import PopularityService
from storage.models import Room


# --- hosts -----------------------------------------------------------------------------------
async def cmd_welcome(
    message: Message,
    room: Room,
    command: CommandObject,
    live_room: LiveRoomService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    action, _, rest = (command.args or "").strip().partition(" ")
    sample = message.from_user.first_name if message.from_user else "Ann"
    match action.lower():
        case "on":
            room = await live_room.set_welcome(room, True)
        case "off":
            room = await live_room.set_welcome(room, False)
        case "text":
            room = await live_room.set_welcome_text(room, rest)
            preview = welcome_text(room, sample, tr)
            reply = tr(texts.WELCOME_TEXT_SET, preview=preview)
            if room.welcome_text and NAMES_PLACEHOLDER not in room.welcome_text:
                reply = f"{reply}\n\n{tr(texts.WELCOME_NAMES_HINT)}"
            await outbox.reply(message, reply)
            return
        case "":
            pass
        case _:
            raise UserInputError(texts.WELCOME_USAGE)
    if room.welcome_enabled:
        preview = welcome_text(room, sample, tr)
        await outbox.reply(message, tr(texts.WELCOME_ON, preview=preview))
    else:
        await outbox.reply(message, tr(texts.WELCOME_OFF))


async def cmd_announce(
    message: Message,
    room: Room,
    command: CommandObject,
    live_room: LiveRoomService,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    text = live_room.check_announcement(command.args or "")
    if not text:
        if room.announcement:
            await outbox.reply(message, tr(texts.ANNOUNCE_CURRENT, announcement=room.announcement))
        else:
            await outbox.reply(message, tr(texts.ANNOUNCE_USAGE))
        return
    if room.announcement_message_id is not None:
        # The old announcement comes down as the new one goes up (unless unpinned by hand).
        with contextlib.suppress(TelegramAPIError):
            await bot.unpin_chat_message(room.chat_id, message_id=room.announcement_message_id)
    if text.lower() == "off":
        if not room.announcement:
            await outbox.reply(message, tr(texts.ANNOUNCE_NONE))
            return
        await live_room.set_announcement(room, None, None)
        await outbox.reply(message, tr(texts.ANNOUNCE_REMOVED))
        return
    posted = await bot.send_message(room.chat_id, tr(texts.ANNOUNCEMENT, announcement=text))
    await live_room.set_announcement(room, text, posted.message_id)
    try:
        await bot.pin_chat_message(room.chat_id, posted.message_id, disable_notification=True)
    except TelegramAPIError:
        await outbox.reply(message, tr(texts.ERR_CANNOT_PIN))


async def cmd_banword(
    message: Message,
    room: Room,
    command: CommandObject,
    live_room: LiveRoomService,
    room_lookups: RoomLookups,
    tr: Translator,
    outbox: Outbox,
) -> None:
    action, _, rest = (command.args or "").strip().partition(" ")
    match action.lower():
        case "add":
            words = parse_words(rest)
            await live_room.ban(room, words)
            room_lookups.forget_banned_words(room.chat_id)
            reply = tr(
                texts.BANWORD_ADDED,
                words=tr.join(words),
                limit=STRIKES_BEFORE_MUTE,
                minutes=int(MUTE_FOR.total_seconds() // 60),
            )
        case "remove":
            change = await live_room.unban(room, parse_words(rest))
            room_lookups.forget_banned_words(room.chat_id)
            reply = (
                tr(texts.BANWORD_REMOVED, words=tr.join(change.changed))
                if change.changed
                else tr(texts.BANWORD_NOT_FOUND, words=tr.join(change.unchanged))
            )
        case "list":
            words = list((await live_room.banned_words(room.chat_id)).words)
            reply = (
                tr(
                    texts.BANWORD_LIST,
                    count=len(words),
                    words=tr.join(words),
                )
                if words
                else tr(texts.BANWORD_LIST_EMPTY)
            )
        case _:
            raise UserInputError(texts.BANWORD_USAGE)
    await outbox.reply(message, reply)


async def cmd_milestone(
    message: Message,
    room: Room,
    command: CommandObject,
    live_room: LiveRoomService,
    room_poster: RoomPoster,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
    background: Background,
    event_update: Update,
) -> None:
    args = (command.args or "").strip()
    if not args:
        await outbox.reply(message, await _milestones_text(room, live_room, tr))
        return
    action, _, rest = args.partition(" ")
    if action.lower() == "cancel":
        if not rest.strip():
            raise UserInputError(texts.MILESTONE_CANCEL_USAGE)
        milestone_id = parse_id(rest, IdKind.ENVELOPE)
        await live_room.disarm(room, milestone_id)
        await outbox.reply(message, tr(texts.MILESTONE_CANCELLED, id=milestone_id))
        return
    request = parse_milestone(args)
    source = command_source(message, event_update)
    if request.trigger is MilestoneTrigger.BOOST:
        milestone = await live_room.arm(room, request, source, host_of(message))
        await outbox.reply(
            message, tr(texts.MILESTONE_ARMED_BOOST, id=milestone.id, prize=request.lottery.prize)
        )
        return
    members = await bot.get_chat_member_count(room.chat_id)
    milestone = await live_room.arm(room, request, source, host_of(message), members)
    await outbox.reply(
        message,
        tr(
            texts.MILESTONE_ARMED_MEMBERS,
            id=milestone.id,
            threshold=request.threshold,
            prize=request.lottery.prize,
            members=members,
        ),
    )
    # The count just fetched is the estimate joins add to (a passed threshold was refused).
    background.spawn(
        room_poster.member_count_changed(room.chat_id, joined=False, members=members),
        f"members:{room.chat_id}",
    )


async def _milestones_text(room: Room, live_room: LiveRoomService, tr: Translator) -> str:
    armed = await live_room.armed(room)
    if not armed:
        return tr(texts.MILESTONE_NONE)
    lines = [tr(texts.MILESTONE_LIST_HEADER)]
    for milestone in armed:
        prize = parse_lottery(milestone.lottery_args).prize  # checked when it was armed
        if milestone.state is MilestoneState.REACHED:
            lines.append(tr(texts.MILESTONE_ITEM_WAITING, id=milestone.id, prize=prize))
        elif milestone.trigger is MilestoneTrigger.BOOST:
            lines.append(tr(texts.MILESTONE_ITEM_BOOST, id=milestone.id, prize=prize))
        elif milestone.trigger is MilestoneTrigger.GIFT:
            lines.append(
                tr(
                    texts.MILESTONE_ITEM_GIFT,
                    id=milestone.id,
                    threshold=milestone.threshold,
                    prize=prize,
                )
            )
        else:
            lines.append(
                tr(
                    texts.MILESTONE_ITEM_MEMBERS,
                    id=milestone.id,
                    threshold=milestone.threshold,
                    prize=prize,
                )
            )
    return "\n".join(lines)


async def cmd_top(
    message: Message,
    room: Room,
    command: CommandObject,
    live_room: LiveRoomService,
    gifts: GiftService,
    popularity: PopularityService,
    admin_checker: AdminChecker,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    period, length = parse_period(command.args)
    room_weights = Weights.from_json(room.popularity_weights)
    lines: list[str] = []
    for activity in await live_room.ranking(room, length):
        if len(lines) == TOP_SIZE:
            break
        if await admin_checker.is_admin(bot, room.chat_id, activity.user_id):
            continue  # the ranking is of fans, not of the host and moderators
        lines.append(
            tr(
                texts.TOP_ITEM,
                rank=len(lines) + 1,
                name=activity.name,
                points=tr.plural(texts.POINTS, activity.points),
                chat=activity.chat_minutes,
                likes=activity.likes,
                invites=activity.invites,
                stars=activity.stars,
            )
        )
    header = tr(texts.TOP_HEADER_HOUR if period == "hour" else texts.TOP_HEADER_WEEK)
    on_air = await popularity.on_air(room)
    if on_air.show is not None:
        header = f"{tr(texts.TOP_SHOW_POPULARITY, score=on_air.score)}\n{header}"
    # Gifts beside activity: who gave most Stars in the same period (refunds left out).
    givers = [
        tr(texts.TOP_GIFTS_ITEM, rank=rank, name=name or tr(texts.ANONYMOUS_GIVER), stars=stars)
        for rank, (_, name, stars) in enumerate(
            (await gifts.top_givers(room, length))[:TOP_SIZE], start=1
        )
    ]
    gift_board = ["", tr(texts.TOP_GIFTS_HEADER), *givers] if givers else []
    if not lines:
        await outbox.reply(message, "\n".join([header, tr(texts.TOP_EMPTY), *gift_board]))
        return
    footer = tr(texts.TOP_FOOTER, weights=room_weights.text(FAN_WEIGHTS))
    await outbox.reply(message, "\n".join([header, *lines, "", footer, *gift_board]))


# --- the room itself -------------------------------------------------------------------------
async def on_video_chat_started(
    message: Message,
    broadcasts: BroadcastService,
    room_poster: RoomPoster,
    tr: Translator,
) -> None:
    room = await broadcasts.room(message.chat.id, message.chat.title or "")
    await room_poster.video_chat_started(room, message.message_id, tr)


async def on_video_chat_ended(
    message: Message,
    broadcasts: BroadcastService,
    room_poster: RoomPoster,
    tr: Translator,
) -> None:
    ended = message.video_chat_ended
    assert ended is not None
    room = await broadcasts.room(message.chat.id, message.chat.title or "")
    await room_poster.video_chat_ended(
        room, message.message_id, timedelta(seconds=ended.duration), host_of(message), tr
    )


async def on_join(
    event: ChatMemberUpdated,
    broadcasts: BroadcastService,
    lotteries: LotteryService,
    live_room: LiveRoomService,
    room_poster: RoomPoster,
    background: Background,
) -> None:
    """Someone joined: a share lottery credits whoever invited them, the welcome will name
    them, and a red envelope waiting for a member count may open."""
    newcomer = event.new_chat_member.user
    if newcomer.is_bot:
        return
    if event.invite_link is not None:
        await lotteries.credit_share(event.invite_link.invite_link, newcomer.id, event.date)
    room = await broadcasts.room(event.chat.id, event.chat.title or "")
    if await live_room.record_join(room, newcomer.id, newcomer.first_name, event.date):
        room_poster.plan_welcome(room.chat_id, event.date)
    background.spawn(room_poster.member_count_changed(room.chat_id), f"members:{room.chat_id}")


async def on_boost(event: ChatBoostUpdated, room_poster: RoomPoster) -> None:
    booster = getattr(event.boost.source, "user", None)
    await room_poster.boosted(
        event.chat.id,
        event.boost.boost_id,
        booster.id if booster else None,
        booster.first_name if booster else "",
        event.boost.add_date,
    )


def create_host_router() -> Router:
    router = Router(name="live_room.host")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_welcome, Command("welcome"))
    router.message.register(cmd_announce, Command("announce"))
    router.message.register(cmd_banword, Command("banword"))
    router.message.register(cmd_milestone, Command("milestone"))
    router.message.register(cmd_top, Command("top"))
    return router


async def on_reaction(
    event: MessageReactionUpdated, chat_log: ChatLog, clock: Clock, event_update: Update
) -> None:
    """A fan's reaction on a message in the room is a like (one per fan and message, taken back
    when removed), and makes them active this minute. Telegram tells bots of reactions only
    where they are admins, and they cannot be read later: they are counted as they come."""
    like = like_of(event, event_update.update_id, clock.now())
    if like is not None:
        await chat_log.reacted(like)


def create_room_router() -> Router:
    router = Router(name="live_room.room")
    router.message_reaction.register(on_reaction, IN_GROUP)
    router.message.register(on_video_chat_started, F.video_chat_started, IN_GROUP)
    router.message.register(on_video_chat_ended, F.video_chat_ended, IN_GROUP)
    router.chat_member.register(on_join, ChatMemberUpdatedFilter(JOIN_TRANSITION), IN_GROUP)
    router.chat_boost.register(on_boost)
    return router
