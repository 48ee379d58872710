"""Delivering updates: long polling (getUpdates, with offsets that confirm) or a webhook, which
the emulator posts to, playing the load balancer in front of the replicas behind it."""

from __future__ import annotations

import asyncio

from emulator.state import EmulatorState
from emulator.world import (
    JSON,
    ApiError,
)

# What Telegram sends when allowed_updates was never set: everything but these.
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}


class Delivery(EmulatorState):
    async def _api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: JSON) -> bool:
        self.webhook = params
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"])
        if not self._stopping and (self._delivery is None or self._delivery.done()):
            self._delivery = asyncio.create_task(self._deliver_to_webhook())
        return True

    async def _api_getWebhookInfo(self, params: JSON) -> JSON:
        info: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook is not None:
            info |= {"url": self.webhook["url"], "pending_update_count": len(self._updates)}
        return info

    async def _deliver_to_webhook(self, concurrency: int = 8) -> None:
        """Post each update to the webhook (a replica behind it), as Telegram does: a refused
        or failed delivery is tried again, and the update stays pending until a 2xx."""
        import aiohttp

        gate = asyncio.Semaphore(concurrency)
        async with aiohttp.ClientSession() as http:

            async def post(update: JSON) -> None:
                async with gate:
                    assert self.webhook is not None
                    backends = self.webhook_backends or [str(self.webhook["url"])]
                    backend = backends[next(self._next_backend) % len(backends)]
                    headers = {}
                    if self.webhook.get("secret_token"):
                        headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                    status = 0
                    try:
                        async with http.post(backend, json=update, headers=headers) as answer:
                            status = answer.status
                    except (aiohttp.ClientError, OSError):
                        pass
                    self.webhook_posts.append((backend, update["update_id"], status))
                    if 200 <= status < 300:
                        self.delivered_ids.add(update["update_id"])
                        self._updates = [
                            u for u in self._updates if u["update_id"] != update["update_id"]
                        ]
                    else:
                        await asyncio.sleep(0.1)  # Telegram backs off too, then tries again
                    self._in_delivery.discard(update["update_id"])
                    self._notify()

            while self.webhook is not None:
                self._updates = [u for u in self._updates if self._is_allowed(u)]
                waiting = [u for u in self._updates if u["update_id"] not in self._in_delivery]
                if not waiting:
                    await self.wait_until(
                        lambda: (
                            any(u["update_id"] not in self._in_delivery for u in self._updates)
                            or self.webhook is None
                        ),
                        timeout=3600,
                    )
                    continue
                for update in waiting:
                    self._in_delivery.add(update["update_id"])
                    task = asyncio.create_task(post(update))
                    self._posts.add(task)
                    task.add_done_callback(self._posts.discard)

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self.get_updates_calls += 1
        offset = int(params.get("offset", 0))
        limit = min(int(params.get("limit", 100)), 100)
        timeout = float(params.get("timeout", 0))
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"])
            self._notify()
        if offset:
            # Confirm everything below the offset: it will never be sent again.
            self.confirmed_ids.update(
                u["update_id"] for u in self._updates if u["update_id"] < offset
            )
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._notify()

        def ready() -> list[JSON]:
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            return self._updates[:limit]

        if not ready() and timeout > 0:
            try:
                await self.wait_until(lambda: bool(ready()) or self._stopping, timeout)
            except TimeoutError:
                return []
        batch = ready()
        self.delivered_ids.update(update["update_id"] for update in batch)
        return batch

    def _is_allowed(self, update: JSON) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _NOT_BY_DEFAULT
