"""The draw reads the ranking from the scores stored at entry (storage/migrations 0009 scores the
entries made before): it must pick exactly whom `domain.draw` (and so a proof's verifier) picks,
on SQLite and PostgreSQL alike, however far down the ranking it has to go."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.clock import ManualClock
from domain.draw import commitment, pick_winners, ranking, score
from domain.vocabulary import LotteryKind
from services.draws import Draws
from storage.db import create_engine, create_session_factory, migrate
from storage.entry_writer import EntryWriter
from storage.models import Entry, Lottery, Room
from storage.winners import WinnerRepository

SEED = "5e" * 32
T0 = datetime(2030, 1, 1, tzinfo=UTC)
DRAW_AT = T0 + timedelta(minutes=5)
FANS = range(1_000, 1_350)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def lottery_row(kind: LotteryKind, winners: int) -> dict[str, object]:
    return {
        "id": 1,
        "room_chat_id": -1,
        "kind": kind,
        "prize": "Mug",
        "winners_count": winners,
        "channel_chat_id": -100 if kind is LotteryKind.FOLLOW else None,
        "seed": SEED,
        "commitment": commitment(SEED),
        "draw_at": DRAW_AT,
        "created_at": T0,
    }


async def enter_all(engine: AsyncEngine, kind: LotteryKind, winners: int) -> None:
    factory = create_session_factory(engine)
    async with factory() as session:
        session.add(Room(chat_id=-1, title="r", timezone="UTC", language="en", created_at=T0))
        await session.flush()
        session.add(Lottery(**lottery_row(kind, winners)))
        await session.commit()
    writer = EntryWriter(factory)
    for fan in FANS:
        await writer.add(1, fan, f"fan{fan}", T0, score(SEED, fan))
    # One fan whose press was committed after the deadline: never ranked, whatever the score.
    await writer.add(1, 99, "late", DRAW_AT + timedelta(seconds=1), score(SEED, 99))
    await writer.close()


async def winners_of(engine: AsyncEngine) -> list[int]:
    async with create_session_factory(engine)() as session:
        return [w.user_id for w in await WinnerRepository(session).of(1)]


async def test_a_draw_deep_in_the_ranking_picks_whom_the_verifier_picks(
    engine: AsyncEngine,
) -> None:
    await migrate(engine)
    await enter_all(engine, LotteryKind.FOLLOW, winners=2)
    order = ranking(SEED, FANS)
    left = set(order[:230])  # the best 230 left the channel: the draw reads three pages

    async def follows(channel: int, user_id: int) -> bool:
        assert channel == -100
        return user_id not in left

    draws = Draws(create_session_factory(engine), ManualClock(DRAW_AT), timedelta(days=1), follows)
    drawn = await draws.draw(1)

    assert drawn is not None
    assert await winners_of(engine) == order[230:232]
    assert order[230:232] == pick_winners(SEED, FANS, 2, skipped=order[:230])
    async with create_session_factory(engine)() as session:
        stored = await session.get(Lottery, 1)
    assert stored is not None and stored.entrants_count == len(FANS)


async def test_entries_made_before_scores_were_stored_are_scored_by_the_migration(
    engine: AsyncEngine,
) -> None:
    await migrate(engine, "0008")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO rooms (chat_id, title, timezone, language, created_at)"
                " VALUES (-1, 'r', 'UTC', 'en', :at)"
            ),
            {"at": T0},
        )
        await connection.execute(
            text(
                "INSERT INTO lotteries (id, room_chat_id, kind, prize, winners_count, status,"
                " seed, commitment, draw_at, created_at, card_entrants_shown, result_state,"
                " result_attempts) VALUES (1, -1, 'open', 'Mug', 3, 'open', :seed,"
                " :commitment, :draw_at, :at, 0, 'pending', 0)"
            ),
            {"seed": SEED, "commitment": commitment(SEED), "draw_at": DRAW_AT, "at": T0},
        )
        await connection.execute(
            text(
                "INSERT INTO entries (lottery_id, user_id, first_name, entered_at)"
                " VALUES (1, :user, 'fan', :at)"
            ),
            [{"user": fan, "at": T0} for fan in FANS],
        )
    await migrate(engine)

    async with create_session_factory(engine)() as session:
        rows = await session.execute(select(Entry.user_id, Entry.score))
        scores = {row.user_id: row.score for row in rows}

    async def follows(channel: int, user_id: int) -> bool:
        raise AssertionError("an open lottery asks nobody")

    drawn = await Draws(
        create_session_factory(engine), ManualClock(DRAW_AT), timedelta(days=1), follows
    ).draw(1)
    assert scores == {fan: score(SEED, fan) for fan in FANS}
    assert drawn is not None
    assert await winners_of(engine) == pick_winners(SEED, FANS, 3)


def test_the_joined_entrant_list_is_read_a_slice_at_a_time() -> None:
    from storage.lotteries import _split_ids

    text = ",".join(str(fan) for fan in FANS)
    for slice_chars in (1, 7, 64, 10_000):
        assert list(_split_ids(text, slice_chars)) == list(FANS)
    assert list(_split_ids("")) == []
