"""Password guesses: while a password lottery runs, every plain message in its room is a guess.

One way to take a guess for both pipelines: the crowd's fast path (bot/fast_path.py) takes
almost all of them, and the routers (handlers/lottery.py) take any the fast path could not, so a
right password is never lost to a failure of the fast path. The rules are the domain's
(`normalise_password`, the guess limiter); the entry is EntryDesk's."""

from __future__ import annotations

import enum

from aiogram import Bot
from aiogram.types import Message, ReactionTypeEmoji
from aiogram.utils.i18n import I18n

from bot import texts
from bot.ephemeral import to_member
from bot.i18n import Translator, language_for
from bot.outbox import Outbox
from domain.lottery import ENTRY_ANSWERS, Entered, GuessLimiter, normalise_password
from services.entries import EntryDesk
from storage.models import Lottery


class Verdict(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"  # counted against the fan's cap, and otherwise ignored
    CAPPED = "capped"  # over the cap: dropped (its author told once a minute to slow down)


class PasswordGuesses:
    def __init__(
        self,
        entries: EntryDesk,
        limiter: GuessLimiter,
        outbox: Outbox,
        i18n: I18n,
        default_language: str,
    ) -> None:
        self.entries = entries
        self.limiter = limiter
        self.outbox = outbox
        self.i18n = i18n
        self.language = default_language

    async def judge(self, lottery: Lottery, message: Message) -> Verdict:
        """Right, wrong, or one wrong guess too many. Only wrong guesses count against the
        cap: a right answer is never dropped."""
        fan = message.from_user
        assert fan is not None and message.text is not None
        if normalise_password(message.text) == lottery.password:
            return Verdict.RIGHT
        if await self.limiter.allow(lottery.id, fan.id, message.date):
            return Verdict.WRONG
        if await self.limiter.hint_due(lottery.id, fan.id, message.date):
            tr = Translator(self.i18n, language_for(fan.language_code, self.language))
            hint = tr(texts.GUESS_SLOW_DOWN, name=fan.first_name, limit=self.limiter.limit)
            self.outbox.post(to_member(message.chat.id, fan.id, hint))
        return Verdict.CAPPED

    async def enter(self, lottery: Lottery, message: Message, bot: Bot) -> None:
        """Enter the fan of a right guess; a 🎉 reaction acknowledges them without adding a
        room message per fan."""
        fan = message.from_user
        assert fan is not None
        outcome = await self.entries.enter(
            lottery, fan.id, fan.first_name, message.date, fan.language_code, message.chat.id
        )
        if outcome in (Entered.NOT_QUALIFIED, Entered.BLOCKED):
            # Told once a while (as "slow down" is), for them alone: not every guess.
            if await self.limiter.hint_due(lottery.id, fan.id, message.date):
                tr = Translator(self.i18n, language_for(fan.language_code, self.language))
                answer = tr(ENTRY_ANSWERS[outcome])
                self.outbox.post(to_member(message.chat.id, fan.id, answer))
            return
        if outcome is not Entered.CLOSED and outcome is not Entered.HOST:
            await bot.set_message_reaction(
                message.chat.id, message.message_id, [ReactionTypeEmoji(emoji="🎉")]
            )
