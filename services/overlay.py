"""The stream overlay's use-cases: a room's secret link (made, shown again, reset) and what the
page shows of the room right now. No Telegram here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import Clock
from domain.goals import value_of
from domain.lottery import parse_lottery
from domain.overlay import (
    REVEAL_FOR,
    BattleBars,
    BattleSide,
    GoalBar,
    NextShow,
    OverlayView,
    Reveal,
    Rundown,
    RunningLottery,
    new_token,
    plausible_token,
    same_digest,
    token_digest,
)
from domain.overlay import Segment as OverlaySegment
from domain.popularity import Weights
from domain.vocabulary import BroadcastStatus, MilestoneState
from services.crypto import Cipher
from services.joint import battle_scores
from services.popularity import count
from services.scripts import clock_of, plans_of
from storage.broadcasts import BroadcastRepository
from storage.joint import JointRepository
from storage.live_room import MilestoneRepository
from storage.lotteries import EntryRepository, LotteryRepository
from storage.models import Room
from storage.overlays import OverlayRepository
from storage.repositories import RoomRepository
from storage.scripts import ScriptRepository
from storage.winners import WinnerRepository


class OverlayService:
    def __init__(self, session: AsyncSession, clock: Clock, cipher: Cipher) -> None:
        self.session = session
        self.clock = clock
        self.cipher = cipher
        self.overlays = OverlayRepository(session)

    async def token(self, room: Room) -> str:
        """The room's overlay token, made on first use."""
        token = new_token()
        overlay = await self.overlays.add_if_none(
            room.chat_id, token_digest(token), self.cipher.encrypt(token), self.clock.now()
        )
        await self.session.commit()
        return self.cipher.decrypt(overlay.token_enc)

    async def reset(self, room: Room) -> str:
        """A new token for the room; the old link stops working at once."""
        token = new_token()
        await self.overlays.replace(
            room.chat_id, token_digest(token), self.cipher.encrypt(token), self.clock.now()
        )
        await self.session.commit()
        return token

    async def room_of(self, token: str) -> int | None:
        """The room whose overlay `token` opens, or None. Looked up by the token's digest, which
        is then compared in constant time (a timing difference tells nothing of the token)."""
        if not plausible_token(token):
            return None
        overlay = await self.overlays.by_digest(token_digest(token))
        if overlay is None or not same_digest(overlay.token_digest, token):
            return None
        return overlay.room_chat_id

    async def rotate_keys(self) -> int:
        """Re-encrypt every stored token with DATA_KEY's first key (see ClaimService)."""
        overlays = await self.overlays.all()
        for overlay in overlays:
            overlay.token_enc = self.cipher.rotate(overlay.token_enc)
        await self.session.commit()
        return len(overlays)

    async def view(self, room_chat_id: int) -> OverlayView | None:
        """What the page shows of the room now (None: the room is gone)."""
        room = await RoomRepository(self.session).get(room_chat_id)
        if room is None:
            return None
        now = self.clock.now()
        lotteries = LotteryRepository(self.session)
        lottery = await lotteries.running_in(room_chat_id)
        running = None
        if lottery is not None:
            running = RunningLottery(
                prize=lottery.prize,
                kind=lottery.kind,
                channel_name=lottery.channel_name,
                draw_at=lottery.draw_at,
                entrants=await EntryRepository(self.session).count(lottery.id),
                winners_count=lottery.winners_count,
            )
        reveal = None
        latest = await lotteries.drawn_in_rooms(
            [room_chat_id], since=now - REVEAL_FOR, limit=1, jointly=True
        )
        if latest and latest[0].drawn_at is not None and latest[0].drawn_at + REVEAL_FOR > now:
            winners = await WinnerRepository(self.session).of(latest[0].id)
            reveal = Reveal(
                prize=latest[0].prize,
                winners=tuple(winner.first_name for winner in winners if not winner.replaced),
                drawn_at=latest[0].drawn_at,
            )
        return OverlayView(
            room_chat_id=room_chat_id,
            language=room.language,
            timezone=room.timezone,
            announcement=room.announcement,
            next_show=await self._next_show(room_chat_id),
            lottery=running,
            reveal=reveal,
            rundown=await self._rundown(room_chat_id, now),
            battle=await self._battle(room_chat_id, now),
            **await self._popularity(room),
        )

    async def _battle(self, room_chat_id: int, now: datetime) -> BattleBars | None:
        """The joint show's battle under way, this room's side first."""
        joints = JointRepository(self.session)
        for joint in await joints.active(room_chat_id):
            battle = await joints.running_battle(joint.id)
            if battle is None:
                continue
            _, side_a, side_b = await battle_scores(self.session, battle, now)
            mine = side_a.room.chat_id == room_chat_id
            ours, theirs = (side_a, side_b) if mine else (side_b, side_a)
            return BattleBars(
                battle.metric,
                battle.ends_at,
                (
                    BattleSide(ours.room.title, ours.total, ours=True),
                    BattleSide(theirs.room.title, theirs.total, ours=False),
                ),
            )
        return None

    async def _popularity(self, room: Room) -> dict[str, Any]:
        """The show on air's popularity so far, and its goals' progress bars."""
        show = await BroadcastRepository(self.session).on_air(room.chat_id)
        if show is None:
            return {}
        now = self.clock.now()
        counts = await count(self.session, room.chat_id, show.started_at or show.starts_at, now)
        weights = Weights.from_json(room.popularity_weights)
        bars = [
            GoalBar(
                goal.trigger,
                value_of(goal.trigger, counts, weights),
                goal.threshold or 0,
                parse_lottery(goal.lottery_args).prize,
            )
            for goal in await MilestoneRepository(self.session).active(room.chat_id)
            if goal.broadcast_id == show.id and goal.state == MilestoneState.ARMED
        ]
        return {"popularity": counts.score(weights), "goals": tuple(bars)}

    async def _rundown(self, room_chat_id: int, now: datetime) -> Rundown | None:
        show = await BroadcastRepository(self.session).on_air(room_chat_id)
        scripts = ScriptRepository(self.session)
        script = await scripts.get(show.id) if show is not None else None
        if show is None or script is None or script.current is None or script.over:
            return None
        segments = await scripts.segments(show.id)
        if script.current >= len(segments) or script.segment_started_at is None:
            return None
        clock = clock_of(script)
        segment = segments[script.current]
        (plan,) = plans_of([segment])
        following = segments[script.current + 1] if script.current + 1 < len(segments) else None
        return Rundown(
            now=OverlaySegment(segment.title, segment.lottery_args is not None),
            next=None
            if following is None
            else OverlaySegment(following.title, following.lottery_args is not None),
            ends_at=None if clock.paused_at is not None else clock.ends_at(plan, now),
            left=max(timedelta(), plan.length - clock.spent(now)),
        )

    async def _next_show(self, room_chat_id: int) -> NextShow | None:
        broadcasts = BroadcastRepository(self.session)
        live = await broadcasts.on_air(room_chat_id)
        if live is not None:
            return NextShow(live.title, live.starts_at, live=live.status == BroadcastStatus.LIVE)
        upcoming = await broadcasts.upcoming(room_chat_id, self.clock.now())
        if not upcoming:
            return None
        return NextShow(upcoming[0].title, upcoming[0].starts_at, live=False)
