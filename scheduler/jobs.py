"""The scheduler's jobs. Each poster plans wake-ups of its own (a trailer's hour, a draw's
deadline); besides them a sweep a minute per poster does whatever is due that no wake-up covered
(a restart, a plan made by a replica that does not lead), and the lottery cards' counts are
refreshed at their own pace. Only the leading replica runs them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.posts.gift_poster import GiftPoster
from bot.posts.joint_poster import JointPoster
from bot.posts.lottery_poster import LotteryPoster
from bot.posts.room_poster import RoomPoster
from bot.posts.script_poster import ScriptPoster
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from scheduler.timer import Timer

SWEEP_SECONDS = 60


@dataclass(frozen=True)
class Jobs:
    timer: Timer
    shows: ShowPoster
    lotteries: LotteryPoster
    room: RoomPoster
    gifts: GiftPoster
    scripts: ScriptPoster
    wishes: WishPoster
    joints: JointPoster
    card_refresh_seconds: float

    async def start(self) -> None:
        """Plan the sweeps; then each poster rebuilds its wake-ups from the database and does
        what fell due while no replica led."""
        sweeps = {
            "sweep": self.shows,
            "lottery-sweep": self.lotteries,
            "live-room-sweep": self.room,
            "gift-thanks-sweep": self.gifts,
            "script-sweep": self.scripts,
            "wishes-sweep": self.wishes,
            "joint-sweep": self.joints,
        }
        for job_id, poster in sweeps.items():
            self.timer.every(job_id, SWEEP_SECONDS, poster.run_due)
        self.timer.every("lottery-cards", self.card_refresh_seconds, self.lotteries.refresh_cards)
        for poster in sweeps.values():
            await poster.start()

    async def run_due(self) -> None:
        """Do everything that is due now (what the timers do when they fire)."""
        for poster in (
            self.shows,
            self.lotteries,
            self.room,
            self.gifts,
            self.scripts,
            self.wishes,
            self.joints,
        ):
            await poster.run_due()
