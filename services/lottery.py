"""Lottery rules: parsing the host's command, starting, entering, cancelling. No Telegram here."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from services.draw import commitment, new_seed
from services.errors import UserInputError, one_line
from storage.entry_writer import EntryWriter
from storage.lotteries import EntryRepository, LotteryRepository, ShareRepository
from storage.models import (
    MAX_WINNERS,
    PRIZE_MAX_LENGTH,
    Lottery,
    LotteryKind,
    LotteryStatus,
    Room,
    ShareLink,
)

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
    """Caps password guesses per fan, so spamming guesses costs the bot (and the fan) nothing."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._guesses: dict[tuple[int, int], deque[datetime]] = {}

    def allow(self, lottery_id: int, user_id: int, at: datetime) -> bool:
        recent = self._guesses.setdefault((lottery_id, user_id), deque())
        while recent and recent[0] <= at - timedelta(minutes=1):
            recent.popleft()
        if len(recent) >= self.per_minute:
            return False
        recent.append(at)
        if len(self._guesses) > 50_000:  # keep memory flat across many lotteries
            self._guesses = {key: value for key, value in self._guesses.items() if value}
        return True


class Entered(enum.Enum):
    ENTERED = "entered"
    ALREADY = "already"
    CLOSED = "closed"
    HOST = "host"


def entry_refusal(lottery: Lottery, user_id: int, at: datetime) -> Entered | None:
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


class LotteryService:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock,
        draw_delay: timedelta,
        writer: EntryWriter,
    ) -> None:
        self.session = session
        self.clock = clock
        self.draw_delay = draw_delay
        self.writer = writer
        self.lotteries = LotteryRepository(session)
        self.entries = EntryRepository(session)
        self.shares = ShareRepository(session)

    async def start(
        self, room: Room, request: LotteryRequest, source_message_id: int, created_by: int | None
    ) -> tuple[Lottery, bool]:
        """Create the lottery; (lottery, False) when this command was already handled."""
        if request.kind is LotteryKind.FOLLOW and room.channel_chat_id is None:
            raise UserInputError(texts.ERR_NO_CHANNEL)
        now = self.clock.now()
        seed = new_seed()
        lottery, created = await self.lotteries.add(
            room_chat_id=room.chat_id,
            kind=request.kind,
            prize=request.prize,
            winners_count=request.winners,
            password=request.password,
            channel_chat_id=room.channel_chat_id if request.kind is LotteryKind.FOLLOW else None,
            channel_name=room.channel_name if request.kind is LotteryKind.FOLLOW else None,
            seed=seed,
            commitment=commitment(seed),
            draw_at=now + self.draw_delay,
            created_at=now,
            created_by=created_by,
            source_message_id=source_message_id,
        )
        await self.session.commit()
        if lottery is None:
            running = await self.lotteries.running(room.chat_id)
            raise UserInputError(texts.ERR_LOTTERY_RUNNING, id=running.id if running else "?")
        return lottery, created

    async def enter(
        self, lottery: Lottery, user_id: int, first_name: str, at: datetime
    ) -> Entered:
        """One entry per fan; `at` is when the fan acted (the update's date where it has one)."""
        refusal = entry_refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        # Entries are written by group commit (storage/entry_writer.py). Hand our pooled
        # connection back first: a crowd of handlers each holding one while waiting for the
        # writer would leave none for the writer itself.
        await self.session.commit()
        created = await self.writer.add(lottery.id, user_id, first_name, at)
        return Entered.ENTERED if created else Entered.ALREADY

    async def cancel_running(self, room: Room) -> Lottery:
        lottery = await self.lotteries.running(room.chat_id)
        if lottery is None or not await self.lotteries.cancel(lottery.id):
            raise UserInputError(texts.ERR_NO_RUNNING_LOTTERY)
        await self.session.commit()
        return lottery

    async def share_link(self, lottery: Lottery, user_id: int) -> tuple[ShareLink | None, int]:
        link = await self.shares.link_of(lottery.id, user_id)
        return link, (await self.shares.joins(link.id) if link else 0)

    async def save_share_link(
        self, lottery: Lottery, user_id: int, first_name: str, invite_link: str
    ) -> ShareLink:
        link = await self.shares.add_link(
            lottery.id, user_id, first_name, invite_link, self.clock.now()
        )
        await self.session.commit()
        return link

    async def credit_share(self, invite_link: str, joined_user_id: int, at: datetime) -> bool:
        """Someone joined through a fan's link: the fan is entered (if in time). True if new."""
        link = await self.shares.by_invite_link(invite_link)
        if link is None or link.user_id == joined_user_id:
            return False
        lottery = await self.lotteries.get(link.lottery_id)
        if lottery is None or lottery.status != LotteryStatus.OPEN or at > lottery.draw_at:
            return False
        counted = await self.shares.add_join(link, joined_user_id, at)
        await self.entries.add(lottery.id, link.user_id, link.first_name, at)
        await self.session.commit()
        return counted
