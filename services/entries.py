"""The one place a fan enters a lottery: the entry rule, then the entry written (group commit).
Every entry adapter (the Join button, a password typed in the room, a friend joining through a
fan's link, the crowd fast path) comes here. No Telegram here."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.draw import score
from domain.lottery import Entered, EntryWindow, entry_refusal
from storage.entry_writer import EntryWriter
from storage.models import Lottery


class RoomAdmins(Protocol):
    """Who runs a room (its admins, from Telegram): they run its lotteries, never win them."""

    async def of(self, room_chat_id: int) -> frozenset[int]: ...


class EntryDesk:
    def __init__(self, writer: EntryWriter, admins: RoomAdmins) -> None:
        self.writer = writer
        self.admins = admins

    async def refusal(self, lottery: EntryWindow, user_id: int, at: datetime) -> Entered | None:
        """The entry rule with the room's admins: why this fan cannot enter, or None."""
        refusal = entry_refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        return entry_refusal(lottery, user_id, at, await self.admins.of(lottery.room_chat_id))

    async def enter(
        self,
        lottery: Lottery,
        user_id: int,
        first_name: str,
        at: datetime,
        language: str | None = None,
    ) -> Entered:
        """One entry per fan; `at` is when the fan acted (the update's date where it has one)."""
        refusal = await self.refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        created = await self.writer.add(
            lottery.id, user_id, first_name, at, score(lottery.seed, user_id), language
        )
        return Entered.ENTERED if created else Entered.ALREADY

    async def close(self) -> None:
        """Write the entries still waiting."""
        await self.writer.close()
