"""One chatty room at Telegram's 20-posts-a-minute limit never stalls the others: its replies
wait in the outbox, not in handlers holding database connections and concurrency slots.

The bot runs as its own process (as in production: its own core, its own event loop), so the
timings are the bot's and not the emulator's."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from cryptography.fernet import Fernet

from emulator.server import TelegramEmulator
from emulator.state import answer_key
from tests.databases import sqlite_only
from tests.e2e.test_process import run_bot

PROMPT = 2.0  # seconds: what "answered at once" means to a fan


# The bot runs on its own SQLite file whichever database the suite is on: once is enough.
@sqlite_only
async def test_a_flooded_room_waits_for_its_budget_while_another_room_and_a_private_chat_do_not(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    emu = emulator
    host = emu.add_user("Hana")
    room_a = emu.add_group("Chatty room", admins=[host])
    room_b = emu.add_group("Quiet room", admins=[host])
    database = tmp_path / "busy.db"
    process = await run_bot(
        tmp_path,
        BOT_TOKEN=emu.token,
        BOT_API_URL=emu.base_url,
        DATA_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        DRAW_DELAY_SECONDS="3600",
        RATE_GROUP_PER_MINUTE="20",  # Telegram's real budget for one group
    )
    try:
        emu.send(host, room_b, "/lottery open Mug")
        card = await emu.wait_for_message(room_b, "🎁 Lottery #1", timeout=60)

        # Room A floods: 45 fans ask for /help, the host mistypes 25 different show ids.
        chatty = [emu.add_user(f"Chatty{i}") for i in range(45)]
        for fan in chatty:
            room_a.members[fan.id] = "member"
            emu.send(fan, room_a, "/help")
        # The /help answers queue first (each /help asks Telegram whether its author is an
        # admin, so typed together, the /cancel answers could all overtake them).
        await emu.wait_until_idle(timeout=30)
        for number in range(25):
            emu.send(host, room_a, f"/cancel {1000 + number}")
        await emu.wait_until_idle(timeout=30)  # all of it handled; replies past 20 wait

        # Meanwhile someone opens a private chat, and 300 fans press Join in room B.
        newcomer = emu.add_user("Newcomer")
        started = time.monotonic()
        emu.start_private(newcomer)
        fans = [emu.add_user(f"Fan{i}") for i in range(300)]
        pressed: dict[str, float] = {}
        for fan in fans:
            room_b.members[fan.id] = "member"
            pressed[emu.press(fan, card, "🙋 Join")] = time.monotonic()

        welcome = await emu.wait_for_message(newcomer, "Hi Newcomer", timeout=30)
        assert welcome.at - started < PROMPT
        await emu.wait_until(lambda: all(q in emu.callback_answers for q in pressed), 30)
        late = sorted(emu.ack_times[answer_key(q)] - at for q, at in pressed.items())
        assert late[-1] < PROMPT, late[-5:]
        assert {emu.callback_answers[q]["text"] for q in pressed} == {"You're in! Good luck 🍀"}
        with sqlite3.connect(database) as db:
            entered = sorted(row[0] for row in db.execute("SELECT user_id FROM entries"))
        assert entered == sorted(fan.id for fan in fans)

        # Room A got what its budget allows, and every answer went to its asker alone: no
        # /help answer and no error is posted for the whole room to read.
        posted = [m for m in emu.messages_in(room_a) if m.method == "sendMessage"]
        assert 0 < len(posted) <= 20
        helps = [m for m in posted if m.text.startswith("Liveroom runs this room")]
        assert helps and all(m.receiver_id in {fan.id for fan in chatty} for m in helps)
        assert len({m.receiver_id for m in helps}) == len(helps)
        assert all(m.receiver_id is not None for m in posted)
    finally:
        process.kill()
        await process.wait()
