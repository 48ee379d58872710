"""Shows' scripts: their segments, their goodbye poll's themes and their live clock. The caller
owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.script import SegmentPlan
from domain.vocabulary import BroadcastStatus
from storage.models import Broadcast, Segment, ShowScript
from storage.sql import insert_or_ignore, rowcount


class ScriptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, broadcast_id: int) -> ShowScript | None:
        return await self.session.get(ShowScript, broadcast_id, populate_existing=True)

    async def ensure(self, broadcast_id: int, author_id: int | None) -> ShowScript:
        await self.session.execute(
            insert_or_ignore(self.session, ShowScript)
            .values(broadcast_id=broadcast_id, author_id=author_id, paused_seconds=0)
            .on_conflict_do_nothing()
        )
        if author_id is not None:
            await self.session.execute(
                update(ShowScript)
                .where(ShowScript.broadcast_id == broadcast_id)
                .values(author_id=author_id)
            )
        script = await self.get(broadcast_id)
        assert script is not None
        return script

    async def segments(self, broadcast_id: int) -> Sequence[Segment]:
        return (
            await self.session.scalars(
                select(Segment)
                .where(Segment.broadcast_id == broadcast_id)
                .order_by(Segment.position)
                .execution_options(populate_existing=True)
            )
        ).all()

    async def replace_segments(self, broadcast_id: int, plans: Sequence[SegmentPlan]) -> None:
        """The show's segments become `plans` (in order); a scheduled show's script only, so
        no segment has run yet."""
        await self.session.execute(delete(Segment).where(Segment.broadcast_id == broadcast_id))
        for position, plan in enumerate(plans):
            self.session.add(
                Segment(
                    broadcast_id=broadcast_id,
                    position=position,
                    minutes=plan.minutes,
                    title=plan.title,
                    lottery_args=plan.lottery_args,
                )
            )
        await self.session.flush()

    async def set_wishes(self, broadcast_id: int, wishes: list[str] | None) -> None:
        await self.session.execute(
            update(ShowScript).where(ShowScript.broadcast_id == broadcast_id).values(wishes=wishes)
        )

    async def copy(self, from_id: int, to_id: int, author_id: int | None) -> int:
        """Give show `to_id` the segments of show `from_id` (not its poll's themes: those are
        each show's own); returns how many. Nothing when `from_id` has none."""
        plans = [
            SegmentPlan(segment.minutes, segment.title, segment.lottery_args)
            for segment in await self.segments(from_id)
        ]
        if not plans:
            return 0
        source = await self.get(from_id)
        await self.ensure(to_id, author_id if author_id is not None else _author(source))
        await self.replace_segments(to_id, plans)
        return len(plans)

    # --- the live clock -----------------------------------------------------------------------
    async def live(self) -> Sequence[tuple[ShowScript, Broadcast]]:
        """The scripts of the shows on air that have segments."""
        has_segments = select(Segment.id).where(Segment.broadcast_id == Broadcast.id).exists()
        rows = await self.session.execute(
            select(ShowScript, Broadcast)
            .join(Broadcast, Broadcast.id == ShowScript.broadcast_id)
            .where(Broadcast.status == BroadcastStatus.LIVE, has_segments)
            .execution_options(populate_existing=True)
        )
        return [(row[0], row[1]) for row in rows]

    async def begin(self, broadcast_id: int, at: datetime) -> bool:
        """The first segment starts (once: a compare-and-set on a clock not yet running)."""
        result = await self.session.execute(
            update(ShowScript)
            .where(ShowScript.broadcast_id == broadcast_id, ShowScript.current.is_(None))
            .values(current=0, segment_started_at=at, paused_at=None, paused_seconds=0)
        )
        if rowcount(result) != 1:
            return False
        await self._segment_started(broadcast_id, 0, at)
        return True

    async def advance(self, broadcast_id: int, current: int, at: datetime) -> bool:
        """Segment `current` ends and the next starts, once however many ask."""
        result = await self.session.execute(
            update(ShowScript)
            .where(ShowScript.broadcast_id == broadcast_id, ShowScript.current == current)
            .values(
                current=current + 1,
                segment_started_at=at,
                paused_at=None,
                paused_seconds=0,
                warned=False,
            )
        )
        if rowcount(result) != 1:
            return False
        await self.session.execute(
            update(Segment)
            .where(Segment.broadcast_id == broadcast_id, Segment.position == current)
            .values(ended_at=at)
        )
        await self._segment_started(broadcast_id, current + 1, at)
        return True

    async def _segment_started(self, broadcast_id: int, position: int, at: datetime) -> None:
        await self.session.execute(
            update(Segment)
            .where(
                Segment.broadcast_id == broadcast_id,
                Segment.position == position,
                Segment.started_at.is_(None),
            )
            .values(started_at=at)
        )

    async def mark(self, broadcast_id: int, current: int, **flags: bool) -> bool:
        """Set `warned` or `over` once for segment `current`."""
        (name,) = flags
        result = await self.session.execute(
            update(ShowScript)
            .where(
                ShowScript.broadcast_id == broadcast_id,
                ShowScript.current == current,
                getattr(ShowScript, name).is_(False),
            )
            .values(**flags)
        )
        return rowcount(result) == 1

    async def pause(self, broadcast_id: int, at: datetime) -> bool:
        result = await self.session.execute(
            update(ShowScript)
            .where(
                ShowScript.broadcast_id == broadcast_id,
                ShowScript.current.is_not(None),
                ShowScript.paused_at.is_(None),
            )
            .values(paused_at=at)
        )
        return rowcount(result) == 1

    async def resume(self, script: ShowScript, at: datetime) -> bool:
        if script.paused_at is None:
            return False
        held = int((at - script.paused_at).total_seconds())
        result = await self.session.execute(
            update(ShowScript)
            .where(
                ShowScript.broadcast_id == script.broadcast_id,
                ShowScript.paused_at == script.paused_at,
            )
            .values(paused_at=None, paused_seconds=ShowScript.paused_seconds + held)
        )
        return rowcount(result) == 1

    async def cued(self, broadcast_id: int, position: int) -> bool:
        """Record that the host was cued to segment `position` (True: this call did)."""
        result = await self.session.execute(
            update(ShowScript)
            .where(
                ShowScript.broadcast_id == broadcast_id,
                ShowScript.current == position,
                (ShowScript.cued.is_(None)) | (ShowScript.cued != position),
            )
            .values(cued=position)
        )
        return rowcount(result) == 1

    async def lottery_started(self, segment_id: int, lottery_id: int) -> None:
        await self.session.execute(
            update(Segment).where(Segment.id == segment_id).values(lottery_id=lottery_id)
        )


def _author(script: ShowScript | None) -> int | None:
    return script.author_id if script is not None else None
