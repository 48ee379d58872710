"""The session middleware every Bot API request passes through: flood limits, 429 retries, 403s."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.ratelimit import Limiter

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

# Telegram unreachable (timeout, dropped connection), failing on its side (5xx, or a proxy's HTML
# error page that is not JSON at all), or still flooded after our own retries: worth trying again.
TRANSIENT_ERRORS = (
    TelegramNetworkError,
    TelegramServerError,
    TelegramRetryAfter,
    ClientDecodeError,
)
# Everything a Bot API call can fail with; the rest (400, 403, …) is Telegram's final word.
SEND_ERRORS = (TelegramAPIError, ClientDecodeError)

_EXPIRED_QUERY = "query is too old"

ForbiddenHandler = Callable[[int | str], Awaitable[None]]
# Requests that put a message in a chat; only these count against Telegram's flood limits.
_SENDING_PREFIXES = ("Send", "Forward", "Copy", "EditMessage", "EditEphemeral")


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
            except TelegramBadRequest as error:
                if isinstance(method, AnswerCallbackQuery) and _EXPIRED_QUERY in error.message:
                    # Answered before (a press handled just before a crash comes again) or
                    # past Telegram's ~15 s: there is nothing left to tell that fan.
                    logger.debug(
                        "Callback query %s not answered: %s", method.callback_query_id, error
                    )
                    return cast(TelegramType, True)
                raise
