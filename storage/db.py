"""Engine, sessions and start-up migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration (tests/unit/test_storage.py checks it is alembic's head). A database
# already there needs no migrating, and alembic (9 MB of imports) is loaded only when it does.
SCHEMA_REVISION = "0023"
# A writer waits this long for the lock rather than fail its update: a burst of a thousand
# payments (each a user upsert and a gift) on a busy machine kept some waiting over 5 s.
SQLITE_BUSY_TIMEOUT_MS = 20_000


# Connections beyond the updates handled at once: group-commit writers, the scheduler's runners,
# background posts, and a handler's second connection (its session plus a shared writer).
POOL_HEADROOM = 20


def create_engine(database_url: str, concurrency: int = 100) -> AsyncEngine:
    """An engine whose pool serves `concurrency` updates at once without one waiting for a
    connection (the pool's 30 s timeout would otherwise fail updates under a crowd)."""
    connections = concurrency + POOL_HEADROOM
    if database_url.startswith("sqlite"):
        # Kept open: a new SQLite connection costs a thread and the pragmas below.
        engine = create_async_engine(database_url, pool_size=connections, max_overflow=0)
    else:
        # A PostgreSQL server shares its connections among replicas: open them on demand.
        engine = create_async_engine(database_url, pool_size=10, max_overflow=connections - 10)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer; busy_timeout: a second writer waits, not fails.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


MIGRATION_LOCK = 0x4C52_4D49_4752  # any number, the same in every replica


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to the newest revision (tests: to an older one); safe to run on every
    start, and by several replicas starting at once (on PostgreSQL they take turns under an
    advisory lock)."""
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        if revision == "head" and await connection.run_sync(_revision) == SCHEMA_REVISION:
            return
        await connection.run_sync(_upgrade, revision)


def _revision(connection: Connection) -> str | None:
    """The schema's revision, as alembic recorded it (None: a new database)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if version is None else str(version)
