"""Joint shows' posts: telling both hosts of the appointment, both rooms of its end, and the
battle between the rooms, announced and settled once (a compare-and-set: racing timers and
replicas post one result). Each room hears it in its own language and time zone."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.ephemeral import to_member
from bot.i18n import Translator
from bot.posts.poster import Poster, PosterContext
from bot.posts.show_poster import ShowPoster
from bot.render import battle_metric, local_datetime, local_time_of_day
from domain.joint import BATTLE_TOP, battle_winner
from services.joint import Joint, JointService, Score, battle_scores
from storage.joint import JointRepository
from storage.models import Battle, Room

logger = logging.getLogger(__name__)

END_REASONS = {
    "cancelled": texts.JOINT_ENDED_CANCELLED,
    "rights": texts.JOINT_ENDED_RIGHTS,
    "removed": texts.JOINT_ENDED_REMOVED,
}


class JointPoster(Poster):
    def __init__(self, context: PosterContext, shows: ShowPoster) -> None:
        super().__init__(context)
        self.shows = shows

    def service(self, session: AsyncSession) -> JointService:
        return JointService(session, self.clock, self.shows.service(session))

    async def start(self) -> None:
        async with self.session_factory() as session:
            for battle in await JointRepository(session).open_battles():
                self.plan(battle)
        await self.run_due()

    def plan(self, battle: Battle) -> None:
        self.planner.wake(self.name, f"battle:{battle.id}", battle.ends_at)

    # --- the appointment -------------------------------------------------------------------------
    async def accepted(self, joint: Joint) -> None:
        """Both hosts hear it, in their rooms (for them alone) and privately; both rooms'
        trailers, if posted, now name the partner."""
        for side in (joint, joint.turned()):
            host = side.joint.host_in(side.room.chat_id)
            tr = Translator(self.i18n, side.room.language)
            text = tr(
                texts.COHOST_SET,
                id=side.show.id,
                title=side.show.title,
                start=local_datetime(side.show.starts_at, side.room.timezone, tr.locale),
                timezone=side.room.timezone,
                partner=side.partner.title,
            )
            if host is not None:
                self.outbox.post(to_member(side.room.chat_id, host, text))
                await self._privately(host, text)
            await self.shows.refresh_trailer(side.show.id)

    async def ended(self, joint: Joint, reason: str, rooms: Sequence[Room] | None = None) -> None:
        """A joint show ended: each room still served hears why, and its trailer is plain."""
        for side in (joint, joint.turned()):
            if rooms is not None and side.room.chat_id not in {r.chat_id for r in rooms}:
                continue
            tr = Translator(self.i18n, side.room.language)
            text = tr(END_REASONS[reason], partner=side.partner.title)
            try:
                await self.bot.send_message(side.room.chat_id, text)
            except TelegramAPIError as error:
                logger.info("Room %s not told the joint show ended: %s", side.room.chat_id, error)
            await self.shows.refresh_trailer(side.show.id)

    async def _privately(self, user_id: int, text: str) -> None:
        try:
            await self.bot.send_message(user_id, text)
        except TelegramAPIError as error:
            logger.info("Host %s not told privately: %s", user_id, error)

    # --- the battle ------------------------------------------------------------------------------
    async def battle_started(self, battle: Battle, joint: Joint) -> None:
        self.plan(battle)
        minutes = int((battle.ends_at - battle.starts_at).total_seconds() // 60)
        for side in (joint, joint.turned()):
            room = side.room
            tr = Translator(self.i18n, room.language)
            text = tr(
                texts.BATTLE_STARTED,
                room=room.title,
                partner=side.partner.title,
                metric=battle_metric(battle.metric, tr),
                minutes=minutes,
                end=local_time_of_day(battle.ends_at, room.timezone, tr.locale),
                timezone=room.timezone,
            )
            await self._post(room, text)

    async def run_due(self) -> None:
        async with self._lock:
            async with self.session_factory() as session:
                due = await JointRepository(session).battles_due(self.clock.now())
            for battle in due:
                await self._settle(battle)

    async def _settle(self, battle: Battle) -> None:
        async with self.session_factory() as session:
            _, side_a, side_b = await battle_scores(session, battle, battle.ends_at)
            scores = {side_a.room.chat_id: side_a.total, side_b.room.chat_id: side_b.total}
            winner = battle_winner(scores)
            settled = await JointRepository(session).settle(
                battle.id, winner, side_a.total, side_b.total, self.clock.now()
            )
            await session.commit()
        self.planner.cancel(f"battle:{battle.id}")
        if not settled:
            return  # another timer, or replica, settled it
        top = side_a if winner == side_a.room.chat_id else side_b
        for room in (side_a.room, side_b.room):
            await self._post(room, self._result(battle, side_a, side_b, winner, top, room))

    def _result(
        self,
        battle: Battle,
        side_a: Score,
        side_b: Score,
        winner: int | None,
        top: Score,
        room: Room,
    ) -> str:
        tr = Translator(self.i18n, room.language)
        values = {
            "metric": battle_metric(battle.metric, tr),
            "room_a": side_a.room.title,
            "score_a": side_a.total,
            "room_b": side_b.room.title,
            "score_b": side_b.total,
        }
        if winner is None:
            return tr(texts.BATTLE_TIE, **values)
        names = [name for _, name, _ in top.contributors[:BATTLE_TOP]]
        return tr(
            texts.BATTLE_RESULT,
            winner=top.room.title,
            top=tr.join(names) if names else tr(texts.BATTLE_NOBODY),
            **values,
        )

    async def _post(self, room: Room, text: str) -> None:
        try:
            await self.bot.send_message(room.chat_id, text)
        except TelegramAPIError as error:
            logger.warning("Room %s missed a joint show's post: %s", room.chat_id, error)
