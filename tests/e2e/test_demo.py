"""The offline demo plays its whole show (so it cannot silently break)."""

from __future__ import annotations

import io

from demo.show import play
from demo.transcript import Transcript


async def test_the_demo_show_plays_to_the_end() -> None:
    output = io.StringIO()
    transcript = Transcript(output, colour=False)
    summary = await play(transcript)
    assert summary == (
        "Demo finished: 1 show scheduled, 1 trailer, 1 live notice, 2 private reminders, "
        "0 flood errors."
    )
    lines = output.getvalue().splitlines()
    expected_in_order = [
        "[Hana's live room] Hana: /schedule",
        "[Hana's live room] 🤖 Liveroom: Scheduled #1: Winter skincare Q&A",
        "[Hana's live room] 🤖 Liveroom: 📺 Coming up: Winter skincare Q&A",
        "[🔔 Remind me]",
        "[Hana's live room] Mei: presses [🔔 Remind me]",
        "Telegram opens https://t.me/liveroom_bot?start=remind_1 (the bot's private chat)",
        "[Mei ⇄ bot] Mei: /start remind_1",
        "[Mei ⇄ bot] 🤖 Liveroom: You're on the list",
        "[Hana's live room] 🤖 Liveroom: 🔴 We are live: Winter skincare Q&A!",
        "[Mei ⇄ bot] 🤖 Liveroom: 🔴 “Winter skincare Q&A” is live now",
    ]
    remaining = iter(lines)
    for needle in expected_in_order:
        assert any(needle in line for line in remaining), (
            f"{needle!r} missing or out of order in:\n" + "\n".join(lines)
        )
    assert "\033[" not in output.getvalue()  # plain text when colour is off
