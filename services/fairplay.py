"""Fair play use-cases: a room's rules (/fairplay), its block list (/block), the entrants of a
running lottery (/entrants, remove with a reason), and what the rules decide at a draw. The
rules themselves are domain/fairplay.py's. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.draw import among
from domain.errors import UserInputError, one_line
from domain.fairplay import (
    DEMOTED,
    REASON_MAX_LENGTH,
    Excluded,
    FairPlay,
    FairPlayChange,
    Shortfall,
    apart,
    block_list_digest,
    capped_and_recent,
    shortfall,
)
from storage.fairplay import BlockRepository, ExclusionRepository, Numbered
from storage.lotteries import LotteryRepository
from storage.models import Block, Lottery, Room
from storage.repositories import RoomRepository

ENTRANTS_LISTED = 30  # /entrants shows the newest this many


@dataclass(frozen=True)
class FairDraw:
    """What the rules decide for one draw: who is kept out (and why), who goes behind."""

    excluded: dict[int, str] = field(default_factory=dict)
    demoted: frozenset[int] = frozenset()
    blocked_digest: str | None = None
    found: dict[int, str] = field(default_factory=dict)  # exclusions new at this draw


async def fair_draw(session: AsyncSession, lottery: Lottery, entrants: Sequence[int]) -> FairDraw:
    """Apply the lottery's rules to its entrants (ascending ids) at its deadline. Each rule
    looks up a few people (the block list, the room's recent winners, who joined since the
    start) and keeps those who entered: never a pass over 100,000 entrants."""
    exclusions = ExclusionRepository(session)
    excluded, demoted = apart(await exclusions.rules(lottery.id))
    found: dict[int, str] = {}

    def keep_out(people: frozenset[int] | set[int], rule: Excluded) -> None:
        for user_id in sorted(people):
            if user_id not in excluded and among(entrants, user_id):
                excluded[user_id] = found[user_id] = rule

    blocked = await BlockRepository(session).ids(lottery.room_chat_id)
    keep_out(blocked, Excluded.BLOCKED)
    rules = lottery.fair_play
    if rules.looks_back:
        wins = await exclusions.wins_since(
            lottery.room_chat_id, lottery.draw_at - rules.window, lottery.id
        )
        capped, recent = capped_and_recent(wins, rules, lottery.draw_at)
        keep_out(capped, Excluded.CAP)
        for user_id in recent:
            if user_id not in excluded and among(entrants, user_id) and user_id not in demoted:
                demoted.add(user_id)
                found[user_id] = DEMOTED
    if rules.members_only:
        newcomers = await exclusions.joined_between(
            lottery.room_chat_id, lottery.created_at, lottery.draw_at
        )
        keep_out(newcomers, Excluded.NEWCOMER)
    return FairDraw(
        excluded,
        frozenset(demoted - set(excluded)),
        block_list_digest(blocked) if blocked else None,
        found,
    )


async def keep_found(session: AsyncSession, lottery_id: int, fair: FairDraw, at: datetime) -> None:
    """Record what the draw's rules found (in the draw's own transaction)."""
    await ExclusionRepository(session).add_found(lottery_id, fair.found, at)


@dataclass(frozen=True)
class Short:
    """A lottery short of its minimum at the deadline: extended or cancelled (`fate`)."""

    lottery: Lottery  # as it is now (its new draw time, or cancelled)
    fate: Shortfall
    entrants: int


async def short_of_minimum(
    session: AsyncSession, lottery: Lottery, fair: FairDraw, entrants: Sequence[int]
) -> Short | bool:
    """A due lottery with fewer entrants in the draw than its minimum: extended once by its
    own countdown, then cancelled (each a compare-and-set). True when it is to be drawn
    (no minimum, or met), False when another process extended or cancelled it first."""
    count = len(entrants) - len(fair.excluded)
    fate = shortfall(count, lottery.min_entrants, lottery.extended)
    if fate is None:
        return True
    lotteries = LotteryRepository(session)
    if fate is Shortfall.EXTEND:
        countdown = timedelta(
            seconds=lottery.countdown_seconds
            or (lottery.draw_at - lottery.created_at).total_seconds()
        )
        done = await lotteries.extend(lottery.id, lottery.draw_at + countdown)
    else:
        done = await lotteries.cancel(lottery.id)
    await session.commit()
    if not done:
        return False
    await session.refresh(lottery)
    return Short(lottery, fate, count)


@dataclass(frozen=True)
class Entrants:
    """A running lottery's entrants as /entrants shows them."""

    lottery: Lottery
    total: int
    newest: list[Numbered]


class FairPlayService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.blocks = BlockRepository(session)
        self.exclusions = ExclusionRepository(session)

    async def change(self, room: Room, change: FairPlayChange) -> FairPlay:
        rules = change.applied(room.fair_play)
        await RoomRepository(self.session).change(
            room.chat_id,
            fair_cap_wins=rules.cap_wins,
            fair_cap_days=rules.cap_days,
            fair_fresh_first=rules.fresh_first,
            fair_members_only=rules.members_only,
            fair_human_check=rules.human_check,
        )
        await self.session.commit()
        return rules

    async def block(self, room: Room, user_id: int, first_name: str, by: int | None) -> bool:
        added = await self.blocks.add(room.chat_id, user_id, first_name, by, self.clock.now())
        await self.session.commit()
        return added

    async def unblock(self, room: Room, user_id: int) -> bool:
        removed = await self.blocks.remove(room.chat_id, user_id)
        await self.session.commit()
        return removed

    async def blocked(self, room: Room) -> Sequence[Block]:
        return await self.blocks.of(room.chat_id)

    async def _running(self, room: Room) -> Lottery:
        lottery = await LotteryRepository(self.session).running(room.chat_id)
        if lottery is None:
            raise UserInputError(messages.ERR_NO_RUNNING_LOTTERY)
        return lottery

    async def entrants(self, room: Room) -> Entrants:
        lottery = await self._running(room)
        total, newest = await self.exclusions.entrants(lottery.id, ENTRANTS_LISTED)
        return Entrants(lottery, total, newest)

    async def remove(
        self, room: Room, number: int, reason: str, by: int | None
    ) -> tuple[Lottery, Numbered]:
        """Take entrant `number` out of the running lottery's draw, with the host's reason
        (the proof records it)."""
        lottery = await self._running(room)
        reason = one_line(
            reason, REASON_MAX_LENGTH, messages.ERR_REMOVE_NO_REASON, messages.ERR_REASON_TOO_LONG
        )
        entrant = await self.exclusions.numbered(lottery.id, number)
        if entrant is None:
            raise UserInputError(messages.ERR_NO_SUCH_ENTRANT, number=number, id=lottery.id)
        if entrant.rule is not None:
            raise UserInputError(
                messages.ERR_ENTRANT_REMOVED, number=number, name=entrant.first_name
            )
        await self.exclusions.add(
            lottery.id, entrant.user_id, Excluded.REMOVED, self.clock.now(), reason, by
        )
        await self.session.commit()
        return lottery, entrant
