"""The one place a fan enters a lottery: the entry rule, then the entry written (group commit).
Every entry adapter (the Join button, a password typed in the room, a friend joining through a
fan's link, the crowd fast path) comes here. No Telegram here."""

from __future__ import annotations

from datetime import datetime

from domain.draw import score
from domain.lottery import Entered, entry_refusal
from storage.entry_writer import EntryWriter
from storage.models import Lottery


class EntryDesk:
    def __init__(self, writer: EntryWriter) -> None:
        self.writer = writer

    async def enter(
        self, lottery: Lottery, user_id: int, first_name: str, at: datetime
    ) -> Entered:
        """One entry per fan; `at` is when the fan acted (the update's date where it has one)."""
        refusal = entry_refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        created = await self.writer.add(
            lottery.id, user_id, first_name, at, score(lottery.seed, user_id)
        )
        return Entered.ENTERED if created else Entered.ALREADY

    async def close(self) -> None:
        """Write the entries still waiting."""
        await self.writer.close()
