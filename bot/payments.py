"""Telegram Stars on the bot's side: the invoice links a gift menu's buttons open, and the
pre-checkout answer, which Telegram wants within 10 seconds.

The pre-checkout query is answered before anything that could queue it (the per-user locks,
the routers): it checks the room still exists and the gift is still on its menu at that price,
and says yes or no at once. The payment itself arrives later as a message (handlers/gifts.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerPreCheckoutQuery, CreateInvoiceLink
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LabeledPrice,
    PreCheckoutQuery,
    TelegramObject,
    Update,
)
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.i18n import Translator, language_for
from domain.clock import Clock
from domain.gifts import Gift, parse_payload, payload
from services.gifts import GiftService
from storage.models import Room

logger = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InvoiceLinks:
    """One invoice link per room, gift and price, made on first use and kept (a link does not
    expire; anyone who opens it pays for that gift to that room)."""

    def __init__(self) -> None:
        self._links: dict[tuple[int, str, str, int, str], str] = {}

    async def link(self, bot: Bot, room: Room, gift: Gift, tr: Translator) -> str:
        key = (room.chat_id, gift.emoji, gift.name, gift.stars, tr.locale)
        if key not in self._links:
            self._links[key] = await bot(
                CreateInvoiceLink(
                    title=f"{gift.emoji} {gift.name}"[:32],
                    description=tr(texts.INVOICE_DESCRIPTION, room=room.title or "Liveroom")[:255],
                    payload=payload(room.chat_id, gift),
                    currency="XTR",
                    prices=[LabeledPrice(label=gift.name, amount=gift.stars)],
                )
            )
        return self._links[key]

    async def menu(
        self, bot: Bot, room: Room, gifts: list[Gift], tr: Translator
    ) -> InlineKeyboardMarkup:
        """The gift menu as buttons, each opening its Stars invoice."""
        rows = [
            [
                InlineKeyboardButton(
                    text=tr(texts.GIFTS_MENU_ITEM, emoji=g.emoji, name=g.name, stars=g.stars),
                    url=await self.link(bot, room, g, tr),
                )
            ]
            for g in gifts
        ]
        return InlineKeyboardMarkup(inline_keyboard=rows)


class PreCheckoutMiddleware(BaseMiddleware):
    """Answers every pre-checkout query first thing, with one read of the database."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        i18n: I18n,
        default_language: str,
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.i18n = i18n
        self.language = default_language

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        query = event.pre_checkout_query
        if query is None:
            return await handler(event, data)
        await self.answer(data["bot"], query)
        return None

    async def answer(self, bot: Bot, query: PreCheckoutQuery) -> None:
        order = parse_payload(query.invoice_payload)
        found = None
        if order is not None and query.currency == "XTR" and query.total_amount == order.stars:
            async with self.session_factory() as session:
                found = await GiftService(session, self.clock).on_menu(order)
        if found is not None:
            answer = AnswerPreCheckoutQuery(pre_checkout_query_id=query.id, ok=True)
        else:
            tr = Translator(self.i18n, language_for(query.from_user.language_code, self.language))
            logger.info(
                "Checkout %s refused: %s is not on the menu", query.id, query.invoice_payload
            )
            answer = AnswerPreCheckoutQuery(
                pre_checkout_query_id=query.id, ok=False, error_message=tr(texts.PRE_CHECKOUT_GONE)
            )
        try:
            await bot(answer)
        except TelegramAPIError as error:
            # Too late (Telegram waits 10 s): the fan was not charged and may simply pay again.
            logger.warning("Checkout %s not answered in time: %s", query.id, error)
