"""A single process loads only what it uses (bench/RESULTS.md, issue 18: memory): no redis
without REDIS_URL, no PostgreSQL driver on SQLite, no alembic when the schema is up to date,
no phone-number library before a winner types a number.
(SQLAlchemy's PostgreSQL dialect itself is loaded by the models' PostgreSQL-only index options.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ["redis", "asyncpg", "alembic", "phonenumbers"]


def loaded_after(code: str) -> list[str]:
    """Which of HEAVY a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_building_a_single_process_bot_on_sqlite_imports_none_of_the_heavy_extras(
    tmp_path: Path,
) -> None:
    database = tmp_path / "lean.db"
    new = loaded_after(
        "import asyncio\n"
        "from storage.db import create_engine, migrate\n"
        f"engine = create_engine('sqlite+aiosqlite:///{database}')\n"
        "asyncio.run(migrate(engine))\n"
    )
    assert new == ["alembic"]  # a new database is migrated: that needs alembic
    assert (
        loaded_after(
            "import asyncio\n"
            "from cryptography.fernet import Fernet\n"
            "from liveroom.wiring import create_app\n"
            "from bot.settings import Settings\n"
            "from storage.db import create_engine, migrate\n"
            f"url = 'sqlite+aiosqlite:///{database}'\n"
            "asyncio.run(migrate(create_engine(url)))\n"
            "create_app(Settings(_env_file=None, bot_token='1:x', database_url=url,\n"
            "    data_key=Fernet.generate_key().decode()))\n"
        )
        == []
    )
