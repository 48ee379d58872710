"""Due work for broadcasts: trailers, live notices and private reminders.

The database is the source of truth. Every wake-up (a planned job, the periodic sweep, start-up)
runs `run_due`, which reads what is due and claims each post with a compare-and-set before
sending it, so a duplicate wake-up or a restart can neither lose nor double a post.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.i18n import Translator
from bot.outbound import SEND_ERRORS, TRANSIENT_ERRORS
from bot.posts.poster import Poster, PosterContext
from bot.posts.room_links import RoomLinks
from bot.render import live_keyboard, local_datetime, trailer_keyboard
from domain.vocabulary import BroadcastStatus, PostState, ReminderState
from services.broadcasts import BroadcastService, ShowChange
from services.joint import partner_of_show
from services.rooms import room_of
from services.show_posts import ShowPosts
from storage.broadcasts import BroadcastRepository
from storage.group_commit import GroupCommit
from storage.models import Broadcast, Room
from storage.posts import LIVE_NOTICE, TRAILER

logger = logging.getLogger(__name__)

REMINDER_BATCH = 500
# Sends in flight at once; the outbound limiter, not this, decides the pace.
REMINDER_CONCURRENCY = 32


class ShowPoster(Poster):
    def __init__(
        self,
        context: PosterContext,
        trailer_lead: timedelta,
        late_notice: timedelta,
        show_max_length: timedelta = timedelta(hours=6),
    ) -> None:
        super().__init__(context)
        self.trailer_lead = trailer_lead
        self.late_notice = late_notice
        self.show_max_length = show_max_length
        self._reminder_tasks: dict[int, asyncio.Task[None]] = {}
        self.room_links = RoomLinks(self.bot)  # the reminders' button, a partner's posts
        # Told of each show that ends with no video chat saying so (the live room's goodbye
        # and report): (the show, whether the room should hear a goodbye).
        self.closed_listeners: list[Callable[[int, bool], Awaitable[None]]] = []
        # Told of each show that has just gone live (its run-of-show starts).
        self.live_listeners: list[Callable[[int], Awaitable[None]]] = []
        # Each reminder is marked before its slot goes to the next one (a crash re-sends nothing
        # sent), but the marks of the sends in flight share one transaction.
        self.show_posts = ShowPosts(self.session_factory, self.clock, self.service)
        self._marks: GroupCommit[tuple[int, ReminderState], None] = GroupCommit(
            self.show_posts.mark_reminders, max_batch=REMINDER_BATCH, name="reminder-marks"
        )

    def service(self, session: AsyncSession) -> BroadcastService:
        return BroadcastService(
            session,
            self.clock,
            self.trailer_lead,
            self.default_timezone,
            self.default_language,
            self.show_max_length,
        )

    # --- planning ------------------------------------------------------------------------------
    def plan(self, broadcast: Broadcast) -> None:
        """(Re)set the wake-ups for a show; call after any change to it."""
        self.unplan(broadcast.id)
        if broadcast.status != BroadcastStatus.SCHEDULED:
            return
        if broadcast.trailer_state == PostState.PENDING:
            self.planner.wake(self.name, f"trailer:{broadcast.id}", broadcast.trailer_at)
        if broadcast.live_state == PostState.PENDING:
            self.planner.wake(self.name, f"live:{broadcast.id}", broadcast.starts_at)

    def unplan(self, broadcast_id: int) -> None:
        self.planner.cancel(f"trailer:{broadcast_id}")
        self.planner.cancel(f"live:{broadcast_id}")

    async def start(self) -> None:
        """Rebuild every wake-up from the database, then do what fell due while we were down."""
        for broadcast in await self.show_posts.scheduled():
            self.plan(broadcast)
        await self.run_due()

    async def stop(self) -> None:
        """Stop reminder fan-outs; what they had not sent stays pending in the database."""
        tasks = list(self._reminder_tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._marks.close()

    async def wait_reminders(self) -> None:
        await asyncio.gather(*self._reminder_tasks.values(), return_exceptions=True)

    # --- due work ------------------------------------------------------------------------------
    async def run_due(self) -> None:
        async with self._lock:
            now = self.clock.now()
            trailers, going_live = await self.show_posts.due(self.abandoned_before())
            for broadcast in trailers:
                await self._post_trailer(broadcast)
            for broadcast in going_live:
                await self.go_live(broadcast)
            closed = await self.show_posts.close_finished()
            await self._closed(closed, goodbye=True)  # their time ran out
            with_reminders = await self.show_posts.with_pending_reminders(now - self.late_notice)
            for broadcast_id in with_reminders:
                self._start_reminders(broadcast_id)

    async def _post_trailer(self, broadcast: Broadcast) -> None:
        claim = await self.show_posts.claim_trailer(broadcast, self.abandoned_before())
        if claim is None:
            return  # someone else took it, or it was cancelled / moved meanwhile
        room = claim.room
        if room is None:
            # The show has already started (the bot was down): a trailer would be noise.
            self.planner.cancel(f"trailer:{broadcast.id}")
            return
        text = await self.trailer_text(broadcast, room)
        tr = Translator(self.i18n, room.language)
        await self.send_post(
            TRAILER,
            broadcast.id,
            lambda: self.bot.send_message(
                room.chat_id, text, reply_markup=trailer_keyboard(broadcast.id, tr)
            ),
        )
        self.planner.cancel(f"trailer:{broadcast.id}")

    async def trailer_text(self, broadcast: Broadcast, room: Room) -> str:
        """The trailer in the room's language and zone; a joint show's names its partner."""
        tr = Translator(self.i18n, room.language)
        text = tr(
            texts.TRAILER,
            title=broadcast.title,
            start=local_datetime(broadcast.starts_at, room.timezone, room.language),
            timezone=room.timezone,
        )
        joint = await self._partner_line(
            broadcast, tr, texts.TRAILER_JOINT, texts.TRAILER_JOINT_NO_LINK
        )
        return f"{text}\n{joint}" if joint else text

    async def refresh_trailer(self, broadcast_id: int) -> None:
        """A posted trailer says what is true now (a joint show was made or ended)."""
        async with self.session_factory() as session:
            broadcast = await BroadcastRepository(session).get(broadcast_id)
            room = await room_of(session, broadcast.room_chat_id) if broadcast else None
        if (
            broadcast is None
            or room is None
            or broadcast.status != BroadcastStatus.SCHEDULED
            or broadcast.trailer_state != PostState.SENT
            or broadcast.trailer_message_id is None
        ):
            return
        tr = Translator(self.i18n, room.language)
        await self.edit_post(
            room.chat_id,
            broadcast.trailer_message_id,
            await self.trailer_text(broadcast, room),
            trailer_keyboard(broadcast.id, tr),
            f"Trailer of show {broadcast.id}",
        )

    async def _partner_line(
        self, broadcast: Broadcast, tr: Translator, with_link: str, without: str
    ) -> str | None:
        """ "🤝 A joint show with …" and a link to the partner's room, for a joint show."""
        async with self.session_factory() as session:
            partner = await partner_of_show(session, broadcast)
        if partner is None:
            return None
        link = await self.room_links.of(partner)
        if link is None:
            return tr(without, partner=partner.title)
        return tr(with_link, partner=partner.title, link=link)

    async def go_live(self, broadcast: Broadcast, on_air: bool = False) -> None:
        """Post the live notice once (with the room's announcement, pinned), then remind.
        `on_air`: the room's video chat has just started, so announce it whatever the hour."""
        live = await self.show_posts.claim_live(
            broadcast, on_air, self.abandoned_before(), self.late_notice
        )
        if live is None:
            return
        if live.too_late:
            logger.info("Live notice for show %s skipped: too late", broadcast.id)
        await self._closed(live.closed, goodbye=False)  # the new show's notice says enough
        if not live.too_late:
            await self._post_live_notice(broadcast, live.room)
        for listener in self.live_listeners:
            try:
                await listener(broadcast.id)
            except Exception:  # the script's cue must not cost the show its reminders
                logger.exception("Show %s went live, but a listener failed", broadcast.id)
        next_occurrence = await self.show_posts.continue_series(broadcast)
        self.unplan(broadcast.id)
        if next_occurrence is not None:
            self.plan(next_occurrence)
        self._start_reminders(broadcast.id)

    async def _closed(self, show_ids: list[int], goodbye: bool) -> None:
        for show_id in show_ids:
            for listener in self.closed_listeners:
                try:
                    await listener(show_id, goodbye)
                except Exception:  # one show's report must not stop the timer's other work
                    logger.exception("Farewell of show %s failed", show_id)

    async def _post_live_notice(self, broadcast: Broadcast, room: Room) -> None:
        tr = Translator(self.i18n, room.language)
        # A video chat has no title of the host's: no "We are live: Live stream!"
        if broadcast.title == tr(texts.VIDEO_CHAT_TITLE):
            text = tr(texts.LIVE_NOTICE_UNTITLED)
        else:
            text = tr(texts.LIVE_NOTICE, title=broadcast.title)
        joint = await self._partner_line(broadcast, tr, texts.LIVE_JOINT, texts.LIVE_JOINT_NO_LINK)
        if joint:
            text = f"{text}\n{joint}"
        if room.announcement:
            text = f"{text}\n\n{tr(texts.ANNOUNCEMENT, announcement=room.announcement)}"
        message = await self.send_post(
            LIVE_NOTICE,
            broadcast.id,
            lambda: self.bot.send_message(room.chat_id, text, reply_markup=live_keyboard(tr)),
        )
        if message is not None and room.announcement:
            try:
                await self.bot.pin_chat_message(
                    room.chat_id, message.message_id, disable_notification=True
                )
            except SEND_ERRORS as error:
                logger.info("Live notice of show %s not pinned: %s", broadcast.id, error)

    # --- a host changed a scheduled show ------------------------------------------------------
    async def tell_change(
        self, broadcast_id: int, change: ShowChange, next_show_id: int | None = None
    ) -> None:
        """Edit the posted trailer to say what changed, and tell everyone on the show's
        reminder list privately. A skipped week carries the list over to the next show."""
        audience = await self.show_posts.change_audience(broadcast_id, change, next_show_id)
        if audience is None:
            return
        broadcast, room, following = audience.broadcast, audience.room, audience.following
        await self._edit_trailer(broadcast, room, change, following)
        gate = asyncio.Semaphore(REMINDER_CONCURRENCY)

        async def tell(user_id: int, language: str) -> None:
            text = self._change_note(broadcast, room, change, following, language)
            async with gate:
                try:
                    await self.bot.send_message(user_id, text)
                except SEND_ERRORS as error:
                    logger.info("Change of show %s not told to a fan: %s", broadcast.id, error)

        await asyncio.gather(
            *(tell(user_id, language) for user_id, language in audience.listeners)
        )

    def _change_note(
        self,
        broadcast: Broadcast,
        room: Room,
        change: ShowChange,
        following: Broadcast | None,
        language: str,
    ) -> str:
        tr = Translator(self.i18n, language)
        start = local_datetime(broadcast.starts_at, room.timezone, language)
        where = {"title": broadcast.title, "room": room.title or broadcast.title}
        if change is ShowChange.MOVED:
            return tr(texts.REMINDER_MOVED, start=start, timezone=room.timezone, **where)
        if change is ShowChange.SKIPPED and following is not None:
            next_start = local_datetime(following.starts_at, room.timezone, language)
            return tr(
                texts.REMINDER_SKIPPED,
                start=start,
                next_start=next_start,
                timezone=room.timezone,
                **where,
            )
        return tr(texts.REMINDER_CANCELLED, start=start, timezone=room.timezone, **where)

    async def _edit_trailer(
        self, broadcast: Broadcast, room: Room, change: ShowChange, following: Broadcast | None
    ) -> None:
        if broadcast.trailer_state != PostState.SENT or broadcast.trailer_message_id is None:
            return  # nothing posted yet: the trailer will go out right (or not at all)
        tr = Translator(self.i18n, room.language)
        start = local_datetime(broadcast.starts_at, room.timezone, room.language)
        keyboard = None
        if change is ShowChange.MOVED:
            text = tr(texts.TRAILER, title=broadcast.title, start=start, timezone=room.timezone)
            keyboard = trailer_keyboard(broadcast.id, tr)
        elif change is ShowChange.SKIPPED and following is not None:
            next_start = local_datetime(following.starts_at, room.timezone, room.language)
            text = tr(
                texts.TRAILER_SKIPPED,
                title=broadcast.title,
                start=start,
                next_start=next_start,
                timezone=room.timezone,
            )
        else:
            text = tr(
                texts.TRAILER_CANCELLED, title=broadcast.title, start=start, timezone=room.timezone
            )
        await self.edit_post(
            room.chat_id,
            broadcast.trailer_message_id,
            text,
            keyboard,
            f"Trailer of show {broadcast.id}",
        )

    # --- reminders -----------------------------------------------------------------------------
    def _start_reminders(self, broadcast_id: int) -> None:
        task = self._reminder_tasks.get(broadcast_id)
        if task is not None and not task.done():
            return
        task = asyncio.create_task(
            self._send_reminders(broadcast_id), name=f"remind:{broadcast_id}"
        )
        self._reminder_tasks[broadcast_id] = task
        task.add_done_callback(lambda done: self._reminder_done(broadcast_id, done))

    def _reminder_done(self, broadcast_id: int, task: asyncio.Task[None]) -> None:
        if self._reminder_tasks.get(broadcast_id) is task:
            del self._reminder_tasks[broadcast_id]
        if not task.cancelled() and task.exception() is not None:
            logger.error("Reminders for show %s stopped", broadcast_id, exc_info=task.exception())

    async def _send_reminders(self, broadcast_id: int) -> None:
        reminding = await self.show_posts.reminding(broadcast_id)
        if reminding is None:
            return
        broadcast, room = reminding
        title, room_title = broadcast.title, room.title or broadcast.title
        gate = asyncio.Semaphore(REMINDER_CONCURRENCY)
        link: str | None = None  # asked for once there is someone to remind

        async def send_one(reminder_id: int, user_id: int, language: str) -> None:
            async with gate:
                tr = Translator(self.i18n, language)
                state = ReminderState.SENT
                button = None
                if link is not None:
                    open_room = InlineKeyboardButton(text=tr(texts.BUTTON_OPEN_ROOM), url=link)
                    button = InlineKeyboardMarkup(inline_keyboard=[[open_room]])
                try:
                    await self.bot.send_message(
                        user_id,
                        tr(texts.REMINDER, title=title, room=room_title),
                        reply_markup=button,
                    )
                except (TelegramForbiddenError, TelegramBadRequest):
                    state = ReminderState.FAILED  # blocked the bot or deleted the account
                except TRANSIENT_ERRORS:
                    return  # stays pending: the next sweep tries again
                await self._marks.submit((reminder_id, state))

        while True:
            batch = await self.show_posts.pending_reminders(broadcast_id, REMINDER_BATCH)
            if not batch:
                return
            if link is None:
                link = await self.room_links.of(room)
            results = await asyncio.gather(
                *(send_one(*row) for row in batch), return_exceptions=True
            )
            errors = [r for r in results if isinstance(r, BaseException)]
            if errors:
                raise errors[0]
            still_pending = await self.show_posts.pending_reminders(broadcast_id, 1)
            if still_pending and still_pending[0][0] == batch[0][0]:
                return  # nothing moved (network trouble): leave it to the next sweep
