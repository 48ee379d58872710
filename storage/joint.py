"""Repositories for joint shows: invite codes, the joint shows themselves, their battles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Battle, CohostInvite, JointShow
from storage.sql import insert_or_ignore, rowcount


class JointRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- invites ---------------------------------------------------------------------------------
    async def add_invite(
        self,
        digest: str,
        room_chat_id: int,
        broadcast_id: int,
        by: int | None,
        at: datetime,
        expires_at: datetime,
    ) -> CohostInvite:
        invite = CohostInvite(
            code_digest=digest,
            room_chat_id=room_chat_id,
            broadcast_id=broadcast_id,
            created_by=by,
            created_at=at,
            expires_at=expires_at,
        )
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def invite(self, digest: str) -> CohostInvite | None:
        return (
            await self.session.scalars(
                select(CohostInvite).where(CohostInvite.code_digest == digest)
            )
        ).first()

    async def use_invite(self, invite_id: int, now: datetime) -> bool:
        """Compare-and-set: a code is used once, within its time."""
        result = await self.session.execute(
            update(CohostInvite)
            .where(
                CohostInvite.id == invite_id,
                CohostInvite.used_at.is_(None),
                CohostInvite.expires_at > now,
            )
            .values(used_at=now)
        )
        return rowcount(result) == 1

    # --- joint shows -----------------------------------------------------------------------------
    async def add(self, show_a_id: int, **values: object) -> JointShow | None:
        """The joint show; None when either show is in one already (the schema's rule)."""
        result = await self.session.execute(
            insert_or_ignore(self.session, JointShow)
            .values(show_a_id=show_a_id, **values)
            .on_conflict_do_nothing()
        )
        if rowcount(result) != 1:
            return None
        return await self.of_show(show_a_id)

    async def get(self, joint_id: int) -> JointShow | None:
        return await self.session.get(JointShow, joint_id, populate_existing=True)

    async def of_show(self, broadcast_id: int) -> JointShow | None:
        """The joint show (ended or not) that this show is part of."""
        return (
            await self.session.scalars(
                select(JointShow).where(
                    or_(JointShow.show_a_id == broadcast_id, JointShow.show_b_id == broadcast_id)
                )
            )
        ).first()

    async def active(self, room_chat_id: int) -> Sequence[JointShow]:
        """The room's joint shows that have not ended, soonest made first."""
        return (
            await self.session.scalars(
                select(JointShow)
                .where(
                    or_(JointShow.room_a == room_chat_id, JointShow.room_b == room_chat_id),
                    JointShow.ended_at.is_(None),
                )
                .order_by(JointShow.id)
            )
        ).all()

    async def end(self, joint_id: int, reason: str, now: datetime) -> bool:
        """Compare-and-set: a joint show ends once, for the first reason."""
        result = await self.session.execute(
            update(JointShow)
            .where(JointShow.id == joint_id, JointShow.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        )
        return rowcount(result) == 1

    # --- battles ---------------------------------------------------------------------------------
    async def add_battle(self, **values: object) -> tuple[Battle | None, bool]:
        """(battle, created); (the battle this command made, False) when it came twice."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Battle).values(**values).on_conflict_do_nothing()
        )
        battle = (
            await self.session.scalars(
                select(Battle).where(
                    Battle.joint_id == values["joint_id"],
                    Battle.source_chat_id == values["source_chat_id"],
                    Battle.source_message_id == values["source_message_id"],
                )
            )
        ).first()
        return battle, rowcount(result) == 1

    async def running_battle(self, joint_id: int) -> Battle | None:
        return (
            await self.session.scalars(
                select(Battle).where(Battle.joint_id == joint_id, Battle.settled_at.is_(None))
            )
        ).first()

    async def battles_due(self, now: datetime) -> Sequence[Battle]:
        return (
            await self.session.scalars(
                select(Battle).where(Battle.settled_at.is_(None), Battle.ends_at <= now)
            )
        ).all()

    async def open_battles(self) -> Sequence[Battle]:
        return (
            await self.session.scalars(select(Battle).where(Battle.settled_at.is_(None)))
        ).all()

    async def settle(
        self, battle_id: int, winner: int | None, score_a: int, score_b: int, now: datetime
    ) -> bool:
        """Compare-and-set: a battle is settled once, whoever's timer fires."""
        result = await self.session.execute(
            update(Battle)
            .where(Battle.id == battle_id, Battle.settled_at.is_(None))
            .values(settled_at=now, winner_chat_id=winner, score_a=score_a, score_b=score_b)
        )
        return rowcount(result) == 1
