"""Work a handler starts and does not wait for, such as posting a lottery card to a busy room.

A handler that waited for a room's send budget would hold its database connection and its
place among the updates being handled (see bot/outbox.py). What it starts here runs on its own,
is logged if it fails, and is let finish (for a while) at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("%s failed", task.get_name(), exc_info=task.exception())

    async def wait_idle(self) -> None:
        """Until everything started (including what that started) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self.wait_idle(), timeout)
        except TimeoutError:
            logger.warning("%s background task(s) cut short at shutdown", len(self._tasks))
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
