"""The emulator enforces Telegram's rules, so tests that see no 429 or 403 mean something."""

from __future__ import annotations

import aiohttp

from emulator.server import TelegramEmulator
from emulator.world import FloodLimits


async def call(
    emu: TelegramEmulator, method: str, token: str | None = None, **params: object
) -> dict:
    url = f"{emu.base_url}/bot{token or emu.token}/{method}"
    data = {key: str(value) for key, value in params.items()}
    async with aiohttp.ClientSession() as http, http.post(url, data=data) as response:
        return await response.json()


async def test_flood_limits_answer_429_with_retry_after() -> None:
    emu = TelegramEmulator(limits=FloodLimits(global_per_second=30, per_chat_per_second=1))
    await emu.start()
    try:
        fan = emu.add_user("Fan")
        fan.started_bot = True
        first = await call(emu, "sendMessage", chat_id=fan.id, text="one")
        second = await call(emu, "sendMessage", chat_id=fan.id, text="two")
        room = emu.add_group("Room", admins=[fan])
        other_chat = await call(emu, "sendMessage", chat_id=room.id, text="elsewhere")
    finally:
        await emu.stop()
    assert first["ok"] is True
    assert second == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert other_chat["ok"] is True  # the per-chat limit is per chat
    assert emu.flood_errors == 1


async def test_group_limit_is_twenty_a_minute() -> None:
    emu = TelegramEmulator(limits=FloodLimits(per_chat_per_second=1000))
    await emu.start()
    try:
        host = emu.add_user("Host")
        room = emu.add_group("Room", admins=[host])
        results = [await call(emu, "sendMessage", chat_id=room.id, text=str(i)) for i in range(21)]
    finally:
        await emu.stop()
    assert [r["ok"] for r in results] == [True] * 20 + [False]
    assert results[20]["error_code"] == 429


async def test_a_bot_cannot_write_first_and_a_wrong_token_is_refused() -> None:
    emu = TelegramEmulator()
    await emu.start()
    try:
        stranger = emu.add_user("Stranger")
        answer = await call(emu, "sendMessage", chat_id=stranger.id, text="hello")
        unauthorised = await call(emu, "getMe", token="1:wrong")
    finally:
        await emu.stop()
    assert answer["error_code"] == 403
    assert answer["description"] == "Forbidden: bot can't initiate conversation with a user"
    assert unauthorised == {"ok": False, "error_code": 401, "description": "Unauthorized"}
