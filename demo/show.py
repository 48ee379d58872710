"""The offline demo: the real bot (same `create_app` + long polling as production, SQLite in a
temporary folder) against the built-in Telegram emulator, with people played by a script, or by
you in --interactive mode. Time is accelerated: the clock jumps when the script says so.
"""

from __future__ import annotations

from demo.director import show_overlay, staged
from demo.interactive import interact
from demo.script import script
from demo.transcript import Transcript


async def main(play_script: bool = True, interactive: bool = False) -> int:
    transcript = Transcript()
    transcript.note(
        "Liveroom offline demo: the real bot against a built-in Telegram emulator "
        "(no token, no network); a day of a live room in seconds"
    )
    async with staged(transcript) as director:
        await show_overlay(director)
        if play_script:
            transcript.note(await script(director))
        if interactive:
            await interact(director)
    return 0
