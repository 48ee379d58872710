"""Joint shows: two hosts connect their rooms for one show (an appointment made with a one-time
code), one lottery both rooms enter, and a timed battle between the rooms. Plain values: no
Telegram, no database.

Telegram has no way to join two groups' video chats: the video stays the hosts' business. What
is joint is everything around it: the appointment, both rooms' posts, one draw, the battle.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from domain import messages
from domain.errors import UserInputError
from domain.schedule import IdKind, parse_id

CODE_VALID = timedelta(hours=48)
CODE_PREFIX = "J"
_CODE = re.compile(r"^J[A-Za-z0-9_-]{16}$")
MIN_BATTLE = timedelta(minutes=1)
MAX_BATTLE = timedelta(hours=2)
BATTLE_TOP = 3  # contributors named in the result, per winning room


def new_code() -> str:
    """A one-time invite code: 96 random bits (unguessable), short enough to type or paste."""
    return CODE_PREFIX + secrets.token_urlsafe(12)


def code_digest(code: str) -> str:
    """What is stored of a code: its SHA-256 (a leaked database reveals no usable code)."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


def looks_like_code(word: str) -> bool:
    return _CODE.match(word) is not None


class CohostAction(enum.Enum):
    INVITE = "invite"
    ACCEPT = "accept"
    CANCEL = "cancel"
    STATUS = "status"


@dataclass(frozen=True)
class CohostRequest:
    action: CohostAction
    show_id: int | None = None  # invite: the inviting room's show; accept: the accepting one's
    code: str | None = None
    date_text: str | None = None  # accept at a time of the accepting room's own
    time_text: str | None = None


def parse_cohost(args: str) -> CohostRequest:
    """`invite <show id>`, `accept <code> [<show id> | <date> <time>]`, `cancel`, or nothing."""
    words = args.split()
    if not words:
        return CohostRequest(CohostAction.STATUS)
    action = words[0].lower()
    rest = words[1:]
    if action == "invite" and len(rest) == 1:
        return CohostRequest(CohostAction.INVITE, show_id=parse_id(rest[0], IdKind.SHOW))
    if action == "accept" and 1 <= len(rest) <= 3:
        code = rest[0]
        if not looks_like_code(code):
            raise UserInputError(messages.ERR_COHOST_CODE)
        if len(rest) == 1:
            return CohostRequest(CohostAction.ACCEPT, code=code)
        if len(rest) == 2:
            return CohostRequest(
                CohostAction.ACCEPT, code=code, show_id=parse_id(rest[1], IdKind.SHOW)
            )
        return CohostRequest(CohostAction.ACCEPT, code=code, date_text=rest[1], time_text=rest[2])
    if action == "cancel" and not rest:
        return CohostRequest(CohostAction.CANCEL)
    raise UserInputError(messages.COHOST_USAGE)


class BattleMetric(enum.StrEnum):
    LIKES = "likes"
    GIFTS = "gifts"  # Stars given
    POPULARITY = "popularity"


_BATTLE_METRICS = {
    "likes": BattleMetric.LIKES,
    "like": BattleMetric.LIKES,
    "点赞": BattleMetric.LIKES,
    "gifts": BattleMetric.GIFTS,
    "gift": BattleMetric.GIFTS,
    "stars": BattleMetric.GIFTS,
    "礼物": BattleMetric.GIFTS,
    "popularity": BattleMetric.POPULARITY,
    "人气": BattleMetric.POPULARITY,
}
_BATTLE_LENGTH = re.compile(r"^(\d{1,3})(?:m|min|分钟)$", re.IGNORECASE)


@dataclass(frozen=True)
class BattleRequest:
    length: timedelta
    metric: BattleMetric


def parse_battle(args: str) -> BattleRequest:
    """`<minutes>m likes|gifts|popularity`, in either order."""
    words = args.lower().split()
    if len(words) != 2:
        raise UserInputError(messages.BATTLE_USAGE)
    length: timedelta | None = None
    metric: BattleMetric | None = None
    for word in words:
        if (match := _BATTLE_LENGTH.match(word)) is not None:
            length = timedelta(minutes=int(match.group(1)))
        elif word in _BATTLE_METRICS:
            metric = _BATTLE_METRICS[word]
    if length is None or metric is None:
        raise UserInputError(messages.BATTLE_USAGE)
    if not MIN_BATTLE <= length <= MAX_BATTLE:
        raise UserInputError(messages.ERR_BATTLE_LENGTH)
    return BattleRequest(length, metric)


def battle_winner(scores: Mapping[int, int]) -> int | None:
    """The room with the higher score; None on a tie."""
    (room_a, a), (room_b, b) = sorted(scores.items())
    if a == b:
        return None
    return room_a if a > b else room_b
