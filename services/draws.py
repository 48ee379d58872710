"""Drawing a lottery's winners and re-drawing expired prizes: the use-cases behind the draw at
the deadline and /reroll. The ranking is `domain.draw`'s (verifiable from the proof), read from
the scores stored as fans entered, a page at a time: a draw among 100,000 reads the best few. A
follow lottery re-checks only the drawn (k calls, not N), through the `follows` port the bot
hands in.

Each step is a compare-and-set: racing timers, two replicas or two /reroll commands can neither
draw twice nor give one expired prize to two people. No Telegram here.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import messages
from domain.clock import Clock
from domain.draw import among, entrants_digest
from domain.errors import UserInputError
from domain.fairplay import apart
from domain.vocabulary import LotteryKind, LotteryStatus
from services.fairplay import FairDraw, Short, fair_draw, keep_found, short_of_minimum
from services.rooms import room_of
from storage.fairplay import ExclusionRepository
from storage.lotteries import EntryRepository, LotteryRepository, Ranked
from storage.models import Lottery, Room, TelegramUser, Winner
from storage.repositories import UserRepository
from storage.winners import WinnerRepository

_PAGE = 100  # entrants read at a time: enough for a draw; a re-draw past them reads on

# Whether a user follows a channel (a follow lottery's condition), asked of Telegram.
Follows = Callable[[int, int], Awaitable[bool]]


@dataclass(frozen=True)
class Drawn:
    """A drawn lottery and its winners, with what telling them takes: the room, and each
    winner's language as far as it is known."""

    lottery: Lottery
    room: Room
    winners: Sequence[Winner]
    known: Mapping[int, TelegramUser]  # winners who have a private chat with the bot
    entered_in: Mapping[int, str]  # the Telegram language a winner entered with, if sent
    kept_out: int = 0  # entrants fair play kept out of the ranking
    moved_behind: int = 0  # and moved behind (fresh-first)
    # A joint lottery's winners who entered from the partner room, and that room.
    partner_room_of: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Redraw:
    drawn: Drawn  # its winners are the new ones
    unawarded: int  # expired prizes nobody was left to take


# A winner to tell privately, claimed (each is told once), and who they are to the bot.
Notice = tuple[Winner, TelegramUser]


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
            frozen = await self._freeze(session, lottery)
        picked = await self._pick_winners(frozen)
        async with self.session_factory() as session:
            if not await self._close(session, frozen, picked):
                return None
            await session.commit()
        return lottery

    async def draw_due(self, abandoned_before: datetime) -> Due:
        """Draw every open lottery whose time has come, and claim each one's result post: the
        ones this call drew, ready to announce, and those short of their minimum (extended or
        cancelled instead). One session reads them all with their entrants and the top of each
        ranking, one per lottery closes it and reads what the result needs; none is held while
        followers are asked of Telegram."""
        short: list[Short] = []
        ready: list[Frozen] = []
        async with self.session_factory() as session:
            for lottery in await LotteryRepository(session).due(self.clock.now()):
                frozen = await self._freeze(session, lottery)
                fate = await short_of_minimum(
                    session, frozen.lottery, frozen.fair, frozen.entrants
                )
                if fate is True:
                    ready.append(frozen)
                elif isinstance(fate, Short):
                    short.append(fate)
        drawn = [await self._draw_and_claim(lottery, abandoned_before) for lottery in ready]
        return Due([result for result in drawn if result is not None], short)

    async def unannounced(self, abandoned_before: datetime) -> list[Drawn]:
        """Drawn lotteries whose result is not posted yet (it failed, or the process died
        while sending it), claimed for posting now."""
        async with self.session_factory.begin() as session:
            lotteries = LotteryRepository(session)
            now = self.clock.now()
            waiting = await lotteries.drawn_unannounced(now, abandoned_before)
            return [
                await self._drawn(session, lottery)
                for lottery in waiting
                if await lotteries.results().claim(lottery.id, now, abandoned_before)
            ]

    async def posted(self, drawn: Drawn, message_id: int) -> list[Notice]:
        """The result is in the room: record it, and claim the winners to tell privately."""
        async with self.session_factory.begin() as session:
            await LotteryRepository(session).results().sent(drawn.lottery.id, message_id)
            return await self._notices(session, drawn)

    async def notices(self, drawn: Drawn) -> list[Notice]:
        """Claim the private "you won" of each winner the bot can reach."""
        async with self.session_factory.begin() as session:
            return await self._notices(session, drawn)

    async def _notices(self, session: AsyncSession, drawn: Drawn) -> list[Notice]:
        winners = WinnerRepository(session)
        return [
            (winner, user)
            for winner in drawn.winners
            if (user := drawn.known.get(winner.user_id)) is not None
            and user.reachable
            and await winners.mark_notified(winner.id)
        ]

    async def _freeze(self, session: AsyncSession, lottery: Lottery) -> Frozen:
        """Who entered by the deadline, and the top of the ranking: the draw's input."""
        entries = EntryRepository(session)
        entrants = await entries.before(lottery.id, lottery.draw_at)
        return Frozen(
            lottery,
            entrants,
            await entries.ranked(lottery.id, lottery.draw_at, None, _PAGE),
            await fair_draw(session, lottery, entrants),
        )

    async def _pick_winners(self, frozen: Frozen) -> tuple[list[int], list[int]]:
        lottery, excluded, entrants = frozen.lottery, frozen.fair.excluded, frozen.entrants
        return await self._pick(
            lottery,
            lambda user_id: user_id not in excluded and among(entrants, user_id),
            lottery.winners_count,
            frozen.top,
            frozen.fair.demoted,
        )

    async def _close(
        self, session: AsyncSession, frozen: Frozen, picked: tuple[list[int], list[int]]
    ) -> bool:
        """Close the lottery with its winners; False if another draw got there first."""
        winners, skipped = picked
        lottery, entrants = frozen.lottery, frozen.entrants
        closed = await LotteryRepository(session).close_as_drawn(
            lottery.id,
            entrants_digest(entrants),
            len(entrants),
            skipped,
            self.clock.now(),
            frozen.fair.blocked_digest,
        )
        if not closed:
            await session.rollback()
            return False
        await keep_found(session, lottery.id, frozen.fair, self.clock.now())
        await self._add_winners(session, lottery.id, winners)
        return True

    async def _draw_and_claim(self, frozen: Frozen, abandoned_before: datetime) -> Drawn | None:
        """Draw, and claim the result post in the same transaction; what announcing it needs
        (None if another draw, or another announcer, got there first)."""
        picked = await self._pick_winners(frozen)
        async with self.session_factory() as session:
            if not await self._close(session, frozen, picked):
                return None
            lotteries = LotteryRepository(session)
            claimed = await lotteries.results().claim(
                frozen.lottery.id, self.clock.now(), abandoned_before
            )
            await session.commit()
            if not claimed:
                return None
            lottery = await lotteries.get(frozen.lottery.id)
            assert lottery is not None
            return await self._drawn(session, lottery)

    async def _drawn(
        self, session: AsyncSession, lottery: Lottery, winners: Sequence[Winner] | None = None
    ) -> Drawn:
        room = await room_of(session, lottery.room_chat_id)
        if winners is None:
            winners = await WinnerRepository(session).of(lottery.id)
        ids = [w.user_id for w in winners]
        kept_out, behind = apart(await ExclusionRepository(session).rules(lottery.id))
        return Drawn(
            lottery,
            room,
            winners,
            await UserRepository(session).many(ids),
            await EntryRepository(session).languages(lottery.id, ids),
            len(kept_out),
            len(behind),
            await EntryRepository(session).rooms_of(lottery.id, ids)
            if lottery.partner_chat_id is not None
            else {},
        )

    async def redraw(self, lottery_id: int) -> Redraw:
        """Give each expired, unclaimed prize to the next entrant in the same ranking."""
        async with self.session_factory() as session:
            lottery = await LotteryRepository(session).get(lottery_id)
            if lottery is None or lottery.status != LotteryStatus.DRAWN:
                raise UserInputError(messages.ERR_LOTTERY_NOT_FOUND, id=lottery_id)
            winners = WinnerRepository(session)
            expired = await winners.unreplaced_expired(lottery_id)
            if not expired:
                raise UserInputError(messages.ERR_NOTHING_TO_REROLL, id=lottery_id)
            entrants = await EntryRepository(session).before(lottery_id, lottery.draw_at)
            earlier = await winners.of(lottery_id)
            ruled, behind = apart(await ExclusionRepository(session).rules(lottery_id))
        excluded = {w.user_id for w in earlier} | set(lottery.skipped) | set(ruled)
        demoted = frozenset(behind)
        picked, skipped = await self._pick(
            lottery,
            lambda user_id: user_id not in excluded and among(entrants, user_id),
            len(expired),
            demoted=demoted,
        )
        if not picked:
            raise UserInputError(messages.ERR_NOBODY_LEFT, id=lottery_id)
        async with self.session_factory() as session:
            winners = WinnerRepository(session)
            replaced = [w for w in expired[: len(picked)] if await winners.mark_replaced(w.id)]
            if len(replaced) < len(picked):
                await session.rollback()  # a concurrent /reroll got there first
                raise UserInputError(messages.ERR_NOTHING_TO_REROLL, id=lottery_id)
            last_rank = max((w.rank for w in earlier), default=0)
            await self._add_winners(session, lottery_id, picked, first_rank=last_rank + 1)
            await LotteryRepository(session).add_skipped(lottery_id, skipped)
            await session.commit()
            new_winners = [w for w in await winners.of(lottery_id) if w.user_id in picked]
            drawn = await self._drawn(session, lottery, new_winners)
        return Redraw(drawn, len(expired) - len(picked))

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
        self,
        lottery: Lottery,
        candidate: Callable[[int], bool],
        count: int,
        top: list[Ranked] | None = None,
        demoted: frozenset[int] = frozenset(),
    ) -> tuple[list[int], list[int]]:
        """The first `count` eligible candidates in the fair order (`domain.fairplay.fair_order`:
        ranking order, the `demoted` after everyone else), and those skipped on the way.
        Followers are checked once at entry; only the drawn are re-checked (k calls, not N)."""
        picked: list[int] = []
        skipped: list[int] = []
        behind: list[int] = []  # demoted candidates met on the way, in ranking order

        async def take(user_id: int) -> None:
            channel = await self._channel_of(lottery, user_id)
            if (
                lottery.kind is LotteryKind.FOLLOW
                and channel is not None
                and not await self.follows(channel, user_id)
            ):
                skipped.append(user_id)
            else:
                picked.append(user_id)

        async with aclosing(self._ranking(lottery, top)) as ranked:
            async for user_id in ranked:
                if len(picked) == count:
                    break
                if not candidate(user_id):
                    continue  # won or skipped before, or committed after the list was frozen
                if user_id in demoted:
                    behind.append(user_id)
                    continue
                await take(user_id)
        for user_id in behind:
            if len(picked) == count:
                break
            await take(user_id)
        return picked, skipped

    async def _channel_of(self, lottery: Lottery, user_id: int) -> int | None:
        """The channel a drawn entrant must follow: a joint lottery's partner-room fans
        follow their own host's."""
        if lottery.partner_channel_chat_id is None:
            return lottery.channel_chat_id
        async with self.session_factory() as session:
            rooms = await EntryRepository(session).rooms_of(lottery.id, [user_id])
        if rooms.get(user_id) == lottery.partner_chat_id:
            return lottery.partner_channel_chat_id
        return lottery.channel_chat_id

    async def _ranking(
        self, lottery: Lottery, top: list[Ranked] | None = None
    ) -> AsyncGenerator[int]:
        """Entrants by the deadline in ranking order, a page at a time (the first is `top` when
        it was read already), each page in a session of its own: none is held open while a
        follower is asked of Telegram."""
        after = None
        while True:
            if top is not None:
                page, top = top, None
            else:
                async with self.session_factory() as session:
                    page = await EntryRepository(session).ranked(
                        lottery.id, lottery.draw_at, after, _PAGE
                    )
            for entrant in page:
                yield entrant.user_id
            if len(page) < _PAGE:
                return
            after = page[-1]


@dataclass(frozen=True)
class Frozen:
    """A lottery at its deadline: who entered by then (ascending ids) and the ranking's top."""

    lottery: Lottery
    entrants: Sequence[int]
    top: list[Ranked]
    fair: FairDraw


@dataclass(frozen=True)
class Due:
    drawn: list[Drawn]
    short: list[Short]  # short of their minimum: extended or cancelled, not drawn
