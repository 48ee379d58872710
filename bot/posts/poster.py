"""What every poster shares (the bot's posts of its own: trailers, cards, results, welcomes,
thanks): Telegram, the database's use-cases, time, texts, and a planner for wake-ups."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.caches import CacheBus
from bot.outbound import SEND_ERRORS, TRANSIENT_ERRORS
from bot.outbox import Outbox
from domain.clock import Clock
from domain.posts import CLAIM_LEASE
from services.posts import PostLedger
from storage.posts import PostColumns

logger = logging.getLogger(__name__)


# What a wake-up runs: a poster's `run_due`.
WakeUp = Callable[[], Awaitable[object]]


class Planner(Protocol):
    """When to wake a poster (scheduler/timer.py's Timer; only the leading replica's fires)."""

    def register(self, owner: str, wake_up: WakeUp) -> None: ...

    def wake(self, owner: str, job_id: str, moment: datetime) -> None: ...

    def cancel(self, job_id: str) -> None: ...

    def is_planned(self, job_id: str) -> bool: ...


@dataclass(frozen=True)
class PosterContext:
    bot: Bot
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    i18n: I18n
    planner: Planner
    default_timezone: str
    default_language: str
    outbox: Outbox
    caches: CacheBus = field(default_factory=CacheBus)


class Poster:
    def __init__(self, context: PosterContext) -> None:
        self.bot = context.bot
        self.session_factory = context.session_factory
        self.clock = context.clock
        self.i18n = context.i18n
        self.planner = context.planner
        self.default_timezone = context.default_timezone
        self.default_language = context.default_language
        self.caches = context.caches
        self.outbox = context.outbox
        self.posts = PostLedger(context.session_factory, context.clock)
        # One pass over due work at a time per process; the database guards across processes.
        self._lock = asyncio.Lock()
        self.name = type(self).__name__
        self.planner.register(self.name, self.run_due)

    async def edit_post(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None,
        what: str,
    ) -> None:
        """Correct a post already in a room (a card's count, a trailer's new time). Best effort:
        an admin may have deleted it, and then there is nothing left to correct."""
        try:
            await self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except SEND_ERRORS as error:
            logger.info("%s not edited: %s", what, error)

    def abandoned_before(self) -> datetime:
        """Claims of posts made before this were abandoned by a process that died mid-send."""
        return self.clock.now() - CLAIM_LEASE

    async def send_post(
        self,
        post: PostColumns,
        row_id: int,
        send: Callable[[], Awaitable[Message]],
        record_sent: Callable[[int], Awaitable[None]] | None = None,
    ) -> Message | None:
        """Send a claimed post and record at once how it went: sent (with its message id, by
        `record_sent` when the post's use-case records more with it), refused for good by
        Telegram (skipped), or passing trouble (pending, retried with a growing pause, on a
        wake-up of its own)."""
        try:
            message = await send()
        except SEND_ERRORS as error:
            reason = str(error).splitlines()[0]  # a proxy's error page is the rest
            if isinstance(error, TRANSIENT_ERRORS):
                at = await self.posts.retry_later(post, row_id)
                logger.warning(
                    "%s %s not sent yet, retrying at %s: %s", post.name, row_id, at, reason
                )
                self.planner.wake(self.name, f"retry:{post.name}:{row_id}", at)
            else:
                await self.posts.refused(post, row_id)
                logger.warning("%s %s cannot be posted: %s", post.name, row_id, reason)
            return None
        if record_sent is not None:
            await record_sent(message.message_id)
        else:
            await self.posts.sent(post, row_id, message.message_id)
        return message

    async def start(self) -> None:
        """Rebuild the wake-ups from the database, then do what fell due meanwhile (on the
        leading replica, at its election)."""
        raise NotImplementedError

    async def run_due(self) -> None:
        """Do the due work (what this poster's wake-ups call)."""
        raise NotImplementedError


# Each room with items waiting for the batched post, and when the first of them came.
Waiting = Callable[[], Awaitable[Sequence[tuple[int, datetime]]]]


class RoomBatches:
    """One post per interval per room (the welcome of newcomers, the thanks for gifts): the
    first waiting item sets the time and later ones ride along (re-planning on every item would
    postpone the post for as long as items come). The items wait in the database until a post
    claims them, so the plan is rebuilt from it at start-up."""

    def __init__(
        self,
        poster: Poster,
        kind: str,
        interval: timedelta,
        waiting: Waiting,
        post: Callable[[int], Awaitable[None]],
    ) -> None:
        self.poster = poster
        self.kind = kind
        self.interval = interval
        self.waiting = waiting
        self.post = post

    def _job(self, room_chat_id: int) -> str:
        return f"{self.kind}:{room_chat_id}"

    async def start(self) -> None:
        for room_chat_id, first in await self.waiting():
            self.plan(room_chat_id, first)

    def plan(self, room_chat_id: int, first: datetime) -> None:
        job_id = self._job(room_chat_id)
        if not self.poster.planner.is_planned(job_id):
            self.poster.planner.wake(self.poster.name, job_id, first + self.interval)

    def posted(self, room_chat_id: int) -> None:
        """The room's batch went out: the next item plans the next post."""
        self.poster.planner.cancel(self._job(room_chat_id))

    async def run_due(self, now: datetime) -> None:
        for room_chat_id, first in await self.waiting():
            if first + self.interval <= now:
                await self.post(room_chat_id)
