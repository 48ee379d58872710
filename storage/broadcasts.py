"""Shows, weekly slots and reminder lists. Repositories never commit: the caller owns the
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.vocabulary import BroadcastStatus, PostState, ReminderState
from storage.models import Broadcast, Reminder, TelegramUser, UtcDateTime, WeeklySlot
from storage.posts import LIVE_NOTICE, TRAILER, PostRepository, ready
from storage.sql import insert_or_ignore, rowcount

_LIVE_NOTICE_STATUSES = (BroadcastStatus.SCHEDULED, BroadcastStatus.LIVE)


class BroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> tuple[Broadcast, bool]:
        """Insert once per source message (or slot and start); returns (row, created)."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Broadcast).values(**values).on_conflict_do_nothing()
        )
        created = rowcount(result) == 1
        if values.get("source_message_id") is not None:
            where = (Broadcast.room_chat_id == values["room_chat_id"]) & (
                Broadcast.source_message_id == values["source_message_id"]
            )
        else:
            where = (Broadcast.slot_id == values["slot_id"]) & (
                Broadcast.starts_at == values["starts_at"]
            )
        row = (await self.session.scalars(select(Broadcast).where(where))).one()
        return row, created

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id, populate_existing=True)

    async def upcoming(self, room_chat_id: int, now: datetime) -> Sequence[Broadcast]:
        return (
            await self.session.scalars(
                select(Broadcast)
                .where(
                    Broadcast.room_chat_id == room_chat_id,
                    Broadcast.status == BroadcastStatus.SCHEDULED,
                    Broadcast.starts_at > now,
                )
                .order_by(Broadcast.starts_at, Broadcast.id)
            )
        ).all()

    async def scheduled(self) -> Sequence[Broadcast]:
        return (
            await self.session.scalars(
                select(Broadcast).where(Broadcast.status == BroadcastStatus.SCHEDULED)
            )
        ).all()

    async def cancel(self, broadcast_id: int) -> bool:
        """Compare-and-set: only a show that is still scheduled can be cancelled."""
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.SCHEDULED)
            .values(status=BroadcastStatus.CANCELLED)
        )
        return rowcount(result) == 1

    async def move(self, broadcast_id: int, starts_at: datetime, trailer_at: datetime) -> bool:
        """Reschedule. A trailer not yet posted moves with the show; a posted one stays posted
        (it is edited to the new time, keeping its Remind me list), so fans see one trailer."""
        posted = Broadcast.trailer_state == PostState.SENT
        result = await self.session.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.status == BroadcastStatus.SCHEDULED,
                Broadcast.live_state == PostState.PENDING,
            )
            .values(
                starts_at=starts_at,
                trailer_at=case((posted, Broadcast.trailer_at), else_=trailer_at),
                # Plain text: the column stores an enum's value, and case() would not know.
                trailer_state=case((posted, PostState.SENT.value), else_=PostState.PENDING.value),
                trailer_message_id=case((posted, Broadcast.trailer_message_id), else_=None),
            )
        )
        return rowcount(result) == 1

    async def due_trailers(self, now: datetime, abandoned_before: datetime) -> Sequence[Broadcast]:
        return await self._due(
            ready(TRAILER, now, abandoned_before),
            Broadcast.status == BroadcastStatus.SCHEDULED,
            Broadcast.trailer_at <= now,
        )

    async def due_live(self, now: datetime, abandoned_before: datetime) -> Sequence[Broadcast]:
        # A live show too: its notice may be waiting to be tried again (Telegram was down);
        # a show on air early (its video chat started) is due whatever its scheduled start.
        return await self._due(
            ready(LIVE_NOTICE, now, abandoned_before),
            Broadcast.status.in_(_LIVE_NOTICE_STATUSES),
            or_(
                (Broadcast.starts_at <= now) & Broadcast.awaits_video_chat.is_(False),
                Broadcast.started_at.is_not(None),
            ),
        )

    async def _due(self, *conditions: ColumnElement[bool]) -> Sequence[Broadcast]:
        query = select(Broadcast).where(*conditions).order_by(Broadcast.starts_at, Broadcast.id)
        return (await self.session.scalars(query)).all()

    def trailers(self) -> PostRepository:
        return PostRepository(self.session, TRAILER)

    def live_notices(self) -> PostRepository:
        return PostRepository(self.session, LIVE_NOTICE)

    async def claim_trailer(
        self, broadcast: Broadcast, now: datetime, abandoned_before: datetime
    ) -> bool:
        """Only the trailer of a show still scheduled at the same time (not moved meanwhile)."""
        return await self.trailers().claim(
            broadcast.id,
            now,
            abandoned_before,
            Broadcast.status == BroadcastStatus.SCHEDULED,
            Broadcast.trailer_at == broadcast.trailer_at,
        )

    async def claim_live(
        self, broadcast_id: int, now: datetime, abandoned_before: datetime
    ) -> bool:
        return await self.live_notices().claim(
            broadcast_id,
            now,
            abandoned_before,
            Broadcast.status.in_(_LIVE_NOTICE_STATUSES),
            status=BroadcastStatus.LIVE,
            # Live by its timer, the show began at its time: a video chat started later in it
            # is part of the show, and the report covers it all.
            started_at=func.coalesce(Broadcast.started_at, Broadcast.starts_at),
        )

    async def nearest_scheduled(
        self, room_chat_id: int, now: datetime, within: timedelta
    ) -> Broadcast | None:
        """The room's scheduled show closest to `now` (within `within` either side)."""
        shows = (
            await self.session.scalars(
                select(Broadcast).where(
                    Broadcast.room_chat_id == room_chat_id,
                    Broadcast.status == BroadcastStatus.SCHEDULED,
                    Broadcast.starts_at >= now - within,
                    Broadcast.starts_at <= now + within,
                )
            )
        ).all()
        return min(shows, key=lambda show: abs(show.starts_at - now), default=None)

    async def on_air(self, room_chat_id: int) -> Broadcast | None:
        """The room's show that is live now (the latest, should there be more)."""
        return (
            await self.session.scalars(
                select(Broadcast)
                .where(
                    Broadcast.room_chat_id == room_chat_id,
                    Broadcast.status == BroadcastStatus.LIVE,
                )
                .order_by(Broadcast.starts_at.desc(), Broadcast.id.desc())
                .limit(1)
            )
        ).first()

    async def still_live(
        self, room_chat_id: int | None, started_before: datetime, except_id: int | None = None
    ) -> Sequence[Broadcast]:
        """Shows marked live that started before `started_before` (in one room, or in all)."""
        began = func.coalesce(Broadcast.started_at, Broadcast.starts_at)
        query = select(Broadcast).where(
            Broadcast.status == BroadcastStatus.LIVE, began < started_before
        )
        if room_chat_id is not None:
            query = query.where(Broadcast.room_chat_id == room_chat_id)
        if except_id is not None:
            query = query.where(Broadcast.id != except_id)
        return (await self.session.scalars(query)).all()

    async def close(self, broadcast_id: int, ended_at: datetime) -> bool:
        """Compare-and-set LIVE → ENDED for a show that ended without a video chat's end."""
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.LIVE)
            .values(
                status=BroadcastStatus.ENDED,
                started_at=func.coalesce(Broadcast.started_at, Broadcast.starts_at),
                ended_at=ended_at,
            )
        )
        return rowcount(result) == 1

    async def mark_started(self, broadcast_id: int, at: datetime) -> None:
        await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.started_at.is_(None))
            .values(started_at=at)
        )

    async def ended_by(self, room_chat_id: int, end_message_id: int) -> Broadcast | None:
        return (
            await self.session.scalars(
                select(Broadcast).where(
                    Broadcast.room_chat_id == room_chat_id,
                    Broadcast.end_message_id == end_message_id,
                )
            )
        ).first()

    async def end(
        self, broadcast_id: int, started_at: datetime, ended_at: datetime, end_message_id: int
    ) -> bool:
        """Compare-and-set LIVE → ENDED: the goodbye and the report go out once."""
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.LIVE)
            .values(
                status=BroadcastStatus.ENDED,
                end_message_id=end_message_id,
                started_at=func.coalesce(
                    Broadcast.started_at, literal(started_at, type_=UtcDateTime())
                ),
                ended_at=ended_at,
            )
        )
        return rowcount(result) == 1

    async def live_with_pending_reminders(self, since: datetime) -> Sequence[int]:
        return (
            await self.session.scalars(
                select(Broadcast.id)
                .where(
                    Broadcast.status == BroadcastStatus.LIVE,
                    Broadcast.starts_at >= since,
                    select(Reminder.id)
                    .where(
                        Reminder.broadcast_id == Broadcast.id,
                        Reminder.state == ReminderState.PENDING,
                    )
                    .exists(),
                )
                .order_by(Broadcast.starts_at)
            )
        ).all()


class WeeklySlotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> WeeklySlot:
        await self.session.execute(
            insert_or_ignore(self.session, WeeklySlot).values(**values).on_conflict_do_nothing()
        )
        return (
            await self.session.scalars(
                select(WeeklySlot).where(
                    WeeklySlot.room_chat_id == values["room_chat_id"],
                    WeeklySlot.source_message_id == values["source_message_id"],
                )
            )
        ).one()

    async def get(self, slot_id: int) -> WeeklySlot | None:
        return await self.session.get(WeeklySlot, slot_id, populate_existing=True)

    async def stop(self, slot_id: int) -> bool:
        result = await self.session.execute(
            update(WeeklySlot)
            .where(WeeklySlot.id == slot_id, WeeklySlot.active.is_(True))
            .values(active=False)
        )
        return rowcount(result) == 1


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, broadcast_id: int, user_id: int, now: datetime) -> bool:
        """True when this press created the reminder, False when it already existed."""
        result = await self.session.execute(
            insert_or_ignore(self.session, Reminder)
            .values(broadcast_id=broadcast_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing(index_elements=[Reminder.broadcast_id, Reminder.user_id])
        )
        return rowcount(result) == 1

    async def remove(self, broadcast_id: int, user_id: int) -> bool:
        """The fan leaves the list (before their reminder went out); True if they were on it."""
        result = await self.session.execute(
            delete(Reminder).where(
                Reminder.broadcast_id == broadcast_id,
                Reminder.user_id == user_id,
                Reminder.state == ReminderState.PENDING,
            )
        )
        return rowcount(result) == 1

    async def upcoming_of(self, user_id: int, now: datetime) -> Sequence[Broadcast]:
        """The scheduled shows a fan asked to be reminded of, soonest first."""
        return (
            await self.session.scalars(
                select(Broadcast)
                .join(Reminder, Reminder.broadcast_id == Broadcast.id)
                .where(
                    Reminder.user_id == user_id,
                    Reminder.state == ReminderState.PENDING,
                    Broadcast.status == BroadcastStatus.SCHEDULED,
                    Broadcast.starts_at > now,
                )
                .order_by(Broadcast.starts_at, Broadcast.id)
            )
        ).all()

    async def pending(self, broadcast_id: int, limit: int) -> Sequence[tuple[int, int, str]]:
        """(reminder id, user id, user language) of reminders still to send, oldest first."""
        rows = await self.session.execute(
            select(Reminder.id, Reminder.user_id, TelegramUser.language)
            .join(TelegramUser, TelegramUser.id == Reminder.user_id)
            .where(Reminder.broadcast_id == broadcast_id, Reminder.state == ReminderState.PENDING)
            .order_by(Reminder.id)
            .limit(limit)
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def listeners(self, broadcast_id: int) -> Sequence[tuple[int, str]]:
        """(user id, language) of everyone on the show's reminder list who has not been sent
        its reminder yet."""
        rows = await self.session.execute(
            select(Reminder.user_id, TelegramUser.language)
            .join(TelegramUser, TelegramUser.id == Reminder.user_id)
            .where(Reminder.broadcast_id == broadcast_id, Reminder.state == ReminderState.PENDING)
            .order_by(Reminder.id)
        )
        return [(row[0], row[1]) for row in rows]

    async def mark(self, reminder_ids: Sequence[int], state: ReminderState, now: datetime) -> None:
        if reminder_ids:
            await self.session.execute(
                update(Reminder)
                .where(Reminder.id.in_(reminder_ids), Reminder.state == ReminderState.PENDING)
                .values(state=state, sent_at=now)
            )

    async def count(self, broadcast_id: int, state: ReminderState | None = None) -> int:
        query = (
            select(func.count()).select_from(Reminder).where(Reminder.broadcast_id == broadcast_id)
        )
        if state is not None:
            query = query.where(Reminder.state == state)
        return int(await self.session.scalar(query) or 0)
