"""The human check on Join (/fairplay check on): before the entry counts, the fan alone is
asked to tap the emoji the lottery's card shows, among a few in an order of their own. Nothing
is stored: the choices follow from the card's commitment and the fan's id
(domain.fairplay.check_choices). Taps are capped per fan (a shared window with replicas).
Where the bot cannot show the fan a message only they see, the press opens the private chat,
where the same question is asked."""

from __future__ import annotations

import enum
import logging
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.deep_linking import create_start_link

from bot import texts
from bot.ephemeral import to_presser
from bot.i18n import Translator
from bot.render import RowId
from domain.fairplay import check_choices, check_passed
from domain.window import Window
from storage.models import Lottery

logger = logging.getLogger(__name__)
CHECK_PAYLOAD_PREFIX = "check_"


class HumanCheckPick(CallbackData, prefix="hc"):
    lottery_id: RowId
    pick: int


class Verdict(enum.Enum):
    PASSED = "passed"
    WRONG = "wrong"
    TOO_MANY = "too many"


def check_markup(lottery: Lottery, user_id: int) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(
            text=emoji, callback_data=HumanCheckPick(lottery_id=lottery.id, pick=index).pack()
        )
        for index, emoji in enumerate(check_choices(lottery.commitment, user_id))
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])


class HumanCheck:
    def __init__(self, taps: Window) -> None:
        self.taps = taps  # CHECK_TRIES_PER_MINUTE per fan and lottery

    async def ask(self, query: CallbackQuery, lottery: Lottery, bot: Bot, tr: Translator) -> None:
        """Ask the presser alone; else open the private chat, which asks there."""
        text = tr(texts.CHECK_PROMPT, id=lottery.id)
        markup = check_markup(lottery, query.from_user.id)
        in_room = to_presser(query, text, reply_markup=markup)
        if in_room is not None:
            try:
                await bot(in_room)
            except TelegramBadRequest as error:
                logger.debug("Check for %s not shown in the room: %s", query.from_user.id, error)
            else:
                await query.answer(tr(texts.CHECK_ASKED))
                return
        link = await create_start_link(bot, f"{CHECK_PAYLOAD_PREFIX}{lottery.id}")
        await query.answer(url=link)

    async def judge(self, lottery: Lottery, user_id: int, pick: int, at: datetime) -> Verdict:
        """A tap on one of the offered emoji: right, wrong, or a tap too many. Every tap counts
        against the window (a right one after too many waits too), so tapping through all the
        emoji is no faster than a wait."""
        if not await self.taps.allow(f"check:{lottery.id}:{user_id}", at):
            return Verdict.TOO_MANY
        return Verdict.PASSED if check_passed(lottery.commitment, user_id, pick) else Verdict.WRONG
