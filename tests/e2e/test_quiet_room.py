"""A quiet room (issue 15): what is meant for one person is seen by that person only, with a way
back when Telegram will not send it so; and the command menus per scope and language."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from io import StringIO

import pytest

from demo.director import staged
from demo.script import script
from demo.transcript import Transcript
from emulator.world import SentMessage
from storage.models import Lottery
from tests.harness import Harness, rows


def for_one(message: SentMessage, who: int) -> None:
    assert message.receiver_id == who, (message.text, message.receiver_id)


async def test_host_replies_and_errors_are_seen_by_the_host_alone(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    fan = harness.fan("Ann")
    scheduled = await harness.say("/schedule tomorrow 20:00 Q&A", expect="Scheduled #1")
    typo = await harness.say("/cancel 99", expect="There is no show #99")
    usage = await harness.say("/lottery password", expect="Please give the password")
    refused = await harness.say("/lottery open Mug", user=fan, expect="only the admins")
    for reply in (scheduled, typo, usage):
        for_one(reply, harness.host.id)
    for_one(refused, fan.id)
    assert [m.text for m in emu.seen_by(fan, room)] == [refused.text]
    # So far the room holds only these replies, each seen by one person.
    assert all(m.receiver_id is not None for m in emu.messages_in(room))


async def test_a_fans_help_privacy_and_forget_are_seen_by_that_fan_alone(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    ann, ben = harness.fan("Ann"), harness.fan("Ben", language="zh")
    help_reply = await harness.say("/help", user=ann, expect="Liveroom runs this room")
    privacy = await harness.say("/privacy", user=ann)
    forget = await harness.say("/forget", user=ben)
    for_one(help_reply, ann.id)
    for_one(privacy, ann.id)
    for_one(forget, ben.id)
    assert emu.seen_by(ben, room) == [forget]
    assert help_reply not in emu.seen_by(harness.host, room)


async def test_a_banned_word_warning_is_seen_by_its_author_alone(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    spammer, ann = harness.fan("Spammer"), harness.fan("Ann")
    await harness.say("/banword add spam", expect="Banned")
    mark = len(emu.sent)
    emu.send(spammer, room, "buy spam now")
    warning = await emu.wait_for_message(room, "Spammer, I removed your message", after=mark)
    for_one(warning, spammer.id)
    assert warning not in emu.seen_by(ann, room)
    assert len(emu.deleted) == 1


async def test_a_capped_guesser_alone_is_told_to_slow_down_once(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/lottery password rose Mug", expect="🎁 Lottery #1")
    guesser, ann = harness.fan("Guesser"), harness.fan("Ann")
    mark = len(emu.sent)
    for number in range(harness.settings.password_guesses_per_minute + 5):
        emu.send(guesser, room, f"tulip{number}")
    await harness.settle()
    hints = [m for m in emu.sent[mark:] if m.text.startswith("Slow down, Guesser")]
    assert len(hints) == 1
    for_one(hints[0], guesser.id)
    assert hints[0] not in emu.seen_by(ann, room)


async def test_a_password_lottery_never_shows_the_password_to_fans(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    command = emu.send(harness.host, room, "/lottery password rose x2 Mug")
    card = await emu.wait_for_message(room, "🎁 Lottery #1")
    await harness.settle()
    # The command holds the password: it is taken down once handled; the card never says it.
    assert (room.id, command["message_id"]) in emu.deleted
    assert all("rose" not in m.text for m in emu.seen_by(ann, room))
    assert "rose" not in card.text
    # Sent from the menu as an ephemeral command, nobody else ever saw it: nothing to delete.
    await harness.say("/lottery_cancel")
    deleted_before = set(emu.deleted)
    emu.send(harness.host, room, "/lottery password lily Scarf", ephemeral=True)
    await emu.wait_for_message(room, "🎁 Lottery #2")
    await harness.settle()
    assert emu.deleted == deleted_before
    assert all("lily" not in m.text for m in emu.seen_by(ann, room))
    assert [lottery.password for lottery in await rows(harness, Lottery)] == ["rose", "lily"]


async def test_an_ephemeral_command_is_answered_to_its_sender_alone(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    mark = len(emu.sent)
    emu.send(ann, room, "/help", ephemeral=True)
    reply = await emu.wait_for_message(room, "Liveroom runs this room", after=mark)
    for_one(reply, ann.id)
    sent = next(
        p for method, p in emu.requests if method == "sendMessage" and "Liveroom runs" in p["text"]
    )
    assert sent["reply_parameters"]["ephemeral_message_id"] == 1
    # Two /schedule commands sent from the menu are two shows, though both have message id 0.
    await harness.say("/schedule tomorrow 20:00 One", expect="Scheduled #1")
    emu.send(harness.host, room, "/schedule tomorrow 21:00 Two", ephemeral=True)
    await emu.wait_for_message(room, "Scheduled #2")


async def test_when_telegram_refuses_an_ephemeral_reply_the_public_one_goes(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.ephemeral")
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    # A bot that is no longer an administrator may only answer a press or an ephemeral
    # command ephemerally: a typed command's reply then goes to the room, as it used to.
    room.members[emu.bot.id] = "member"
    reply = await harness.say("/help", user=ann, expect="Liveroom runs this room")
    assert reply.receiver_id is None
    assert reply in emu.seen_by(harness.host, room)
    assert any(
        "refused" in r.getMessage() and "public" not in r.getMessage() for r in caplog.records
    )
    assert any("sent a public message" in r.getMessage() for r in caplog.records)


async def test_a_share_link_press_too_old_for_the_room_goes_to_the_private_chat(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    card = await harness.say("/lottery share Tote", expect="🎁 Lottery #1")
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    emu.start_private(ben)
    await harness.settle()
    # The presses are handled after Telegram's 15 seconds (a slow evening): too old to be
    # answered in the room, so Ben gets his link privately and Ann is sent to the private chat.
    with emu.earlier(16):
        ann_press = emu.press(ann, card, "🔗 Get my invite link")
        ben_press = emu.press(ben, card, "🔗 Get my invite link")
    ann_answer = await emu.wait_for_answer(ann_press)
    ben_answer = await emu.wait_for_answer(ben_press)
    assert ann_answer["url"] == "https://t.me/liveroom_bot?start=share_1"
    assert ben_answer["text"] == "I've sent your invite link to our private chat."
    await emu.wait_for_message(ben, "Your invite link: https://t.me/+")
    assert emu.only_for(room) == []


async def test_each_winner_alone_sees_a_tap_to_claim_in_the_room(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    card = await harness.say("/lottery open x2 Mug", expect="🎁 Lottery #1")
    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cai")]
    for fan in fans:
        await emu.wait_for_answer(emu.press(fan, card, "🙋 Join"))
    await harness.advance_to(
        harness.clock.now() + timedelta(seconds=harness.settings.draw_delay_seconds)
    )
    await harness.settle()
    taps = [m for m in emu.only_for(room) if m.text.startswith("🎁 You won Mug")]
    assert len(taps) == 2
    winners = {tap.receiver_id for tap in taps}
    assert all(
        tap.buttons()[0]["url"] == "https://t.me/liveroom_bot?start=claim_1" for tap in taps
    )
    loser = next(fan for fan in fans if fan.id not in winners)
    assert not any(m.text.startswith("🎁 You won") for m in emu.seen_by(loser, room))


async def test_menus_are_set_per_scope_and_language(harness: Harness) -> None:
    emu = harness.emulator
    await harness.settle()  # set in the background at start-up
    fans = emu.menu("all_group_chats")
    hosts_zh = emu.menu("all_chat_administrators", "zh")
    private_en = emu.menu("all_private_chats", "en")
    assert [c["command"] for c in fans] == ["checkin", "me", "gift", "help", "privacy", "forget"]
    assert all(c["is_ephemeral"] for c in fans + hosts_zh)
    assert [c["command"] for c in private_en] == [
        "start",
        "winners",
        "export",
        "overlay",
        "gift",
        "reminders",
        "help",
        "privacy",
        "forget",
    ]
    assert not any(c.get("is_ephemeral") for c in private_en)
    commands = {c["command"]: c["description"] for c in hosts_zh}
    assert commands["lottery"] == "发起抽奖"
    assert commands["overlay"] == "OBS 直播叠加层"
    assert {"schedule", "lottery", "winners", "help"} <= set(commands)
    assert emu.menu("all_chat_administrators", "en")[0] == {
        "command": "lottery",
        "description": "Start a lottery",
        "is_ephemeral": True,
    }
    # A restart sets the same menus again: nothing changes.
    before = dict(emu.commands)
    await harness.restart()
    await harness.settle()
    assert emu.commands == before


async def test_the_demos_room_transcript_shows_everyone_nothing_meant_for_one() -> None:
    output = StringIO()
    async with staged(Transcript(output, colour=False)) as director:
        await script(director)
        emu, room = director.emulator, director.stage.room
        public = [m for m in emu.messages_in(room) if m.receiver_id is None]
        private = emu.only_for(room)
    # What the room sees: posts for everyone, never an answer to one person's command.
    for_everyone = re.compile(
        r"^(📌|📺 Coming up|🔴 We are live|👋 Welcome|👋 That's all|🎁 Lottery #|🎉 Lottery #|"
        r"🔁 Lottery #|🧧|🚀|Thank you|🎉 Wow|🎯|⚔️ Battle|What should the next show be about\?$)"
    )
    assert [m.text for m in public if not for_everyone.match(m.text)] == []
    assert {m.text.split(":")[0].split("\n")[0][:20] for m in private} >= {"Scheduled #1"}
    assert "(only Hana sees this)" in output.getvalue()


async def test_an_ephemeral_command_with_a_banned_word_is_not_a_strike(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/banword add spam", expect="Banned")
    fan = harness.fan("Ann")
    # Typed for the room to see, it is deleted and its author warned ...
    warning = await harness.say("/help spam", user=fan, expect="Ann, I removed your message")
    for_one(warning, fan.id)
    assert len(emu.deleted) == 1
    # ... sent from the menu, the room never saw it: no strike, just the answer.
    mark = len(emu.sent)
    emu.send(fan, room, "/help spam", ephemeral=True)
    await harness.settle()
    assert len(emu.deleted) == 1
    assert [m.text.startswith("Liveroom runs this room") for m in emu.sent[mark:]] == [True]
