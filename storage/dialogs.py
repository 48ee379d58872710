"""Dialog records (aiogram's FSM state and data, per user and chat) in the database: the rows
behind bot/fsm_storage.py's DatabaseStorage. Each call is its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord
from storage.sql import insert_or_ignore

# (state, encrypted data) of one dialog.
Record = tuple[str | None, str | None]


class DialogRecords:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def all(self) -> dict[str, Record]:
        async with self.session_factory() as session:
            records = (await session.scalars(select(FsmRecord))).all()
        return {r.key: (r.state, r.data_enc) for r in records}

    async def save(self, key: str, **values: Any) -> None:
        """Set `values` (state, data_enc) of the record; an empty one (neither) is deleted."""
        async with self.session_factory.begin() as session:
            statement = insert_or_ignore(session, FsmRecord).values(key=key, **values)
            await session.execute(
                statement.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
            )
            await session.execute(
                delete(FsmRecord).where(
                    FsmRecord.key == key,
                    FsmRecord.state.is_(None),
                    FsmRecord.data_enc.is_(None),
                )
            )

    async def reencrypt(self, rotate: Callable[[str | None], str | None]) -> int:
        """Pass every record's data through `rotate`; how many records had data."""
        async with self.session_factory.begin() as session:
            records = (
                await session.scalars(select(FsmRecord).where(FsmRecord.data_enc.is_not(None)))
            ).all()
            for record in records:
                record.data_enc = rotate(record.data_enc)
        return len(records)

    async def delete_matching(self, wanted: Callable[[str], bool]) -> None:
        async with self.session_factory.begin() as session:
            keys = [k for k in await session.scalars(select(FsmRecord.key)) if wanted(k)]
            if keys:
                await session.execute(delete(FsmRecord).where(FsmRecord.key.in_(keys)))
