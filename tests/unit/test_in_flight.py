"""In-flight counting: shutdown waits for what runs, and the listeners (tests, the demo) hear of
every update once it is handled or has failed."""

from __future__ import annotations

import asyncio

import pytest

from bot.polling import InFlight


@pytest.fixture
def counted() -> tuple[InFlight, list[int]]:
    in_flight = InFlight()
    heard: list[int] = []

    async def listener(update_id: int) -> None:
        heard.append(update_id)

    in_flight.listeners.append(listener)
    return in_flight, heard


async def test_an_update_is_running_until_handled(counted: tuple[InFlight, list[int]]) -> None:
    in_flight, heard = counted
    release = asyncio.Event()

    async def handle() -> None:
        async with in_flight.handling(7):
            await release.wait()

    task = asyncio.create_task(handle())
    await asyncio.sleep(0)
    assert not await in_flight.wait_idle(0.01)  # shutdown waits for it
    assert heard == []
    release.set()
    await task
    assert heard == [7]
    assert await in_flight.wait_idle(0.01)


async def test_a_failed_update_is_done_too(counted: tuple[InFlight, list[int]]) -> None:
    in_flight, heard = counted
    with pytest.raises(RuntimeError):
        async with in_flight.handling(7):
            raise RuntimeError("the database went away")
    assert heard == [7]
    assert await in_flight.wait_idle(0.01)  # shutdown does not wait for it
