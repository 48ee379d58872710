"""A thin adapter over APScheduler 3: "wake me at this moment". It holds no truth of its own.

The database says what is due; jobs here only decide *when* to look. So the job store can be
in memory: at start-up it is rebuilt from the database, and a periodic sweep catches anything
a missed wake-up would have left behind.

Only the leading replica's timer runs. `wake` is the one way posters plan: on a standby replica
(which took the command) the wake-up is also passed to the leader through `relay`, so a draw a
standby planned still happens on time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

WakeUp = Callable[[], Awaitable[object]]
Relay = Callable[[str], None]

logger = logging.getLogger(__name__)


class Timer:
    def __init__(self) -> None:
        self._scheduler = AsyncIOScheduler(
            timezone="UTC",
            # A wake-up that comes late still runs (never silently dropped), and only once.
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._running: set[asyncio.Task[object]] = set()
        self._owners: dict[str, WakeUp] = {}
        self.relay: Relay | None = None

    @property
    def leading(self) -> bool:
        return bool(self._scheduler.state == STATE_RUNNING)

    def register(self, owner: str, wake_up: WakeUp) -> None:
        """`owner`'s wake-ups call `wake_up` (a poster's run_due), whichever replica planned."""
        self._owners[owner] = wake_up

    def wake(self, owner: str, job_id: str, moment: datetime) -> None:
        """Plan a wake-up for `owner`; a standby replica passes it on to the leader too (and
        keeps it, for the day it leads)."""
        self.at(job_id, moment, self._owners[owner])
        if not self.leading and self.relay is not None:
            self.relay(json.dumps([owner, job_id, moment.isoformat()]))

    def received(self, text: str) -> None:
        """A wake-up another replica planned: the leader plans it here."""
        if not self.leading:
            return
        try:
            owner, job_id, moment = json.loads(text)
            self.at(str(job_id), datetime.fromisoformat(moment), self._owners[owner])
        except (ValueError, TypeError, KeyError) as error:
            logger.warning("Ignored a wake-up another replica sent (%r): %s", text[:80], error)

    def start(self) -> None:
        if self._scheduler.state == STATE_PAUSED:
            self._scheduler.resume()
        elif not self._scheduler.running:
            self._scheduler.start()

    def pause(self) -> None:
        """Stop waking up (another replica leads now); planned wake-ups are kept."""
        if self._scheduler.state == STATE_RUNNING:
            self._scheduler.pause()

    async def shutdown(self, grace_seconds: float = 10.0) -> None:
        """No new wake-ups; the ones running may finish (APScheduler alone would cancel them)."""
        if not self._scheduler.running:
            return
        self._scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace_seconds)
        self._scheduler.shutdown(wait=False)

    def _tracked(self, wake_up: WakeUp) -> WakeUp:
        async def run() -> object:
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                return await wake_up()
            finally:
                self._running.discard(task)

        return run

    def at(self, job_id: str, moment: datetime, wake_up: WakeUp) -> None:
        self._scheduler.add_job(
            self._tracked(wake_up),
            DateTrigger(run_date=moment),
            id=job_id,
            replace_existing=True,
        )

    def every(self, job_id: str, seconds: float, wake_up: WakeUp) -> None:
        self._scheduler.add_job(
            self._tracked(wake_up),
            IntervalTrigger(seconds=seconds),
            id=job_id,
            replace_existing=True,
        )

    def cancel(self, job_id: str) -> None:
        if self.is_planned(job_id):
            self._scheduler.remove_job(job_id)

    def is_planned(self, job_id: str) -> bool:
        return self._scheduler.get_job(job_id) is not None

    def planned(self) -> dict[str, datetime]:
        """Job id → next run time (UTC); what tests and the demo look at."""
        return {
            job.id: job.next_run_time
            for job in self._scheduler.get_jobs()
            if job.next_run_time is not None
        }
