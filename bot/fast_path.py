"""The crowd's fast path: a correct password in the room, or Join on an open lottery, is entered
straight away, and a fan's reaction counted as a like, skipping the router tree and per-update
services that other updates go through.

A busy lottery brings thousands of these a minute and they are all alike. While a password
lottery runs, every plain message in its room is a guess and ends here: counted as chat (for the
rankings and the show report), then entered, or dropped when wrong or capped. A message with a
banned word, commands, private chats and everything else continue down the normal pipeline. The
rules are the slow path's own: `entry_refusal`, the guess limiter, the banned words and the
group-commit writers, and a guess is taken by the same `PasswordGuesses` the routers use when the
fast path could not take it.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import Update
from aiogram.utils.i18n import I18n

from bot.chatter import like_of
from bot.filters import GROUP_TYPES
from bot.guesses import PasswordGuesses, Verdict
from bot.i18n import Translator, language_for
from bot.polling import is_transient
from bot.render import JoinLottery
from bot.room_lookups import RoomLookups
from domain.clock import Clock
from domain.lottery import ENTRY_ANSWERS
from domain.vocabulary import LotteryKind
from services.chat_log import ChatLog
from services.entries import EntryDesk
from storage.live_room import ChatMessage

logger = logging.getLogger(__name__)


class CrowdFastPath:
    """The Dispatcher's shortcut (bot/polling.CountingDispatcher): what it takes goes no
    further; the rest goes down aiogram's pipeline to the routers."""

    def __init__(
        self,
        lookups: RoomLookups,
        entries: EntryDesk,
        guesses: PasswordGuesses,
        chat_log: ChatLog,
        clock: Clock,
        i18n: I18n,
        default_language: str,
    ) -> None:
        self.lookups = lookups
        self.entries = entries
        self.guesses = guesses
        self.chat_log = chat_log
        self.clock = clock
        self.i18n = i18n
        self.language = default_language

    async def take(self, event: Update, bot: Bot) -> bool:
        """Whether the fast path handled `event`. A failure that may pass (the database busy)
        goes to the polling loop, which handles the update again; any other is logged and the
        update goes down the normal pipeline, where it is handled once more (an entry is
        written once) or answered as an error."""
        try:
            if event.message is not None:
                return await self._password(event, bot)
            if event.callback_query is not None:
                return await self._join(event)
            if event.message_reaction is not None:
                return await self._like(event)
        except Exception as error:
            if is_transient(error):
                raise
            logger.exception("Update %s failed on the fast path", event.update_id)
        return False

    async def _like(self, event: Update) -> bool:
        """A storm of reactions is a storm of likes: each counted (in shared transactions)
        without the pipeline a command needs."""
        assert event.message_reaction is not None
        like = like_of(event.message_reaction, event.update_id, self.clock.now())
        if like is None:
            return False
        await self.chat_log.reacted(like)
        return True

    async def _password(self, event: Update, bot: Bot) -> bool:
        message = event.message
        assert message is not None
        fan = message.from_user
        if (
            message.chat.type not in GROUP_TYPES
            or not message.text
            or message.text.startswith("/")
            or fan is None
            or fan.is_bot
            or message.sender_chat is not None
            or message.paid_star_count  # a gift too: the router records it
        ):
            return False
        lottery = await self.lookups.running_lottery(message.chat.id)
        if lottery is None or lottery.kind is not LotteryKind.PASSWORD:
            return False
        words = await self.lookups.banned_words(message.chat.id)
        if words and words.find(message.text) is not None:
            return False  # the normal pipeline deletes it and warns the author
        verdict = await self.guesses.judge(lottery, message)
        if verdict is Verdict.CAPPED:
            return True  # spam: dropped here
        # A guess is a chat message too: it counts for the rankings and the show report. Both
        # writes are queued before either is awaited, so they share one wait (and no task).
        counted = self.chat_log.record_soon(
            ChatMessage(message.chat.id, message.message_id, fan.id, fan.first_name, message.date)
        )
        try:
            if verdict is Verdict.RIGHT:
                await self.guesses.enter(lottery, message, bot)
        finally:
            await counted  # counted even where the entry failed: the routers count nothing
        return True

    async def _join(self, event: Update) -> bool:
        query = event.callback_query
        assert query is not None
        if not query.data or not query.data.startswith(f"{JoinLottery.__prefix__}:"):
            return False
        chat = query.message.chat if query.message else None
        if chat is None:
            return False
        try:
            callback = JoinLottery.unpack(query.data)
        except (TypeError, ValueError):
            return False  # made-up data: the catch-all router says the button has expired
        lottery = await self.lookups.running_lottery(chat.id)
        if lottery is None or lottery.id != callback.lottery_id:
            return False
        if lottery.kind is not LotteryKind.OPEN or lottery.human_check:
            # Follow and share need Telegram calls, the human check a question first: the
            # full handler does them.
            return False
        fan = query.from_user
        outcome = await self.entries.enter(
            lottery, fan.id, fan.first_name, self.clock.now(), fan.language_code, chat.id
        )
        tr = Translator(self.i18n, language_for(query.from_user.language_code, self.language))
        await query.answer(tr(ENTRY_ANSWERS[outcome]))
        return True
