from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.db import SCHEMA_REVISION, alembic_config, create_engine, migrate
from tests.databases import sqlite_only


@sqlite_only
async def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/t.db")
    try:
        await migrate(engine)
        await migrate(engine)  # a second start-up finds nothing to do
        async with engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
            version = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
    finally:
        await engine.dispose()
    assert (journal, timeout, foreign_keys) == ("wal", 20_000, 1)
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_start_up_shortcut_knows_alembics_head() -> None:
    # A start on an up-to-date database skips alembic: SCHEMA_REVISION must be the real head.
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


async def test_migrations_build_exactly_the_schema_the_models_describe(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []


async def test_a_known_room_is_read_without_a_write(database_url: str) -> None:
    """Every host command ensures its room: for a room the bot knows, that must not take the
    database's writer (on SQLite there is one, and a hundred rooms' commands queued for it)."""
    from datetime import UTC, datetime

    from sqlalchemy import event

    from storage.db import create_session_factory
    from storage.repositories import RoomRepository

    engine = create_engine(database_url)
    await migrate(engine)
    statements: list[str] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: statements.append(statement.split()[0].upper()),
    )
    now = datetime(2030, 1, 1, tzinfo=UTC)
    try:
        async with create_session_factory(engine)() as session:
            rooms = RoomRepository(session)
            first = await rooms.ensure(-1, "Room", "UTC", "en", now)
            await session.commit()
            made = list(statements)
            statements.clear()
            again = await rooms.ensure(-1, "Room", "UTC", "en", now)
            await session.commit()
    finally:
        await engine.dispose()
    assert first.chat_id == again.chat_id == -1
    assert "INSERT" in made
    assert statements == ["SELECT"]
