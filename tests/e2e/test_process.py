"""`python -m bot` as a real process: start-up errors, clean SIGTERM, and SIGKILL + restart."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from emulator.server import TelegramEmulator
from tests.harness import FAST_BOT_RATES

REPO = Path(__file__).resolve().parents[2]


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update({"PYTHONUNBUFFERED": "1", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/l.db"})
    env.update({key.upper(): str(value) for key, value in FAST_BOT_RATES.items()})
    env.update(extra)
    return env


async def run_bot(tmp_path: Path, **extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,  # no .env from the developer's checkout
        env=bot_env(tmp_path, **extra) | {"PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_without_a_token_it_plays_the_offline_demo_then_explains(tmp_path: Path) -> None:
    process = await run_bot(tmp_path)
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    text = output.decode()
    assert process.returncode == 0, text
    assert "Liveroom offline demo" in text
    assert "Demo finished in" in text
    assert "BOT_TOKEN is not set, so this was the offline demo." in text
    assert "BotFather" in text
    assert "Traceback" not in text


async def test_a_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    process = await run_bot(tmp_path, BOT_TOKEN="1:x", DRAW_DELAY_SECONDS="soon")
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert output.decode().strip().splitlines() == [
        "Invalid setting DRAW_DELAY_SECONDS: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]


async def test_without_a_data_key_it_refuses_to_start(tmp_path: Path) -> None:
    process = await run_bot(tmp_path, BOT_TOKEN="123:abc")
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert output.decode().startswith("DATA_KEY is not set.")
    process = await run_bot(tmp_path, BOT_TOKEN="123:abc", DATA_KEY="not-a-key")
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert output.decode().startswith("Invalid setting DATA_KEY: must be a Fernet key")


async def test_sigterm_stops_cleanly_and_sigkill_restart_posts_nothing_twice(
    emulator: TelegramEmulator, tmp_path: Path, database_url: str
) -> None:
    host = emulator.add_user("Hana")
    room = emulator.add_group("Room", admins=[host])
    # With a 48-hour lead, a show tomorrow always gets its trailer at once, whatever the hour.
    env = {
        "BOT_TOKEN": emulator.token,
        "BOT_API_URL": emulator.base_url,
        "TRAILER_LEAD_HOURS": "48",
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
    }

    process = await run_bot(tmp_path, **env)
    emulator.send(host, room, "/schedule tomorrow 23:59 Midnight special")
    reply = await emulator.wait_for_message(room, "Scheduled #1", timeout=30)
    assert "Midnight special" in reply.text
    await emulator.wait_for_message(room, "Coming up: Midnight special", timeout=10)

    # SIGKILL: no shutdown code runs at all. The restarted bot must not post the trailer again.
    process.kill()
    await process.wait()
    process = await run_bot(tmp_path, **env)
    mark = len(emulator.sent)
    emulator.send(host, room, "/broadcasts")
    await emulator.wait_for_message(room, "Midnight special", after=mark, timeout=30)
    await emulator.wait_until_idle()
    assert sum("Coming up" in m.text for m in emulator.messages_in(room)) == 1

    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 0, log
    assert "Liveroom stopped" in log
    assert emulator.token not in log
    assert "Traceback" not in log
