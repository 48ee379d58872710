"""Every fan message in a room is counted (for the rankings and the post-show report), and every
press and reaction marks its fan active in that minute. A busy room sends hundreds a minute, so
they share transactions (group commit)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.group_commit import GroupCommit
from storage.likes import LikeRepository, Reaction
from storage.live_room import ActivityRepository, ChatMessage

logger = logging.getLogger(__name__)
MESSAGE_BATCH = 500  # 5 columns each: well under SQLite's limit of bound variables


class ChatLog:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self._messages: GroupCommit[ChatMessage, None] = GroupCommit(
            self._write, max_batch=MESSAGE_BATCH, name="room-messages"
        )
        self._touches: GroupCommit[tuple[int, int, datetime], None] = GroupCommit(
            self._write_touches, max_batch=MESSAGE_BATCH, name="room-touches"
        )
        self._reactions: GroupCommit[Reaction, None] = GroupCommit(
            self._write_reactions, max_batch=MESSAGE_BATCH, name="likes"
        )
        # Told of the rooms whose likes were just written (their goals may be reached).
        self.liked_listeners: list[Callable[[set[int]], None]] = []

    async def record(self, message: ChatMessage) -> None:
        await self.record_soon(message)

    def record_soon(self, message: ChatMessage) -> asyncio.Future[None]:
        """Queue `message`; the future is done once it is committed, and never fails (best
        effort: a failed write is logged, and never fails the fan's message)."""
        counted: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def settle(written: asyncio.Future[None]) -> None:
            if not written.cancelled() and written.exception() is not None:
                logger.warning(
                    "Message %s in room %s not counted",
                    message.message_id,
                    message.room_chat_id,
                    exc_info=written.exception(),
                )
            if not counted.done():
                counted.set_result(None)

        self._messages.submit_soon(message).add_done_callback(settle)
        return counted

    def touched(self, room_chat_id: int, user_id: int, at: datetime) -> None:
        """A fan pressed a button or reacted in the room (best effort, as messages)."""
        minute = at.replace(second=0, microsecond=0)
        self._touches.submit_soon((room_chat_id, user_id, minute)).add_done_callback(_log_failure)

    async def reacted(self, reaction: Reaction) -> None:
        """A fan liked a message in the room, or took the like back: written with others (a
        reaction storm shares its transactions); returns once it is."""
        if reaction.liked:
            self.touched(reaction.room_chat_id, reaction.user_id, reaction.at)
        await self._reactions.submit_soon(reaction)

    async def close(self) -> None:
        """Write the messages, touches and likes still waiting."""
        await self._messages.close()
        await self._touches.close()
        await self._reactions.close()

    async def _write_reactions(self, reactions: Sequence[Reaction]) -> list[None]:
        async with self.session_factory.begin() as session:
            await LikeRepository(session).apply(reactions)
        rooms = {reaction.room_chat_id for reaction in reactions}
        for listener in self.liked_listeners:
            listener(rooms)
        return [None] * len(reactions)

    async def _write_touches(self, touches: Sequence[tuple[int, int, datetime]]) -> list[None]:
        async with self.session_factory() as session:
            await ActivityRepository(session).add_touches(sorted(set(touches)))
            await session.commit()
        return [None] * len(touches)

    async def _write(self, messages: Sequence[ChatMessage]) -> list[None]:
        async with self.session_factory() as session:
            await ActivityRepository(session).add_messages(messages)
            await session.commit()
        return [None] * len(messages)


def _log_failure(written: asyncio.Future[None]) -> None:
    if not written.cancelled() and written.exception() is not None:
        logger.warning("A fan's press or like not counted", exc_info=written.exception())
