"""The post-show report: figures of one show and its activity per minute. No Telegram here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_MINUTES = 24 * 60  # a chart of a day-long show is still one readable image


@dataclass(frozen=True)
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

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at


def per_minute(moments: Iterable[datetime], start: datetime, end: datetime) -> list[int]:
    """How many of `moments` fall in each minute from `start` to `end` (minute 0 first)."""
    minutes = min(MAX_MINUTES, max(1, -(-int((end - start).total_seconds()) // 60)))
    counts = [0] * minutes
    for moment in moments:
        index = int((moment - start).total_seconds() // 60)
        if 0 <= index < minutes:
            counts[index] += 1
    return counts
