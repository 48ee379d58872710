"""The emulator enforces Telegram's rules, so tests that see no 429 or 403 mean something."""

from __future__ import annotations

import aiohttp

from emulator.server import TelegramEmulator
from emulator.stage import FAST_EMULATOR_LIMITS
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


async def test_a_bot_that_is_a_plain_member_is_refused_what_only_admins_may_do() -> None:
    emu = TelegramEmulator(limits=FAST_EMULATOR_LIMITS)
    await emu.start()
    try:
        host, fan = emu.add_user("Hana"), emu.add_user("Ann")
        room = emu.add_group("Room", admins=[host], members=[fan])
        room.members[emu.bot.id] = "member"
        said = emu.send(fan, room, "hello")
        own = await call(emu, "sendMessage", chat_id=room.id, text="mine")
        answers = {
            "delete": await call(
                emu, "deleteMessage", chat_id=room.id, message_id=said["message_id"]
            ),
            "edit": await call(
                emu, "editMessageText", chat_id=room.id, message_id=said["message_id"], text="x"
            ),
            "pin": await call(
                emu, "pinChatMessage", chat_id=room.id, message_id=own["result"]["message_id"]
            ),
            "mute": await call(
                emu, "restrictChatMember", chat_id=room.id, user_id=fan.id, permissions="{}"
            ),
            "link": await call(emu, "createChatInviteLink", chat_id=room.id),
        }
        own_deleted = await call(
            emu, "deleteMessage", chat_id=room.id, message_id=own["result"]["message_id"]
        )
    finally:
        await emu.stop()
    assert {name: answer["description"] for name, answer in answers.items()} == {
        "delete": "Bad Request: message can't be deleted",
        "edit": "Bad Request: message can't be edited",
        "pin": "Bad Request: not enough rights to manage pinned messages in the chat",
        "mute": "Bad Request: not enough rights to restrict/unrestrict chat member",
        "link": "Bad Request: not enough rights to manage chat invite link",
    }
    assert own_deleted["ok"] is True  # its own message a bot may always delete


async def test_buttons_and_answers_are_checked_as_telegram_checks_them() -> None:
    emu = TelegramEmulator(limits=FAST_EMULATOR_LIMITS)
    await emu.start()
    try:
        fan = emu.add_user("Fan")
        fan.started_bot = True
        markup = '{"inline_keyboard": [[{"text": "x", "callback_data": "%s"}]]}'
        too_long = await call(
            emu, "sendMessage", chat_id=fan.id, text="hi", reply_markup=markup % ("d" * 65)
        )
        fits = await call(
            emu, "sendMessage", chat_id=fan.id, text="hi", reply_markup=markup % ("d" * 64)
        )
        message = emu.messages_in(fan)[-1]
        never_pressed = await call(emu, "answerCallbackQuery", callback_query_id="424242")
        pressed = emu.press(fan, message, "x")
        rambling = await call(
            emu, "answerCallbackQuery", callback_query_id=pressed, text="y" * 201
        )
        answered = await call(
            emu, "answerCallbackQuery", callback_query_id=pressed, text="y" * 200
        )
    finally:
        await emu.stop()
    assert too_long["description"] == "Bad Request: BUTTON_DATA_INVALID"
    assert fits["ok"] is True
    assert never_pressed["description"].startswith("Bad Request: query is too old")
    assert rambling["description"] == "Bad Request: MESSAGE_TOO_LONG"
    assert answered["ok"] is True
