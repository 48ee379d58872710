"""A show's run-of-show: writing and changing its script (hosts' commands), and its live clock
(what the script poster cues, and /next, /pause, /resume). No Telegram here.

A script can change while its show is scheduled; once the show is live only its clock moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import messages
from domain.clock import Clock
from domain.errors import LotteryRunning, UserInputError
from domain.script import (
    Cue,
    ScriptClock,
    SegmentPlan,
    check_segments,
    parse_script,
    parse_segment,
    planned_starts,
)
from domain.vocabulary import BroadcastStatus
from domain.wishes import parse_wishes
from services.lottery import LotteryService
from services.rooms import room_of
from storage.broadcasts import BroadcastRepository
from storage.models import Broadcast, Lottery, Room, Segment, ShowScript
from storage.scripts import ScriptRepository

# A segment's lottery is started with this source, so a retry finds the lottery it started
# (milestones use -id, ephemeral commands -(2**40) - update, gifts -(2**41) - id).
SEGMENT_SOURCES = -(2**42)
# A segment whose lottery can never start (the room's rules refused it at its cue).
NO_LOTTERY = 0


def plans_of(segments: Sequence[Segment]) -> list[SegmentPlan]:
    return [SegmentPlan(s.minutes, s.title, s.lottery_args) for s in segments]


@dataclass(frozen=True)
class ScriptView:
    show: Broadcast
    segments: list[Segment]
    starts: list[datetime]  # each segment's planned start
    wishes: list[str] | None


@dataclass(frozen=True)
class Held:
    """Where a paused (or resumed) script stands."""

    show_id: int
    segment: Segment
    left: timedelta


@dataclass(frozen=True)
class Written:
    view: ScriptView
    wishes_set: bool  # the text had a `wishes:` line


class ScriptService:
    def __init__(self, session: AsyncSession, clock: Clock, longest_show: timedelta) -> None:
        self.session = session
        self.clock = clock
        self.longest_show = longest_show
        self.shows = BroadcastRepository(session)
        self.scripts = ScriptRepository(session)

    async def _show(self, room: Room, show_id: int) -> Broadcast:
        show = await self.shows.get(show_id)
        if show is None or show.room_chat_id != room.chat_id:
            raise UserInputError(messages.ERR_NOT_FOUND, id=show_id)
        return show

    async def _editable(self, room: Room, show_id: int) -> Broadcast:
        show = await self._show(room, show_id)
        if show.status != BroadcastStatus.SCHEDULED:
            raise UserInputError(messages.ERR_SCRIPT_NOT_EDITABLE, id=show_id)
        return show

    async def view(self, room: Room, show_id: int) -> ScriptView:
        show = await self._show(room, show_id)
        return await self._view(show)

    async def _view(self, show: Broadcast) -> ScriptView:
        segments = list(await self.scripts.segments(show.id))
        script = await self.scripts.get(show.id)
        return ScriptView(
            show,
            segments,
            planned_starts(plans_of(segments), show.starts_at),
            script.wishes if script is not None else None,
        )

    async def write(self, room: Room, show_id: int, text: str, author: int | None) -> Written:
        show = await self._editable(room, show_id)
        draft = parse_script(text, self.longest_show)
        if not draft.segments and draft.wishes is None:
            raise UserInputError(messages.ERR_SCRIPT_EMPTY)
        await self.scripts.ensure(show.id, author)
        if draft.segments:
            await self.scripts.replace_segments(show.id, draft.segments)
        if draft.wishes is not None:
            await self.scripts.set_wishes(show.id, draft.wishes)
        await self.session.commit()
        return Written(await self._view(show), draft.wishes is not None)

    async def _change(
        self,
        room: Room,
        show_id: int,
        author: int | None,
        change: Callable[[list[SegmentPlan]], list[SegmentPlan]],
    ) -> ScriptView:
        show = await self._editable(room, show_id)
        plans = plans_of(await self.scripts.segments(show.id))
        if not plans:
            raise UserInputError(messages.ERR_SCRIPT_NONE, id=show_id)
        changed = change(plans)
        check_segments(changed, self.longest_show)
        await self.scripts.ensure(show.id, author)
        await self.scripts.replace_segments(show.id, changed)
        await self.session.commit()
        return await self._view(show)

    async def edit(
        self, room: Room, show_id: int, number: int, line: str, author: int | None
    ) -> ScriptView:
        segment = parse_segment(line)

        def edit(plans: list[SegmentPlan]) -> list[SegmentPlan]:
            _check_number(number, plans)
            return [segment if i == number - 1 else plan for i, plan in enumerate(plans)]

        return await self._change(room, show_id, author, edit)

    async def add(self, room: Room, show_id: int, line: str, author: int | None) -> ScriptView:
        segment = parse_segment(line)
        show = await self._editable(room, show_id)
        plans = plans_of(await self.scripts.segments(show.id)) + [segment]
        check_segments(plans, self.longest_show)
        await self.scripts.ensure(show.id, author)
        await self.scripts.replace_segments(show.id, plans)
        await self.session.commit()
        return await self._view(show)

    async def move(
        self, room: Room, show_id: int, number: int, to: int, author: int | None
    ) -> ScriptView:
        def move(plans: list[SegmentPlan]) -> list[SegmentPlan]:
            _check_number(number, plans)
            _check_number(to, plans)
            moved = plans.pop(number - 1)
            plans.insert(to - 1, moved)
            return plans

        return await self._change(room, show_id, author, move)

    async def remove(
        self, room: Room, show_id: int, number: int, author: int | None
    ) -> ScriptView:
        def remove(plans: list[SegmentPlan]) -> list[SegmentPlan]:
            _check_number(number, plans)
            return [plan for i, plan in enumerate(plans) if i != number - 1]

        return await self._change(room, show_id, author, remove)

    async def copy(self, room: Room, to_id: int, from_id: int, author: int | None) -> ScriptView:
        show = await self._editable(room, to_id)
        source = await self._show(room, from_id)
        if not await self.scripts.segments(source.id):
            raise UserInputError(messages.ERR_SCRIPT_NONE, id=from_id)
        await self.scripts.copy(source.id, show.id, author)
        await self.session.commit()
        return await self._view(show)

    async def wishes(
        self, room: Room, text: str, author: int | None
    ) -> tuple[Broadcast, list[str]]:
        """The goodbye poll's themes for the show on air, else the next one."""
        themes = parse_wishes(text)
        show = await self.shows.on_air(room.chat_id)
        if show is None:
            upcoming = await self.shows.upcoming(room.chat_id, self.clock.now())
            show = upcoming[0] if upcoming else None
        if show is None:
            raise UserInputError(messages.ERR_WISHES_NO_SHOW)
        await self.scripts.ensure(show.id, author)
        await self.scripts.set_wishes(show.id, themes)
        await self.session.commit()
        return show, themes

    # --- the host's hand on the live clock ------------------------------------------------------
    async def _running(self, room: Room) -> tuple[Broadcast, ShowScript]:
        show = await self.shows.on_air(room.chat_id)
        script = await self.scripts.get(show.id) if show is not None else None
        if show is None or script is None or script.current is None or script.over:
            raise UserInputError(messages.ERR_SCRIPT_NOT_LIVE)
        return show, script

    async def skip(self, room: Room) -> Broadcast:
        """/next: the current segment ends now (the last one: the script is over)."""
        show, script = await self._running(room)
        assert script.current is not None
        count = len(await self.scripts.segments(show.id))
        now = self.clock.now()
        if script.current + 1 >= count:
            raise UserInputError(messages.ERR_SCRIPT_LAST_SEGMENT)
        if script.paused_at is not None:
            await self.scripts.resume(script, now)
        await self.scripts.advance(show.id, script.current, now)
        await self.session.commit()
        return show

    async def pause(self, room: Room) -> Held:
        show, _ = await self._running(room)
        if not await self.scripts.pause(show.id, self.clock.now()):
            raise UserInputError(messages.ERR_SCRIPT_PAUSED)
        await self.session.commit()
        return await self._held(show.id)

    async def resume(self, room: Room) -> Held:
        show, script = await self._running(room)
        if not await self.scripts.resume(script, self.clock.now()):
            raise UserInputError(messages.ERR_SCRIPT_NOT_PAUSED)
        await self.session.commit()
        return await self._held(show.id)

    async def _held(self, show_id: int) -> Held:
        script = await self.scripts.get(show_id)
        assert script is not None
        segment = (await self.scripts.segments(show_id))[clock_of(script).current]
        left = segment.minutes * timedelta(minutes=1) - clock_of(script).spent(self.clock.now())
        return Held(show_id, segment, left)

    async def clear(self, room: Room, show_id: int) -> ScriptView:
        show = await self._editable(room, show_id)
        await self.scripts.replace_segments(show.id, [])
        await self.session.commit()
        return await self._view(show)


def _check_number(number: int, plans: Sequence[SegmentPlan]) -> None:
    if not 1 <= number <= len(plans):
        raise UserInputError(messages.ERR_SEGMENT_NUMBER, number=number, count=len(plans))


# --- what the script poster cues -------------------------------------------------------------
@dataclass(frozen=True)
class LiveScript:
    show: Broadcast
    room: Room
    host_id: int | None  # whom the cues are for
    clock: ScriptClock
    segments: list[Segment]

    @property
    def plans(self) -> list[SegmentPlan]:
        return plans_of(self.segments)

    @property
    def current(self) -> Segment:
        return self.segments[self.clock.current]

    def following(self) -> Segment | None:
        position = self.clock.current + 1
        return self.segments[position] if position < len(self.segments) else None


@dataclass(frozen=True)
class SegmentLottery:
    lottery: Lottery | None  # None: it did not start
    created: bool
    waiting_for: int | None = None  # another lottery runs in the room: it starts after that
    refused: UserInputError | None = None  # the room's rules refused it: it never starts


def clock_of(script: ShowScript) -> ScriptClock:
    assert script.current is not None and script.segment_started_at is not None
    return ScriptClock(
        script.current,
        script.segment_started_at,
        script.paused_at,
        script.paused_seconds,
        script.warned,
        script.over,
    )


class ScriptRuns:
    """The live scripts' clocks, for the script poster; each call one transaction."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        lotteries: Callable[[AsyncSession], LotteryService],
    ) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.lotteries = lotteries

    async def live(self) -> list[int]:
        """The shows on air that have a script (their clocks started now if they had not)."""
        now = self.clock.now()
        async with self.session_factory.begin() as session:
            repository = ScriptRepository(session)
            shows = []
            for script, show in await repository.live():
                if script.current is None:
                    await repository.begin(show.id, show.started_at or now)
                shows.append(show.id)
            return shows

    async def get(self, show_id: int) -> LiveScript | None:
        async with self.session_factory() as session:
            repository = ScriptRepository(session)
            script = await repository.get(show_id)
            show = await BroadcastRepository(session).get(show_id)
            if script is None or script.current is None or show is None:
                return None
            if show.status != BroadcastStatus.LIVE:
                return None
            segments = list(await repository.segments(show_id))
            if script.current >= len(segments):
                return None
            room = await room_of(session, show.room_chat_id)
            host = script.author_id if script.author_id is not None else show.created_by
            return LiveScript(show, room, host, clock_of(script), segments)

    async def step(self, live: LiveScript, cue: Cue) -> bool:
        """Record a cue that fell due (True: this call did; a duplicate wake-up does not)."""
        now = self.clock.now()
        show_id, current = live.show.id, live.clock.current
        async with self.session_factory.begin() as session:
            repository = ScriptRepository(session)
            if cue is Cue.ADVANCE:
                # The next segment starts when this one was planned to end, not when the
                # wake-up came (a late wake-up must not shorten the plan of the rest).
                ended = min(now, live.clock.ends_at(live.plans[current], now))
                return await repository.advance(show_id, current, ended)
            if cue is Cue.WARN:
                return await repository.mark(show_id, current, warned=True)
            return await repository.mark(show_id, current, over=True)

    async def cued(self, live: LiveScript) -> bool:
        """Whether the current segment's start is this call's to cue (once)."""
        async with self.session_factory.begin() as session:
            return await ScriptRepository(session).cued(live.show.id, live.clock.current)

    async def start_lottery(self, live: LiveScript) -> SegmentLottery | None:
        """Start the current segment's lottery, if it has one not started yet."""
        segment = live.current
        if segment.lottery_args is None or segment.lottery_id is not None:
            return None
        async with self.session_factory() as session:
            request = SegmentPlan(segment.minutes, segment.title, segment.lottery_args).lottery()
            assert request is not None
            try:
                lottery, created = await self.lotteries(session).start(
                    live.room, request, SEGMENT_SOURCES - segment.id, live.host_id
                )
            except LotteryRunning as running:
                waiting = running.params.get("id")
                return SegmentLottery(
                    None, False, waiting_for=waiting if isinstance(waiting, int) else None
                )
            except UserInputError as refused:
                await ScriptRepository(session).lottery_started(segment.id, NO_LOTTERY)
                await session.commit()
                return SegmentLottery(None, False, refused=refused)
            await ScriptRepository(session).lottery_started(segment.id, lottery.id)
            await session.commit()
            return SegmentLottery(lottery, created)
