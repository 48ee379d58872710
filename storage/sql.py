"""SQL helpers every repository uses, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, FromClause
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


def insert_or_ignore(session: AsyncSession, model: type[Base] | FromClause) -> Any:
    """INSERT that supports ON CONFLICT on both SQLite and PostgreSQL. Given a model's Table, a
    Core statement: run with a list of rows (executemany) it is compiled once and cached, where
    `.values(rows)` would compile a new statement of len(rows) bound values every time."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount
