"""The host's numbers: their last shows and their progress toward the eligibility rule. No
Telegram here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.eligibility import EligibilityRule, ShowNumbers
from storage.figures import FiguresRepository
from storage.models import Room

RECENT_SHOWS = 10


@dataclass(frozen=True)
class Standing:
    recent: list[ShowNumbers]  # newest first
    qualifying: list[ShowNumbers]  # oldest first, up to the rule's number
    rule: EligibilityRule

    @property
    def met(self) -> bool:
        return len(self.qualifying) >= self.rule.shows


class StatsService:
    def __init__(self, session: AsyncSession, rule: EligibilityRule) -> None:
        self.session = session
        self.rule = rule

    async def standing(self, room: Room) -> Standing:
        shows = [
            ShowNumbers(
                title=title,
                started_at=figures.started_at,
                length=timedelta(seconds=figures.length_seconds),
                active_fans=figures.active_fans,
                peak_active=figures.peak_active,
                new_members=figures.new_members,
                entries=figures.entries,
                gifts=figures.gifts,
            )
            for figures, title in await FiguresRepository(self.session).of_room(room.chat_id)
        ]
        return Standing(shows[:RECENT_SHOWS], self.rule.progress(shows), self.rule)
