"""The sliding window in Redis, shared by every replica: a fan's guess cap and a room's warning
budget hold in total, not once per process. One Lua script checks and counts atomically."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

_ALLOW = """
local key, at, since = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local limit, member, keep_ms = tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', key, '-inf', since)
if redis.call('ZCARD', key) >= limit then
  return 0
end
redis.call('ZADD', key, at, member)
redis.call('PEXPIRE', key, keep_ms)
return 1
"""


class RedisWindow:
    def __init__(
        self,
        redis: Any,
        limit: int,
        length: timedelta = timedelta(minutes=1),
        prefix: str = "liveroom:window:",
    ) -> None:
        self.limit = limit
        self.length = length
        self.prefix = prefix
        self._allow = redis.register_script(_ALLOW)

    async def allow(self, key: str, at: datetime) -> bool:
        # Event times come from the bot's clock (an update's date), as in the local window.
        moment = at.timestamp()
        keep_ms = int(self.length.total_seconds() * 1000) + 1000
        counted = await self._allow(
            keys=[self.prefix + key],
            args=[
                moment,
                moment - self.length.total_seconds(),
                self.limit,
                f"{moment:.6f}:{uuid.uuid4().hex}",
                keep_ms,
            ],
        )
        return bool(counted)
