"""Lottery rules on plain values: the host's command, passwords, who may enter, what fans are
told. No Telegram, no database."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain import texts
from domain.errors import UserInputError, one_line
from domain.vocabulary import MAX_WINNERS, PRIZE_MAX_LENGTH, LotteryKind, LotteryStatus
from domain.window import Window

# Punctuation (P…), and marks and format characters (M…, C…) such as emoji variation selectors.
_IGNORED_CATEGORIES = {"P", "M", "C"}
_WINNERS_PATTERN = re.compile(r"^[x×](\d{1,3})$", re.IGNORECASE)
PASSWORD_MAX_LENGTH = 32


@dataclass(frozen=True)
class LotteryRequest:
    kind: LotteryKind
    prize: str
    winners: int = 1
    password: str | None = None


def normalise_password(text: str) -> str:
    """What a password is compared as: Unicode NFKC (full-width ｒｏｓｅ, what Chinese keyboards
    type, is rose), case folded, with whitespace, punctuation and invisible marks (emoji
    variation selectors) dropped, so "Rose!", "r o s e" and "玫瑰 🌹" match "rose" and "玫瑰🌹"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        char
        for char in folded
        if not char.isspace() and unicodedata.category(char)[0] not in _IGNORED_CATEGORIES
    )


def check_winners(count: int) -> int:
    if not 1 <= count <= MAX_WINNERS:
        raise UserInputError(texts.ERR_LOTTERY_WINNERS, limit=MAX_WINNERS)
    return count


def check_prize(prize: str) -> str:
    return one_line(prize, PRIZE_MAX_LENGTH, texts.ERR_LOTTERY_NO_PRIZE, texts.ERR_PRIZE_TOO_LONG)


def check_password(word: str) -> str:
    normalised = normalise_password(word)
    # A password of punctuation alone would match every message that has no letters.
    if not normalised or len(word) > PASSWORD_MAX_LENGTH or len(word.split()) != 1:
        raise UserInputError(texts.ERR_LOTTERY_BAD_PASSWORD)
    return normalised


def parse_lottery(args: str) -> LotteryRequest:
    """`<open|follow|share> [xN] <prize>` or `password <word> [xN] <prize>`."""
    words = args.split()
    if not words:
        raise UserInputError(texts.LOTTERY_USAGE)
    try:
        kind = LotteryKind(words[0].lower())
    except ValueError:
        raise UserInputError(texts.ERR_LOTTERY_BAD_KIND, value=words[0]) from None
    rest = words[1:]
    password = None
    if kind is LotteryKind.PASSWORD:
        if len(rest) < 2:
            raise UserInputError(texts.ERR_LOTTERY_NO_PASSWORD)
        password = check_password(rest[0])
        rest = rest[1:]
    winners = 1
    if rest and (match := _WINNERS_PATTERN.match(rest[0])):
        winners = check_winners(int(match.group(1)))
        rest = rest[1:]
    elif len(rest) > 1 and (match := _WINNERS_PATTERN.match(rest[-1])):
        # "/lottery open Mug x3": the count after the prize means the same.
        winners = check_winners(int(match.group(1)))
        rest = rest[:-1]
    return LotteryRequest(kind, check_prize(" ".join(rest)), winners, password)


class GuessLimiter:
    """Caps password guesses per fan, so spamming guesses costs the bot (and the fan) nothing.
    With replicas the window is shared (Redis), so the cap holds in total, not per process."""

    def __init__(self, window: Window, hints: Window | None = None) -> None:
        self._window = window
        self._hints = hints

    @property
    def limit(self) -> int:
        return self._window.limit

    async def allow(self, lottery_id: int, user_id: int, at: datetime) -> bool:
        return await self._window.allow(f"guess:{lottery_id}:{user_id}", at)

    async def hint_due(self, lottery_id: int, user_id: int, at: datetime) -> bool:
        """Whether a capped fan should be told to slow down: once per window, not per guess."""
        if self._hints is None:
            return False
        return await self._hints.allow(f"guess-hint:{lottery_id}:{user_id}", at)


class Entered(enum.Enum):
    ENTERED = "entered"
    ALREADY = "already"
    CLOSED = "closed"
    HOST = "host"


class EntryWindow(Protocol):
    """What the entry rule reads of a lottery (a stored one, or any other)."""

    @property
    def status(self) -> LotteryStatus: ...
    @property
    def draw_at(self) -> datetime: ...
    @property
    def created_by(self) -> int | None: ...


def entry_refusal(lottery: EntryWindow, user_id: int, at: datetime) -> Entered | None:
    """Why this fan cannot enter now (closed, or the host), or None when they may."""
    if lottery.status != LotteryStatus.OPEN or at > lottery.draw_at:
        return Entered.CLOSED
    if user_id == lottery.created_by:
        return Entered.HOST
    return None


# What a fan is told for each outcome (button presses, from either entry path).
ENTRY_ANSWERS = {
    Entered.ENTERED: texts.ENTERED,
    Entered.ALREADY: texts.ALREADY_ENTERED,
    Entered.CLOSED: texts.ENTRY_CLOSED,
    Entered.HOST: texts.HOST_CANNOT_ENTER,
}
# How fans enter, as the card and the wizard's summary say it (`{channel}` for follow).
HOW_TO_ENTER = {
    LotteryKind.OPEN: texts.HOW_OPEN,
    LotteryKind.FOLLOW: texts.HOW_FOLLOW,
    LotteryKind.SHARE: texts.HOW_SHARE,
    LotteryKind.PASSWORD: texts.HOW_PASSWORD,
}
