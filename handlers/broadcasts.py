"""Scheduling shows (hosts) and "Remind me" (fans)."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from aiogram.utils.deep_linking import create_start_link

from bot import texts
from bot.background import Background
from bot.ephemeral import edit_text
from bot.filters import IN_GROUP, IN_PRIVATE, command_source, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.show_poster import ShowPoster
from bot.render import (
    REMIND_PAYLOAD_PREFIX,
    LeaveReminders,
    RemindMe,
    local_clock,
    local_datetime,
    local_datetime_zoned,
    payload_id,
    weekday_name,
)
from domain.clock import Clock
from domain.errors import UserInputError
from domain.schedule import IdKind, OneOffRequest, WeeklyRequest, parse_id, parse_schedule, zone
from domain.vocabulary import PostState
from services.broadcasts import BroadcastService, RemindResult, ShowChange
from services.rooms import RoomService
from storage.models import Broadcast, Room


def _trailer_when(broadcast: Broadcast, room: Room, clock: Clock, tr: Translator) -> str:
    if broadcast.trailer_state == PostState.SENT:
        return tr(texts.TRAILER_UPDATED)
    if broadcast.trailer_at <= clock.now():
        return tr(texts.TRAILER_NOW)
    return local_datetime(broadcast.trailer_at, room.timezone, tr.locale)


async def cmd_schedule(
    message: Message,
    room: Room,
    command: CommandObject,
    broadcasts: BroadcastService,
    show_poster: ShowPoster,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
    background: Background,
    event_update: Update,
) -> None:
    request = parse_schedule(command.args, zone(room.timezone), clock.now())
    source = command_source(message, event_update)
    await schedule_and_confirm(
        message, source, room, request, broadcasts, show_poster, clock, tr, outbox, background
    )


async def schedule_and_confirm(
    message: Message,
    source: int,
    room: Room,
    request: OneOffRequest | WeeklyRequest,
    broadcasts: BroadcastService,
    show_poster: ShowPoster,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
    background: Background,
) -> None:
    """Schedule (once per `source`), plan its wake-ups, and tell the room when what happens."""
    result = await broadcasts.schedule(room, request, source, host_of(message))
    broadcast = result.broadcast
    show_poster.plan(broadcast)
    start = local_datetime(broadcast.starts_at, room.timezone, tr.locale)
    trailer = _trailer_when(broadcast, room, clock, tr)
    if isinstance(request, WeeklyRequest):
        text = tr(
            texts.SCHEDULED_WEEKLY,
            title=broadcast.title,
            weekday=weekday_name(request.weekday, tr.locale),
            time=local_clock(request.local_time, tr.locale),
            timezone=room.timezone,
            id=broadcast.id,
            start=start,
            trailer=trailer,
        )
    else:
        text = tr(
            texts.SCHEDULED,
            id=broadcast.id,
            title=broadcast.title,
            start=start,
            timezone=room.timezone,
            trailer=trailer,
        )
    if result.twin is not None:
        text = f"{text}\n\n{tr(texts.SCHEDULED_TWIN, id=result.twin.id)}"
    await outbox.reply(message, text)
    # A show due within the lead time gets its trailer now rather than at the next wake-up.
    if broadcast.trailer_at <= clock.now():
        background.spawn(show_poster.run_due(), f"trailer:{broadcast.id}")


async def cmd_broadcasts(
    message: Message,
    room: Room,
    broadcasts: BroadcastService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    upcoming = await broadcasts.upcoming(room)
    if not upcoming:
        await outbox.reply(message, tr(texts.BROADCASTS_NONE))
        return
    lines = [tr(texts.BROADCASTS_HEADER, timezone=room.timezone)]
    for broadcast in upcoming:
        line = tr(
            texts.BROADCASTS_ITEM,
            id=broadcast.id,
            start=local_datetime(broadcast.starts_at, room.timezone, tr.locale),
            title=broadcast.title,
        )
        if broadcast.slot_id is not None:
            line += tr(texts.BROADCASTS_WEEKLY_MARK)
        lines.append(line)
    await outbox.reply(message, "\n".join(lines))


async def cmd_cancel(
    message: Message,
    room: Room,
    command: CommandObject,
    broadcasts: BroadcastService,
    show_poster: ShowPoster,
    tr: Translator,
    outbox: Outbox,
    background: Background,
) -> None:
    parts = (command.args or "").split()
    if not parts:
        await outbox.reply(message, tr(texts.ERR_CANCEL_USAGE))
        return
    whole_series = len(parts) == 2 and parts[1].lower() == "all"
    if len(parts) > 2 or (len(parts) == 2 and not whole_series):
        # "/cancel 1 2" would cancel only 1: one show per command, said rather than guessed.
        raise UserInputError(texts.ERR_CANCEL_EXTRA, extra=" ".join(parts[1:]))
    show_id = parse_id(parts[0], IdKind.SHOW)
    result = await broadcasts.cancel(room, show_id, whole_series=whole_series)
    broadcast = result.broadcast
    show_poster.unplan(broadcast.id)
    change = ShowChange.CANCELLED if result.next_occurrence is None else ShowChange.SKIPPED
    following_id = result.next_occurrence.id if result.next_occurrence is not None else None
    background.spawn(
        show_poster.tell_change(broadcast.id, change, following_id), f"cancel:{show_id}"
    )
    start = local_datetime(broadcast.starts_at, room.timezone, tr.locale)
    if result.series_stopped:
        text = tr(texts.SERIES_STOPPED, title=broadcast.title, id=broadcast.id)
    elif result.next_occurrence is not None:
        following = result.next_occurrence
        show_poster.plan(following)
        text = tr(
            texts.CANCELLED_OCCURRENCE,
            id=broadcast.id,
            title=broadcast.title,
            start=start,
            next_id=following.id,
            next_start=local_datetime(following.starts_at, room.timezone, tr.locale),
        )
    elif broadcast.trailer_state == PostState.SENT:
        # Its trailer is in the room already: it is edited to say so, and its list is told.
        text = tr(texts.CANCELLED_AFTER_TRAILER, id=broadcast.id, title=broadcast.title)
    else:
        text = tr(texts.CANCELLED, id=broadcast.id, title=broadcast.title)
    await outbox.reply(message, text)


async def cmd_reschedule(
    message: Message,
    room: Room,
    command: CommandObject,
    broadcasts: BroadcastService,
    show_poster: ShowPoster,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
    background: Background,
) -> None:
    parts = (command.args or "").split()
    if len(parts) != 3:
        await outbox.reply(message, tr(texts.ERR_RESCHEDULE_USAGE))
        return
    broadcast = await broadcasts.reschedule(
        room, parse_id(parts[0], IdKind.SHOW), parts[1], parts[2]
    )
    show_poster.plan(broadcast)
    background.spawn(
        show_poster.tell_change(broadcast.id, ShowChange.MOVED), f"move:{broadcast.id}"
    )
    await outbox.reply(
        message,
        tr(
            texts.RESCHEDULED,
            id=broadcast.id,
            title=broadcast.title,
            start=local_datetime(broadcast.starts_at, room.timezone, tr.locale),
            timezone=room.timezone,
            trailer=_trailer_when(broadcast, room, clock, tr),
        ),
    )
    if broadcast.trailer_at <= clock.now():
        background.spawn(show_poster.run_due(), f"trailer:{broadcast.id}")


async def cb_remind_me(
    query: CallbackQuery,
    callback_data: RemindMe,
    broadcasts: BroadcastService,
    rooms: RoomService,
    bot: Bot,
    personal_tr: Translator,
) -> None:
    user = await rooms.user(query.from_user.id)
    if user is None or not user.reachable:
        # Telegram won't let us write first: send them to our private chat, where /start
        # with this payload registers the reminder.
        broadcast = await broadcasts.get(callback_data.broadcast_id)
        if broadcast is None or broadcast.status != "scheduled":
            await query.answer(personal_tr(texts.REMIND_UNAVAILABLE), show_alert=True)
            return
        link = await create_start_link(bot, f"{REMIND_PAYLOAD_PREFIX}{callback_data.broadcast_id}")
        await query.answer(url=link)
        return
    result, _ = await broadcasts.remind(callback_data.broadcast_id, query.from_user.id)
    text = {
        RemindResult.ADDED: texts.REMIND_ADDED,
        RemindResult.ALREADY: texts.REMIND_ALREADY,
        RemindResult.UNAVAILABLE: texts.REMIND_UNAVAILABLE,
    }[result]
    await query.answer(personal_tr(text), show_alert=result is RemindResult.UNAVAILABLE)


async def cmd_start_remind(
    message: Message,
    command: CommandObject,
    broadcasts: BroadcastService,
    rooms: RoomService,
    default_timezone: str,
    tr: Translator,
    outbox: Outbox,
) -> None:
    user = message.from_user
    broadcast_id = payload_id(command.args, REMIND_PAYLOAD_PREFIX)
    if user is None or broadcast_id is None:
        await outbox.answer(message, tr(texts.BAD_START_LINK))
        return
    result, broadcast = await broadcasts.remind(broadcast_id, user.id)
    if result is RemindResult.UNAVAILABLE or broadcast is None:
        await outbox.answer(message, tr(texts.REMIND_UNAVAILABLE))
        return
    timezone = await rooms.timezone_of(broadcast.room_chat_id, default_timezone)
    await outbox.answer(
        message,
        tr(
            texts.REMIND_CONFIRMED,
            title=broadcast.title,
            start=local_datetime(broadcast.starts_at, timezone, tr.locale),
            timezone=timezone,
        ),
    )


async def cmd_reminders(
    message: Message,
    broadcasts: BroadcastService,
    rooms: RoomService,
    default_timezone: str,
    tr: Translator,
) -> None:
    """In private: the shows this fan will be reminded of, each with a button to leave."""
    user = message.from_user
    shows = await broadcasts.reminders_of(user.id) if user is not None else []
    if not shows:
        await message.answer(tr(texts.REMINDERS_NONE))
        return
    await message.answer(tr(texts.REMINDERS_HEADER))
    for show in shows:
        timezone = await rooms.timezone_of(show.room_chat_id, default_timezone)
        start = local_datetime_zoned(show.starts_at, timezone, tr.locale)
        leave = InlineKeyboardButton(
            text=tr(texts.BUTTON_LEAVE_REMINDERS),
            callback_data=LeaveReminders(broadcast_id=show.id).pack(),
        )
        await message.answer(
            tr(texts.REMINDERS_ITEM, title=show.title, start=start),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[leave]]),
        )


async def cb_leave_reminders(
    query: CallbackQuery,
    callback_data: LeaveReminders,
    broadcasts: BroadcastService,
    bot: Bot,
    personal_tr: Translator,
) -> None:
    left = await broadcasts.stop_reminding(callback_data.broadcast_id, query.from_user.id)
    await query.answer(personal_tr(texts.REMINDERS_LEFT if left else texts.REMINDERS_NOT_ON))
    if isinstance(query.message, Message):
        with suppress(TelegramBadRequest):  # already edited by an earlier press
            await bot(edit_text(query.message, personal_tr(texts.REMINDERS_LEFT)))


async def on_video_chat_scheduled(
    message: Message,
    broadcasts: BroadcastService,
    show_poster: ShowPoster,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
    background: Background,
) -> None:
    """A host scheduled a Telegram video chat: it is a show, with trailer and reminders."""
    scheduled = message.video_chat_scheduled
    assert scheduled is not None
    if scheduled.start_date <= clock.now():
        return
    room = await broadcasts.room(message.chat.id, message.chat.title or "")
    request = OneOffRequest(
        scheduled.start_date, tr(texts.VIDEO_CHAT_TITLE), awaits_video_chat=True
    )
    await schedule_and_confirm(
        message,
        message.message_id,  # a service message: never ephemeral
        room,
        request,
        broadcasts,
        show_poster,
        clock,
        tr,
        outbox,
        background,
    )


def create_room_router() -> Router:
    """A Telegram video chat the host schedules in the room is a show like /schedule's."""
    router = Router(name="broadcasts.room")
    router.message.register(on_video_chat_scheduled, F.video_chat_scheduled, IN_GROUP)
    return router


def create_fan_router() -> Router:
    router = Router(name="broadcasts.fans")
    router.callback_query.register(cb_remind_me, RemindMe.filter())
    router.message.register(cmd_reminders, Command("reminders"), IN_PRIVATE)
    router.callback_query.register(cb_leave_reminders, LeaveReminders.filter())
    router.message.register(
        cmd_start_remind,
        CommandStart(deep_link=True, magic=F.args.startswith(REMIND_PAYLOAD_PREFIX)),
        IN_PRIVATE,
    )
    return router


def create_host_router() -> Router:
    router = Router(name="broadcasts.host")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_schedule, Command("schedule"))
    router.message.register(cmd_broadcasts, Command("broadcasts"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.message.register(cmd_reschedule, Command("reschedule"))
    return router
