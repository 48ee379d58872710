"""Benchmarks for issue 7, driving the real bot process through the emulator on loopback.

    .venv/bin/python -m bench.crowd            # all scenarios, writes bench/RESULTS.md
    .venv/bin/python -m bench.crowd --fans 2000 --only password   # a quick look
    .venv/bin/python -m bench.crowd --rate 300 --seconds 60       # fans arriving steadily
    .venv/bin/python -m bench.crowd --search --seconds 30         # the highest steady rate

Scenarios: crowd entry (password, Join) against a bare-aiogram ceiling; the draw with 100,000
entrants; 10,000 private reminders. Figures go to stdout and bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from emulator.server import TelegramEmulator
from emulator.state import AckKey, answer_key, reaction_key
from emulator.world import EmuChat, EmuUser, FloodLimits, SentMessage

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class BotProcess:
    """The bot under test, in a process of its own: from this checkout or another (`repo`), on
    one core when `cpu` is given (the emulator and the load then keep the other)."""

    def __init__(
        self, module: str, env: dict[str, str], repo: Path = REPO, cpu: int | None = None
    ) -> None:
        self.module = module
        self.env = env
        self.repo = repo
        self.cpu = cpu
        self.process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> BotProcess:
        # BENCH_CPROFILE=<file>: the bot under cProfile (slower, but exact), for profiling.
        profile = (
            os.environ.get("BENCH_CPROFILE") if not self.module.startswith("bench.") else None
        )
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            *(["-m", "cProfile", "-o", profile] if profile else []),
            "-m",
            self.module,
            cwd=self.repo,
            env={**os.environ, **self.env, "PYTHONPATH": str(self.repo)},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        if self.cpu is not None:
            os.sched_setaffinity(self.process.pid, {self.cpu})
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def __aexit__(self, *_: object) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()


@asynccontextmanager
async def bench_database() -> AsyncIterator[str]:
    """A new, empty database's URL, gone afterwards: SQLite in a temporary folder, or, with
    BENCH_POSTGRES=postgresql+asyncpg://user:password@host:port, a database on that server."""
    server = os.environ.get("BENCH_POSTGRES")
    if not server:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        return
    import asyncpg

    admin_dsn = server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres"
    name = f"bench_{os.getpid()}_{time.monotonic_ns()}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield f"{server}/{name}"
    finally:
        admin = await asyncpg.connect(admin_dsn)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def count_rows(url: str, query: str) -> int:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(text(query))).scalar_one())
    finally:
        await engine.dispose()


async def count_entries(url: str) -> int:
    return await count_rows(url, "SELECT count(*) FROM entries")


def product_module(repo: Path = REPO) -> str:
    """What runs the bot in `repo`: `python -m liveroom`, or `-m bot` in checkouts older than
    the composition root's move (bench.compare runs those too)."""
    return "liveroom" if (repo / "liveroom" / "__main__.py").exists() else "bot"


async def migrate_with(repo: Path, database_url: str) -> None:
    """Bring the database to `repo`'s schema before its bot starts, as every start but the
    first finds it: the bot then never loads alembic, as in production (see storage/db.py)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import asyncio, sys\n"
        "from storage.db import create_engine, migrate\n"
        "asyncio.run(migrate(create_engine(sys.argv[1])))",
        database_url,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    if await process.wait() != 0:
        raise RuntimeError(f"migrating {database_url} with {repo} failed")


def bot_env(emulator: TelegramEmulator, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "BOT_TOKEN": emulator.token,
        "BOT_API_URL": emulator.base_url,
        "DATABASE_URL": database_url,
        "DATA_KEY": Fernet.generate_key().decode(),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


async def wait_started(emulator: TelegramEmulator) -> None:
    await emulator.wait_until(lambda: emulator.allowed_updates is not None, timeout=60)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# Telegram gives a button press about this long to be answered before the fan's app gives up.
CALLBACK_PATIENCE_SECONDS = 15


@dataclass
class Outcome:
    rate: float  # entries (or handled updates, for the bare bot) per second
    latencies: list[float] = field(default_factory=list)  # update available → acknowledged
    lost: int = 0

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


async def arrive(fans: list[object], rate: float | None, arrive_one: object) -> None:
    """All fans at once (`rate` None: the update queue holds them all), or `rate` a second."""
    if rate is None:
        for fan in fans:
            arrive_one(fan)  # type: ignore[operator]
        return
    start = time.monotonic()
    for index, fan in enumerate(fans):
        due = start + index / rate
        if (delay := due - time.monotonic()) > 0:
            await asyncio.sleep(delay)
        arrive_one(fan)  # type: ignore[operator]


async def crowd(
    kind: str,
    fans_count: int,
    figures: Figures,
    bare: bool,
    acknowledge: bool = False,
    repo: Path = REPO,
    bot_cpu: int | None = None,
    rate: float | None = None,
    storm: int = 0,
    storm_rate: float | None = None,
    raw: bool = False,
) -> Outcome:
    """The crowd enters (all at once, or `rate` fans a second); what it took. With `storm`,
    that many other people react to the card meanwhile (each a `message_reaction` update the
    bot counts as a like): interleaved with the crowd, or flowing at `storm_rate` a second
    from the moment the crowd starts."""
    emulator = TelegramEmulator(
        limits=FloodLimits(
            global_per_second=10_000, per_chat_per_second=1000, group_per_minute=10_000
        )
    )
    await emulator.start()
    host = emulator.add_user("Host")
    room = emulator.add_group("Room", admins=[host])
    fans = [emulator.add_user(f"fan{i}") for i in range(fans_count)]
    likers = [emulator.add_user(f"liker{i}") for i in range(storm)]
    for liker in likers:
        room.members[liker.id] = "member"
    async with bench_database() as db:
        module = (
            ("bench.raw_client" if raw else "bench.bare_bot") if bare else product_module(repo)
        )
        env = bot_env(
            emulator, db, DRAW_DELAY_SECONDS="3600", BARE_ACK="1" if acknowledge else "0"
        )
        if not bare:
            await migrate_with(repo, db)
        async with BotProcess(module, env, repo, bot_cpu) as bot:
            card = await _open_lottery(emulator, host, room, kind, bare)
            done_before = len(emulator.delivered_ids)
            available: dict[AckKey, float] = {}

            start, cpu_before = time.monotonic(), cpu_seconds(bot.pid)
            asks_before = emulator.get_updates_calls
            flowing = await _bring(
                emulator, room, card, kind, fans, likers, rate, storm_rate, available
            )
            if bare:
                return await _bare_outcome(
                    emulator,
                    kind,
                    fans_count,
                    figures,
                    acknowledge,
                    bot,
                    done_before,
                    start,
                    cpu_before,
                    available,
                    "raw aiohttp client" if raw else "bare aiogram",
                )
            acked = emulator.reactions if kind == "password" else emulator.callback_answers
            await emulator.wait_until(lambda: len(acked) >= fans_count, timeout=900)
            elapsed = time.monotonic() - start
            cpu = (cpu_seconds(bot.pid) - cpu_before) / fans_count * 1000
            asks = (emulator.get_updates_calls - asks_before) / fans_count
            rss = peak_rss_mb(bot.pid)
            if flowing is not None:
                await flowing
            likes = await _wait_for_likes(db, storm) if storm else 0
        latencies = _latencies(emulator, available)
        entries = await count_entries(db)
    entered = entries / elapsed
    arrival = f" arriving at {rate:g}/s" if rate else ""
    if storm:
        flow = f" flowing at {storm_rate:g}/s" if storm_rate else ""
        arrival += f" amid {storm:,} reactions{flow} ({likes:,} likes counted)"
    late = sum(latency > CALLBACK_PATIENCE_SECONDS for latency in latencies)
    figures.add(
        f"- Liveroom, {kind}, {fans_count} fans{arrival}: {entries} entries in {elapsed:.2f} s "
        f"= **{entered:,.0f} entries/s**; update available → entry committed and acknowledged"
        f"{_spread(latencies)}; answered after {CALLBACK_PATIENCE_SECONDS} s: {late}; "
        f"lost {fans_count - entries}; {cpu:.2f} ms CPU and {asks:.2f} getUpdates each; "
        f"peak RSS {rss:.0f} MB"
    )
    await emulator.stop()
    return Outcome(entered, latencies, fans_count - entries)


async def _bare_outcome(
    emulator: TelegramEmulator,
    kind: str,
    fans_count: int,
    figures: Figures,
    acknowledge: bool,
    bot: BotProcess,
    done_before: int,
    start: float,
    cpu_before: float,
    available: dict[AckKey, float],
    name: str,
) -> Outcome:
    """A ceiling's figures (bare aiogram, or the raw client): updates handled (and
    acknowledged, if asked)."""
    target = done_before + fans_count
    acks = emulator.reactions if kind == "password" else emulator.callback_answers
    await emulator.wait_until(lambda: not acknowledge or len(acks) >= fans_count, timeout=600)
    await emulator.wait_until(
        lambda: len(emulator.delivered_ids) >= target and not emulator.pending_updates,
        timeout=600,
    )
    elapsed = time.monotonic() - start
    cpu = (cpu_seconds(bot.pid) - cpu_before) / fans_count * 1000
    handled = fans_count / elapsed
    latencies = _latencies(emulator, available) if acknowledge else []
    figures.add(
        f"- {name}{' + one ack call' if acknowledge else ''}, {kind}: "
        f"{fans_count} updates handled in {elapsed:.2f} s = "
        f"**{handled:,.0f} updates/s**{_spread(latencies)}; "
        f"{cpu:.2f} ms CPU each; peak RSS {peak_rss_mb(bot.pid):.0f} MB"
    )
    await emulator.stop()
    return Outcome(handled, latencies)


async def _bring(
    emulator: TelegramEmulator,
    room: EmuChat,
    card: SentMessage | None,
    kind: str,
    fans: list[EmuUser],
    likers: list[EmuUser],
    rate: float | None,
    storm_rate: float | None,
    available: dict[AckKey, float],
) -> asyncio.Task[None] | None:
    """The crowd arrives (noting when each fan's update was there, in `available`) with the
    likers: interleaved, or flowing at `storm_rate` (the task that brings them, returned)."""
    liking = {liker.id for liker in likers}

    def arrive_one(person: object) -> None:
        if person.id in liking:  # type: ignore[attr-defined]  # the storm: a reaction on the card
            assert card is not None
            emulator.react(person, room, card.message_id, ["❤"])  # type: ignore[arg-type]
        elif kind == "password":
            message = emulator.send(person, room, "rose")  # type: ignore[arg-type]
            available[reaction_key(room.id, message["message_id"])] = time.monotonic()
        else:
            assert card is not None
            query_id = emulator.press(person, card, "🙋 Join")  # type: ignore[arg-type]
            available[answer_key(query_id)] = time.monotonic()

    flowing = None
    if storm_rate:
        people: list[object] = list(fans)
        flowing = asyncio.create_task(arrive(list(likers), storm_rate, arrive_one))
    else:
        people = _interleaved(fans, likers)
    # `rate` is the crowd's: the storm comes on top of it, in the same seconds.
    pace = rate * len(people) / len(fans) if rate else None
    await arrive(people, pace, arrive_one)
    return flowing


def _interleaved(fans: list[EmuUser], likers: list[EmuUser]) -> list[object]:
    """The crowd with the likers spread evenly among them."""
    people: list[object] = []
    per_fan = len(likers) / max(1, len(fans))
    given = 0
    for index, fan in enumerate(fans, 1):
        people.append(fan)
        owed = int(index * per_fan) - given
        people += likers[given : given + owed]
        given += owed
    return people + likers[given:]


async def _wait_for_likes(db: str, expected: int, timeout: float = 120) -> int:
    """The storm's likes, once written (in shared transactions, as the crowd's entries)."""
    deadline = time.monotonic() + timeout
    while (likes := await count_rows(db, "SELECT count(*) FROM likes")) < expected:
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    return likes


async def _open_lottery(
    emulator: TelegramEmulator, host: EmuUser, room: EmuChat, kind: str, bare: bool
) -> SentMessage | None:
    """Once the bot is up: the host starts the lottery (the bare bot gets a card to press)."""
    await wait_started(emulator)
    card = None
    if not bare:
        command = "/lottery password rose Mug" if kind == "password" else "/lottery open Mug"
        emulator.send(host, room, command)
        card = await emulator.wait_for_message(room, "🎁 Lottery", timeout=60)
    elif kind == "join":
        markup = {"inline_keyboard": [[{"text": "🙋 Join", "callback_data": "lj:1"}]]}
        card = emulator.post_as_bot(room, "card", markup)
    await emulator.wait_until_idle(timeout=60)
    return card


def _spread(latencies: list[float]) -> str:
    if not latencies:
        return ""
    return (
        f": p50 {percentile(latencies, 0.5) * 1000:,.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:,.0f} ms, max {max(latencies) * 1000:,.0f} ms"
    )


async def search_rate(kind: str, seconds: float, figures: Figures, bot_cpu: int | None) -> float:
    """The highest steady arrival rate whose p99 stays within 2 s (0 lost): doubling, then
    halving the gap, 25 fans/s apart at the end."""
    good, bad = 0.0, None
    candidate = 100.0
    while bad is None or bad - good > 25:
        outcome = await crowd(
            kind, int(candidate * seconds), figures, bare=False, rate=candidate, bot_cpu=bot_cpu
        )
        if outcome.p99 <= 2.0 and outcome.lost == 0:
            good = candidate
        else:
            bad = candidate
        candidate = candidate * 2 if bad is None else (good + bad) / 2
    figures.add(f"- highest steady rate with p99 ≤ 2 s, {kind}: **{good:,.0f} fans/s**")
    return good


def _latencies(emulator: TelegramEmulator, available: dict[AckKey, float]) -> list[float]:
    acks = emulator.ack_times
    return [acks[key] - at for key, at in available.items() if key in acks]


def pin_apart(bot_cpu: int | None) -> int | None:
    """Keep the driver and the emulator (this process) off the bot's core: with `bot_cpu`
    None, the bot gets core 1 and this process core 0 where there are two; else this process
    gets every core but `bot_cpu`. Returns the bot's core (None: nothing pinned)."""
    cores = os.sched_getaffinity(0)
    if bot_cpu is None:
        if len(cores) < 2:
            return None
        bot_cpu = 1
    others = cores - {bot_cpu}
    if others:
        os.sched_setaffinity(0, others)
    return bot_cpu


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fans", type=int, default=20_000)
    parser.add_argument("--only", choices=["password", "join"], default=None)
    parser.add_argument("--rate", type=float, default=None, help="fans a second, steadily")
    parser.add_argument("--seconds", type=float, default=60, help="with --rate or --search")
    parser.add_argument("--search", action="store_true", help="the highest rate, p99 <= 2 s")
    parser.add_argument("--bot-cpu", type=int, default=None, help="pin the bot to this core")
    args = parser.parse_args()
    if args.bot_cpu is not None:
        pin_apart(args.bot_cpu)  # the driver and the emulator on the other cores, always
    figures = Figures()
    kinds = [args.only] if args.only else ["password", "join"]
    for kind in kinds:
        if args.search:
            await search_rate(kind, args.seconds, figures, args.bot_cpu)
            continue
        if args.rate:
            fans = int(args.rate * args.seconds)
            await crowd(kind, fans, figures, bare=False, rate=args.rate, bot_cpu=args.bot_cpu)
            continue
        ceiling = (await crowd(kind, args.fans, figures, bare=True, bot_cpu=args.bot_cpu)).rate
        floor = await crowd(
            kind, args.fans, figures, bare=True, acknowledge=True, bot_cpu=args.bot_cpu
        )
        raw = await crowd(
            kind, args.fans, figures, bare=True, acknowledge=True, bot_cpu=args.bot_cpu, raw=True
        )
        ours = await crowd(kind, args.fans, figures, bare=False, bot_cpu=args.bot_cpu)
        figures.add(
            f"- ratio {kind}: **{ours.rate / raw.rate:.2f}** of the raw client and "
            f"**{ours.rate / floor.rate:.2f}** of bare aiogram, each making the same "
            f"acknowledgement call ({ours.rate / ceiling:.0%} of bare aiogram doing nothing)"
        )


if __name__ == "__main__":
    asyncio.run(main())
