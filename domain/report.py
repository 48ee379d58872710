"""The post-show report: figures of one show and its activity per minute. No Telegram here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_MINUTES = 24 * 60  # a chart of a day-long show is still one readable image


@dataclass(frozen=True)
class SegmentTiming:
    """A run-of-show segment as planned and as it ran (None: it never started)."""

    title: str
    planned: timedelta
    started_at: datetime | None
    ended_at: datetime | None
    lottery: bool = False  # a lottery segment (its title is the prize)

    @property
    def actual(self) -> timedelta | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at


@dataclass(frozen=True)
class PartnerFigures:
    """A joint show's partner room over the same time, for the report's side-by-side line."""

    title: str
    active_fans: int
    new_members: int
    entries: int
    gift_stars: int
    popularity: int


@dataclass
class ShowReport:
    title: str
    started_at: datetime
    ended_at: datetime
    new_members: int
    messages: int
    entries: int
    winners: int
    messages_per_minute: list[int] = field(default_factory=list)
    entries_per_minute: list[int] = field(default_factory=list)
    gift_stars: int = 0  # refunds left out
    top_givers: list[tuple[str, int]] = field(default_factory=list)  # (name, Stars), most first
    gifts_per_minute: list[int] = field(default_factory=list)
    gifts: int = 0
    # Distinct fans who wrote, pressed, entered, reacted, joined or gave (never "viewers":
    # Telegram tells bots nothing of who watches a video chat), and the most in one minute.
    active_fans: int = 0
    peak_active: int = 0
    # How long the video chat ran, when one did (Telegram's own count).
    video_chat: timedelta | None = None
    segments: list[SegmentTiming] = field(default_factory=list)
    popularity: int = 0
    partner: PartnerFigures | None = None  # a joint show's other room

    @property
    def duration(self) -> timedelta:
        """From going live to the end: what the report covers."""
        return self.ended_at - self.started_at

    @property
    def length(self) -> timedelta:
        """The show's length as the eligibility rule counts it: its video chat's when one ran
        (Telegram's own figure), else from going live to the end."""
        return self.video_chat if self.video_chat is not None else self.duration


def per_minute(moments: Iterable[datetime], start: datetime, end: datetime) -> list[int]:
    """How many of `moments` fall in each minute from `start` to `end` (minute 0 first)."""
    minutes = min(MAX_MINUTES, max(1, -(-int((end - start).total_seconds()) // 60)))
    counts = [0] * minutes
    for moment in moments:
        index = int((moment - start).total_seconds() // 60)
        if 0 <= index < minutes:
            counts[index] += 1
    return counts


def active_fans(moments: Iterable[tuple[int, datetime]], start: datetime) -> tuple[int, int]:
    """(distinct fans, the most distinct fans in one minute) of (fan, when) pairs."""
    fans: set[int] = set()
    per_minute: dict[int, set[int]] = {}
    for fan, moment in moments:
        fans.add(fan)
        per_minute.setdefault(int((moment - start).total_seconds() // 60), set()).add(fan)
    return len(fans), max((len(minute) for minute in per_minute.values()), default=0)
