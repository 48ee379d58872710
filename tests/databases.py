"""Which database the tests run on: SQLite files by default; a fresh PostgreSQL database per
test when LIVEROOM_TEST_POSTGRES names a server (postgresql+asyncpg://user:password@host:port)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

POSTGRES_SERVER = os.environ.get("LIVEROOM_TEST_POSTGRES", "").rstrip("/")
ON_POSTGRES = bool(POSTGRES_SERVER)
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="looks at SQLite's own files or pragmas")
# On PostgreSQL the app runs as a replica would: with Redis too, when LIVEROOM_TEST_REDIS is set.
REDIS_URL = os.environ.get("LIVEROOM_TEST_REDIS", "") if ON_POSTGRES else ""


async def empty_redis() -> str | None:
    """A Redis with nothing of an earlier test in it (tests run one at a time)."""
    if not REDIS_URL:
        return None
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    finally:
        await client.aclose()
    return REDIS_URL


def _plain_dsn(database: str) -> str:
    return f"{POSTGRES_SERVER.replace('postgresql+asyncpg://', 'postgresql://')}/{database}"


@asynccontextmanager
async def fresh_database(folder: Path, name: str = "liveroom") -> AsyncIterator[str]:
    """A new, empty database (URL) that is gone afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite+aiosqlite:///{folder / name}.db"
        return
    import asyncpg

    database = f"t_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(_plain_dsn("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    try:
        yield f"{POSTGRES_SERVER}/{database}"
    finally:
        admin = await asyncpg.connect(_plain_dsn("postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()
