"""Broadcast rules: scheduling, weekly slots, cancelling, moving, reminders. No Telegram here."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.schedule import (
    OneOffRequest,
    WeeklyRequest,
    next_weekly_start,
    parse_start,
    trailer_time,
    zone,
)
from domain.vocabulary import BroadcastStatus, PostState
from storage.broadcasts import BroadcastRepository, ReminderRepository, WeeklySlotRepository
from storage.models import Broadcast, Room, WeeklySlot
from storage.repositories import RoomRepository
from storage.scripts import ScriptRepository


@dataclass(frozen=True)
class Scheduled:
    broadcast: Broadcast
    slot: WeeklySlot | None
    created: bool
    # Another show of the room already at the same time with the same title (typed twice?).
    twin: Broadcast | None = None


@dataclass(frozen=True)
class Cancelled:
    broadcast: Broadcast
    next_occurrence: Broadcast | None
    series_stopped: bool


class ShowChange(enum.Enum):
    """What the room and the reminder list are told after a host changes a scheduled show."""

    MOVED = "moved"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # one week of a weekly show; the series goes on


class RemindResult(enum.Enum):
    ADDED = "added"
    ALREADY = "already"
    UNAVAILABLE = "unavailable"


class BroadcastService:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock,
        trailer_lead: timedelta,
        default_timezone: str = "UTC",
        default_language: str = "en",
        show_max_length: timedelta = timedelta(hours=6),
    ) -> None:
        self.session = session
        self.clock = clock
        self.trailer_lead = trailer_lead
        self.show_max_length = show_max_length
        self.default_timezone = default_timezone
        self.default_language = default_language
        self.rooms = RoomRepository(session)
        self.broadcasts = BroadcastRepository(session)
        self.slots = WeeklySlotRepository(session)
        self.reminders = ReminderRepository(session)

    async def room(self, chat_id: int, title: str) -> Room:
        room = await self.rooms.ensure(
            chat_id, title, self.default_timezone, self.default_language, self.clock.now()
        )
        await self.session.commit()
        return room

    async def schedule(
        self,
        room: Room,
        request: OneOffRequest | WeeklyRequest,
        source_message_id: int,
        created_by: int | None,
    ) -> Scheduled:
        now = self.clock.now()
        slot: WeeklySlot | None = None
        if isinstance(request, WeeklyRequest):
            starts_at = next_weekly_start(
                request.weekday, request.local_time, zone(room.timezone), now
            )
        else:
            starts_at = request.starts_at
        upcoming = await self.broadcasts.upcoming(room.chat_id, now)
        clash = next(
            (o for o in upcoming if o.starts_at == starts_at and o.title != request.title), None
        )
        if clash is not None:
            # One room streams one show at a time: two would mean two trailers, two notices.
            raise UserInputError(messages.ERR_SHOW_CLASH, id=clash.id, title=clash.title)
        if isinstance(request, WeeklyRequest):
            slot = await self.slots.add(
                room_chat_id=room.chat_id,
                weekday=request.weekday,
                local_time=request.local_time.strftime("%H:%M"),
                title=request.title,
                source_message_id=source_message_id,
                created_at=now,
            )
        broadcast, created = await self.broadcasts.add(
            room_chat_id=room.chat_id,
            title=request.title,
            starts_at=starts_at,
            trailer_at=trailer_time(starts_at, self.trailer_lead, now),
            slot_id=slot.id if slot else None,
            source_message_id=source_message_id,
            created_by=created_by,
            created_at=now,
            awaits_video_chat=isinstance(request, OneOffRequest) and request.awaits_video_chat,
        )
        await self.session.commit()
        twin = next(
            (
                other
                for other in upcoming
                if other.id != broadcast.id
                and other.starts_at == broadcast.starts_at
                and other.title == broadcast.title
            ),
            None,
        )
        return Scheduled(broadcast, slot, created, twin)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.broadcasts.get(broadcast_id)

    async def upcoming(self, room: Room) -> Sequence[Broadcast]:
        return await self.broadcasts.upcoming(room.chat_id, self.clock.now())

    async def _owned(self, room: Room, broadcast_id: int) -> Broadcast:
        broadcast = await self.broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.room_chat_id != room.chat_id:
            raise UserInputError(messages.ERR_NOT_FOUND, id=broadcast_id)
        return broadcast

    async def cancel(self, room: Room, broadcast_id: int, whole_series: bool) -> Cancelled:
        broadcast = await self._owned(room, broadcast_id)
        if not await self.broadcasts.cancel(broadcast_id):
            raise UserInputError(messages.ERR_NOT_UPCOMING, id=broadcast_id)
        next_occurrence = None
        series_stopped = False
        if broadcast.slot_id is not None:
            if whole_series:
                series_stopped = await self.slots.stop(broadcast.slot_id)
            else:
                next_occurrence = await self._next_occurrence(broadcast)
        await self.session.commit()
        refreshed = await self.broadcasts.get(broadcast_id)
        assert refreshed is not None
        return Cancelled(refreshed, next_occurrence, series_stopped)

    async def reschedule(
        self, room: Room, broadcast_id: int, date_text: str, time_text: str
    ) -> Broadcast:
        await self._owned(room, broadcast_id)
        now = self.clock.now()
        starts_at = parse_start(date_text, time_text, zone(room.timezone), now, broadcast_id)
        moved = await self.broadcasts.move(
            broadcast_id, starts_at, trailer_time(starts_at, self.trailer_lead, now)
        )
        if not moved:
            raise UserInputError(messages.ERR_NOT_UPCOMING, id=broadcast_id)
        await self.session.commit()
        broadcast = await self.broadcasts.get(broadcast_id)
        assert broadcast is not None
        return broadcast

    async def continue_series(self, broadcast: Broadcast) -> Broadcast | None:
        """After a weekly show went live (or was skipped), plan the next one."""
        next_occurrence = await self._next_occurrence(broadcast)
        await self.session.commit()
        return next_occurrence

    async def _next_occurrence(self, broadcast: Broadcast) -> Broadcast | None:
        if broadcast.slot_id is None:
            return None
        slot = await self.slots.get(broadcast.slot_id)
        room = await self.rooms.get(broadcast.room_chat_id)
        if slot is None or room is None or not slot.active:
            return None
        now = self.clock.now()
        hour, minute = (int(part) for part in slot.local_time.split(":"))
        starts_at = next_weekly_start(
            slot.weekday, time(hour, minute), zone(room.timezone), max(now, broadcast.starts_at)
        )
        occurrence, created = await self.broadcasts.add(
            room_chat_id=room.chat_id,
            title=slot.title,
            starts_at=starts_at,
            trailer_at=trailer_time(starts_at, self.trailer_lead, now),
            slot_id=slot.id,
            source_message_id=None,
            created_by=None,
            created_at=now,
        )
        if created:
            # Next week runs as this week did; its host may change it with /script.
            await ScriptRepository(self.session).copy(broadcast.id, occurrence.id, None)
        return occurrence

    # --- the room's video chat ---------------------------------------------------------------
    async def close_finished(
        self, room_chat_id: int | None = None, going_live: Broadcast | None = None
    ) -> list[int]:
        """End the shows that are over though no video chat said so (one that went live by its
        timer): those on air longer than SHOW_MAX_HOURS, and, when `going_live` starts, every
        other show of its room. Then the live notice and the report of the next video chat
        belong to the show actually live. Returns the ids of the shows it ended."""
        now = self.clock.now()
        overdue = list(await self.broadcasts.still_live(room_chat_id, now - self.show_max_length))
        if going_live is not None:
            overdue += await self.broadcasts.still_live(
                going_live.room_chat_id, now, except_id=going_live.id
            )
        closed: list[int] = []
        for show in {show.id: show for show in overdue}.values():
            began = show.started_at or show.starts_at
            if await self.broadcasts.close(show.id, min(now, began + self.show_max_length)):
                closed.append(show.id)
        await self.session.commit()
        return closed

    async def going_on_air(
        self, room: Room, title: str, source_message_id: int, window: timedelta
    ) -> Broadcast:
        """The show a video chat that just started belongs to: the scheduled one nearest to
        now, else the one already live, else a new unscheduled one."""
        await self.close_finished(room.chat_id)
        now = self.clock.now()
        show = await self.broadcasts.nearest_scheduled(
            room.chat_id, now, window
        ) or await self.broadcasts.on_air(room.chat_id)
        if show is None:
            show, _ = await self.broadcasts.add(
                room_chat_id=room.chat_id,
                title=title,
                starts_at=now,
                trailer_at=now,
                trailer_state=PostState.SKIPPED,
                source_message_id=source_message_id,
                created_by=None,
                created_at=now,
            )
        await self.session.commit()
        return show

    async def end_show(
        self, room: Room, title: str, end_message_id: int, duration: timedelta
    ) -> Broadcast | None:
        """Close the show on air when the video chat ends; None when this end was handled
        already (a re-delivered update). A show the bot never saw start is recorded too."""
        if await self.broadcasts.ended_by(room.chat_id, end_message_id) is not None:
            return None
        await self.close_finished(room.chat_id)
        now = self.clock.now()
        show = await self.broadcasts.on_air(room.chat_id)
        if show is None:
            show, _ = await self.broadcasts.add(
                room_chat_id=room.chat_id,
                title=title,
                starts_at=now - duration,
                trailer_at=now - duration,
                status=BroadcastStatus.LIVE,
                trailer_state=PostState.SKIPPED,
                live_state=PostState.SKIPPED,
                source_message_id=-end_message_id,  # never a real message id: no clash
                created_by=None,
                created_at=now,
            )
        if not await self.broadcasts.end(show.id, now - duration, now, end_message_id):
            await self.session.rollback()
            return None
        await self.session.commit()
        return await self.broadcasts.get(show.id)

    async def next_show(self, room: Room) -> Broadcast | None:
        upcoming = await self.broadcasts.upcoming(room.chat_id, self.clock.now())
        return upcoming[0] if upcoming else None

    async def reminders_of(self, user_id: int) -> Sequence[Broadcast]:
        return await self.reminders.upcoming_of(user_id, self.clock.now())

    async def stop_reminding(self, broadcast_id: int, user_id: int) -> bool:
        left = await self.reminders.remove(broadcast_id, user_id)
        await self.session.commit()
        return left

    async def remind(
        self, broadcast_id: int, user_id: int
    ) -> tuple[RemindResult, Broadcast | None]:
        broadcast = await self.broadcasts.get(broadcast_id)
        if (
            broadcast is None
            or broadcast.status != BroadcastStatus.SCHEDULED
            or broadcast.starts_at <= self.clock.now()
        ):
            return RemindResult.UNAVAILABLE, broadcast
        added = await self.reminders.add(broadcast_id, user_id, self.clock.now())
        await self.session.commit()
        return (RemindResult.ADDED if added else RemindResult.ALREADY), broadcast
