"""Hosts schedule shows; fans get a trailer a day ahead, a live notice and a private reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.vocabulary import BroadcastStatus, PostState, ReminderState
from storage.models import Broadcast, Reminder
from tests.harness import Harness, rows

# 2030-01-02 20:00 in Shanghai is 12:00 UTC; the trailer is due 24 h earlier.
SHOW_START = datetime(2030, 1, 2, 12, 0, tzinfo=UTC)
TRAILER_AT = SHOW_START - timedelta(hours=24)


async def test_schedule_trailer_remind_me_live_and_reminder(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/timezone Asia/Shanghai", expect="Time zone set to Asia/Shanghai")
    reply = await harness.say("/schedule 2030-01-02 20:00 Winter skincare Q&A")
    assert reply.text == (
        "Scheduled #1: Winter skincare Q&A\n"
        "Starts: Wed, Jan 2, 2030 20:00 (Asia/Shanghai)\n"
        "Trailer in this room: Tue, Jan 1, 2030 20:00"
    )
    planned = harness.running.timer.planned()
    assert planned["trailer:1"] == TRAILER_AT
    assert planned["live:1"] == SHOW_START

    # Nothing is posted before the trailer is due.
    await harness.advance_to(TRAILER_AT - timedelta(minutes=1))
    assert [m for m in emu.messages_in(harness.room) if "Coming up" in m.text] == []

    await harness.advance_to(TRAILER_AT)
    trailer = await emu.wait_for_message(harness.room, "Coming up")
    assert trailer.text == (
        "📺 Coming up: Winter skincare Q&A\n"
        "🕗 Wed, Jan 2, 2030 20:00 (Asia/Shanghai)\n"
        "Press “Remind me” and I'll message you privately when we go live."
    )
    assert [b["text"] for b in trailer.buttons()] == ["🔔 Remind me"]

    # A fan who never talked to the bot is sent to the private chat by deep link.
    fan = harness.fan("Mei")
    answer = await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    assert answer["url"] == "https://t.me/liveroom_bot?start=remind_1"
    emu.follow_link(fan, answer["url"])
    confirmed = await emu.wait_for_message(fan, "You're on the list")
    assert "“Winter skincare Q&A” starts (Wed, Jan 2, 2030 20:00, Asia/Shanghai)" in confirmed.text

    # Pressing again, now that the bot may write to them: one reminder, a toast says so.
    again = await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    assert again["text"] == "You're already on the list for this show."
    # A second fan who already has a private chat is registered in one tap.
    known = harness.fan("Lin")
    emu.start_private(known)
    await emu.wait_for_message(known, "Hi Lin")
    added = await emu.wait_for_answer(emu.press(known, trailer, "🔔 Remind me"))
    assert added["text"].startswith("Done! I'll message you privately when it starts.")

    await harness.advance_to(SHOW_START)
    live = await emu.wait_for_message(harness.room, "We are live")
    assert live.text == "🔴 We are live: Winter skincare Q&A! Come and join us now."
    reminder = await emu.wait_for_message(fan, "is live now")
    assert (
        reminder.text == "🔴 “Winter skincare Q&A” is live now in Hana's live room. See you there!"
    )
    # One tap opens the room: a private group has no public address, so an invite link.
    (button,) = reminder.buttons()
    assert button["text"] == "📺 Open the room"
    assert emu.invite_links[button["url"]] == (harness.room.id, "Liveroom: live")
    await emu.wait_for_message(known, "is live now")
    await harness.settle()

    # Exactly one of everything, even after more wake-ups.
    await harness.advance_to(SHOW_START + timedelta(minutes=5))
    await harness.settle()
    room_texts = [m.text for m in emu.messages_in(harness.room)]
    assert sum("Coming up" in t for t in room_texts) == 1
    assert sum("We are live" in t for t in room_texts) == 1
    assert sum("is live now" in m.text for m in emu.messages_in(fan)) == 1
    assert list(emu.invite_links.values()) == [(harness.room.id, "Liveroom: live")]  # made once
    reminders = await rows(harness, Reminder)
    assert sorted((r.user_id, r.state) for r in reminders) == sorted(
        [(fan.id, ReminderState.SENT), (known.id, ReminderState.SENT)]
    )
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.trailer_state, show.live_state) == (
        BroadcastStatus.LIVE,
        PostState.SENT,
        PostState.SENT,
    )
    assert emu.flood_errors == 0


async def test_trailer_posted_at_once_when_show_is_within_lead_time(harness: Harness) -> None:
    reply = await harness.say("/schedule 2030-01-01 15:30 Quick pop-up live")
    assert reply.text.endswith("Trailer in this room: now")
    trailer = await harness.emulator.wait_for_message(harness.room, "Coming up: Quick pop-up live")
    assert "Tue, Jan 1, 2030 15:30 (UTC)" in trailer.text


async def test_cancel_removes_trailer_and_reschedule_moves_it(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-03 12:00 Show A", expect="Scheduled #1")
    await harness.say("/schedule 2030-01-04 12:00 Show B", expect="Scheduled #2")
    reply = await harness.say("/cancel 1")
    assert reply.text == "Cancelled #1: Show A. No trailer or reminders will be sent for it."
    assert "trailer:1" not in harness.running.timer.planned()

    reply = await harness.say("/reschedule 2 2030-01-05 18:00")
    assert reply.text.startswith("Moved #2: Show B\nNow starts: Sat, Jan 5, 2030 18:00 (UTC)")
    planned = harness.running.timer.planned()
    assert planned["trailer:2"] == datetime(2030, 1, 4, 18, 0, tzinfo=UTC)
    assert planned["live:2"] == datetime(2030, 1, 5, 18, 0, tzinfo=UTC)

    listing = await harness.say("/broadcasts")
    assert listing.text == "Upcoming shows (UTC):\n#2 Sat, Jan 5, 2030 18:00 — Show B"

    # Show A's old trailer time and Show B's old trailer time pass: nothing is posted.
    await harness.advance_to(datetime(2030, 1, 3, 12, 30, tzinfo=UTC))
    await harness.settle()
    assert not [m for m in emu.messages_in(harness.room) if "Coming up" in m.text]
    await harness.advance_to(datetime(2030, 1, 4, 18, 0, tzinfo=UTC))
    trailer = await emu.wait_for_message(harness.room, "Coming up: Show B")
    assert "Sat, Jan 5, 2030 18:00" in trailer.text
    await harness.advance_to(datetime(2030, 1, 5, 18, 0, tzinfo=UTC))
    await emu.wait_for_message(harness.room, "We are live: Show B")
    await harness.settle()
    assert not [
        m for m in emu.messages_in(harness.room) if "Show A" in m.text and "Coming" in m.text
    ]

    # A show that has started can no longer be cancelled.
    reply = await harness.say("/cancel 2")
    assert reply.text == "Show #2 has already started or was cancelled, so it can't be changed."


async def test_weekly_show_repeats_and_can_be_stopped(harness: Harness) -> None:
    emu = harness.emulator
    reply = await harness.say("/schedule weekly fri 20:00 Friday live")
    assert reply.text.startswith(
        "Weekly show set: Friday live, every Friday at 20:00 (UTC).\n"
        "Next one: #1 on Fri, Jan 4, 2030 20:00."
    )
    await harness.advance_to(datetime(2030, 1, 4, 20, 0, tzinfo=UTC))
    await emu.wait_for_message(harness.room, "We are live: Friday live")
    await harness.settle()
    listing = await harness.say("/broadcasts")
    assert (
        listing.text == "Upcoming shows (UTC):\n#2 Fri, Jan 11, 2030 20:00 — Friday live (weekly)"
    )
    assert harness.running.timer.planned()["live:2"] == datetime(2030, 1, 11, 20, 0, tzinfo=UTC)

    # Skipping one week keeps the series; "all" stops it.
    reply = await harness.say("/cancel 2")
    assert "next is #3 on Fri, Jan 18, 2030 20:00" in reply.text
    reply = await harness.say("/cancel 3 all")
    assert reply.text == "Stopped the weekly show “Friday live”; #3 is cancelled too."
    listing = await harness.say("/broadcasts")
    assert listing.text.startswith("No shows scheduled.")


async def test_only_admins_may_schedule(harness: Harness) -> None:
    fan = harness.fan("Bo")
    reply = await harness.say("/schedule 2030-01-02 20:00 Sneaky show", user=fan)
    assert reply.text == "Sorry, only the admins of this room can do that."
    reply = await harness.say("/timezone Asia/Tokyo", user=fan)
    assert reply.text == "Sorry, only the admins of this room can do that."
    assert await rows(harness, Broadcast) == []
    # A host command in a private chat is pointed to the room.
    reply = await harness.say("/schedule 2030-01-02 20:00 X", user=fan, chat=fan)
    assert reply.text.startswith("Please send host commands in your live-room group")


async def test_a_redelivered_schedule_update_creates_one_show(harness: Harness) -> None:
    emu = harness.emulator
    mark = len(emu.sent)
    message = emu.send(harness.host, harness.room, "/schedule 2030-01-02 20:00 Once only")
    await emu.wait_for_message(harness.room, "Scheduled #1", after=mark)
    emu.deliver_again({"update_id": 0, "message": message})
    await emu.wait_for_message(harness.room, "Scheduled #1", after=mark + 1)
    await harness.settle()
    assert [b.title for b in await rows(harness, Broadcast)] == ["Once only"]


async def test_room_language_chinese(harness: Harness) -> None:
    reply = await harness.say("/language zh")
    assert reply.text == "好的：我会在这个直播间用简体中文发言。"
    reply = await harness.say("/schedule 2030-01-01 15:00 冬季护肤问答")
    assert reply.text.startswith("已安排 #1：冬季护肤问答")
    trailer = await harness.emulator.wait_for_message(harness.room, "即将开播")
    assert "2030年1月1日周二 15:00" in trailer.text
    assert [b["text"] for b in trailer.buttons()] == ["🔔 提醒我"]
