"""`python -m bot` as a real process: start-up errors, clean SIGTERM, and SIGKILL + restart."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from emulator.server import TelegramEmulator
from emulator.stage import free_port
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
        "liveroom",
        cwd=tmp_path,  # no .env from the developer's checkout
        env=bot_env(tmp_path, **extra) | {"PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def wait_for_value(database_url: str, query: str, expected: object) -> None:
    """Until the process under test has committed `expected` as `query`'s value."""
    engine = create_async_engine(database_url)
    try:
        for _ in range(200):
            async with engine.connect() as connection:
                if await connection.scalar(text(query)) == expected:
                    return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{query} never gave {expected!r}")
    finally:
        await engine.dispose()


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
    # The hints name the Python that has Liveroom installed, so they work when pasted.
    assert f"`{sys.executable} -m demo --interactive`" in text


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
    # The hint to make a key names the Python that has Liveroom installed, not a bare python.
    assert f"make one with {sys.executable} -c " in output.decode()


async def test_each_start_up_failure_is_one_line_saying_what_to_check(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    key = Fernet.generate_key().decode()
    good = {"BOT_TOKEN": emulator.token, "BOT_API_URL": emulator.base_url, "DATA_KEY": key}
    cases = [
        (
            {"BOT_TOKEN": "abc", "DATA_KEY": key},
            2,
            "Invalid setting BOT_TOKEN: that is not a bot token; @BotFather gives one like "
            "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        ),
        (
            good | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/missing/folder/l.db"},
            1,
            f"Can't open the database sqlite+aiosqlite:///{tmp_path}/missing/folder/l.db "
            "(unable to open database file): does its folder exist, and may this user write "
            "there?",
        ),
        (
            good | {"DATABASE_URL": "postgresql+asyncpg://liveroom:secret@127.0.0.1:9/liveroom"},
            1,
            "Can't open the database postgresql+asyncpg://liveroom:***@127.0.0.1:9/liveroom "
            "([Errno 111] Connect call failed ('127.0.0.1', 9)): is the server running and "
            "reachable, and are the name and password right?",
        ),
        (
            good | {"BOT_TOKEN": "123:wrong"},
            1,
            "Telegram does not know this BOT_TOKEN (401 Unauthorized): copy it again from "
            "@BotFather (/mybots, then API Token).",
        ),
        (
            good | {"BOT_API_URL": "http://127.0.0.1:9"},
            1,
            "Can't reach the Bot API at http://127.0.0.1:9 (ClientConnectorError: Cannot "
            "connect to host 127.0.0.1:9 ssl:default [Connect call failed ('127.0.0.1', 9)]): "
            "check the network, or BOT_API_URL.",
        ),
    ]
    for env, code, line in cases:
        process = await run_bot(tmp_path, OVERLAY_LISTEN="", **env)
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        text = output.decode()
        assert process.returncode == code, text
        assert text.strip().splitlines()[-1] == line, text
        assert "Traceback" not in text and "secret" not in text
        assert [row for row in text.splitlines() if " WARNING " in row] == [], text


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
    # Posts are sent at least once: a kill between Telegram's answer and the commit of the
    # message id (a few milliseconds) would send the trailer again. Kill after that commit.
    await wait_for_value(database_url, "SELECT trailer_state FROM broadcasts", "sent")

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


async def test_a_kill_mid_crowd_loses_no_fan_once_the_bot_is_back(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    """Updates are confirmed to Telegram only once handled: what a killed process had fetched
    but not finished comes again after the restart."""
    host = emulator.add_user("Hana")
    room = emulator.add_group("Room", admins=[host])
    database = tmp_path / "crowd.db"
    env = {
        "BOT_TOKEN": emulator.token,
        "BOT_API_URL": emulator.base_url,
        "DRAW_DELAY_SECONDS": "3600",
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
    }
    process = await run_bot(tmp_path, **env)
    emulator.send(host, room, "/lottery open Mug")
    card = await emulator.wait_for_message(room, "🎁 Lottery #1", timeout=30)
    fans = [emulator.add_user(f"Fan{i}") for i in range(600)]
    for fan in fans:
        room.members[fan.id] = "member"
    presses = [emulator.press(fan, card, "🙋 Join") for fan in fans]

    def answered() -> int:
        return sum(query in emulator.callback_answers for query in presses)

    def confirmed_unanswered() -> int:
        """Presses Telegram will never send again that have no answer yet: what a kill now
        would lose, were updates confirmed before they are handled."""
        return sum(
            emulator.query_updates[query] in emulator.confirmed_ids
            and query not in emulator.callback_answers
            for query in presses
        )

    # Kill at the worst moment: as soon as a confirmed press is unanswered (never, when
    # confirmation waits for the handler), or well into the crowd.
    await emulator.wait_until(lambda: confirmed_unanswered() > 0 or answered() >= 300, 30)
    process.kill()  # SIGKILL: whatever was fetched and not finished dies with it
    await process.wait()
    cut_short = len(presses) - answered()
    assert cut_short > 0, "the crowd was over before the kill: nothing was tested"

    process = await run_bot(tmp_path, **env)
    await emulator.wait_until(lambda: answered() == len(presses), timeout=20)
    await emulator.wait_until_idle(timeout=10)
    with sqlite3.connect(database) as db:
        entered = [row[0] for row in db.execute("SELECT user_id FROM entries")]
    assert sorted(entered) == sorted(fan.id for fan in fans)
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert "Traceback" not in output.decode()


async def read_until(stream: asyncio.StreamReader, wanted: str, timeout: float = 30) -> str:
    """What `stream` printed up to and including the first line containing `wanted`."""
    seen: list[str] = []

    async def scan() -> str:
        while line := await stream.readline():
            seen.append(line.decode())
            if wanted in seen[-1]:
                return "".join(seen)
        raise AssertionError(f"never printed {wanted!r}: {''.join(seen)}")

    return await asyncio.wait_for(scan(), timeout)


async def test_python_m_emulator_runs_the_real_bot_offline(tmp_path: Path) -> None:
    port = free_port()
    emulator = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "emulator",
        "--port",
        str(port),
        cwd=REPO,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert emulator.stdin is not None and emulator.stdout is not None
    bot = None
    try:
        banner = await read_until(emulator.stdout, "python -m liveroom")
        token = re.search(r"BOT_TOKEN=(\S+)", banner)
        assert token is not None
        assert f"BOT_API_URL=http://127.0.0.1:{port}" in banner
        bot = await run_bot(
            tmp_path,
            BOT_TOKEN=token.group(1),
            BOT_API_URL=f"http://127.0.0.1:{port}",
            DATA_KEY=Fernet.generate_key().decode(),
            OVERLAY_LISTEN="",
        )
        await asyncio.sleep(0)  # the bot starts polling; lines typed meanwhile wait for it
        emulator.stdin.write(b"host> /help\n")
        await emulator.stdin.drain()
        shown = await read_until(emulator.stdout, "Liveroom for hosts")
        assert "[Hana's live room] Hana: /help" in shown
        emulator.stdin.write(b"host> /lottery open Mug\n")
        await emulator.stdin.drain()
        await read_until(emulator.stdout, "🎁 Lottery #1: Mug")
        emulator.stdin.write(b"ann> [join]\n")
        await emulator.stdin.drain()
        await read_until(emulator.stdout, "You're in! Good luck")
        emulator.stdin.write(b"quit\n")
        await emulator.stdin.drain()
        assert await asyncio.wait_for(emulator.wait(), 30) == 0
    finally:
        if bot is not None and bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), 30)
        if emulator.returncode is None:
            emulator.kill()
            await emulator.wait()
