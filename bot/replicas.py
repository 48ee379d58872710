"""What only several replicas need: the Redis connection, and dialogs and per-user ordering kept
in Redis. Imported only when REDIS_URL is set: redis-py costs a single process 6 MB for nothing.
(The shared limiter, windows and cache news take the connection and need no import of redis.)
"""

from __future__ import annotations

import json

from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bot.fsm_storage import EncryptedDialogs
from services.crypto import Cipher

# A replica that dies holding a user's lock holds up that user only this long.
ISOLATION_LOCK_SECONDS = 15


def connect(url: str, max_connections: int) -> Redis:
    return Redis.from_url(url, max_connections=max_connections)


def dialogs(redis: Redis, cipher: Cipher) -> tuple[EncryptedRedisStorage, RedisEventIsolation]:
    """Dialogs any replica can continue, and one update per user at a time across replicas
    (a dialog's steps stay in order). Waiting for a user's lock polls Redis every 20 ms rather
    than redis-py's 100 ms, so a fan's quick taps are handled one after another without a
    tenth of a second each."""
    isolation = RedisEventIsolation(
        redis, lock_kwargs={"timeout": ISOLATION_LOCK_SECONDS, "sleep": 0.02}
    )
    return EncryptedRedisStorage(redis, cipher), isolation


class EncryptedRedisStorage(RedisStorage, EncryptedDialogs):
    """aiogram's Redis storage (a dialog survives on any replica) with the data encrypted like
    the database's: a winner's address is never plain text in Redis either."""

    def __init__(self, redis: Redis, cipher: Cipher) -> None:
        self.cipher = cipher
        super().__init__(
            redis,
            key_builder=DefaultKeyBuilder(prefix="liveroom:fsm"),
            json_dumps=lambda data: cipher.encrypt(json.dumps(data)),
            json_loads=lambda token: json.loads(cipher.decrypt(token)),
        )

    async def rotate_keys(self) -> int:
        """Re-encrypt the drafts with DATA_KEY's first key (see ClaimService.rotate_keys). A
        replica may rotate a draft another just did: re-encrypting twice is harmless."""
        rotated = 0
        async for key in self.redis.scan_iter(match="liveroom:fsm:*:data", count=500):
            token = await self.redis.get(key)
            if token is None:
                continue
            text = token.decode() if isinstance(token, bytes) else str(token)
            await self.redis.set(key, self.cipher.rotate(text), keepttl=True)
            rotated += 1
        return rotated

    async def forget_user(self, user_id: int) -> None:
        """/forget: every dialog of this user, in every chat."""
        pattern = f"liveroom:fsm:*:{user_id}:*"
        async for key in self.redis.scan_iter(match=pattern, count=500):
            await self.redis.delete(key)
