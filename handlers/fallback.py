"""Last in line: whatever no feature took still gets an answer, so no button spins forever and
no command in a private chat goes unanswered."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, Message

from bot import texts
from bot.filters import IN_GROUP, IN_PRIVATE
from bot.i18n import Translator
from bot.outbox import Outbox


async def cb_expired(query: CallbackQuery, personal_tr: Translator) -> None:
    """A button from before a restart, a message too old, or callback data made up by a
    modified client: none of it is acted on."""
    await query.answer(personal_tr(texts.BUTTON_EXPIRED))


async def cmd_start_in_group(message: Message, bot: Bot, tr: Translator, outbox: Outbox) -> None:
    me = await bot.me()
    await outbox.reply(message, tr(texts.START_IN_GROUP, link=f"https://t.me/{me.username}"))


async def cmd_unknown_in_private(
    message: Message, personal_tr: Translator, outbox: Outbox
) -> None:
    command = (message.text or "").split(maxsplit=1)[0]
    await outbox.answer(message, personal_tr(texts.UNKNOWN_COMMAND, command=command[:40]))


async def text_unknown_in_private(message: Message, personal_tr: Translator) -> None:
    """Words in the private chat with no form under way (say, after /forget or /cancel)."""
    await message.answer(personal_tr(texts.UNKNOWN_TEXT))


def create_router() -> Router:
    router = Router(name="fallback")
    router.callback_query.register(cb_expired)
    router.message.register(cmd_start_in_group, CommandStart(), IN_GROUP)
    router.message.register(cmd_unknown_in_private, IN_PRIVATE, F.text.startswith("/"))
    router.message.register(text_unknown_in_private, IN_PRIVATE, F.text)
    return router
