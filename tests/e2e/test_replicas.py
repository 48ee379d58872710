"""Two replicas on one PostgreSQL and Redis behind the webhook: a lottery whose entries arrive
at both, the scheduler leader killed before the draw, and still one draw, one announcement and
no entry lost. Real processes (`python -m bot`), real servers, the emulator as Telegram."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from domain.vocabulary import LotteryStatus
from emulator.server import TelegramEmulator
from emulator.stage import webhook_settings
from storage.db import create_engine, create_session_factory
from storage.models import Entry, Lottery, Winner
from tests.databases import ON_POSTGRES, REDIS_URL, empty_redis
from tests.harness import FAST_BOT_RATES, FAST_EMULATOR_LIMITS

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not (ON_POSTGRES and REDIS_URL), reason="needs PostgreSQL and Redis servers"
)
FANS = 30


class Replica:
    def __init__(self, name: str, process: asyncio.subprocess.Process) -> None:
        self.name = name
        self.process = process
        self.lines: list[str] = []
        self._reading = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip())

    async def wait_for(self, text: str, timeout: float = 30) -> None:
        async def seen() -> None:
            while not any(text in line for line in self.lines):
                if self.process.returncode is not None:
                    raise AssertionError(f"{self.name} exited:\n" + "\n".join(self.lines))
                await asyncio.sleep(0.05)

        await asyncio.wait_for(seen(), timeout)

    async def end(self, sig: int = signal.SIGTERM) -> int:
        """Stop it (SIGKILL if it won't stop in time); its exit code."""
        if self.process.returncode is None:
            self.process.send_signal(sig)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await asyncio.gather(self._reading, return_exceptions=True)
        assert self.process.returncode is not None
        return self.process.returncode


@pytest.fixture
async def real_time_emulator() -> AsyncIterator[TelegramEmulator]:
    # The replicas read the real clock, so the emulator dates updates by it too.
    emulator = TelegramEmulator(limits=FAST_EMULATOR_LIMITS)
    await emulator.start()
    yield emulator
    await emulator.stop()


async def start_replica(name: str, env: dict[str, str], tmp_path: Path) -> Replica:
    folder = tmp_path / name
    folder.mkdir()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "liveroom",
        cwd=folder,  # no .env from the checkout
        env=env | {"PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return Replica(name, process)


async def replica_envs(
    emu: TelegramEmulator, database_url: str, draw_delay_seconds: int
) -> list[dict[str, str]]:
    """Two replicas' environments; the emulator plays the load balancer in front of both."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    shared = base | {key.upper(): str(value) for key, value in FAST_BOT_RATES.items()}
    shared |= {
        "PYTHONUNBUFFERED": "1",
        "BOT_TOKEN": emu.token,
        "BOT_API_URL": emu.base_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": str(await empty_redis()),
        "DATA_KEY": Fernet.generate_key().decode(),
        "DRAW_DELAY_SECONDS": str(draw_delay_seconds),
        "LEADER_RETRY_SECONDS": "0.5",
        "LOG_LEVEL": "INFO",
    }
    hooks = [webhook_settings(), webhook_settings()]
    emu.webhook_backends = [str(hook["webhook_url"]) for hook in hooks]
    return [shared | {key.upper(): str(value) for key, value in hook.items()} for hook in hooks]


async def test_a_draw_planned_by_the_standby_replica_happens_on_time(
    real_time_emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    emu = real_time_emulator
    host = emu.add_user("Hana")
    room = emu.add_group("Hana's live room", admins=[host])
    envs = await replica_envs(emu, database_url, draw_delay_seconds=3)
    backends = list(emu.webhook_backends)
    leader = await start_replica("leader", envs[0], tmp_path)
    standby: Replica | None = None
    try:
        await leader.wait_for("Leading: this replica runs the scheduler")
        await leader.wait_for("Listening for Telegram")
        standby = await start_replica("standby", envs[1], tmp_path)
        await standby.wait_for("Listening for Telegram")
        emu.webhook_backends = [backends[1]]  # the command reaches the standby only
        emu.send(host, room, "/lottery open Mug")
        card = await emu.wait_for_message(room, "🎁 Lottery #1", timeout=20)
        emu.webhook_backends = backends
        started = asyncio.get_running_loop().time()
        # The standby planned the draw 3 s ahead and passed it to the leader: drawn on time,
        # not at the next minute's sweep.
        await emu.wait_for_message(room, "Lottery #1 (Mug) is closed", timeout=15)
        assert asyncio.get_running_loop().time() - started < 10
        assert card.text.startswith("🎁 Lottery #1: Mug")
    finally:
        await leader.end()
        if standby is not None:
            await standby.end()


async def test_two_replicas_draw_once_when_the_leader_dies(
    real_time_emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    emu = real_time_emulator
    host = emu.add_user("Hana")
    room = emu.add_group("Hana's live room", admins=[host])
    fans = [emu.add_user(f"Fan{i}") for i in range(FANS)]
    for fan in fans:
        room.members[fan.id] = "member"
    envs = await replica_envs(emu, database_url, draw_delay_seconds=8)

    first = await start_replica("first", envs[0], tmp_path)
    second: Replica | None = None
    try:
        await first.wait_for("Leading: this replica runs the scheduler")
        await first.wait_for("Listening for Telegram")
        second = await start_replica("second", envs[1], tmp_path)
        await second.wait_for("Listening for Telegram")
        assert not any("Leading" in line for line in second.lines)

        emu.send(host, room, "/lottery open Mug")
        card = await emu.wait_for_message(room, "🎁 Lottery #1", timeout=20)
        answers = [emu.press(fan, card, "🙋 Join") for fan in fans]
        for query_id in answers:
            answer = await emu.wait_for_answer(query_id, timeout=20)
            assert answer.get("text") == "You're in! Good luck 🍀"
        served = {backend for backend, _, status in emu.webhook_posts if status == 200}
        assert served == set(emu.webhook_backends)  # entries arrived at both replicas

        await first.end(signal.SIGKILL)  # the scheduler's leader dies before the draw
        result = await emu.wait_for_message(room, "🎉 Lottery #1", timeout=40)
        # The new leader has done all that fell due (the draw was due): a second
        # announcement, were there one, would be out by now.
        await second.wait_for("Caught up: what fell due before this replica led is done")
        await emu.wait_until_idle()
        assert sum("🎉 Lottery #1" in m.text for m in emu.messages_in(room)) == 1
        assert "Winners: " in result.text
    finally:
        await first.end(signal.SIGKILL)
        stopped = await second.end() if second is not None else 0
        print(
            "\n".join(["--- first", *first.lines, "--- second", *(second.lines if second else [])])
        )
    assert stopped == 0, "the surviving replica did not stop cleanly on SIGTERM"

    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            (lottery,) = (await session.scalars(select(Lottery))).all()
            entries = await session.scalar(select(func.count()).select_from(Entry))
            winners = (await session.scalars(select(Winner))).all()
    finally:
        await engine.dispose()
    assert lottery.status == LotteryStatus.DRAWN
    assert (entries, lottery.entrants_count) == (FANS, FANS)
    assert len(winners) == 1
    assert winners[0].user_id in {fan.id for fan in fans}


async def test_a_goal_reached_with_likes_at_both_replicas_starts_its_lottery_once(
    real_time_emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    emu = real_time_emulator
    host = emu.add_user("Hana")
    room = emu.add_group("Hana's live room", admins=[host])
    fans = [emu.add_user(f"Fan{i}") for i in range(6)]
    for fan in fans:
        room.members[fan.id] = "member"
    envs = await replica_envs(emu, database_url, draw_delay_seconds=60)
    first = await start_replica("first", envs[0], tmp_path)
    second: Replica | None = None
    try:
        await first.wait_for("Leading: this replica runs the scheduler")
        await first.wait_for("Listening for Telegram")
        second = await start_replica("second", envs[1], tmp_path)
        await second.wait_for("Listening for Telegram")
        emu.video_chat(host, room, "started")
        notice = await emu.wait_for_message(room, "We are live", timeout=20)
        emu.send(host, room, "/goal 6 likes open Mug")
        await emu.wait_for_message(room, "🎯 Goal #1", timeout=20)
        for fan in fans:  # the likes arrive at both replicas
            emu.react(fan, room, notice.message_id, ["❤"])
        await emu.wait_for_message(room, "🎯 Goal reached: 6 likes!", timeout=30)
        await emu.wait_for_message(room, "🎁 Lottery #1: Mug", timeout=20)
        served = {backend for backend, _, status in emu.webhook_posts if status == 200}
        assert served == set(emu.webhook_backends)
        await asyncio.sleep(3)  # a second look at the goals (either replica) would post by now
        await emu.wait_until_idle()
        posts = [m.text for m in emu.messages_in(room) if m.receiver_id is None]
        assert sum(text.startswith("🎯 Goal reached") for text in posts) == 1
        assert sum(text.startswith("🎁 Lottery #1") for text in posts) == 1
    finally:
        await first.end()
        if second is not None:
            await second.end()
