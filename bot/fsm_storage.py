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

from services.crypto import Cipher
from storage.dialogs import DialogRecords, Record


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
    def __init__(self, records: DialogRecords, cipher: Cipher) -> None:
        self.records = records
        self.cipher = cipher
        self.key_builder = DefaultKeyBuilder(with_destiny=True)
        # aiogram asks for the state on every update; a crowd in the room has none. All records
        # (the dialogs under way: few) are read once, then served from memory and written
        # through on every change, so a fan seen for the first time costs no query (one process
        # owns the database; several replicas use Redis storage instead).
        self._cache: dict[str, Record] | None = None
        self._loading = asyncio.Lock()

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def _records(self) -> dict[str, Record]:
        if self._cache is None:
            async with self._loading:
                if self._cache is None:
                    self._cache = await self.records.all()
        return self._cache

    async def _load(self, key: StorageKey) -> Record:
        """(state, encrypted data) for this key."""
        return (await self._records()).get(self._key(key), (None, None))

    async def _save(self, key: StorageKey, **values: Any) -> None:
        state, data_enc = await self._load(key)
        records = await self._records()
        records[self._key(key)] = (values.get("state", state), values.get("data_enc", data_enc))
        await self.records.save(self._key(key), **values)

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
        rotated = await self.records.reencrypt(self.cipher.rotate_optional)
        self._cache = None  # read again, with the new tokens
        return rotated

    async def forget_user(self, user_id: int) -> None:
        """/forget: drop every dialog draft of this user."""

        def mine(key: str) -> bool:
            return f":{user_id}:" in f":{key}:"

        cached = await self._records()
        for name in [k for k in cached if mine(k)]:
            cached[name] = (None, None)
        await self.records.delete_matching(mine)

    async def close(self) -> None:
        return None
