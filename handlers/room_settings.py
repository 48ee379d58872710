"""Per-room settings: time zone, language and the host's channel (admins only)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import texts
from bot.admins import ADMIN_STATUSES
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.middlewares import HostOnlyMiddleware, RoomLanguages
from bot.outbox import Outbox
from bot.render import local_datetime
from bot.settings import SUPPORTED_LANGUAGES
from domain.clock import Clock
from domain.errors import UserInputError
from domain.schedule import known_zone, zones_at_offset
from services.rooms import RoomService
from storage.models import Room


async def cmd_timezone(
    message: Message,
    room: Room,
    command: CommandObject,
    rooms: RoomService,
    room_languages: RoomLanguages,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if not command.args:
        await outbox.reply(message, tr(texts.TIMEZONE_CURRENT, timezone=room.timezone))
        return
    name = known_zone(command.args)
    if name is None:
        value = command.args.strip()
        zones = zones_at_offset(value, clock.now())
        if zones:
            reply = tr(texts.ERR_TIMEZONE_OFFSET, value=value, zones=", ".join(zones))
            reply = f"{reply} /timezone {zones[0]}"
        else:
            reply = tr(texts.ERR_BAD_TIMEZONE, value=value)
        await outbox.reply(message, reply)
        return
    await rooms.set_timezone(room.chat_id, name)
    room_languages.changed(room.chat_id)
    await outbox.reply(
        message,
        tr(
            texts.TIMEZONE_SET,
            timezone=name,
            local_time=local_datetime(clock.now(), name, tr.locale),
        ),
    )


async def cmd_language(
    message: Message,
    room: Room,
    command: CommandObject,
    rooms: RoomService,
    tr: Translator,
    room_languages: RoomLanguages,
    outbox: Outbox,
) -> None:
    if not command.args:
        await outbox.reply(
            message, tr(texts.LANGUAGE_CURRENT, language=LANGUAGE_NAMES[room.language])
        )
        return
    language = command.args.strip().lower()
    if language not in SUPPORTED_LANGUAGES:
        await outbox.reply(message, tr(texts.ERR_BAD_LANGUAGE))
        return
    await rooms.set_language(room.chat_id, language)
    room_languages.changed(room.chat_id)
    await outbox.reply(message, tr.for_locale(language)(texts.LANGUAGE_SET))


async def cmd_channel(
    message: Message,
    room: Room,
    command: CommandObject,
    rooms: RoomService,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if not command.args:
        if room.channel_name:
            await outbox.reply(message, tr(texts.CHANNEL_CURRENT, channel=room.channel_name))
        else:
            await outbox.reply(message, tr(texts.CHANNEL_USAGE))
        return
    if command.args.strip().lower() == "off":
        if not room.channel_name:
            await outbox.reply(message, tr(texts.CHANNEL_USAGE))
            return
        linked = room.channel_name
        await rooms.unlink_channel(room.chat_id)
        await outbox.reply(message, tr(texts.CHANNEL_UNLINKED, channel=linked))
        return
    name = command.args.strip().removeprefix("https://").removeprefix("t.me/").lstrip("@")
    channel = f"@{name}"
    try:
        chat = await bot.get_chat(channel)
        me = await bot.me()
        bot_member = await bot.get_chat_member(chat.id, me.id)
    except TelegramBadRequest:
        raise UserInputError(texts.ERR_CHANNEL_NOT_FOUND, channel=channel) from None
    if bot_member.status not in ADMIN_STATUSES:
        raise UserInputError(texts.ERR_CHANNEL_BOT_NOT_ADMIN, channel=channel)
    # Linking someone else's channel would let a host borrow its followers: admins only.
    host = message.from_user
    if message.sender_chat is not None or host is None:
        raise UserInputError(texts.ERR_CHANNEL_NOT_YOURS, channel=channel)
    host_member = await bot.get_chat_member(chat.id, host.id)
    if host_member.status not in ADMIN_STATUSES:
        raise UserInputError(texts.ERR_CHANNEL_NOT_YOURS, channel=channel)
    await rooms.set_channel(room.chat_id, chat.id, channel)
    await outbox.reply(message, tr(texts.CHANNEL_LINKED, channel=channel))


def create_router() -> Router:
    router = Router(name="room_settings")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_timezone, Command("timezone"))
    router.message.register(cmd_language, Command("language"))
    router.message.register(cmd_channel, Command("channel"))
    return router
