"""The show report covers the whole show, from its start, whatever started it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.vocabulary import BroadcastStatus
from storage.models import Broadcast
from tests.harness import Harness, rows

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


async def test_a_show_live_by_its_timer_is_reported_from_its_start_not_its_video_chat(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live: Noon show")
    card = await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    fans = [harness.fan(f"Fan{i}") for i in range(5)]
    for fan in fans:
        await emu.wait_for_answer(emu.press(fan, card, "🙋 Join"))
    await harness.advance_to(NOON + timedelta(minutes=2))  # the draw
    await harness.settle()
    # Twenty minutes in, the host starts the room's video chat for two minutes.
    harness.clock.set(NOON + timedelta(minutes=20))
    emu.video_chat(host, room, "started")
    await harness.settle()
    harness.clock.set(NOON + timedelta(minutes=22))
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=120)
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert report.text == (
        "📊 Show report, Hana's live room: Noon show\n"
        "Duration: 22 min\n"
        "New members: 0\n"
        "Messages: 0\n"
        "Lottery entries: 5\n"
        "Winners: 1\n"
        "Active fans: 5 (at most 5 in one minute)\n"
        "Popularity: 0\n"  # lottery entries are not popularity
        "Video chat: 2 min"
    )
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.started_at, show.ended_at) == (
        BroadcastStatus.ENDED,
        NOON,
        NOON + timedelta(minutes=22),
    )


async def test_a_show_whose_time_runs_out_says_goodbye_and_reports_to_its_host(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live: Noon show")
    mark = len(emu.sent)
    # No video chat ever says it ended: six hours later (SHOW_MAX_HOURS) it is over.
    await harness.advance_to(NOON + timedelta(hours=6, minutes=1))
    goodbye = await emu.wait_for_message(room, "👋", after=mark)
    assert goodbye.text.startswith("👋 That's all for today")
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert report.text.startswith("📊 Show report, Hana's live room: Noon show\nDuration: 6 h")
    await harness.settle()
    await harness.advance_to(NOON + timedelta(hours=7))
    await harness.settle()
    assert len([m for m in emu.messages_in(host) if m.text.startswith("📊")]) == 1


async def test_a_show_ended_by_the_next_one_is_reported_without_a_goodbye(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 First", expect="Scheduled #1")
    await harness.say("/schedule 2030-01-01 13:00 Second", expect="Scheduled #2")
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live: First")
    mark = len(emu.sent)
    await harness.advance_to(NOON + timedelta(hours=1))
    await emu.wait_for_message(room, "We are live: Second", after=mark)
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert report.text.startswith("📊 Show report, Hana's live room: First\nDuration: 1 h")
    await harness.settle()
    assert not [m for m in emu.messages_in(room)[mark:] if m.text.startswith("👋")]


async def test_a_host_without_a_private_chat_hears_in_the_room_how_to_get_reports(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    fan = harness.fan("Ann")
    emu.video_chat(host, room, "started")
    await emu.wait_for_message(room, "We are live")
    harness.clock.set(harness.clock.now() + timedelta(minutes=30))
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=30 * 60)
    hint = await emu.wait_for_message(room, "📊", after=mark, seen_by=host)
    assert hint.receiver_id == host.id
    assert hint.text == (
        "📊 Your show report is ready, but I can only send it in a private chat, which you "
        "haven't opened with me yet. Open it for the next report: "
        "https://t.me/liveroom_bot?start=hello"
    )
    assert hint not in emu.seen_by(fan, room)


async def test_a_scheduled_video_chat_goes_live_when_it_starts_not_at_its_clock_time(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.video_chat(host, room, "scheduled", start_date=int(NOON.timestamp()))
    await emu.wait_for_message(room, "Scheduled #1")
    await harness.advance_to(NOON + timedelta(minutes=10))  # the host is late
    await harness.settle()
    assert not [m for m in emu.messages_in(room) if "We are live" in m.text]
    (show,) = await rows(harness, Broadcast)
    assert show.status is BroadcastStatus.SCHEDULED
    emu.video_chat(host, room, "started")
    notice = await emu.wait_for_message(room, "We are live")
    assert notice.text == "🔴 We are live! Come and join us now."
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.started_at) == (
        BroadcastStatus.LIVE,
        NOON + timedelta(minutes=10),
    )
