"""Issue 7, scenarios 2 and 3, against the real bot process and the emulator on loopback.

    .venv/bin/python -m bench.draw_and_reminders [--entrants 100000] [--reminders 10000] [--fair]

`--fair`: the draw with every fair play rule in force (issue 28): a cap of 1 win in 30 days and
fresh-first over 1,000 earlier winners in the room, 1,000 blocked fans, 1,000 who joined after
the start with members-only on, and 100 entries the host removed (all of them entrants).

The database is seeded before the bot starts (an open lottery whose deadline is a few seconds
away with N entrants; a show starting soon with N reminders), so the bot's start-up rebuilds its
timers from the database, as after a restart, and does the work when it falls due.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from bench.crowd import BotProcess, Figures, bench_database, bot_env, peak_rss_mb, product_module
from domain.draw import commitment, new_seed, score
from domain.vocabulary import LotteryKind
from emulator.server import TelegramEmulator
from emulator.world import FloodLimits
from storage.db import create_engine, migrate
from storage.models import (
    Block,
    Broadcast,
    Entry,
    Exclusion,
    Lottery,
    Reminder,
    Room,
    RoomJoin,
    TelegramUser,
    Winner,
)

LEAD = timedelta(seconds=12)  # time for the bot process to start before the work falls due


async def seed(db: str, fill: object) -> None:
    engine = create_engine(db)
    await migrate(engine)
    async with engine.begin() as connection:
        await fill(connection)  # type: ignore[operator]
    await engine.dispose()


FAIR_PEOPLE = 1000  # earlier winners, blocked fans, newcomers: each this many


async def fair_rules(connection: Any, room_id: int, now: datetime, seed_hex: str) -> None:
    """Lottery 1's rules in force, and the people each rule looks up (see the module's doc)."""
    fan = 10_000_000
    await connection.execute(
        update(Lottery)
        .where(Lottery.id == 1)
        .values(cap_wins=1, cap_days=30, fresh_first=True, members_only=True)
    )
    await connection.execute(
        insert(Lottery).values(
            id=2,
            room_chat_id=room_id,
            kind=LotteryKind.OPEN,
            prize="Earlier",
            winners_count=FAIR_PEOPLE,
            seed=seed_hex,
            commitment=commitment(seed_hex),
            status="drawn",
            result_state="sent",  # announced long ago: the bot has nothing to post for it
            draw_at=now - timedelta(days=7),
            drawn_at=now - timedelta(days=7),
            created_at=now - timedelta(days=7),
            source_message_id=2,
            card_entrants_shown=0,
        )
    )
    # Every other earlier winner, blocked fan and newcomer is an entrant of lottery 1.
    people = [fan + 2 * i for i in range(FAIR_PEOPLE)]
    await connection.execute(
        insert(Winner),
        [
            {"lottery_id": 2, "user_id": u, "first_name": "w", "rank": r + 1}
            for r, u in enumerate(people)
        ],
    )
    blocked = [u + 1 for u in people]
    await connection.execute(
        insert(Block),
        [
            {"room_chat_id": room_id, "user_id": u, "first_name": "b", "blocked_at": now}
            for u in blocked
        ],
    )
    newcomers = [u + 5000 for u in people]
    await connection.execute(
        insert(RoomJoin),
        [
            {
                "room_chat_id": room_id,
                "user_id": u,
                "first_name": "n",
                "joined_at": now + timedelta(seconds=1),
                "welcomed": True,
            }
            for u in newcomers
        ],
    )
    await connection.execute(
        insert(Exclusion),
        [
            {
                "lottery_id": 1,
                "user_id": fan + 50_000 + u,
                "rule": "removed",
                "reason": "dup",
                "at": now,
            }
            for u in range(100)
        ],
    )


async def _set_deadline(db: str, draw_at: datetime) -> None:
    engine = create_engine(db)
    async with engine.begin() as connection:
        await connection.execute(update(Lottery).where(Lottery.id == 1).values(draw_at=draw_at))
    await engine.dispose()


async def draw(entrants: int, figures: Figures, fair: bool = False) -> None:
    emulator = TelegramEmulator(limits=FloodLimits())
    await emulator.start()
    host = emulator.add_user("Host")
    room = emulator.add_group("Room", admins=[host])
    now = datetime.now(UTC)
    draw_at = now + LEAD
    seed_hex = new_seed()

    async def fill(connection: object) -> None:
        await connection.execute(
            insert(Room).values(  # type: ignore[attr-defined]
                chat_id=room.id, title="Room", timezone="UTC", language="en", created_at=now
            )
        )
        await connection.execute(
            insert(Lottery).values(  # type: ignore[attr-defined]
                id=1,
                room_chat_id=room.id,
                kind=LotteryKind.OPEN,
                prize="Mug",
                winners_count=3,
                seed=seed_hex,
                commitment=commitment(seed_hex),
                draw_at=draw_at,
                created_at=now,
                created_by=host.id,
                card_entrants_shown=0,
            )
        )
        rows = [
            {
                "lottery_id": 1,
                "user_id": 10_000_000 + i,
                "first_name": f"fan{i}",
                "entered_at": now,
                "score": score(seed_hex, 10_000_000 + i),
            }
            for i in range(entrants)
        ]
        for start in range(0, len(rows), 5000):
            await connection.execute(insert(Entry), rows[start : start + 5000])  # type: ignore[attr-defined]
        if fair:
            await fair_rules(connection, room.id, now, seed_hex)

    async with bench_database() as db:
        await seed(db, fill)
        # The deadline counts from now: seeding a million entrants takes longer than LEAD.
        draw_at = datetime.now(UTC) + LEAD
        await _set_deadline(db, draw_at)
        async with BotProcess(product_module(), bot_env(emulator, db)) as bot:
            result = await emulator.wait_for_message(room, "🎉 Lottery #1", timeout=120)
            arrived = datetime.now(UTC)
            rss = peak_rss_mb(bot.pid)
    late = (arrived - draw_at).total_seconds()
    rules = " with every fair play rule in force" if fair else ""
    figures.add(
        f"- draw: {entrants:,} entrants{rules}, deadline → result message sent: **{late:.2f} s**; "
        f"winners {len(result.entities)}; peak RSS {rss:.0f} MB"
    )
    await emulator.stop()


async def reminders(count: int, cap: float, figures: Figures) -> None:
    # The emulator enforces Telegram's limits scaled to the same ratio as the bot's cap.
    emulator = TelegramEmulator(
        limits=FloodLimits(global_per_second=int(cap * 30 / 25), per_chat_per_second=1)
    )
    await emulator.start()
    host = emulator.add_user("Host")
    room = emulator.add_group("Room", admins=[host])
    fans = [emulator.add_user(f"fan{i}") for i in range(count)]
    for fan in fans:
        fan.started_bot = True
    now = datetime.now(UTC)
    starts_at = now + LEAD

    async def fill(connection: object) -> None:
        await connection.execute(
            insert(Room).values(  # type: ignore[attr-defined]
                chat_id=room.id, title="Room", timezone="UTC", language="en", created_at=now
            )
        )
        await connection.execute(
            insert(TelegramUser),
            [  # type: ignore[attr-defined]
                {
                    "id": f.id,
                    "first_name": f.first_name,
                    "language": "en",
                    "has_private_chat": True,
                    "blocked_bot": False,
                    "updated_at": now,
                }
                for f in fans
            ],
        )
        await connection.execute(
            insert(Broadcast).values(  # type: ignore[attr-defined]
                id=1,
                room_chat_id=room.id,
                title="Crowd show",
                starts_at=starts_at,
                trailer_at=now - timedelta(hours=1),
                trailer_state="sent",
                created_at=now,
            )
        )
        await connection.execute(
            insert(Reminder),
            [  # type: ignore[attr-defined]
                {"broadcast_id": 1, "user_id": f.id, "created_at": now} for f in fans
            ],
        )

    async with bench_database() as db:
        await seed(db, fill)
        env = bot_env(emulator, db, RATE_GLOBAL_PER_SECOND=str(cap))
        async with BotProcess(product_module(), env) as bot:
            await emulator.wait_until(
                lambda: sum(1 for m in emulator.sent if m.chat_id > 0) >= count,
                timeout=count / cap * 3 + 60,
            )
            rss = peak_rss_mb(bot.pid)
    private = [m for m in emulator.sent if m.chat_id > 0]
    times = sorted(m.at for m in private)
    rate = (len(private) - 1) / (times[-1] - times[0])
    duplicates = sum(n - 1 for n in Counter(m.chat_id for m in private).values())
    figures.add(
        f"- reminders: {len(private):,} sent at **{rate:.1f} msg/s** against a cap of {cap:g}/s "
        f"(**{rate / cap:.0%}**); 429s: {emulator.flood_errors}; duplicates: {duplicates}; "
        f"peak RSS {rss:.0f} MB"
    )
    await emulator.stop()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entrants", type=int, default=100_000)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--cap", type=float, default=25.0, help="RATE_GLOBAL_PER_SECOND")
    parser.add_argument("--fair", action="store_true", help="every fair play rule in force")
    args = parser.parse_args()
    figures = Figures()
    started = time.monotonic()
    await draw(args.entrants, figures, args.fair)
    await reminders(args.reminders, args.cap, figures)
    figures.add(f"(both scenarios took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    asyncio.run(main())
