"""Every bad input gets a clear reply with a correct example, and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import Broadcast
from tests.harness import Harness, rows

BAD_INPUTS = [
    # The harness's today is 2030-01-01: examples are a week after it, never in the past.
    ("/schedule", "Please give a date, a time and a title, e.g. /schedule 2030-01-08 20:00"),
    ("/schedule 2030-02-30 20:00 Nope", "I couldn't read the date “2030-02-30”. Use YYYY-MM-DD"),
    ("/schedule 2030-01-02 25:00 Nope", "I couldn't read the time “25:00”. Use 24-hour HH:MM"),
    (
        "/schedule 2029-12-31 20:00 Old",
        "That time has already passed in this room's time zone. Pick a future time, "
        "e.g. /schedule 2030-01-08 20:00 Winter skincare Q&A",
    ),
    ("/schedule 2030-01-02 20:00", "Please add a title after the time, e.g. /schedule"),
    (
        "/schedule 2030-01-02 20:00 " + "x" * 200,
        "That title is 200 characters; please keep it to 120.",
    ),
    ("/schedule weekly someday 20:00 X", "I couldn't read the weekday “someday”."),
    ("/schedule weekly fri", "Please give a weekday, a time and a title"),
    ("/cancel", "Which show? Give its id from /broadcasts, e.g. /cancel 3"),
    ("/cancel abc", "“abc” is not a show number."),
    ("/cancel 99", "There is no show #99 in this room."),
    ("/reschedule 1", "Please give the id, a new date and time, e.g. /reschedule 3"),
    ("/reschedule 99 2030-01-05 10:00", "There is no show #99 in this room."),
    ("/timezone Mars/Olympus", "I don't know the time zone “Mars/Olympus”."),
    ("/language klingon", "I can post in en (English) or zh (简体中文)"),
]


async def test_each_bad_input_is_answered_and_nothing_is_stored(harness: Harness) -> None:
    for text, expected in BAD_INPUTS:
        reply = await harness.say(text)
        assert expected in reply.text, (text, reply.text)
    async with harness.running.session_factory() as session:
        assert (await session.scalars(select(Broadcast))).all() == []


async def test_settings_are_shown_and_a_lowercase_zone_is_understood(harness: Harness) -> None:
    reply = await harness.say("/timezone")
    assert reply.text.startswith("This room's time zone is UTC.")
    reply = await harness.say("/timezone asia/shanghai")
    assert reply.text == "Time zone set to Asia/Shanghai. It is now Tue, Jan 1, 2030 18:00 here."
    reply = await harness.say("/language")
    assert reply.text.startswith("I post in this room in English.")


async def test_another_room_cannot_touch_this_rooms_shows(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-02 20:00 Mine", expect="Scheduled #1")
    other_host = harness.emulator.add_user("Olga")
    other_room = harness.emulator.add_group("Olga's room", admins=[other_host])
    reply = await harness.say("/cancel 1", user=other_host, chat=other_room)
    assert reply.text == "There is no show #1 in this room. See /broadcasts."


async def test_an_anonymous_admin_may_run_host_commands(harness: Harness) -> None:
    emu = harness.emulator
    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/schedule 2030-01-02 20:00 Anonymous", anonymous=True)
    reply = await emu.wait_for_message(harness.room, after=mark)
    assert reply.text.startswith("Scheduled #1: Anonymous")


async def test_someone_writing_as_a_channel_is_no_admin(harness: Harness) -> None:
    """Telegram's send-as: the channel is the sender, not the group; whoever writes as their
    own channel is not an admin of the room for it."""
    emu = harness.emulator
    fan = harness.fan("Pat")
    channel = emu.add_channel("Pat's channel", "pat_channel", admins=[fan])
    mark = len(emu.sent)
    emu.send(fan, harness.room, "/schedule 2030-01-02 20:00 Hijack", as_channel=channel)
    reply = await emu.wait_for_message(harness.room, after=mark)
    assert reply.text == "Sorry, only the admins of this room can do that."
    assert await rows(harness, Broadcast) == []


async def test_a_newly_promoted_admin_is_recognised_at_once(harness: Harness) -> None:
    fan = harness.fan("Pat")
    refused = await harness.say("/broadcasts", user=fan)
    assert refused.text == "Sorry, only the admins of this room can do that."
    # The refusal is cached, but the chat_member update about the promotion clears it.
    harness.emulator.set_member(harness.room, fan, "administrator")
    await harness.settle()
    allowed = await harness.say("/broadcasts", user=fan)
    assert allowed.text.startswith("No shows scheduled.")


async def test_fans_get_private_texts_in_their_own_language(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-01 15:00 Bilingual", expect="Scheduled #1")
    trailer = await emu.wait_for_message(harness.room, "Coming up")
    fan = harness.fan("小美", language="zh-hans")
    answer = await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    emu.follow_link(fan, answer["url"])
    confirmed = await emu.wait_for_message(fan, "已加入提醒名单")
    assert "“Bilingual”" in confirmed.text
    again = await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    assert again["text"] == "你已经在这场直播的提醒名单里了。"
    await harness.advance_to(datetime(2030, 1, 1, 15, 0, tzinfo=UTC))
    reminder = await emu.wait_for_message(fan, "正在")
    assert reminder.text == "🔴 “Bilingual”正在 Hana's live room 直播，快来吧！"


async def test_examples_are_dated_from_the_rooms_today_in_its_time_zone(harness: Harness) -> None:
    # 10:00 UTC on 1 January is already 2 January in Kiritimati (UTC+14).
    await harness.say("/timezone Pacific/Kiritimati", expect="Pacific/Kiritimati")
    reply = await harness.say("/broadcasts")
    assert reply.text == "No shows scheduled. Try /schedule 2030-01-09 20:00 Winter skincare Q&A"
    await harness.say("/language zh", expect="")
    reply = await harness.say("/schedule 2030-01-02 20:00")
    assert reply.text.endswith("/schedule 2030-01-09 20:00 冬季护肤问答")
