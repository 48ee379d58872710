"""The outbox: replies go out in order per chat, and one that waited too long is let go."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram.methods import SendMessage

from bot.outbox import STALE_AFTER_SECONDS, Outbox


class HeldBot:
    """Sends instantly, but holds the first message until `release` (a busy room's budget)."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, method: SendMessage, **_: Any) -> None:
        self.sent.append(method.text)
        if len(self.sent) == 1:
            await self.release.wait()


@pytest.mark.parametrize(
    ("waited", "sent"),
    [
        (STALE_AFTER_SECONDS - 1, ["first", "second"]),  # late, but still an answer
        (STALE_AFTER_SECONDS + 1, ["first"]),  # the room has moved on: dropped, not sent late
    ],
)
async def test_a_reply_that_waited_too_long_is_dropped(waited: float, sent: list[str]) -> None:
    now = [0.0]
    bot = HeldBot()
    outbox = Outbox(bot, monotonic=lambda: now[0])  # type: ignore[arg-type]
    outbox.post(SendMessage(chat_id=-1, text="first"))
    outbox.post(SendMessage(chat_id=-1, text="second"))
    while not bot.sent:
        await asyncio.sleep(0)  # the worker takes the first reply
    now[0] = waited
    bot.release.set()
    await outbox.wait_idle()
    assert bot.sent == sent
    assert outbox.dropped == (2 - len(sent))
