"""/start, /help, and keeping track of who can be written to privately."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.filters import Command, CommandStart
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import ChatMemberUpdated, Message

from bot import texts
from bot.admins import AdminChecker
from bot.filters import IN_PRIVATE
from bot.fsm_storage import EncryptedDialogs
from bot.i18n import Translator
from bot.outbox import Outbox
from bot.render import local_datetime_zoned
from bot.settings import Settings
from services.claims import ClaimService
from services.gifts import GiftService
from services.rooms import RoomService


async def cmd_start(message: Message, tr: Translator, outbox: Outbox) -> None:
    user = message.from_user
    await outbox.answer(message, tr(texts.START_PRIVATE, name=user.first_name if user else ""))


async def cmd_help(
    message: Message,
    rooms: RoomService,
    bot: Bot,
    admin_checker: AdminChecker,
    tr: Translator,
    personal_tr: Translator,
    default_timezone: str,
    outbox: Outbox,
) -> None:
    """Hosts get every command, grouped by when they need it; fans a short fans' help (the
    host list never goes to the room for a fan); the private chat says what works there."""
    if message.chat.type == ChatType.PRIVATE:
        await message.answer(personal_tr(texts.HELP_PRIVATE))
        return
    user = message.from_user
    is_host = message.sender_chat is not None and message.sender_chat.id == message.chat.id
    if user is not None and not is_host:
        is_host = await admin_checker.is_admin(bot, message.chat.id, user.id)
    if not is_host:
        await outbox.answer(message, tr(texts.HELP_FAN))
        return
    timezone = await rooms.timezone_of(message.chat.id, default_timezone)
    await outbox.reply(message, tr(texts.HELP_HOST, timezone=timezone))


async def private_chat_status(event: ChatMemberUpdated, rooms: RoomService) -> None:
    """A user blocked or unblocked the bot: private reminders skip (or resume for) them."""
    blocked = event.new_chat_member.status == ChatMemberStatus.KICKED
    await rooms.set_blocked(event.from_user.id, blocked)


async def member_changed(event: ChatMemberUpdated, admin_checker: AdminChecker) -> None:
    admin_checker.forget(event.chat.id, event.new_chat_member.user.id)


async def cmd_privacy(
    message: Message, settings: Settings, tr: Translator, outbox: Outbox
) -> None:
    await outbox.reply(message, tr(texts.PRIVACY, days=settings.retention_days))


async def cmd_forget(
    message: Message,
    claims: ClaimService,
    gifts: GiftService,
    rooms: RoomService,
    fsm_storage: BaseStorage,
    default_timezone: str,
    tr: Translator,
    outbox: Outbox,
) -> None:
    user = message.from_user
    if user is None:
        return
    erased, unshipped = await claims.forget(user.id)
    await gifts.forget(user.id)  # the amounts stay, without a name
    if isinstance(fsm_storage, EncryptedDialogs):
        await fsm_storage.forget_user(user.id)
    lines = [tr(texts.FORGOTTEN if erased else texts.FORGOTTEN_NOTHING)]
    for lottery, deadline in unshipped:
        # The prize is not lost yet: the fan hears how to still receive it.
        zone = await rooms.timezone_of(lottery.room_chat_id, default_timezone)
        when = local_datetime_zoned(deadline, zone, tr.locale)
        lines.append(tr(texts.FORGOTTEN_UNSHIPPED, prize=lottery.prize, deadline=when))
    await outbox.reply(message, "\n\n".join(lines))


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(cmd_start, CommandStart(), IN_PRIVATE)
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_privacy, Command("privacy"))
    router.message.register(cmd_forget, Command("forget"))
    router.my_chat_member.register(private_chat_status, IN_PRIVATE)
    router.chat_member.register(member_changed)
    return router
