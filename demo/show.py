"""The scripted show: the real bot, the emulator, and people acting on a clock that jumps ahead."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from demo.transcript import Transcript
from emulator.server import TelegramEmulator
from emulator.stage import FAST_EMULATOR_LIMITS, Stage, make_settings

ROOM_ZONE = ZoneInfo("Asia/Shanghai")


async def play(transcript: Transcript) -> str:
    """Plays one show and returns the one-line summary."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    emulator = TelegramEmulator(limits=FAST_EMULATOR_LIMITS, now=lambda: clock.now().timestamp())
    emulator.listeners.append(transcript)
    await emulator.start()
    with tempfile.TemporaryDirectory(prefix="liveroom-demo-") as folder:
        stage = Stage(
            emulator,
            make_settings(emulator, Path(folder) / "demo.db", log_level="WARNING"),
            clock,
        )
        await stage.start()
        try:
            summary = await _script(stage, transcript)
        finally:
            await stage.stop()
            await emulator.stop()
    return summary


async def _script(stage: Stage, transcript: Transcript) -> str:
    emulator = stage.emulator
    tomorrow = (stage.clock.now().astimezone(ROOM_ZONE) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, datetime.min.time(), ROOM_ZONE).replace(hour=20)

    transcript.note("The host sets up the room and schedules tomorrow's show")
    await stage.say("/timezone Asia/Shanghai", expect="Time zone set")
    await stage.say(f"/schedule {tomorrow.isoformat()} 20:00 Winter skincare Q&A", expect="#1")

    transcript.note("⏩ A day later: the trailer is due")
    await stage.advance_to(start - timedelta(hours=24))
    trailer = await emulator.wait_for_message(stage.room, "Coming up")

    transcript.note("Mei has never talked to the bot; Lin has")
    mei, lin = stage.fan("Mei"), stage.fan("Lin")
    link = (await emulator.wait_for_answer(emulator.press(mei, trailer, "🔔 Remind me")))["url"]
    emulator.follow_link(mei, link)
    await emulator.wait_for_message(mei, "You're on the list")
    emulator.start_private(lin)
    await emulator.wait_for_message(lin, "Hi Lin")
    await emulator.wait_for_answer(emulator.press(lin, trailer, "🔔 Remind me"))

    transcript.note("⏩ 20:00: the show starts")
    await stage.advance_to(start)
    await emulator.wait_for_message(stage.room, "We are live")
    await stage.settle()
    reminders = sum("is live now" in m.text for m in emulator.sent)
    return (
        f"Demo finished: 1 show scheduled, 1 trailer, 1 live notice, {reminders} private "
        f"reminders, {emulator.flood_errors} flood errors."
    )


def run(transcript: Transcript | None = None) -> str:
    transcript = transcript or Transcript()
    summary = asyncio.run(play(transcript))
    transcript.note(summary)
    return summary
