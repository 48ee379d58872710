from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from tests.databases import empty_redis, fresh_database
from tests.harness import FAST_EMULATOR_LIMITS, Harness, make_settings

# A fixed "now" for every test: Tuesday 1 January 2030, 10:00 UTC.
T0 = datetime(2030, 1, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def emulator(clock: ManualClock) -> AsyncIterator[TelegramEmulator]:
    # Updates are dated by the same clock the bot reads, as on Telegram.
    emu = TelegramEmulator(limits=FAST_EMULATOR_LIMITS, now=lambda: clock.now().timestamp())
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
async def harness(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> AsyncIterator[Harness]:
    settings = make_settings(emulator, database_url, redis_url=await empty_redis())
    world = Harness(emulator, settings, clock)
    await world.start()
    yield world
    await world.stop()
