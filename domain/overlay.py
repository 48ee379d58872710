"""The stream overlay's words: what the page shows of a room at one moment, and its secret link.

The link is a bearer secret (whoever has it sees the page), so it is long and random, stored only
as a digest (a leaked database opens no overlay) and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.vocabulary import LotteryKind, MilestoneTrigger

# 24 random bytes: 192 bits, 32 URL-safe characters.
TOKEN_BYTES = 24
# How long the winners stay on screen after a draw before the page goes back to idle.
REVEAL_FOR = timedelta(seconds=30)
# The ticker keeps this many of the latest items for a page that opens (or reconnects).
TICKER_KEPT = 5


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_digest(stored: str, presented_token: str) -> bool:
    """Whether `presented_token` is the one whose digest is `stored`, in constant time."""
    return hmac.compare_digest(stored, token_digest(presented_token))


def plausible_token(text: str) -> bool:
    """Cheap shape check before any database work: what new_token makes, nothing else."""
    return (
        len(text) == 32 and text.isascii() and all(char.isalnum() or char in "-_" for char in text)
    )


@dataclass(frozen=True)
class NextShow:
    title: str
    starts_at: datetime
    live: bool


@dataclass(frozen=True)
class RunningLottery:
    prize: str
    kind: LotteryKind
    channel_name: str | None
    draw_at: datetime
    entrants: int
    winners_count: int


@dataclass(frozen=True)
class Reveal:
    prize: str
    winners: tuple[str, ...]  # first names, as the room's result message shows them
    drawn_at: datetime

    @property
    def until(self) -> datetime:
        return self.drawn_at + REVEAL_FOR


@dataclass(frozen=True)
class Segment:
    """A run-of-show segment as the page names it (a lottery segment's title is its prize)."""

    title: str
    lottery: bool


@dataclass(frozen=True)
class Rundown:
    """The live show's run-of-show: the segment now, the next one, and the time left."""

    now: Segment
    next: Segment | None
    ends_at: datetime | None  # None while the host has paused the clock
    left: timedelta  # as the clock stands (what a paused page shows)


@dataclass(frozen=True)
class GoalBar:
    """A show's goal as the page draws it: what, how far, and the prize."""

    trigger: MilestoneTrigger
    value: int
    target: int
    prize: str


@dataclass(frozen=True)
class BattleSide:
    title: str
    score: int
    ours: bool  # the room whose page this is


@dataclass(frozen=True)
class BattleBars:
    """A joint show's battle as the page draws it: two bars and a countdown."""

    metric: str  # domain.joint.BattleMetric
    ends_at: datetime
    sides: tuple[BattleSide, BattleSide]  # the page's own room first


@dataclass(frozen=True)
class OverlayView:
    """Everything the page shows, never a password and nothing personal beyond first names the
    room has already seen."""

    room_chat_id: int
    language: str
    timezone: str
    announcement: str | None
    next_show: NextShow | None
    lottery: RunningLottery | None
    reveal: Reveal | None
    rundown: Rundown | None = None
    popularity: int | None = None  # the show on air's, so far (None: no show on air)
    goals: tuple[GoalBar, ...] = ()
    battle: BattleBars | None = None
