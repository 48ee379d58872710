"""Joint shows: the appointment between two rooms (/cohost), and the battle between them
(/battle). The rules are domain/joint.py's. No Telegram here.

Nothing of one room reaches the other beyond what a joint show names: the partner's title and
link in posts, one lottery's entrants and result, a battle's totals and its top three names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.joint import (
    CODE_VALID,
    BattleMetric,
    BattleRequest,
    CohostRequest,
    code_digest,
    new_code,
)
from domain.popularity import Weights
from domain.schedule import OneOffRequest, parse_start, zone
from domain.vocabulary import BroadcastStatus
from services.broadcasts import BroadcastService
from services.popularity import count, fans_between
from storage.broadcasts import BroadcastRepository
from storage.gifts import GiftRepository
from storage.joint import JointRepository
from storage.likes import LikeRepository
from storage.models import Battle, Broadcast, JointShow, Room
from storage.repositories import RoomRepository

_OPEN = (BroadcastStatus.SCHEDULED, BroadcastStatus.LIVE)


@dataclass(frozen=True)
class Invited:
    code: str  # shown once, to the inviting host alone
    show: Broadcast
    expires_at: datetime


@dataclass(frozen=True)
class Joint:
    """A joint show as one room sees it: its own show and the partner's."""

    joint: JointShow
    room: Room
    show: Broadcast
    partner: Room
    partner_show: Broadcast

    def turned(self) -> Joint:
        """The same joint show as the partner room sees it."""
        return Joint(self.joint, self.partner, self.partner_show, self.room, self.show)


@dataclass(frozen=True)
class Score:
    """One room's side of a battle: its total and its best contributors (id, name, amount)."""

    room: Room
    total: int
    contributors: list[tuple[int, str, int]]


async def joint_of(session: AsyncSession, joint: JointShow, room_chat_id: int) -> Joint:
    rooms, shows = RoomRepository(session), BroadcastRepository(session)
    partner_id = joint.partner_of(room_chat_id)
    room, partner = await rooms.get(room_chat_id), await rooms.get(partner_id)
    show = await shows.get(joint.show_in(room_chat_id))
    partner_show = await shows.get(joint.show_in(partner_id))
    assert room is not None and partner is not None and show is not None
    assert partner_show is not None
    return Joint(joint, room, show, partner, partner_show)


class JointService:
    def __init__(self, session: AsyncSession, clock: Clock, broadcasts: BroadcastService) -> None:
        self.session = session
        self.clock = clock
        self.broadcasts = broadcasts
        self.joints = JointRepository(session)
        self.shows = BroadcastRepository(session)

    async def _own_show(self, room: Room, show_id: int) -> Broadcast:
        show = await self.shows.get(show_id)
        if show is None or show.room_chat_id != room.chat_id:
            raise UserInputError(messages.ERR_NOT_FOUND, id=show_id)
        if show.status not in _OPEN:
            raise UserInputError(messages.ERR_COHOST_SHOW_OVER, id=show_id)
        if (joint := await self.joints.of_show(show.id)) is not None and joint.ended_at is None:
            raise UserInputError(messages.ERR_COHOST_ALREADY, id=show_id)
        return show

    async def invite(self, room: Room, show_id: int, by: int | None) -> Invited:
        show = await self._own_show(room, show_id)
        code = new_code()
        now = self.clock.now()
        expires = now + CODE_VALID
        await self.joints.add_invite(code_digest(code), room.chat_id, show.id, by, now, expires)
        await self.session.commit()
        return Invited(code, show, expires)

    async def accept(self, room: Room, request: CohostRequest, by: int | None) -> Joint:
        """Room B's host takes room A's code: with a show of theirs, one at a time they name,
        or (nothing named) one at the same moment as A's, with A's title."""
        assert request.code is not None
        now = self.clock.now()
        invite = await self.joints.invite(code_digest(request.code))
        if invite is None or invite.used_at is not None:
            raise UserInputError(messages.ERR_COHOST_CODE_USED)
        if invite.expires_at <= now:
            raise UserInputError(messages.ERR_COHOST_CODE_EXPIRED)
        if invite.room_chat_id == room.chat_id:
            raise UserInputError(messages.ERR_COHOST_OWN_ROOM)
        show_a = await self.shows.get(invite.broadcast_id)
        if show_a is None or show_a.status not in _OPEN:
            raise UserInputError(messages.ERR_COHOST_SHOW_OVER, id=invite.broadcast_id)
        if request.show_id is not None:
            show_b = await self._own_show(room, request.show_id)
        else:
            if request.date_text is not None and request.time_text is not None:
                starts_at = parse_start(
                    request.date_text, request.time_text, zone(room.timezone), now
                )
            elif show_a.starts_at > now:
                starts_at = show_a.starts_at
            else:
                raise UserInputError(messages.ERR_COHOST_WHEN)
            source = -int(invite.id)  # one show per code, however often the command comes
            scheduled = await self.broadcasts.schedule(
                room, OneOffRequest(starts_at, show_a.title), source, by
            )
            show_b = scheduled.broadcast
        if not await self.joints.use_invite(invite.id, now):
            await self.session.rollback()
            raise UserInputError(messages.ERR_COHOST_CODE_USED)
        joint = await self.joints.add(
            show_a_id=show_a.id,
            show_b_id=show_b.id,
            room_a=invite.room_chat_id,
            room_b=room.chat_id,
            host_a=invite.created_by,
            host_b=by,
            created_at=now,
        )
        if joint is None:
            await self.session.rollback()
            raise UserInputError(messages.ERR_COHOST_ALREADY, id=show_a.id)
        await self.session.commit()
        return await joint_of(self.session, joint, room.chat_id)

    async def current(self, room: Room) -> Joint | None:
        """The room's joint show that has not ended (the soonest made)."""
        active = await self.joints.active(room.chat_id)
        return await joint_of(self.session, active[0], room.chat_id) if active else None

    async def end_all(
        self, room_chat_id: int, reason: str, host: int | None = None
    ) -> list[Joint]:
        """End the room's joint shows (`host`: only those this person hosts in the room): the
        bot was removed from the room, or the host lost their rights there."""
        ended = []
        for joint in await self.joints.active(room_chat_id):
            if host is not None and joint.host_in(room_chat_id) != host:
                continue
            if await self.joints.end(joint.id, reason, self.clock.now()):
                ended.append(await joint_of(self.session, joint, room_chat_id))
        await self.session.commit()
        return ended

    async def live(self, room: Room) -> Joint:
        """The room's joint show on air now (both shows live), or a clear refusal."""
        joint = await self.current(room)
        if joint is None:
            raise UserInputError(messages.ERR_NO_JOINT_SHOW)
        if joint.show.status != BroadcastStatus.LIVE:
            raise UserInputError(messages.ERR_JOINT_NOT_LIVE, id=joint.show.id)
        return joint

    async def end(self, room: Room, reason: str) -> Joint | None:
        """End the room's joint show (its host cancelled it); None if it has none."""
        joint = await self.current(room)
        if joint is None or not await self.joints.end(joint.joint.id, reason, self.clock.now()):
            return None
        await self.session.commit()
        return joint

    # --- the battle ------------------------------------------------------------------------------
    async def start_battle(
        self, room: Room, request: BattleRequest, by: int | None, source_message_id: int
    ) -> tuple[Battle, Joint, bool]:
        joint = await self.live(room)
        running = await self.joints.running_battle(joint.joint.id)
        now = self.clock.now()
        battle, created = await self.joints.add_battle(
            joint_id=joint.joint.id,
            metric=request.metric.value,
            starts_at=now,
            ends_at=now + request.length,
            started_by=by,
            source_chat_id=room.chat_id,
            source_message_id=source_message_id,
        )
        if created and running is not None:
            await self.session.rollback()
            raise UserInputError(messages.ERR_BATTLE_RUNNING)
        await self.session.commit()
        assert battle is not None
        return battle, joint, created


async def battle_scores(
    session: AsyncSession, battle: Battle, until: datetime
) -> tuple[Joint, Score, Score]:
    """Both rooms' sides of a battle (room A's first), counted from its start to `until`."""
    joint = await JointRepository(session).get(battle.joint_id)
    assert joint is not None
    seen = await joint_of(session, joint, joint.room_a)
    start, end = battle.starts_at, min(until, battle.ends_at)
    sides = []
    for room in (seen.room, seen.partner):
        metric = BattleMetric(battle.metric)
        if metric is BattleMetric.LIKES:
            rows = await LikeRepository(session).named(room.chat_id, start, end)
            total = sum(likes for _, _, likes in rows)
        elif metric is BattleMetric.GIFTS:
            givers = await GiftRepository(session).givers(room.chat_id, start, end)
            rows = [(user, name or "", stars) for user, name, stars in givers if user is not None]
            total = sum(stars for _, _, stars in givers)
        else:
            # One scale for both rooms: the default weights, whatever each host set.
            total = (await count(session, room.chat_id, start, end)).score(Weights())
            fans = await fans_between(session, room.chat_id, Weights(), start, end)
            rows = [(fan.user_id, fan.name, fan.points) for fan in fans]
        ranked = sorted(rows, key=lambda row: (-row[2], row[0]))
        sides.append(Score(room, total, ranked))
    return seen, sides[0], sides[1]


async def partner_of_show(session: AsyncSession, show: Broadcast) -> Room | None:
    """The partner room of a show that is part of a joint show not ended."""
    joint = await JointRepository(session).of_show(show.id)
    if joint is None or joint.ended_at is not None:
        return None
    return await RoomRepository(session).get(joint.partner_of(show.room_chat_id))
