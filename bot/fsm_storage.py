"""aiogram FSM storage in our own database, so a winner's dialog survives a restart.

Data (which holds delivery details while the winner types them) is encrypted like every other
personal field. With REDIS_URL (several replicas) bot/replicas.py's EncryptedRedisStorage takes
its place; both are `EncryptedDialogs`.
"""

from __future__ import annotations

import abc
import asyncio
import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.crypto import Cipher
from storage.models import FsmRecord
from storage.sql import insert_or_ignore


class EncryptedDialogs(abc.ABC):
    """A dialog storage holding personal data: it re-encrypts on key rotation and forgets a
    user on /forget."""

    @abc.abstractmethod
    async def rotate_keys(self) -> int:
        """Re-encrypt the drafts with DATA_KEY's first key (see ClaimService.rotate_keys)."""

    @abc.abstractmethod
    async def forget_user(self, user_id: int) -> None:
        """/forget: drop every dialog draft of this user."""


class DatabaseStorage(BaseStorage, EncryptedDialogs):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], cipher: Cipher) -> None:
        self.session_factory = session_factory
        self.cipher = cipher
        self.key_builder = DefaultKeyBuilder(with_destiny=True)
        # aiogram asks for the state on every update; a crowd in the room has none. All records
        # (the dialogs under way: few) are read once, then served from memory and written
        # through on every change, so a fan seen for the first time costs no query (one process
        # owns the database; several replicas use Redis storage instead).
        self._cache: dict[str, tuple[str | None, str | None]] | None = None
        self._loading = asyncio.Lock()

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def _records(self) -> dict[str, tuple[str | None, str | None]]:
        if self._cache is None:
            async with self._loading:
                if self._cache is None:
                    async with self.session_factory() as session:
                        records = (await session.scalars(select(FsmRecord))).all()
                    self._cache = {r.key: (r.state, r.data_enc) for r in records}
        return self._cache

    async def _load(self, key: StorageKey) -> tuple[str | None, str | None]:
        """(state, encrypted data) for this key."""
        return (await self._records()).get(self._key(key), (None, None))

    async def _save(self, key: StorageKey, **values: Any) -> None:
        state, data_enc = await self._load(key)
        records = await self._records()
        records[self._key(key)] = (values.get("state", state), values.get("data_enc", data_enc))
        async with self.session_factory() as session:
            statement = insert_or_ignore(session, FsmRecord).values(key=self._key(key), **values)
            await session.execute(
                statement.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
            )
            # An empty record (no state, no data) is deleted rather than kept.
            await session.execute(
                delete(FsmRecord).where(
                    FsmRecord.key == self._key(key),
                    FsmRecord.state.is_(None),
                    FsmRecord.data_enc.is_(None),
                )
            )
            await session.commit()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._save(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(key))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        encrypted = self.cipher.encrypt(json.dumps(dict(data))) if data else None
        await self._save(key, data_enc=encrypted)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        data_enc = (await self._load(key))[1]
        if data_enc is None:
            return {}
        data: dict[str, Any] = json.loads(self.cipher.decrypt(data_enc))
        return data

    async def rotate_keys(self) -> int:
        """Re-encrypt the drafts with DATA_KEY's first key (see ClaimService.rotate_keys)."""
        async with self.session_factory() as session:
            records = (
                await session.scalars(select(FsmRecord).where(FsmRecord.data_enc.is_not(None)))
            ).all()
            for record in records:
                record.data_enc = self.cipher.rotate_optional(record.data_enc)
            await session.commit()
        self._cache = None  # read again, with the new tokens
        return len(records)

    async def forget_user(self, user_id: int) -> None:
        """/forget: drop every dialog draft of this user."""
        async with self.session_factory() as session:
            records = await session.scalars(select(FsmRecord.key))
            mine = [k for k in records if f":{user_id}:" in f":{k}:"]
            cached = await self._records()
            for name in [k for k in cached if f":{user_id}:" in f":{k}:"]:
                cached[name] = (None, None)
            if mine:
                await session.execute(delete(FsmRecord).where(FsmRecord.key.in_(mine)))
                await session.commit()

    async def close(self) -> None:
        return None
