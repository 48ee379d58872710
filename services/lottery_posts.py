"""What the lottery's own posts need from the database and record in it: the card and its live
count, the cancellation, the claim upkeep and reminders. Each call is one transaction; the
posting is the bot's posters' (bot/posts/). No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from services.claims import ClaimService
from services.crypto import Cipher
from services.rooms import room_of
from storage.lotteries import EntryRepository, LotteryRepository
from storage.models import Lottery, Room, TelegramUser, Winner


class LotteryPosts:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock, cipher: Cipher
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.cipher = cipher

    async def open_lotteries(self) -> Sequence[Lottery]:
        async with self.session_factory() as session:
            return await LotteryRepository(session).open_lotteries()

    async def room(self, chat_id: int) -> Room:
        async with self.session_factory() as session:
            return await room_of(session, chat_id)

    async def card_posted(self, lottery_id: int, message_id: int, partner: bool = False) -> None:
        """A card is up (`partner`: a joint lottery's card in the partner room)."""
        async with self.session_factory.begin() as session:
            await LotteryRepository(session).set_card(lottery_id, message_id, partner)

    async def counts_to_show(self) -> list[tuple[Lottery, Room, int]]:
        """Open lotteries whose entrant count changed since their card last showed it, with
        the new count (recorded as shown: the caller edits the cards)."""
        changed = []
        async with self.session_factory.begin() as session:
            lotteries = LotteryRepository(session)
            for lottery in await lotteries.open_lotteries():
                count = await EntryRepository(session).count(lottery.id)
                if count != lottery.card_entrants_shown:
                    await lotteries.set_card_count(lottery.id, count)
                    changed.append((lottery, await room_of(session, lottery.room_chat_id), count))
        return changed

    async def final_count(self, lottery: Lottery) -> tuple[Room, int]:
        """A cancelled lottery's room and how many had entered."""
        async with self.session_factory() as session:
            room = await room_of(session, lottery.room_chat_id)
            return room, await EntryRepository(session).count(lottery.id)

    async def claims_upkeep(
        self, reminder_lead: timedelta, retention: timedelta
    ) -> Sequence[Winner]:
        """Expire missed deadlines, purge details shipped long ago; the winners to remind."""
        async with self.session_factory() as session:
            return await ClaimService(session, self.clock, self.cipher).upkeep(
                reminder_lead, retention
            )

    async def take_reminder(self, winner: Winner) -> tuple[TelegramUser, Lottery, Room] | None:
        """Claim a winner's one reminder (see ClaimService.take_reminder), with the room whose
        time zone the deadline is shown in."""
        async with self.session_factory() as session:
            taken = await ClaimService(session, self.clock, self.cipher).take_reminder(winner)
            if taken is None:
                return None
            user, lottery = taken
            return user, lottery, await room_of(session, lottery.room_chat_id)
