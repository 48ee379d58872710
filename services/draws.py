"""Drawing a lottery's winners and re-drawing expired prizes: the use-cases behind the draw at
the deadline and /reroll. The ranking is `domain.draw`'s (verifiable from the proof), read from
the scores stored as fans entered, a page at a time: a draw among 100,000 reads the best few. A
follow lottery re-checks only the drawn (k calls, not N), through the `follows` port the bot
hands in.

Each step is a compare-and-set: racing timers, two replicas or two /reroll commands can neither
draw twice nor give one expired prize to two people. No Telegram here.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import texts
from domain.clock import Clock
from domain.draw import entrants_digest
from domain.errors import UserInputError
from domain.vocabulary import LotteryKind, LotteryStatus
from storage.lotteries import EntryRepository, LotteryRepository, WinnerRepository
from storage.models import Lottery, Winner

_PAGE = 100  # entrants read at a time: enough for a draw; a re-draw past them reads on

# Whether a user follows a channel (a follow lottery's condition), asked of Telegram.
Follows = Callable[[int, int], Awaitable[bool]]


@dataclass(frozen=True)
class Redraw:
    lottery: Lottery
    winners: Sequence[Winner]  # the new ones
    unawarded: int  # expired prizes nobody was left to take


class Draws:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        claim_window: timedelta,
        follows: Follows,
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.claim_window = claim_window
        self.follows = follows

    async def draw(self, lottery_id: int) -> Lottery | None:
        """Draw an open lottery whose time has come; the lottery if this call drew it."""
        async with self.session_factory() as session:
            lottery = await LotteryRepository(session).get(lottery_id)
            if lottery is None or lottery.status != LotteryStatus.OPEN:
                return None
            if self.clock.now() < lottery.draw_at:
                return None
            entrants = await EntryRepository(session).before(lottery_id, lottery.draw_at)
        winners, skipped = await self._pick(lottery, _among(entrants), lottery.winners_count)
        async with self.session_factory() as session:
            closed = await LotteryRepository(session).close_as_drawn(
                lottery_id, entrants_digest(entrants), len(entrants), skipped, self.clock.now()
            )
            if not closed:
                await session.rollback()
                return None  # another draw got there first
            await self._add_winners(session, lottery_id, winners)
            await session.commit()
        return lottery

    async def redraw(self, lottery_id: int) -> Redraw:
        """Give each expired, unclaimed prize to the next entrant in the same ranking."""
        async with self.session_factory() as session:
            lottery = await LotteryRepository(session).get(lottery_id)
            if lottery is None or lottery.status != LotteryStatus.DRAWN:
                raise UserInputError(texts.ERR_LOTTERY_NOT_FOUND, id=lottery_id)
            winners = WinnerRepository(session)
            expired = await winners.unreplaced_expired(lottery_id)
            if not expired:
                raise UserInputError(texts.ERR_NOTHING_TO_REROLL, id=lottery_id)
            entrants = await EntryRepository(session).before(lottery_id, lottery.draw_at)
            earlier = await winners.of(lottery_id)
        excluded = {w.user_id for w in earlier} | set(json.loads(lottery.skipped or "[]"))
        entrant = _among(entrants)
        picked, skipped = await self._pick(
            lottery, lambda user_id: user_id not in excluded and entrant(user_id), len(expired)
        )
        if not picked:
            raise UserInputError(texts.ERR_NOBODY_LEFT, id=lottery_id)
        async with self.session_factory() as session:
            winners = WinnerRepository(session)
            replaced = [w for w in expired[: len(picked)] if await winners.mark_replaced(w.id)]
            if len(replaced) < len(picked):
                await session.rollback()  # a concurrent /reroll got there first
                raise UserInputError(texts.ERR_NOTHING_TO_REROLL, id=lottery_id)
            last_rank = max((w.rank for w in earlier), default=0)
            await self._add_winners(session, lottery_id, picked, first_rank=last_rank + 1)
            await LotteryRepository(session).add_skipped(lottery_id, skipped)
            await session.commit()
            new_winners = [w for w in await winners.of(lottery_id) if w.user_id in picked]
        return Redraw(lottery, new_winners, len(expired) - len(picked))

    async def _add_winners(
        self, session: AsyncSession, lottery_id: int, user_ids: list[int], first_rank: int = 1
    ) -> None:
        names = await EntryRepository(session).names(lottery_id, user_ids)
        await WinnerRepository(session).add_all(
            lottery_id,
            [(user_id, names[user_id]) for user_id in user_ids],
            claim_deadline=self.clock.now() + self.claim_window,
            first_rank=first_rank,
        )

    async def _pick(
        self, lottery: Lottery, candidate: Callable[[int], bool], count: int
    ) -> tuple[list[int], list[int]]:
        """The first `count` eligible candidates in ranking order, and those skipped on the way.
        Followers are checked once at entry; only the drawn are re-checked (k calls, not N)."""
        picked: list[int] = []
        skipped: list[int] = []
        channel = lottery.channel_chat_id
        async with aclosing(self._ranking(lottery)) as ranked:
            async for user_id in ranked:
                if len(picked) == count:
                    break
                if not candidate(user_id):
                    continue  # won or skipped before, or committed after the list was frozen
                if (
                    lottery.kind is LotteryKind.FOLLOW
                    and channel is not None
                    and not await self.follows(channel, user_id)
                ):
                    skipped.append(user_id)
                    continue
                picked.append(user_id)
        return picked, skipped

    async def _ranking(self, lottery: Lottery) -> AsyncGenerator[int]:
        """Entrants by the deadline in ranking order, a page at a time, each page in a session
        of its own: none is held open while a follower is asked of Telegram."""
        after = None
        while True:
            async with self.session_factory() as session:
                page = await EntryRepository(session).ranked(
                    lottery.id, lottery.draw_at, after, _PAGE
                )
            for entrant in page:
                yield entrant.user_id
            if len(page) < _PAGE:
                return
            after = page[-1]


def _among(ascending: Sequence[int]) -> Callable[[int], bool]:
    """Whether an id is one of these: a binary search, not a set of 100,000 ids."""

    def contains(user_id: int) -> bool:
        index = bisect.bisect_left(ascending, user_id)
        return index < len(ascending) and ascending[index] == user_id

    return contains
