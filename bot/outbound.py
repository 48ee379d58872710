"""The session middleware every Bot API request passes through: flood limits, 429 retries, 403s."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.ratelimit import Limiter

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

ForbiddenHandler = Callable[[int | str], Awaitable[None]]
# Requests that put a message in a chat; only these count against Telegram's flood limits.
_SENDING_PREFIXES = ("Send", "Forward", "Copy", "EditMessage")


def is_sending(method: TelegramMethod[Any]) -> bool:
    return type(method).__name__.startswith(_SENDING_PREFIXES)


def target_chat(method: TelegramMethod[Any]) -> int | str | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int | str) else None


def is_group_chat(chat_id: int | str) -> bool:
    # Private chats have positive ids; groups, supergroups and channels negative ones or @names.
    return isinstance(chat_id, str) or chat_id < 0


class OutboundMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        limiter: Limiter,
        max_retries: int = 5,
        on_forbidden: ForbiddenHandler | None = None,
    ) -> None:
        self.limiter = limiter
        self.max_retries = max_retries
        self.on_forbidden = on_forbidden
        self.retries_after_429 = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = target_chat(method)
        sending = is_sending(method)
        attempt = 0
        while True:
            if sending:
                await self.limiter.acquire(
                    chat_id, is_group_chat(chat_id) if chat_id is not None else False
                )
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.max_retries:
                    raise
                attempt += 1
                self.retries_after_429 += 1
                logger.warning(
                    "Flood limit on %s: retrying in %s s (attempt %s)",
                    type(method).__name__,
                    error.retry_after,
                    attempt,
                )
                await self.limiter.pause_for(error.retry_after)
                if not sending:
                    await self.limiter.acquire(None, False)
            except TelegramForbiddenError:
                if chat_id is not None and self.on_forbidden is not None:
                    await self.on_forbidden(chat_id)
                raise
