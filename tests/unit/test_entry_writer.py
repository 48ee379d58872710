from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from domain.draw import score
from domain.vocabulary import LotteryKind
from storage.db import create_engine, create_session_factory, migrate
from storage.entry_writer import EntryWriter
from storage.models import Entry, Lottery, Room

T0 = datetime(2030, 1, 1, tzinfo=UTC)


async def test_concurrent_entries_are_written_in_few_batches_once_each(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate(engine)
    factory = create_session_factory(engine)
    async with factory() as session:
        session.add(Room(chat_id=-1, title="r", timezone="UTC", language="en", created_at=T0))
        await session.flush()
        session.add(
            Lottery(
                id=1,
                room_chat_id=-1,
                kind=LotteryKind.OPEN,
                prize="p",
                winners_count=1,
                seed="00" * 32,
                commitment="x",
                draw_at=T0 + timedelta(minutes=1),
                created_at=T0,
            )
        )
        await session.commit()
    writer = EntryWriter(factory)
    # 300 fans, fan 7 presses three times at once, fan 8 twice.
    users = [*range(300), 7, 7, 8]
    results = await asyncio.gather(
        *(writer.add(1, u, f"f{u}", T0, score("00" * 32, u)) for u in users)
    )
    await writer.close()
    async with factory() as session:
        stored = sorted((await session.scalars(select(Entry.user_id))).all())
    await engine.dispose()
    assert stored == list(range(300))
    assert sum(results) == 300  # exactly one "entered" per fan, the repeats say "already"
    assert results[:300] == [True] * 300
    assert results[300:] == [False, False, False]
    assert writer.batches <= 3
