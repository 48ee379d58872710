"""The live room's rules over the database: welcomes, announcements, banned words and strikes,
boosts, red envelopes, rankings and the post-show report. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.milestones import MilestoneRequest, reached
from domain.moderation import (
    MAX_WORDS_PER_ROOM,
    STRIKE_WINDOW,
    BannedWords,
)
from domain.popularity import Weights
from domain.rankings import TOP_SIZE, Activity
from domain.report import PartnerFigures, SegmentTiming, ShowReport, active_fans, per_minute
from domain.vocabulary import MilestoneTrigger
from domain.welcome import NAMES_PLACEHOLDER, WELCOME_TEXT_MAX_LENGTH, unknown_placeholders
from services.popularity import count, fans_between
from storage.gifts import GiftRepository
from storage.joint import JointRepository
from storage.live_room import (
    ActivityRepository,
    BannedWordRepository,
    BoostRepository,
    MilestoneRepository,
    StrikeRepository,
)
from storage.models import Broadcast, Milestone, Room, ShowFigures
from storage.repositories import RoomRepository
from storage.scripts import ScriptRepository
from storage.sql import insert_or_ignore

ANNOUNCEMENT_MAX_LENGTH = 1000
TOP_GIVERS_SHOWN = 3
# Rankings look back a week at most; the report looks at one show. Older activity is dropped.
ACTIVITY_KEPT = timedelta(days=8)


@dataclass(frozen=True)
class WordChange:
    changed: list[str]
    unchanged: list[str]


class LiveRoomService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.rooms = RoomRepository(session)
        self.activity = ActivityRepository(session)
        self.words = BannedWordRepository(session)
        self.strikes = StrikeRepository(session)
        self.boosts = BoostRepository(session)
        self.milestones = MilestoneRepository(session)

    # --- welcomes and announcements ------------------------------------------------------------
    async def set_welcome(self, room: Room, enabled: bool) -> Room:
        """The room as it is now."""
        room = await self.rooms.change(room.chat_id, welcome_enabled=enabled)
        await self.session.commit()
        return room

    async def set_welcome_text(self, room: Room, text: str) -> Room:
        """The room as it is now, with this welcome (turned on)."""
        text = text.strip()
        if not text or len(text) > WELCOME_TEXT_MAX_LENGTH:
            raise UserInputError(messages.ERR_WELCOME_TEXT, limit=WELCOME_TEXT_MAX_LENGTH)
        if unknown := unknown_placeholders(text):
            raise UserInputError(
                messages.ERR_WELCOME_PLACEHOLDER,
                unknown=", ".join(unknown),
                names=NAMES_PLACEHOLDER,
            )
        room = await self.rooms.change(room.chat_id, welcome_text=text, welcome_enabled=True)
        await self.session.commit()
        return room

    @staticmethod
    def check_announcement(text: str) -> str:
        text = text.strip()
        if len(text) > ANNOUNCEMENT_MAX_LENGTH:
            raise UserInputError(messages.ERR_ANNOUNCE_TOO_LONG, limit=ANNOUNCEMENT_MAX_LENGTH)
        return text

    async def set_announcement(self, room: Room, text: str | None, message_id: int | None) -> None:
        await self.rooms.change(
            room.chat_id, announcement=text, announcement_message_id=message_id
        )
        await self.session.commit()

    # --- activity -------------------------------------------------------------------------------
    async def record_join(self, room: Room, user_id: int, first_name: str, at: datetime) -> bool:
        """True when this newcomer waits for a welcome (welcomes on, and not seen before)."""
        created = await self.activity.add_join(
            room.chat_id, user_id, first_name, at, welcomed=not room.welcome_enabled
        )
        await self.session.commit()
        return created and room.welcome_enabled

    # --- banned words and strikes ---------------------------------------------------------------
    async def banned_words(self, room_chat_id: int) -> BannedWords:
        return BannedWords(await self.words.of(room_chat_id))

    async def ban(self, room: Room, words: list[str]) -> None:
        known = await self.words.of(room.chat_id)
        if len(set(known) | set(words)) > MAX_WORDS_PER_ROOM:
            raise UserInputError(messages.ERR_BANWORD_TOO_MANY, limit=MAX_WORDS_PER_ROOM)
        await self.words.add(room.chat_id, words)
        await self.session.commit()

    async def unban(self, room: Room, words: list[str]) -> WordChange:
        known = set(await self.words.of(room.chat_id))
        await self.words.remove(room.chat_id, words)
        await self.session.commit()
        return WordChange(
            [word for word in words if word in known],
            [word for word in words if word not in known],
        )

    async def strike(self, room_chat_id: int, user_id: int, message_id: int, at: datetime) -> int:
        """Record the strike (once per message) and return the author's strikes in the window."""
        await self.strikes.add(room_chat_id, user_id, message_id, at)
        await self.session.commit()
        return await self.strikes.count_since(room_chat_id, user_id, at - STRIKE_WINDOW)

    # --- boosts and red envelopes ---------------------------------------------------------------
    async def record_boost(
        self, room_chat_id: int, boost_id: str, user_id: int | None, first_name: str, at: datetime
    ) -> bool:
        created = await self.boosts.add(
            room_chat_id=room_chat_id,
            boost_id=boost_id,
            user_id=user_id,
            first_name=first_name,
            boosted_at=at,
        )
        await self.session.commit()
        return created

    async def arm(
        self,
        room: Room,
        request: MilestoneRequest,
        source_message_id: int,
        host: int | None,
        members: int | None = None,
    ) -> Milestone:
        """`members`: the room's count now; a threshold already reached is refused (it would
        open at once, announcing a number the room has passed)."""
        if request.threshold is not None and members is not None and members >= request.threshold:
            raise UserInputError(
                messages.ERR_MILESTONE_PASSED,
                threshold=request.threshold,
                members=members,
                lottery=request.lottery_args,
            )
        milestone = await self.milestones.add(
            room_chat_id=room.chat_id,
            trigger=request.trigger,
            threshold=request.threshold,
            lottery_args=request.lottery_args,
            created_by=host,
            source_message_id=source_message_id,
            created_at=self.clock.now(),
        )
        await self.session.commit()
        return milestone

    async def armed(self, room: Room) -> Sequence[Milestone]:
        return await self.milestones.active(room.chat_id)

    async def disarm(self, room: Room, milestone_id: int) -> None:
        milestone = await self.milestones.get(milestone_id)
        if (
            milestone is None
            or milestone.room_chat_id != room.chat_id
            or not await self.milestones.cancel(milestone_id)
        ):
            raise UserInputError(messages.ERR_MILESTONE_NOT_FOUND, id=milestone_id)
        await self.session.commit()

    async def lowest_member_threshold(self, room_chat_id: int) -> int | None:
        """The smallest member count an armed red envelope waits for, if any waits for one."""
        armed = await self.milestones.armed(room_chat_id, MilestoneTrigger.MEMBERS)
        return min((m.threshold for m in armed if m.threshold is not None), default=None)

    async def reach(
        self, room_chat_id: int, trigger: MilestoneTrigger, members: int | None = None
    ) -> list[Milestone]:
        """Mark the milestones this event reaches (each once, however often it is delivered)."""
        now = self.clock.now()
        fired = []
        for milestone in await self.milestones.armed(room_chat_id, trigger):
            if trigger is MilestoneTrigger.MEMBERS and not reached(
                milestone.threshold, members or 0
            ):
                continue
            if await self.milestones.reach(milestone.id, now, members):
                fired.append(milestone)
        await self.session.commit()
        return fired

    # --- rankings and the report ----------------------------------------------------------------
    async def ranking(self, room: Room, period: timedelta) -> list[Activity]:
        """The room's fans by the popularity they brought over `period` (room's weights)."""
        now = self.clock.now()
        weights = Weights.from_json(room.popularity_weights)
        fans = await fans_between(self.session, room.chat_id, weights, now - period, now)
        return fans[: TOP_SIZE * 3]  # room for skipping the admins among them

    async def report(
        self, room: Room, show: Broadcast, video_chat: timedelta | None = None
    ) -> ShowReport:
        start = show.started_at or show.starts_at
        end = show.ended_at or self.clock.now()
        fans, peak = active_fans(
            await self.activity.active_moments(room.chat_id, start, end), start
        )
        weights = Weights.from_json(room.popularity_weights)
        popularity = (await count(self.session, room.chat_id, start, end)).score(weights)
        gift_times = await GiftRepository(self.session).times(room.chat_id, start, end)
        message_times = await self.activity.message_times(room.chat_id, start, end)
        entry_times = await self.activity.entry_times(room.chat_id, start, end)
        gifts = GiftRepository(self.session)
        givers = await gifts.givers(room.chat_id, start, end)
        return ShowReport(
            title=show.title,
            started_at=start,
            ended_at=end,
            new_members=await self.activity.newcomers(room.chat_id, start, end),
            messages=len(message_times),
            entries=len(entry_times),
            winners=await self.activity.winners(room.chat_id, start, end),
            messages_per_minute=per_minute(message_times, start, end),
            entries_per_minute=per_minute(entry_times, start, end),
            gift_stars=sum(stars for _, _, stars in givers),
            top_givers=[(name or "", stars) for _, name, stars in givers[:TOP_GIVERS_SHOWN]],
            gifts_per_minute=per_minute(gift_times, start, end),
            gifts=len(gift_times),
            active_fans=fans,
            peak_active=peak,
            video_chat=video_chat,
            popularity=popularity,
            partner=await self._partner(show, start, end, weights),
            segments=[
                SegmentTiming(
                    segment.title,
                    timedelta(minutes=segment.minutes),
                    segment.started_at,
                    segment.ended_at or (end if segment.started_at is not None else None),
                    lottery=segment.lottery_args is not None,
                )
                for segment in await ScriptRepository(self.session).segments(show.id)
            ],
        )

    async def _partner(
        self, show: Broadcast, start: datetime, end: datetime, weights: Weights
    ) -> PartnerFigures | None:
        """A joint show's other room over the same time (its figures only, by the same
        weights: the report compares like with like)."""
        joint = await JointRepository(self.session).of_show(show.id)
        if joint is None:
            return None
        partner = await RoomRepository(self.session).get(joint.partner_of(show.room_chat_id))
        if partner is None:
            return None
        fans, _ = active_fans(
            await self.activity.active_moments(partner.chat_id, start, end), start
        )
        givers = await GiftRepository(self.session).givers(partner.chat_id, start, end)
        return PartnerFigures(
            title=partner.title,
            active_fans=fans,
            new_members=await self.activity.newcomers(partner.chat_id, start, end),
            entries=len(await self.activity.entry_times(partner.chat_id, start, end)),
            gift_stars=sum(stars for _, _, stars in givers),
            popularity=(await count(self.session, partner.chat_id, start, end)).score(weights),
        )

    async def keep_figures(self, show: Broadcast, report: ShowReport) -> None:
        """Keep the show's numbers (once): the activity they come from is purged in a week."""
        await self.session.execute(
            insert_or_ignore(self.session, ShowFigures)
            .values(
                broadcast_id=show.id,
                room_chat_id=show.room_chat_id,
                started_at=report.started_at,
                ended_at=report.ended_at,
                length_seconds=int(report.length.total_seconds()),
                active_fans=report.active_fans,
                peak_active=report.peak_active,
                new_members=report.new_members,
                entries=report.entries,
                gifts=report.gifts,
                gift_stars=report.gift_stars,
            )
            .on_conflict_do_nothing()
        )
        await self.session.commit()

    async def purge(self) -> None:
        await self.activity.purge(self.clock.now() - ACTIVITY_KEPT)
        await self.session.commit()
