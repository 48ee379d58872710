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


class FanStandings(Protocol):
    """A fan's standing in a room's fan club, for a lottery's condition."""

    async def of(self, room_chat_id: int, user_id: int) -> tuple[int, int]:
        """(level, check-ins to the room's last CHECKIN_WINDOW shows)."""
        ...


class BlockList(Protocol):
    """Who the room's host blocked from its lotteries (/block)."""

    async def blocked(self, room_chat_id: int) -> frozenset[int]: ...


class EntryDesk:
    def __init__(
        self,
        writer: EntryWriter,
        admins: RoomAdmins,
        standings: FanStandings | None = None,
        blocks: BlockList | None = None,
    ) -> None:
        self.writer = writer
        self.admins = admins
        self.standings = standings
        self.blocks = blocks

    async def refusal(self, lottery: EntryWindow, user_id: int, at: datetime) -> Entered | None:
        """The entry rule with the room's admins, the room's block list, then the lottery's
        fan club condition: why this fan cannot enter, or None."""
        refusal = entry_refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        admins: frozenset[int] = frozenset()
        for room in lottery.rooms():  # a joint lottery's: both rooms' admins run it
            admins |= await self.admins.of(room)
        refusal = entry_refusal(lottery, user_id, at, admins)
        if (
            refusal is None
            and self.blocks is not None
            and user_id in await self.blocks.blocked(lottery.room_chat_id)
        ):
            return Entered.BLOCKED
        condition = lottery.condition
        if refusal is None and condition is not None and self.standings is not None:
            level, checkins = await self.standings.of(lottery.room_chat_id, user_id)
            if not condition.met(level, checkins):
                return Entered.NOT_QUALIFIED
        return refusal

    async def enter(
        self,
        lottery: Lottery,
        user_id: int,
        first_name: str,
        at: datetime,
        language: str | None = None,
        chat_id: int | None = None,
    ) -> Entered:
        """One entry per fan; `at` is when the fan acted (the update's date where it has one),
        `chat_id` the room they entered from (a joint lottery's partner room is recorded)."""
        refusal = await self.refusal(lottery, user_id, at)
        if refusal is not None:
            return refusal
        from_partner = chat_id if chat_id is not None and chat_id != lottery.room_chat_id else None
        created = await self.writer.add(
            lottery.id,
            user_id,
            first_name,
            at,
            score(lottery.seed, user_id),
            language,
            from_partner,
        )
        return Entered.ENTERED if created else Entered.ALREADY

    async def close(self) -> None:
        """Write the entries still waiting."""
        await self.writer.close()
