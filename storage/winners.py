"""Winners of a drawn lottery: their claim life cycle (waiting, submitted, shipped, expired,
replaced), their encrypted delivery details, and the one reminder and notice each gets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.vocabulary import ClaimStatus
from storage.models import Winner
from storage.sql import insert_or_ignore, rowcount


class WinnerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_all(
        self,
        lottery_id: int,
        winners: Sequence[tuple[int, str]],
        claim_deadline: datetime,
        first_rank: int = 1,
    ) -> None:
        if winners:
            await self.session.execute(
                insert_or_ignore(self.session, Winner)
                .values(
                    [
                        {
                            "lottery_id": lottery_id,
                            "user_id": user_id,
                            "first_name": name,
                            "rank": rank,
                            "claim_deadline": claim_deadline,
                        }
                        for rank, (user_id, name) in enumerate(winners, start=first_rank)
                    ]
                )
                .on_conflict_do_nothing()
            )

    async def get(self, winner_id: int) -> Winner | None:
        return await self.session.get(Winner, winner_id, populate_existing=True)

    async def submit(
        self, winner_id: int, user_id: int, now: datetime, **encrypted: str | None
    ) -> bool:
        """Details can be given, and changed, until the prize is shipped (or the claim expired)."""
        result = await self.session.execute(
            update(Winner)
            .where(
                Winner.id == winner_id,
                Winner.user_id == user_id,
                Winner.status.in_([ClaimStatus.WAITING, ClaimStatus.SUBMITTED]),
            )
            .values(status=ClaimStatus.SUBMITTED, submitted_at=now, **encrypted)
        )
        return rowcount(result) == 1

    async def ship(self, winner_id: int, now: datetime) -> bool:
        """Compare-and-set SUBMITTED → SHIPPED, only with the details to ship to."""
        result = await self.session.execute(
            update(Winner)
            .where(
                Winner.id == winner_id,
                Winner.status == ClaimStatus.SUBMITTED,
                Winner.address_enc.is_not(None),
            )
            .values(status=ClaimStatus.SHIPPED, shipped_at=now)
        )
        return rowcount(result) == 1

    async def unship(self, winner_id: int) -> bool:
        """SHIPPED → SUBMITTED (a host's mistake), while the details are still kept."""
        result = await self.session.execute(
            update(Winner)
            .where(
                Winner.id == winner_id,
                Winner.status == ClaimStatus.SHIPPED,
                Winner.address_enc.is_not(None),
            )
            .values(status=ClaimStatus.SUBMITTED, shipped_at=None)
        )
        return rowcount(result) == 1

    async def withdraw_unshipped(self, user_id: int) -> list[tuple[int, datetime]]:
        """A fan's submitted, unshipped claims go back to waiting (their details are being
        erased): nothing is shipped to no address. Returns their lotteries and deadlines."""
        withdrawn = [
            (lottery_id, deadline)
            for lottery_id, deadline in await self.session.execute(
                select(Winner.lottery_id, Winner.claim_deadline).where(
                    Winner.user_id == user_id, Winner.status == ClaimStatus.SUBMITTED
                )
            )
            if deadline is not None  # every drawn winner has one
        ]
        await self.session.execute(
            update(Winner)
            .where(Winner.user_id == user_id, Winner.status == ClaimStatus.SUBMITTED)
            .values(status=ClaimStatus.WAITING, submitted_at=None)
        )
        return withdrawn

    async def to_remind(self, before: datetime) -> Sequence[Winner]:
        """Waiting winners whose deadline is before `before` and who were not reminded yet."""
        return (
            await self.session.scalars(
                select(Winner).where(
                    Winner.status == ClaimStatus.WAITING,
                    Winner.reminded.is_(False),
                    Winner.claim_deadline <= before,
                )
            )
        ).all()

    async def mark_reminded(self, winner_id: int) -> bool:
        result = await self.session.execute(
            update(Winner)
            .where(Winner.id == winner_id, Winner.reminded.is_(False))
            .values(reminded=True)
        )
        return rowcount(result) == 1

    async def expire_due(self, now: datetime) -> int:
        result = await self.session.execute(
            update(Winner)
            .where(Winner.status == ClaimStatus.WAITING, Winner.claim_deadline <= now)
            .values(status=ClaimStatus.EXPIRED)
        )
        return rowcount(result)

    async def unreplaced_expired(self, lottery_id: int) -> Sequence[Winner]:
        return (
            await self.session.scalars(
                select(Winner)
                .where(
                    Winner.lottery_id == lottery_id,
                    Winner.status == ClaimStatus.EXPIRED,
                    Winner.replaced.is_(False),
                )
                .order_by(Winner.rank)
            )
        ).all()

    async def mark_replaced(self, winner_id: int) -> bool:
        """Compare-and-set: each expired prize is re-drawn once, however often /reroll runs."""
        result = await self.session.execute(
            update(Winner)
            .where(Winner.id == winner_id, Winner.replaced.is_(False))
            .values(replaced=True)
        )
        return rowcount(result) == 1

    async def with_details(self) -> Sequence[Winner]:
        return (
            await self.session.scalars(select(Winner).where(Winner.recipient_enc.is_not(None)))
        ).all()

    async def erase_details(self, *where: Any) -> int:
        result = await self.session.execute(
            update(Winner)
            .where(*where)
            .values(recipient_enc=None, phone_enc=None, address_enc=None, note_enc=None)
        )
        return rowcount(result)

    async def of_lotteries(self, lottery_ids: Sequence[int]) -> Sequence[Winner]:
        return (
            await self.session.scalars(
                select(Winner)
                .where(Winner.lottery_id.in_(lottery_ids))
                .order_by(Winner.lottery_id, Winner.rank)
            )
        ).all()

    async def of(self, lottery_id: int) -> Sequence[Winner]:
        return (
            await self.session.scalars(
                select(Winner).where(Winner.lottery_id == lottery_id).order_by(Winner.rank)
            )
        ).all()

    async def find(self, lottery_id: int, user_id: int) -> Winner | None:
        return (
            await self.session.scalars(
                select(Winner).where(Winner.lottery_id == lottery_id, Winner.user_id == user_id)
            )
        ).one_or_none()

    async def mark_notified(self, winner_id: int) -> bool:
        result = await self.session.execute(
            update(Winner)
            .where(Winner.id == winner_id, Winner.notified.is_(False))
            .values(notified=True)
        )
        return rowcount(result) == 1
