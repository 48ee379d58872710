"""The emulator keeps Telegram's rules for member tags (Bot API 9.5), for the real aiogram Bot:
the bot needs the right to manage them, a tag is at most 16 characters without emoji, and only
a regular member wears one."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest


async def test_member_tags_need_the_right_and_keep_telegrams_limits(world: tuple) -> None:
    emu, bot, room, ann, _ = world
    host_id = next(uid for uid, status in room.members.items() if status == "creator")

    async def refusal(user_id: int, tag: str) -> str:
        with pytest.raises(TelegramBadRequest) as caught:
            await bot.set_chat_member_tag(room.id, user_id, tag)
        return caught.value.message

    assert "rights" in await refusal(ann.id, "Lv1 fan")  # an admin bot, but not given the right
    room.bot_can_manage_tags = True
    assert "TAG_TOO_LONG" in await refusal(ann.id, "x" * 17)
    assert "TAG_INVALID" in await refusal(ann.id, "Lv1 fan 🔥")
    assert "administrator" in await refusal(host_id, "Lv1 fan")
    assert await bot.set_chat_member_tag(room.id, ann.id, "Lv1 fan") is True
    member = await bot.get_chat_member(room.id, ann.id)
    assert getattr(member, "tag", None) == "Lv1 fan"
    assert await bot.set_chat_member_tag(room.id, ann.id, "") is True
    assert room.tags == {}
