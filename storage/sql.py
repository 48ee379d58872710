"""SQL helpers every repository uses, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


def insert_or_ignore(session: AsyncSession, model: type[Base] | Table) -> Any:
    """INSERT that supports ON CONFLICT on both SQLite and PostgreSQL."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


def insert_many_or_ignore(session: AsyncSession, model: type[Base]) -> Any:
    """insert_or_ignore for many rows at once: a Core statement to run with the list of rows
    (executemany), compiled once and cached, where `.values(rows)` would compile a new statement
    of len(rows) bound values every time (measured 4x slower for 500 rows)."""
    return insert_or_ignore(session, cast(Table, model.__table__))
