"""In-flight counting around the dispatcher's first try (the crowd's fast path): shutdown waits
for what runs, and the listeners (tests, the demo) hear of every update handled or failed."""

from __future__ import annotations

import pytest

from bot.middlewares import InFlightMiddleware


async def answer(value: bool) -> bool:
    return value


async def fail() -> bool:
    raise RuntimeError("the database went away")


@pytest.fixture
def counted() -> tuple[InFlightMiddleware, list[int]]:
    in_flight = InFlightMiddleware()
    heard: list[int] = []

    async def listener(update_id: int) -> None:
        heard.append(update_id)

    in_flight.listeners.append(listener)
    return in_flight, heard


async def test_an_update_the_first_try_took_is_done(
    counted: tuple[InFlightMiddleware, list[int]],
) -> None:
    in_flight, heard = counted
    assert await in_flight.first_try(7, answer(True)) is True
    assert heard == [7]
    assert await in_flight.wait_idle(0.01)


async def test_an_update_it_left_is_still_being_handled(
    counted: tuple[InFlightMiddleware, list[int]],
) -> None:
    in_flight, heard = counted
    assert await in_flight.first_try(7, answer(False)) is False
    assert heard == []  # the dispatcher's middlewares handle it and tell
    assert not await in_flight.wait_idle(0.01)


async def test_a_failed_first_try_is_done_like_a_failed_update(
    counted: tuple[InFlightMiddleware, list[int]],
) -> None:
    in_flight, heard = counted
    with pytest.raises(RuntimeError):
        await in_flight.first_try(7, fail())
    assert heard == [7]
    assert await in_flight.wait_idle(0.01)  # shutdown does not wait for it
