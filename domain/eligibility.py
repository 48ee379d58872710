"""The hosts' guide's rule for selling goods: a number of shows of a minimum length with a
minimum of active fans each. Pure rules: no Telegram, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ShowNumbers:
    """One ended show's figures, as kept when it ended."""

    title: str
    started_at: datetime
    length: timedelta
    active_fans: int
    peak_active: int
    new_members: int
    entries: int
    gifts: int


@dataclass(frozen=True)
class EligibilityRule:
    shows: int
    minutes: int
    fans: int

    def qualifies(self, show: ShowNumbers) -> bool:
        return show.length >= timedelta(minutes=self.minutes) and show.active_fans >= self.fans

    def progress(self, shows: Sequence[ShowNumbers]) -> list[ShowNumbers]:
        """The qualifying shows, oldest first, as many as the rule asks for at most."""
        qualifying = sorted((s for s in shows if self.qualifies(s)), key=lambda s: s.started_at)
        return qualifying[: self.shows]

    def met(self, shows: Sequence[ShowNumbers]) -> bool:
        return len(self.progress(shows)) >= self.shows
