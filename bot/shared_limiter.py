"""The outbound limiter shared by every replica, in Redis, so Telegram's per-bot limits hold in
total and not per process. Same rules as bot/ratelimit.py (a grid of global slots, a gap per
chat, a window per group, a pause after a 429), reserved atomically by one Lua script on Redis's
own clock, so replicas on different machines agree on what "now" is (a send into a free slot
goes at once and gives up the slot a second ahead, as there)."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from bot.ratelimit import RateLimits

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local slot_seconds, chat_gap = tonumber(ARGV[1]), tonumber(ARGV[2])
local window, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
local chat, is_group, p = ARGV[5], ARGV[6] == '1', ARGV[7]
local earliest = math.max(now, tonumber(redis.call('GET', p .. 'pause') or '0'))
local group_key = p .. 'group:' .. chat
if chat ~= '' then
  earliest = math.max(earliest, tonumber(redis.call('GET', p .. 'chat:' .. chat) or '0'))
  if is_group then
    redis.call('ZREMRANGEBYSCORE', group_key, '-inf', now - window)
    local count = redis.call('ZCARD', group_key)
    if count >= limit then
      local kth = redis.call('ZRANGE', group_key, count - limit, count - limit, 'WITHSCORES')
      earliest = math.max(earliest, tonumber(kth[2]) + window)
    end
  end
end
local function slot_key(slot) return p .. 'slot:' .. string.format('%d', slot) end
local function keep_for(slot) return math.ceil((slot * slot_seconds - now) * 1000) + 120000 end
local moment
local slot = math.floor(earliest / slot_seconds)
local ahead = slot + tonumber(ARGV[8])
if earliest > slot * slot_seconds and not redis.call('GET', slot_key(slot))
    and not redis.call('GET', slot_key(ahead)) then
  moment = earliest
  redis.call('SET', slot_key(slot), string.format('%d', slot + 1), 'PX', keep_for(slot + 1))
  redis.call('SET', slot_key(ahead), string.format('%d', ahead + 1), 'PX', keep_for(ahead + 1))
else
  slot = math.ceil(earliest / slot_seconds)
  local path = {}
  while true do
    local taken = redis.call('GET', slot_key(slot))
    if not taken then break end
    table.insert(path, slot)
    slot = tonumber(taken)
  end
  moment = slot * slot_seconds
  local keep = keep_for(slot)
  local after = string.format('%d', slot + 1)
  for _, visited in ipairs(path) do
    redis.call('SET', slot_key(visited), after, 'PX', keep)
  end
  redis.call('SET', slot_key(slot), after, 'PX', keep)
end
if chat ~= '' then
  redis.call('SET', p .. 'chat:' .. chat, string.format('%.6f', moment + chat_gap),
             'PX', math.ceil((moment + chat_gap - now) * 1000) + 1000)
  if is_group then
    local seq = redis.call('INCR', p .. 'seq')
    redis.call('ZADD', group_key, string.format('%.6f', moment), string.format('%d', seq))
    redis.call('PEXPIRE', group_key, math.ceil((moment + window - now) * 1000) + 1000)
  end
end
return {string.format('%.6f', moment), string.format('%.6f', now)}
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then
  local keep = math.ceil(tonumber(ARGV[1]) * 1000) + 1000
  redis.call('SET', KEYS[1], string.format('%.6f', until_), 'PX', keep)
end
return string.format('%.6f', math.max(until_, current))
"""


class SharedRateLimiter:
    def __init__(self, redis: Any, limits: RateLimits, prefix: str = "liveroom:rate:") -> None:
        self.redis = redis
        self.limits = limits
        self.prefix = prefix
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._slot_seconds = 1.0 / limits.global_per_second + 1e-9
        self._slots_per_second = math.ceil(1.0 / self._slot_seconds)
        self._chat_gap = 1.0 / limits.private_per_second + limits.margin_seconds
        self._group_window = 60.0 + limits.margin_seconds

    async def reserve(self, chat_id: int | str | None, is_group: bool) -> tuple[float, float]:
        """(the send moment booked, Redis's now), both in Unix seconds."""
        moment, now = await self._reserve(
            args=[
                repr(self._slot_seconds),
                repr(self._chat_gap),
                repr(self._group_window),
                self.limits.group_per_minute,
                "" if chat_id is None else str(chat_id),
                "1" if is_group else "0",
                self.prefix,
                self._slots_per_second,
            ]
        )
        return float(moment), float(now)

    async def acquire(self, chat_id: int | str | None, is_group: bool) -> None:
        moment, now = await self.reserve(chat_id, is_group)
        if moment > now:
            await asyncio.sleep(moment - now)

    async def pause_for(self, seconds: float) -> None:
        await self._pause(keys=[f"{self.prefix}pause"], args=[repr(float(seconds))])
