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
        "Winners: 1"
    )
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.started_at, show.ended_at) == (
        BroadcastStatus.ENDED,
        NOON,
        NOON + timedelta(minutes=22),
    )
