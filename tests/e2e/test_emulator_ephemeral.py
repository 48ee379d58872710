"""The emulator keeps Telegram's rules for ephemeral messages and command menus: who may be sent
one, when, what it returns, who sees it, and what the menus accept."""

from __future__ import annotations

import json

import aiohttp

from emulator.server import TelegramEmulator
from emulator.world import FloodLimits


async def call(emu: TelegramEmulator, method: str, **params: object) -> dict:
    url = f"{emu.base_url}/bot{emu.token}/{method}"
    async with aiohttp.ClientSession() as http, http.post(url, json=params) as response:
        return await response.json()


async def whisper(
    emu: TelegramEmulator, chat_id: int, receiver: int, text: str = "hi", **params: object
) -> dict:
    """sendMessage to one member of `chat_id` (more ephemeral parameters in `params`)."""
    extra = params.pop("ephemeral", {})
    assert isinstance(extra, dict)
    return await call(
        emu,
        "sendMessage",
        chat_id=chat_id,
        text=text,
        ephemeral_message_parameters={"receiver_user_id": receiver, **extra},
        **params,
    )


async def test_an_ephemeral_message_is_seen_by_its_receiver_only() -> None:
    emu = TelegramEmulator(limits=FloodLimits(per_chat_per_second=1000))
    await emu.start()
    try:
        host, ana, bo = emu.add_user("Host"), emu.add_user("Ana"), emu.add_user("Bo")
        room = emu.add_group("Room", admins=[host], members=[ana, bo])
        sent = await whisper(emu, room.id, ana.id, "only for Ana")
        public = await call(emu, "sendMessage", chat_id=room.id, text="for all")
    finally:
        await emu.stop()
    result = sent["result"]
    assert (result["message_id"], result["ephemeral_message_id"]) == (0, 1)
    assert result["receiver_user"]["id"] == ana.id
    assert public["result"]["message_id"] == 1  # the ephemeral one took no id from the chat
    assert [m.text for m in emu.seen_by(ana, room)] == ["only for Ana", "for all"]
    assert [m.text for m in emu.seen_by(bo, room)] == ["for all"]


async def test_who_may_get_one_and_when() -> None:
    emu = TelegramEmulator(limits=FloodLimits(per_chat_per_second=1000))
    await emu.start()
    try:
        host, ana, outsider = emu.add_user("Host"), emu.add_user("Ana"), emu.add_user("Out")
        room = emu.add_group("Room", admins=[host], members=[ana])
        card = emu.post_as_bot(
            room, "card", {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
        )
        ana.started_bot = True

        private = await whisper(emu, ana.id, ana.id)
        not_member = await whisper(emu, room.id, outsider.id)
        bot = await whisper(emu, room.id, emu.bot.id)
        room.members[emu.bot.id] = "member"  # no longer an administrator
        no_trigger = await whisper(emu, room.id, ana.id)
        query = emu.press(ana, card, "Go")
        in_time = await whisper(emu, room.id, ana.id, ephemeral={"callback_query_id": query})
        emu.wall_offset += 16  # 16 s later, as far as Telegram's deadlines go
        too_late = await whisper(emu, room.id, ana.id, ephemeral={"callback_query_id": query})
        command = emu.send(ana, room, "/help", ephemeral=True)
        reply_to_command = await whisper(
            emu,
            room.id,
            ana.id,
            reply_parameters={"ephemeral_message_id": command["ephemeral_message_id"]},
        )
        public_reply_to_command = await call(
            emu,
            "sendMessage",
            chat_id=room.id,
            text="help",
            reply_parameters={"ephemeral_message_id": command["ephemeral_message_id"]},
        )
    finally:
        await emu.stop()
    assert private["description"] == "Bad Request: PEER_ID_INVALID"
    assert not_member["description"] == "Bad Request: USER_NOT_PARTICIPANT"
    assert bot["description"] == "Bad Request: USER_IS_BOT"
    assert no_trigger["description"] == "Bad Request: CHAT_ADMIN_REQUIRED"
    assert in_time["ok"] is True
    assert too_late["description"] == "Bad Request: QUERY_ID_INVALID"
    assert reply_to_command["ok"] is True
    assert public_reply_to_command["description"] == "Bad Request: message to be replied not found"
    assert command["message_id"] == 0 and emu.messages_in(room)[-1].receiver_id == ana.id


async def test_edit_and_delete_reach_only_the_bots_own_ephemeral_message() -> None:
    emu = TelegramEmulator(limits=FloodLimits(per_chat_per_second=1000))
    await emu.start()
    try:
        host, ana = emu.add_user("Host"), emu.add_user("Ana")
        room = emu.add_group("Room", admins=[host], members=[ana])
        sent = await whisper(emu, room.id, ana.id, "one")
        address = {
            "chat_id": room.id,
            "receiver_user_id": ana.id,
            "ephemeral_message_id": sent["result"]["ephemeral_message_id"],
        }
        edited = await call(emu, "editEphemeralMessageText", text="two", **address)
        wrong = await call(
            emu, "editEphemeralMessageText", text="x", **{**address, "receiver_user_id": host.id}
        )
        deleted = await call(emu, "deleteEphemeralMessage", **address)
        again = await call(emu, "deleteEphemeralMessage", **address)
    finally:
        await emu.stop()
    assert edited == {"ok": True, "result": True}
    assert wrong["description"] == "Bad Request: MESSAGE_ID_INVALID"
    assert deleted == {"ok": True, "result": True}
    assert again["description"] == "Bad Request: MESSAGE_ID_INVALID"
    assert emu.seen_by(ana, room) == []


async def test_command_menus_are_kept_per_scope_and_language() -> None:
    emu = TelegramEmulator(limits=FloodLimits(per_chat_per_second=1000))
    await emu.start()
    try:
        help_command = {"command": "help", "description": "How it works", "is_ephemeral": True}
        groups = await call(
            emu, "setMyCommands", commands=[help_command], scope={"type": "all_group_chats"}
        )
        chinese = await call(
            emu,
            "setMyCommands",
            commands=[{**help_command, "description": "使用说明"}],
            scope={"type": "all_group_chats"},
            language_code="zh",
        )
        bad_name = await call(
            emu, "setMyCommands", commands=[{"command": "Help!", "description": "x"}]
        )
        no_description = await call(
            emu, "setMyCommands", commands=[{"command": "help", "description": ""}]
        )
        too_many = await call(
            emu,
            "setMyCommands",
            commands=[{"command": f"c{i}", "description": "x"} for i in range(101)],
        )
        bad_language = await call(
            emu, "setMyCommands", commands=[help_command], language_code="chinese"
        )
        read = await call(emu, "getMyCommands", scope=json.dumps({"type": "all_group_chats"}))
    finally:
        await emu.stop()
    assert groups["ok"] and chinese["ok"]
    assert bad_name["description"] == "Bad Request: BOT_COMMAND_INVALID"
    assert no_description["description"] == "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    assert too_many["description"] == "Bad Request: BOT_COMMANDS_TOO_MUCH"
    assert bad_language["description"] == "Bad Request: LANG_CODE_INVALID"
    assert read["result"] == [help_command]
    assert emu.menu("all_group_chats", "zh")[0]["description"] == "使用说明"
    assert emu.menu("all_private_chats") == []
