"""Last line of defence: log the failure, tell the person something friendly, keep running."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, Message
from aiogram.utils.i18n import I18n

from bot import texts
from bot.i18n import Translator, language_for
from bot.outbox import Outbox
from bot.polling import is_transient

logger = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, i18n: I18n, outbox: Outbox, default_language: str) -> bool:
    logger.error("Update %s failed", event.update.update_id, exc_info=event.exception)
    update = event.update
    user = (
        update.callback_query.from_user
        if update.callback_query
        else update.message.from_user
        if update.message
        else None
    )
    tr = Translator(i18n, language_for(user.language_code if user else None, default_language))
    message = update.message
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(tr(texts.INTERNAL_ERROR), show_alert=True)
        elif message is not None and (message.chat.type == "private" or _is_command(message)):
            # Plain chatter in a room gets no apology: were the database down, a busy room would
            # otherwise get one post per fan message.
            await outbox.reply(message, tr(texts.INTERNAL_ERROR))
    except TelegramAPIError:
        logger.warning("Could not tell the user about the failure", exc_info=True)
    return True


def _is_command(message: Message) -> bool:
    return (message.text or "").startswith("/")


def lasting(event: ErrorEvent) -> bool:
    """A failure that handling the update again would not mend. A passing one (the database
    busy) is left to the polling loop or to Telegram's webhook retries, so the update's effect
    is not lost."""
    return not is_transient(event.exception)


def create_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error, lasting)
    return router
