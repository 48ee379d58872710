"""Lottery entries written by group commit (see storage/group_commit.py): an acknowledged entry
is a committed entry, and a crowd of fans costs a handful of transactions, not one each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.group_commit import GroupCommit
from storage.models import LANGUAGE_CODE_LENGTH, Entry
from storage.sql import insert_many_or_ignore

MAX_BATCH = 500  # 7 columns each: well under SQLite's limit of bound variables


@dataclass(frozen=True)
class _NewEntry:
    lottery_id: int
    user_id: int
    first_name: str
    at: datetime
    score: bytes
    language: str | None
    from_chat_id: int | None


class EntryWriter:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self._commits: GroupCommit[_NewEntry, bool] = GroupCommit(
            self._write, max_batch=MAX_BATCH, name="entry-writer"
        )

    @property
    def batches(self) -> int:
        return self._commits.batches

    async def add(
        self,
        lottery_id: int,
        user_id: int,
        first_name: str,
        at: datetime,
        score: bytes,
        language: str | None = None,
        from_chat_id: int | None = None,
    ) -> bool:
        """True when this created the entry, False when the fan was already in (a joint
        lottery's fan in both rooms too: one entry, from the room they entered first)."""
        code = language[:LANGUAGE_CODE_LENGTH] if language else None
        return await self._commits.submit(
            _NewEntry(lottery_id, user_id, first_name, at, score, code, from_chat_id)
        )

    async def close(self) -> None:
        await self._commits.close()

    async def _write(self, batch: Sequence[_NewEntry]) -> list[bool]:
        first: dict[tuple[int, int], int] = {}
        for index, item in enumerate(batch):
            first.setdefault((item.lottery_id, item.user_id), index)  # a double press: one row
        rows = [
            {
                "lottery_id": batch[i].lottery_id,
                "user_id": batch[i].user_id,
                "first_name": batch[i].first_name,
                "entered_at": batch[i].at,
                "score": batch[i].score,
                "language": batch[i].language,
                "from_chat_id": batch[i].from_chat_id,
            }
            for i in first.values()
        ]
        async with self.session_factory() as session:
            inserted = await session.execute(
                insert_many_or_ignore(session, Entry)
                .on_conflict_do_nothing(index_elements=[Entry.lottery_id, Entry.user_id])
                .returning(Entry.lottery_id, Entry.user_id),
                rows,
            )
            created = {first[(row[0], row[1])] for row in inserted}
            await session.commit()
        return [index in created for index in range(len(batch))]
