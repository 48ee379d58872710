"""Lottery rules on plain values: the host's command, passwords, who may enter, what fans are
told. No Telegram, no database."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain import messages
from domain.errors import UserInputError, one_line
from domain.fairplay import countdown_of, minimum_of
from domain.squeeze import squeezed
from domain.vocabulary import MAX_WINNERS, PRIZE_MAX_LENGTH, LotteryKind, LotteryStatus
from domain.window import Window

# Any xN is a count (x99999999999999999999 too, refused as out of range), never prize words.
_WINNERS_PATTERN = re.compile(r"^[x×](\d+)$", re.IGNORECASE)
PASSWORD_MAX_LENGTH = 32
# A password with spaces is quoted: "玫瑰 🌹", “rose red”, 「玫瑰 🌹」.
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』", "«": "»", "'": "'", "‘": "’"}


@dataclass(frozen=True)
class LotteryRequest:
    kind: LotteryKind
    prize: str
    winners: int = 1
    password: str | None = None  # as compared (normalised)
    password_as_typed: str | None = None  # as the host typed it, to show them which was set
    condition: Condition | None = None  # who may enter, besides how
    countdown: timedelta | None = None  # None: the bot's default (DRAW_DELAY_SECONDS)
    minimum: int | None = None  # fewer entrants at the deadline: extended once, then cancelled
    joint: bool = False  # one lottery for both rooms of the joint show on air


# "checkins>=N": came to at least N of the room's last this many shows.
CHECKIN_WINDOW = 10
MAX_LEVEL_CONDITION = 10
_CONDITION = re.compile(r"^(level|checkins)>=(\d{1,3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Condition:
    """A fan club condition on who may enter: a level at least, or check-ins to at least this
    many of the room's last CHECKIN_WINDOW shows (the platforms' "watched long enough")."""

    min_level: int | None = None
    min_checkins: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.min_level is not None:
            parts.append(f"level>={self.min_level}")
        if self.min_checkins is not None:
            parts.append(f"checkins>={self.min_checkins}")
        return " ".join(parts)

    def met(self, level: int, checkins: int) -> bool:
        return (self.min_level is None or level >= self.min_level) and (
            self.min_checkins is None or checkins >= self.min_checkins
        )


def _conditions(words: list[str]) -> tuple[Condition | None, list[str]]:
    """The `level>=N` / `checkins>=N` words among `words`, and the words left."""
    found: dict[str, int] = {}
    rest = []
    for word in words:
        match = _CONDITION.match(word)
        if match is None:
            rest.append(word)
            continue
        name, value = match.group(1).lower(), int(match.group(2))
        limit = MAX_LEVEL_CONDITION if name == "level" else CHECKIN_WINDOW
        if not 1 <= value <= limit or name in found:
            raise UserInputError(messages.ERR_LOTTERY_CONDITION, value=word, limit=limit)
        found[name] = value
    if not found:
        return None, rest
    return Condition(found.get("level"), found.get("checkins")), rest


_JOINT_WORDS = frozenset({"joint", "联合"})


def _timing(words: list[str]) -> tuple[timedelta | None, int | None, list[str]]:
    """The countdown ("5m") and minimum ("min20") among `words`, and the words left."""
    countdown: timedelta | None = None
    minimum: int | None = None
    rest = []
    for word in words:
        if (length := countdown_of(word)) is not None and countdown is None:
            countdown = length
        elif (least := minimum_of(word)) is not None and minimum is None:
            minimum = least
        else:
            rest.append(word)
    return countdown, minimum, rest


def normalise_password(text: str) -> str:
    """What a password is compared as (`squeezed`): "Rose!", "r o s e" and "玫瑰 🌹" match
    "rose" and "玫瑰🌹"."""
    return squeezed(text)


def check_winners(count: int) -> int:
    if not 1 <= count <= MAX_WINNERS:
        raise UserInputError(messages.ERR_LOTTERY_WINNERS, limit=MAX_WINNERS)
    return count


def check_prize(prize: str) -> str:
    return one_line(
        prize, PRIZE_MAX_LENGTH, messages.ERR_LOTTERY_NO_PRIZE, messages.ERR_PRIZE_TOO_LONG
    )


def check_password(word: str, quoted: bool = False) -> str:
    """The password as compared. Unquoted it is one word; quoted it may hold spaces (which
    are not compared anyway)."""
    normalised = normalise_password(word)
    # A password of punctuation alone would match every message that has no letters.
    if (
        not normalised
        or len(word) > PASSWORD_MAX_LENGTH
        or (not quoted and len(word.split()) != 1)
    ):
        raise UserInputError(messages.ERR_LOTTERY_BAD_PASSWORD)
    return normalised


def _quoted_head(text: str) -> tuple[str, str] | None:
    """A leading quoted part and what follows it, or None when `text` starts unquoted."""
    close = _QUOTES.get(text[:1])
    if close is None:
        return None
    end = text.find(close, 1)
    if end == -1:
        raise UserInputError(messages.ERR_LOTTERY_PASSWORD_QUOTE)
    return text[1:end].strip(), text[end + 1 :]


def _count(word: str) -> int | None:
    match = _WINNERS_PATTERN.match(word)
    return check_winners(int(match.group(1))) if match else None


def _first_word(text: str) -> tuple[str, str]:
    parts = text.split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text.strip(), "")


def parse_lottery(args: str) -> LotteryRequest:
    """`<open|follow|share> [xN] <prize>` or `password <word|"words"> [xN] <prize>`, with any
    of `level>=N`, `checkins>=N`, a countdown (`5m`), a minimum of entrants (`min20`) and
    `joint` (both rooms of the joint show on air)."""
    kind_word, rest_text = _first_word(args)
    if not kind_word:
        raise UserInputError(messages.LOTTERY_USAGE)
    try:
        kind = LotteryKind(kind_word.lower())
    except ValueError:
        raise UserInputError(messages.ERR_LOTTERY_BAD_KIND, value=kind_word) from None
    password: str | None = None
    typed: str | None = None
    quoted = False
    if kind is LotteryKind.PASSWORD:
        head = _quoted_head(rest_text.strip())
        quoted = head is not None
        typed, rest_text = head if head is not None else _first_word(rest_text)
        if not typed or not rest_text.strip():
            raise UserInputError(messages.ERR_LOTTERY_NO_PASSWORD)
        password = check_password(typed, quoted)
    condition, rest = _conditions(rest_text.split())
    countdown, minimum, rest = _timing(rest)
    joint = any(word.lower() in _JOINT_WORDS for word in rest)
    rest = [word for word in rest if word.lower() not in _JOINT_WORDS]
    winners = 1
    if rest and (count := _count(rest[0])) is not None:
        winners, rest = count, rest[1:]
    elif len(rest) > 1 and (count := _count(rest[-1])) is not None:
        # "/lottery open Mug x3": the count after the prize means the same.
        winners, rest = count, rest[:-1]
    stray = next((i for i, word in enumerate(rest) if _WINNERS_PATTERN.match(word)), None)
    if stray is not None:
        # "password 玫瑰 🌹 x2 玫瑰花束": the host meant a password with a space, or the count
        # strayed into the prize; guessing either way would change the lottery in public.
        if kind is LotteryKind.PASSWORD and not quoted and stray > 0:
            spoken = " ".join([typed or "", *rest[:stray]])
            after = " ".join(rest[stray:])
            raise UserInputError(
                messages.ERR_LOTTERY_PASSWORD_SPACES,
                password=spoken,
                example=f'/lottery password "{spoken}" {after}',
            )
        raise UserInputError(messages.ERR_LOTTERY_COUNT_PLACE, value=rest[stray])
    return LotteryRequest(
        kind,
        check_prize(" ".join(rest)),
        winners,
        password,
        typed,
        condition,
        countdown,
        minimum,
        joint,
    )


# Commands whose arguments hold a lottery's spec (/milestone 65 password 888 …, /gifts big …,
# a run-of-show's lottery segment).
_SPEC_COMMANDS = frozenset({"lottery", "milestone", "gifts", "script", "goal"})


def carries_password(text: str | None) -> bool:
    """Whether a message is a command that names a lottery password (worked or not: a refused
    `/lottery password rose` still says the word in the chat)."""
    if not text or not text.startswith("/"):
        return False
    words = text.split()
    command = words[0][1:].split("@", 1)[0].lower()
    return command in _SPEC_COMMANDS and any(word.lower() == "password" for word in words[1:])


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
    NOT_QUALIFIED = "not qualified"  # the lottery's fan club condition
    BLOCKED = "blocked"  # on the room's block list: told neutrally, to the fan alone


class EntryWindow(Protocol):
    """What the entry rule reads of a lottery (a stored one, or any other)."""

    @property
    def status(self) -> LotteryStatus: ...
    @property
    def draw_at(self) -> datetime: ...
    @property
    def created_by(self) -> int | None: ...
    @property
    def room_chat_id(self) -> int: ...
    def rooms(self) -> tuple[int, ...]: ...
    @property
    def condition(self) -> Condition | None: ...


def entry_refusal(
    lottery: EntryWindow, user_id: int, at: datetime, admins: frozenset[int] = frozenset()
) -> Entered | None:
    """Why this fan cannot enter now (closed, or one who runs the room: the host who started
    it or any admin of the room), or None when they may."""
    if lottery.status != LotteryStatus.OPEN or at > lottery.draw_at:
        return Entered.CLOSED
    if user_id == lottery.created_by or user_id in admins:
        return Entered.HOST
    return None


# What a fan is told for each outcome (button presses, from either entry path).
ENTRY_ANSWERS = {
    Entered.ENTERED: messages.ENTERED,
    Entered.ALREADY: messages.ALREADY_ENTERED,
    Entered.CLOSED: messages.ENTRY_CLOSED,
    Entered.HOST: messages.HOST_CANNOT_ENTER,
    Entered.NOT_QUALIFIED: messages.ENTRY_NOT_QUALIFIED,
    Entered.BLOCKED: messages.ENTRY_BLOCKED,
}
# How fans enter, as the card and the wizard's summary say it (`{channel}` for follow).
HOW_TO_ENTER = {
    LotteryKind.OPEN: messages.HOW_OPEN,
    LotteryKind.FOLLOW: messages.HOW_FOLLOW,
    LotteryKind.SHARE: messages.HOW_SHARE,
    LotteryKind.PASSWORD: messages.HOW_PASSWORD,
}
