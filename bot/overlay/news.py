"""What the rest of the bot tells the overlay pages, through the CacheBus (so every replica's
pages hear it, as every replica's caches do): a line for the ticker (a welcome, a thank-you),
and that a room's overlay link was reset. A lottery starting or ending needs no news of its
own: the "running" cache's forgetting already travels (see bot.room_lookups)."""

from __future__ import annotations

import json

from bot.caches import CacheBus
from bot.room_lookups import RUNNING_LOTTERY

TICKER = "overlay-ticker"
LINK_RESET = "overlay-link"
LOTTERY_CHANGED = RUNNING_LOTTERY


def tell_ticker(caches: CacheBus, room_chat_id: int, text: str) -> None:
    """A line the room has just seen (already public there: first names at most)."""
    caches.tell(TICKER, json.dumps([room_chat_id, text], ensure_ascii=False))


def read_ticker(text: str) -> tuple[int, str] | None:
    try:
        room_chat_id, line = json.loads(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(room_chat_id, int) or not isinstance(line, str):
        return None
    return room_chat_id, line


def tell_link_reset(caches: CacheBus, room_chat_id: int) -> None:
    caches.forget(LINK_RESET, room_chat_id)
