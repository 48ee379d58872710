"""The session middleware: 429s are retried after retry_after, 403s are recorded, not retried."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, GetMe, Response, SendMessage, TelegramMethod

from bot.outbound import OutboundMiddleware, is_sending
from bot.ratelimit import RateLimiter, RateLimits


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make(
    failures: list[Exception], forbidden: list[int | str] | None = None
) -> tuple[OutboundMiddleware, VirtualTime, list[Any]]:
    clock = VirtualTime()
    limiter = RateLimiter(RateLimits(), monotonic=clock.monotonic, sleep=clock.sleep)

    async def on_forbidden(chat_id: int | str) -> None:
        assert forbidden is not None
        forbidden.append(chat_id)

    middleware = OutboundMiddleware(limiter, max_retries=2, on_forbidden=on_forbidden)
    calls: list[Any] = []
    return middleware, clock, calls


async def run(
    middleware: OutboundMiddleware,
    method: TelegramMethod[Any],
    failures: list[Exception],
    calls: list[Any],
) -> Any:
    async def make_request(bot: Bot, request: TelegramMethod[Any]) -> Response[Any]:
        calls.append(request)
        if failures:
            raise failures.pop(0)
        return Response[Any](ok=True, result=True)

    return await middleware(make_request, Bot("42:TEST"), method)


async def test_429_waits_retry_after_then_resends_the_same_request() -> None:
    method = SendMessage(chat_id=5, text="hi")
    failures: list[Exception] = [TelegramRetryAfter(method, "Too Many Requests", retry_after=3)]
    middleware, clock, calls = make(failures)
    response = await run(middleware, method, failures, calls)
    assert response.ok is True
    assert calls == [method, method]
    assert clock.now >= 3.0
    assert middleware.retries_after_429 == 1


async def test_429_gives_up_after_max_retries() -> None:
    method = SendMessage(chat_id=5, text="hi")
    failures: list[Exception] = [
        TelegramRetryAfter(method, "Too Many Requests", retry_after=1) for _ in range(3)
    ]
    middleware, _, calls = make(failures)
    with pytest.raises(TelegramRetryAfter):
        await run(middleware, method, failures, calls)
    assert len(calls) == 3


async def test_403_is_recorded_and_not_retried() -> None:
    method = SendMessage(chat_id=77, text="hi")
    failures: list[Exception] = [TelegramForbiddenError(method, "Forbidden: bot was blocked")]
    forbidden: list[int | str] = []
    middleware, _, calls = make(failures, forbidden)
    with pytest.raises(TelegramForbiddenError):
        await run(middleware, method, failures, calls)
    assert calls == [method]
    assert forbidden == [77]


def test_only_message_sending_methods_are_rate_limited() -> None:
    assert is_sending(SendMessage(chat_id=1, text="x"))
    assert not is_sending(GetMe())


async def test_an_answer_telegram_no_longer_takes_is_let_go_other_bad_requests_are_not() -> None:
    middleware, _, calls = make([])
    expired = TelegramBadRequest(
        AnswerCallbackQuery(callback_query_id="7"),
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )
    answer = AnswerCallbackQuery(callback_query_id="7", text="You're in!")
    assert await run(middleware, answer, [expired], calls) is True
    assert calls == [answer]  # not retried: the fan has gone
    refused = TelegramBadRequest(answer, "Bad Request: message is too long")
    with pytest.raises(TelegramBadRequest):
        await run(middleware, answer, [refused], calls)
    with pytest.raises(TelegramBadRequest):
        await run(middleware, SendMessage(chat_id=5, text="hi"), [expired], calls)
