"""What the emulator's own tests share: a small world (an emulator, the real aiogram Bot on it,
a group with its host and two members)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from emulator.server import TelegramEmulator
from emulator.stage import FAST_EMULATOR_LIMITS
from emulator.world import EmuChat, EmuUser


@pytest.fixture
async def world() -> AsyncIterator[tuple[TelegramEmulator, Bot, EmuChat, EmuUser, EmuUser]]:
    emu = TelegramEmulator(limits=FAST_EMULATOR_LIMITS)
    await emu.start()
    host = emu.add_user("Hana")
    room = emu.add_group("Room", admins=[host])
    ann, ben = emu.add_user("Ann"), emu.add_user("Ben")
    room.members[ann.id] = room.members[ben.id] = "member"
    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
    try:
        yield emu, bot, room, ann, ben
    finally:
        await bot.session.close()
        await emu.stop()
