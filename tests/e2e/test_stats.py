"""The host's numbers: each show's length and active fans (who wrote, pressed, entered, reacted,
joined or gave), kept when it ends, and /stats counting toward the eligibility rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from emulator.world import EmuUser
from storage.models import ShowFigures
from tests.databases import empty_redis
from tests.harness import Harness, make_settings, rows


@pytest.fixture
async def host_numbers(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> AsyncIterator[Harness]:
    """A room whose rule asks for 2 shows of at least 30 min with at least 3 active fans."""
    settings = make_settings(
        emulator,
        database_url,
        redis_url=await empty_redis(),
        eligibility_shows=2,
        eligibility_minutes=30,
        eligibility_fans=3,
    )
    world = Harness(emulator, settings, clock)
    await world.start()
    yield world
    await world.stop()


async def run_show(
    harness: Harness,
    day: int,
    minutes: int,
    fans: list[EmuUser],
    react: EmuUser | None = None,
    press: EmuUser | None = None,
) -> None:
    """A video chat on January `day` at 12:00 for `minutes`: each fan writes once, `react`
    only reacts to the bot's live notice and `press` only presses its gift button."""
    emu, host, room = harness.emulator, harness.host, harness.room
    start = datetime(2030, 1, day, 12, 0, tzinfo=UTC)
    harness.clock.set(start)
    mark = len(emu.sent)
    emu.video_chat(host, room, "started")
    notice = await emu.wait_for_message(room, "We are live", after=mark)
    harness.clock.set(start + timedelta(minutes=1))
    for fan in fans:
        emu.send(fan, room, f"hi from {fan.first_name}")
    if react is not None:
        assert emu.react(react, room, notice.message_id, ["🔥"])
    if press is not None:
        await emu.wait_for_answer(emu.press(press, notice, "🎁 Send a gift"))
    await harness.settle()
    harness.clock.set(start + timedelta(minutes=minutes))
    emu.video_chat(host, room, "ended", duration=minutes * 60)
    await emu.wait_for_message(host, "📊", after=mark)
    await harness.settle()


async def test_stats_count_active_fans_and_progress_toward_the_rule(
    host_numbers: Harness,
) -> None:
    harness = host_numbers
    emu, host = harness.emulator, harness.host
    emu.start_private(host)
    ann, ben, cid, dan = (harness.fan(name) for name in ("Ann", "Ben", "Cid", "Dan"))
    first = await harness.say("/stats", expect="📈")
    assert first.text == "📈 No show has ended here yet: your numbers come after the first one."

    await run_show(harness, 2, 47, [ann, ben], react=cid)  # 3 active fans: qualifies
    await run_show(harness, 3, 20, [ann, ben, cid], press=dan)  # too short
    await run_show(harness, 4, 35, [ann, ben])  # too few fans
    figures = sorted(await rows(harness, ShowFigures), key=lambda f: f.started_at)
    assert [(f.length_seconds // 60, f.active_fans, f.peak_active) for f in figures] == [
        (47, 3, 3),
        (20, 4, 4),
        (35, 2, 2),
    ]
    stats = await harness.say("/stats", expect="📈")
    assert stats.receiver_id == host.id
    assert stats.text == (
        "📈 Your last shows (UTC):\n"
        "• Fri, Jan 4, 2030 12:00 “Live stream”: 35 min, 2 active fans (at most 2 in one "
        "minute), 0 new members, 0 lottery entries, 0 gifts\n"
        "• Thu, Jan 3, 2030 12:00 “Live stream”: 20 min, 4 active fans (at most 4 in one "
        "minute), 0 new members, 0 lottery entries, 0 gifts\n"
        "• Wed, Jan 2, 2030 12:00 “Live stream”: 47 min, 3 active fans (at most 3 in one "
        "minute), 0 new members, 0 lottery entries, 0 gifts\n"
        "\n"
        "Toward selling goods (2 shows of at least 30 min, each with at least 3 active fans): "
        "1 of 2 Jan 2 (47 min, 3 active fans) ✅\n"
        "Next: a show of at least 30 min with 3 active fans.\n"
        "\n"
        "Active fans: people who wrote, pressed a button, entered, reacted, joined or sent a "
        "gift during the show. Telegram tells bots nothing of who watches a video chat."
    )
    assert "viewer" not in stats.text

    await run_show(harness, 5, 31, [ann, ben, dan])
    stats = await harness.say("/stats", expect="📈")
    assert (
        "1 of 2" not in stats.text
        and "2 of 2 Jan 2 (47 min, 3 active fans) ✅, Jan 5 (31 min, 3 active fans) ✅\n"
        "✅ You meet the rule."
        in stats.text
    )
    fan_try = await harness.say("/stats", user=ann, expect="only the admins")
    assert fan_try.text == "Sorry, only the admins of this room can do that."
    # Reactions are asked for: Telegram sends them only to bots that list them.
    assert "message_reaction" in emu.allowed_updates
