"""The fan club: check-ins, streaks, points per show and levels that pause without shows.
Pure rules: no Telegram, no database.

A fan's points from one show: 10 for checking in, 1 per chatting minute (at most 20), 1 per
like (at most 20) and 1 per Star given. Their level is where the sum of their points stands
among the room's thresholds (default 10, 50, 150, 400, 1000 points for levels 1 to 5). A fan
who attended no show for FAN_CLUB_IDLE_DAYS is paused: the level is kept, shown as paused,
and counts again from their next show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import messages
from domain.errors import UserInputError

CHECKIN_POINTS = 10
CHAT_CAP = 20
LIKE_CAP = 20
DEFAULT_LEVELS = (10, 50, 150, 400, 1000)
MAX_LEVELS = 10
# Telegram's member tags: at most 16 characters, no emoji.
TAG_MAX_LENGTH = 16


def show_points(checked_in: bool, chat_minutes: int, likes: int, stars: int) -> int:
    return (
        (CHECKIN_POINTS if checked_in else 0)
        + min(chat_minutes, CHAT_CAP)
        + min(likes, LIKE_CAP)
        + stars
    )


@dataclass(frozen=True)
class Level:
    level: int  # 0: not in the club yet
    points: int
    next_at: int | None  # the points of the next level (None: the top one)

    @property
    def to_next(self) -> int | None:
        return None if self.next_at is None else self.next_at - self.points


def level_of(points: int, thresholds: Sequence[int]) -> Level:
    reached = [at for at in thresholds if points >= at]
    following = next((at for at in thresholds if points < at), None)
    return Level(len(reached), points, following)


def parse_levels(text: str) -> list[int]:
    """`10, 50, 150`: rising whole numbers of points, one per level."""
    words = text.replace(",", " ").split()
    if not words or not all(word.isdigit() for word in words):
        raise UserInputError(messages.ERR_FAN_LEVELS, value=text)
    levels = [int(word) for word in words]
    if len(levels) > MAX_LEVELS or levels[0] < 1 or levels != sorted(set(levels)):
        raise UserInputError(messages.ERR_FAN_LEVELS, value=text)
    return levels


def streak(shows_newest_first: Sequence[int], attended: set[int]) -> int:
    """How many of the room's latest shows in a row the fan came to."""
    count = 0
    for show in shows_newest_first:
        if show not in attended:
            break
        count += 1
    return count


def paused(last_attended: datetime | None, now: datetime, idle: timedelta) -> bool:
    return last_attended is None or now - last_attended > idle
