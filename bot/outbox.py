"""Replies to a room go out in the background, so no handler waits for a room's send budget.

A group may receive 20 messages a minute. When 45 fans type /help at once, the replies past the
twentieth must wait up to a minute; a handler that waited would hold its database connection
and its place among the updates being handled, and a busy room would stall every other room.
Handlers hand their room replies to the outbox and finish at once; one worker per chat sends
them in order through the one limiter. Identical replies waiting for the same room are posted
once, and so is the same room post within a minute (45 identical /help answers are one post);
a reply that waited too long to still make sense is dropped, not sent late.

In a group a reply is for its author alone (an ephemeral message, `bot/ephemeral.py`); if
Telegram refuses that, the public reply goes instead, so no reply is lost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from aiogram import Bot
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Message

from bot.ephemeral import is_ephemeral, send_first, tell_alone, to_author
from bot.i18n import Translator
from bot.outbound import SEND_ERRORS, target_chat

logger = logging.getLogger(__name__)

# The same post to a room (not a reply to someone) made this recently is still in view there:
# it is not posted again. Replies to one person are only merged while they wait.
SAME_REPLY_WINDOW_SECONDS = 60.0
# A reply still waiting after this long answers a question the room has moved past.
STALE_AFTER_SECONDS = 180.0
# At most this many different replies wait per room; beyond, the oldest are let go.
MOST_WAITING = 100
# Fields that make two replies the same reply (where it is anchored does not; who alone may
# see it does).
_IDENTITY = (
    "text",
    "reply_markup",
    "entities",
    "caption",
    "message_id",
    "ephemeral_message_parameters",
)


@dataclass
class _Waiting:
    ways: Sequence[TelegramMethod[Any]]  # the first Telegram accepts is sent
    key: tuple[str, ...]
    since: float


def _unanchored(method: TelegramMethod[Any]) -> bool:
    """A post to the whole room (not a reply to someone, not for one person)."""
    return (
        isinstance(method, SendMessage)
        and method.reply_parameters is None
        and not is_ephemeral(method)
    )


class Outbox:
    def __init__(self, bot: Bot, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.bot = bot
        self._monotonic = monotonic
        self._queues: dict[int | str, deque[_Waiting]] = {}
        self._workers: dict[int | str, asyncio.Task[None]] = {}
        self._recent: dict[int | str, dict[tuple[str, ...], float]] = {}
        self.collapsed = 0
        self.dropped = 0

    async def reply(self, message: Message, text: str, **kwargs: Any) -> None:
        """Reply to `message`: in a group for its author alone, through the outbox; in a
        private chat at once (one person's dialog must stay in order with the messages sent to
        them directly)."""
        await self.send(message, *to_author(message, text, **kwargs))

    async def tell_alone(
        self, message: Message, text: str, tr: Translator, sent_privately: str
    ) -> None:
        """Give `text` (a secret, a link, a list that names fans) to `message`'s author and
        nobody else (`bot.ephemeral.tell_alone`); the room hears only where it went."""
        reply = await tell_alone(self.bot, message, text, tr, sent_privately)
        if reply is not None:
            await self.reply(message, reply)

    async def answer(self, message: Message, text: str, **kwargs: Any) -> None:
        """Like `reply`; where the answer must be public, it does not quote `message`."""
        await self.send(message, *to_author(message, text, quote=False, **kwargs))

    async def send(
        self, message: Message, method: TelegramMethod[Any], *fallbacks: SendMessage
    ) -> None:
        """`method` in `message`'s chat: through the outbox in a group (`fallbacks` if Telegram
        refuses it); at once in a private chat, where the last way is the one that fits."""
        if message.chat.type == "private":
            await self.bot(fallbacks[-1] if fallbacks else method)
        else:
            self.post(method, *fallbacks)

    def post(self, method: TelegramMethod[Any], *fallbacks: SendMessage) -> None:
        """Send `method` (a send or an edit) soon, in order with the chat's other replies; if
        Telegram refuses it (400), each of `fallbacks` in turn."""
        chat_id = target_chat(method)
        assert chat_id is not None, f"{type(method).__name__} names no chat"
        queue = self._queues.setdefault(chat_id, deque())
        key = self._key(method)
        if any(waiting.key == key for waiting in queue) or (
            _unanchored(method) and self._recently_sent(chat_id, key)
        ):
            self.collapsed += 1
            return
        if len(queue) >= MOST_WAITING:
            queue.popleft()
            self.dropped += 1
            logger.info("Room %s: too many replies waiting; the oldest is dropped", chat_id)
        queue.append(_Waiting((method, *fallbacks), key, self._monotonic()))
        if chat_id not in self._workers:
            self._workers[chat_id] = asyncio.create_task(
                self._drain(chat_id, queue), name=f"outbox:{chat_id}"
            )

    def _recently_sent(self, chat_id: int | str, key: tuple[str, ...]) -> bool:
        sent = self._recent.get(chat_id)
        if not sent:
            return False
        horizon = self._monotonic() - SAME_REPLY_WINDOW_SECONDS
        for old in [k for k, at in sent.items() if at < horizon]:
            del sent[old]
        if not sent:
            del self._recent[chat_id]
            return False
        return key in sent

    async def _drain(self, chat_id: int | str, queue: deque[_Waiting]) -> None:
        try:
            while queue:
                waiting = queue[0]
                if self._monotonic() - waiting.since > STALE_AFTER_SECONDS:
                    queue.popleft()
                    self.dropped += 1
                    logger.info("Room %s: a reply waited too long and is dropped", chat_id)
                    continue
                try:
                    if len(waiting.ways) == 1:
                        await self.bot(waiting.ways[0])
                    else:
                        await send_first(self.bot, cast(Sequence[SendMessage], waiting.ways))
                except SEND_ERRORS as error:
                    logger.warning("Reply in chat %s not sent: %s", chat_id, error)
                else:
                    self._recent.setdefault(chat_id, {})[waiting.key] = self._monotonic()
                queue.popleft()  # only now: an identical reply arriving meanwhile is this one
        finally:
            del self._workers[chat_id]
            if not queue:
                self._queues.pop(chat_id, None)

    async def wait_idle(self) -> None:
        """Until every reply waiting now (and any posted meanwhile) has gone out."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def close(self, timeout: float) -> None:
        """Let waiting replies go out for up to `timeout` seconds, then stop."""
        workers = list(self._workers.values())
        if not workers:
            return
        _, late = await asyncio.wait(workers, timeout=timeout)
        for worker in late:
            worker.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        if late:
            logger.warning("%s room(s) still had replies waiting at shutdown", len(late))

    @staticmethod
    def _key(method: TelegramMethod[Any]) -> tuple[str, ...]:
        fields = method.model_dump(include=set(_IDENTITY), exclude_none=True, mode="json")
        return (type(method).__name__, str(target_chat(method)), repr(sorted(fields.items())))
