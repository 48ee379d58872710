"""Winners' delivery details: validation, encryption at rest, and the claim life cycle.

waiting ──(details)──> submitted ──(host: /shipped)──> shipped
   └──(deadline passes)──> expired ──(host: /reroll)──> replaced by the next in the ranking
No Telegram here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.claims import Delivery
from domain.clock import Clock
from domain.errors import UserInputError
from domain.vocabulary import ClaimStatus
from services.crypto import Cipher
from services.rooms import room_of
from storage.lotteries import LotteryRepository
from storage.models import Lottery, Room, TelegramUser, Winner
from storage.repositories import UserRepository
from storage.winners import WinnerRepository


class ClaimService:
    def __init__(self, session: AsyncSession, clock: Clock, cipher: Cipher) -> None:
        self.session = session
        self.clock = clock
        self.cipher = cipher
        self.winners = WinnerRepository(session)
        self.lotteries = LotteryRepository(session)
        self.users = UserRepository(session)

    async def claim_of(self, lottery_id: int, user_id: int) -> tuple[Winner, Lottery]:
        """The winner row for this fan, or a friendly refusal: only the drawn winner may claim."""
        lottery = await self.lotteries.get(lottery_id)
        if lottery is None:
            raise UserInputError(messages.BAD_START_LINK)  # no such lottery: a mistyped link
        winner = await self.winners.find(lottery_id, user_id)
        if winner is None:
            raise UserInputError(messages.CLAIM_NOT_YOURS)
        return winner, lottery

    async def winner_and_lottery(self, winner_id: int) -> tuple[Winner | None, Lottery | None]:
        winner = await self.winners.get(winner_id)
        if winner is None:
            return None, None
        return winner, await self.lotteries.get(winner.lottery_id)

    def delivery_of(self, winner: Winner) -> Delivery | None:
        if winner.recipient_enc is None or winner.phone_enc is None or winner.address_enc is None:
            return None
        return Delivery(
            recipient=self.cipher.decrypt(winner.recipient_enc),
            phone=self.cipher.decrypt(winner.phone_enc),
            address=self.cipher.decrypt(winner.address_enc),
            note=self.cipher.decrypt_optional(winner.note_enc),
        )

    async def submit(self, winner_id: int, user_id: int, delivery: Delivery) -> Winner:
        saved = await self.winners.submit(
            winner_id,
            user_id,
            self.clock.now(),
            recipient_enc=self.cipher.encrypt(delivery.recipient),
            phone_enc=self.cipher.encrypt(delivery.phone),
            address_enc=self.cipher.encrypt(delivery.address),
            note_enc=self.cipher.encrypt_optional(delivery.note or None),
        )
        await self.session.commit()
        winner = await self.winners.get(winner_id)
        if winner is None:
            raise UserInputError(messages.CLAIM_NOT_YOURS)
        if not saved:
            # Shipped or expired meanwhile: the caller shows why.
            raise UserInputError(messages.CLAIM_NOT_YOURS)
        return winner

    async def ship(self, winner: Winner) -> None:
        if winner.status is ClaimStatus.SHIPPED:
            raise UserInputError(messages.ERR_ALREADY_SHIPPED, winner_id=winner.id)
        if not await self.winners.ship(winner.id, self.clock.now()):
            raise UserInputError(messages.ERR_NOT_SUBMITTED, winner_id=winner.id)
        await self.session.commit()

    async def unship(self, winner: Winner) -> None:
        """Undo /shipped (marked by mistake): submitted again, the winner's details kept."""
        if winner.status is not ClaimStatus.SHIPPED:
            raise UserInputError(messages.ERR_NOT_SHIPPED, winner_id=winner.id)
        if not await self.winners.unship(winner.id):
            raise UserInputError(messages.ERR_UNSHIP_PURGED, winner_id=winner.id)
        await self.session.commit()

    async def forget(self, user_id: int) -> tuple[int, list[tuple[Lottery, datetime]]]:
        """Erase the fan's delivery details. Returns how many were erased, and the lotteries
        whose prize was not shipped yet, with their claim deadlines: those claims wait for
        details again."""
        withdrawn = await self.winners.withdraw_unshipped(user_id)
        erased = await self.winners.erase_details(
            Winner.user_id == user_id, Winner.recipient_enc.is_not(None)
        )
        unshipped = [
            (lottery, deadline)
            for lottery_id, deadline in withdrawn
            if (lottery := await self.lotteries.get(lottery_id)) is not None
        ]
        await self.session.commit()
        return erased, unshipped

    async def rotate_keys(self) -> int:
        """Re-encrypt every stored delivery detail with DATA_KEY's first key, so the keys after
        it can be dropped from DATA_KEY once this has run. Returns how many winners."""
        winners = await self.winners.with_details()
        for winner in winners:
            winner.recipient_enc = self.cipher.rotate_optional(winner.recipient_enc)
            winner.phone_enc = self.cipher.rotate_optional(winner.phone_enc)
            winner.address_enc = self.cipher.rotate_optional(winner.address_enc)
            winner.note_enc = self.cipher.rotate_optional(winner.note_enc)
        await self.session.commit()
        return len(winners)

    async def upkeep(self, reminder_lead: timedelta, retention: timedelta) -> Sequence[Winner]:
        """Expire missed deadlines and purge details shipped long ago; returns the winners whose
        deadline is within `reminder_lead` and who have not been reminded yet."""
        now = self.clock.now()
        to_remind = await self.winners.to_remind(now + reminder_lead)
        await self.winners.expire_due(now)
        await self.session.commit()
        await self.purge_shipped(retention)
        return to_remind

    async def take_reminder(self, winner: Winner) -> tuple[TelegramUser, Lottery] | None:
        """Claim a winner's one reminder: whom to remind of which prize, or None (reminded
        already, or not reachable in private: then never)."""
        user = await self.users.get(winner.user_id)
        lottery = await self.lotteries.get(winner.lottery_id)
        if not await self.winners.mark_reminded(winner.id):
            return None
        await self.session.commit()
        if lottery is None or user is None or not user.reachable:
            return None
        return user, lottery

    async def purge_shipped(self, retention: timedelta) -> int:
        cutoff = self.clock.now() - retention
        erased = await self.winners.erase_details(
            Winner.status == ClaimStatus.SHIPPED,
            Winner.shipped_at <= cutoff,
            Winner.recipient_enc.is_not(None),
        )
        await self.session.commit()
        return erased

    async def joint_report(
        self, room_ids: Sequence[int], limit: int
    ) -> list[tuple[Lottery, list[Winner], Room]]:
        """Joint lotteries these rooms took part in but another room's host started: winners'
        names and status only (the prize and its shipping are the other host's), and whose."""
        lotteries = await self.lotteries.drawn_jointly_in(room_ids, limit)
        winners = await self.winners.of_lotteries([lottery.id for lottery in lotteries])
        return [
            (
                lottery,
                [w for w in winners if w.lottery_id == lottery.id],
                await room_of(self.session, lottery.room_chat_id),
            )
            for lottery in lotteries
        ]

    async def report(
        self,
        room_ids: Sequence[int],
        lottery_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[tuple[Lottery, list[Winner]]]:
        """Drawn lotteries of these rooms (newest first) with their winners, for /winners and
        /export; a lottery of another room is never included."""
        lotteries = await self.lotteries.drawn_in_rooms(room_ids, since, until, limit)
        if lottery_id is not None:
            lotteries = [lottery for lottery in lotteries if lottery.id == lottery_id]
        winners = await self.winners.of_lotteries([lottery.id for lottery in lotteries])
        by_lottery: dict[int, list[Winner]] = {lottery.id: [] for lottery in lotteries}
        for winner in winners:
            by_lottery[winner.lottery_id].append(winner)
        return [(lottery, by_lottery[lottery.id]) for lottery in lotteries]
