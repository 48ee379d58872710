"""Lottery use-cases: starting, entering, cancelling, share links. No Telegram here; the rules
they apply are in domain/lottery.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.draw import Proof, commitment, new_seed
from domain.errors import LotteryRunning, UserInputError
from domain.fairplay import Excluded, apart
from domain.lottery import Entered, LotteryRequest
from domain.vocabulary import ClaimStatus, LotteryKind
from services.entries import EntryDesk
from services.joint import Joint
from storage.fairplay import ExclusionRepository
from storage.lotteries import EntryRepository, LotteryRepository, ShareRepository
from storage.models import Exclusion, Lottery, Room, ShareLink
from storage.winners import WinnerRepository


class LotteryService:
    def __init__(
        self,
        session: AsyncSession,
        clock: Clock,
        draw_delay: timedelta,
        desk: EntryDesk,
    ) -> None:
        self.session = session
        self.clock = clock
        self.draw_delay = draw_delay
        self.desk = desk
        self.lotteries = LotteryRepository(session)
        self.entries = EntryRepository(session)
        self.shares = ShareRepository(session)

    async def start(
        self,
        room: Room,
        request: LotteryRequest,
        source_message_id: int,
        created_by: int | None,
        joint: Joint | None = None,
    ) -> tuple[Lottery, bool]:
        """Create the lottery; (lottery, False) when this command was already handled. With
        `joint` (the joint show on air), one lottery for both rooms; the prize is this room's."""
        if request.kind is LotteryKind.FOLLOW and room.channel_chat_id is None:
            raise UserInputError(messages.ERR_NO_CHANNEL)
        partner = joint.partner if joint is not None else None
        if partner is not None:
            if request.kind is LotteryKind.FOLLOW and partner.channel_chat_id is None:
                raise UserInputError(messages.ERR_JOINT_PARTNER_CHANNEL, partner=partner.title)
            busy = await self.lotteries.running_in(partner.chat_id)
            if busy is not None and busy.source_message_id != source_message_id:
                raise UserInputError(messages.ERR_JOINT_PARTNER_BUSY, partner=partner.title)
        here = await self.lotteries.running_in(room.chat_id)
        if here is not None and here.room_chat_id != room.chat_id:
            raise LotteryRunning(here.id)  # the partner's joint lottery runs here
        now = self.clock.now()
        seed = new_seed()
        countdown = request.countdown or self.draw_delay
        rules = room.fair_play  # as the lottery starts: the rules its card shows
        lottery, created = await self.lotteries.add(
            room_chat_id=room.chat_id,
            kind=request.kind,
            prize=request.prize,
            winners_count=request.winners,
            password=request.password,
            channel_chat_id=room.channel_chat_id if request.kind is LotteryKind.FOLLOW else None,
            channel_name=room.channel_name if request.kind is LotteryKind.FOLLOW else None,
            seed=seed,
            commitment=commitment(seed),
            draw_at=now + countdown,
            created_at=now,
            countdown_seconds=int(countdown.total_seconds()),
            min_entrants=request.minimum,
            cap_wins=rules.cap_wins,
            cap_days=rules.cap_days,
            fresh_first=rules.fresh_first,
            members_only=rules.members_only,
            human_check=rules.human_check,
            created_by=created_by,
            source_message_id=source_message_id,
            min_level=request.condition.min_level if request.condition else None,
            min_checkins=request.condition.min_checkins if request.condition else None,
            joint_id=joint.joint.id if joint is not None else None,
            partner_chat_id=partner.chat_id if partner is not None else None,
            partner_channel_chat_id=partner.channel_chat_id
            if partner is not None and request.kind is LotteryKind.FOLLOW
            else None,
            partner_channel_name=partner.channel_name
            if partner is not None and request.kind is LotteryKind.FOLLOW
            else None,
        )
        await self.session.commit()
        if lottery is None:
            running = await self.lotteries.running(room.chat_id)
            raise LotteryRunning(running.id if running else "?")
        return lottery, created

    async def refusal(self, lottery: Lottery, user_id: int, at: datetime) -> Entered | None:
        """Why this fan cannot enter now (the entry rule, the room's admins included)."""
        return await self.desk.refusal(lottery, user_id, at)

    async def enter(
        self,
        lottery: Lottery,
        user_id: int,
        first_name: str,
        at: datetime,
        language: str | None = None,
        chat_id: int | None = None,
    ) -> Entered:
        """One entry per fan (services/entries.py applies the rule and writes it); `chat_id`:
        the room entered from."""
        # Hand our pooled connection back first: a crowd of handlers each holding one while
        # waiting for the group-commit writer would leave none for the writer itself.
        await self.session.commit()
        return await self.desk.enter(lottery, user_id, first_name, at, language, chat_id)

    async def entered(self, lottery: Lottery, user_id: int) -> bool:
        return await self.entries.exists(lottery.id, user_id)

    async def get(self, lottery_id: int) -> Lottery | None:
        return await self.lotteries.get(lottery_id)

    async def rerollable(self, lottery: Lottery) -> tuple[bool, datetime | None]:
        """Whether a prize of `lottery` may be re-drawn now (expired, not yet replaced), and
        when the first prize still waiting for its winner's details may be (None: none waits)."""
        winners = await WinnerRepository(self.session).of(lottery.id)
        expired = any(w.status is ClaimStatus.EXPIRED and not w.replaced for w in winners)
        deadlines = [
            w.claim_deadline
            for w in winners
            if w.status is ClaimStatus.WAITING and w.claim_deadline is not None
        ]
        return expired, min(deadlines, default=None)

    async def proof(self, lottery: Lottery) -> Proof:
        """Everything needed to check a drawn lottery's draw (and its re-draws)."""
        entrants = await self.entries.before(lottery.id, lottery.draw_at)
        winners = await WinnerRepository(self.session).of(lottery.id)
        ruled = await ExclusionRepository(self.session).of(lottery.id)
        kept_out, behind = apart((row.user_id, row.rule) for row in ruled)
        return Proof(
            lottery_id=lottery.id,
            seed=lottery.seed,
            commitment=lottery.commitment,
            winners_count=lottery.winners_count,
            entrants=list(entrants),
            entrants_digest=lottery.entrants_digest or "",
            winners=[winner.user_id for winner in winners],
            skipped=lottery.skipped,
            rerolled=[winner.user_id for winner in winners if winner.replaced],
            condition=str(lottery.condition) if lottery.condition else None,
            rules=proof_rules(lottery, ruled),
            excluded={str(user_id): rule for user_id, rule in kept_out.items()},
            demoted=sorted(behind),
            rooms=await self._rooms(lottery, entrants),
        )

    async def _rooms(self, lottery: Lottery, entrants: Sequence[int]) -> dict[str, int]:
        """A joint lottery's proof lists each entrant's room (empty for one room's lottery)."""
        if lottery.partner_chat_id is None:
            return {}
        partner = await self.entries.rooms_of(lottery.id)
        return {str(user): partner.get(user, lottery.room_chat_id) for user in entrants}

    async def cancel_running(self, room: Room) -> Lottery:
        lottery = await self.lotteries.running(room.chat_id)
        if lottery is None or not await self.lotteries.cancel(lottery.id):
            raise UserInputError(messages.ERR_NO_RUNNING_LOTTERY)
        await self.session.commit()
        return lottery

    async def share_link(self, lottery: Lottery, user_id: int) -> tuple[ShareLink | None, int]:
        link = await self.shares.link_of(lottery.id, user_id)
        return link, (await self.shares.joins(link.id) if link else 0)

    async def save_share_link(
        self, lottery: Lottery, user_id: int, first_name: str, invite_link: str
    ) -> ShareLink:
        link = await self.shares.add_link(
            lottery.id, user_id, first_name, invite_link, self.clock.now()
        )
        await self.session.commit()
        return link

    async def credit_share(self, invite_link: str, joined_user_id: int, at: datetime) -> bool:
        """Someone joined through a fan's link: the fan is entered (if in time). True if new."""
        link = await self.shares.by_invite_link(invite_link)
        if link is None or link.user_id == joined_user_id:
            return False
        lottery = await self.lotteries.get(link.lottery_id)
        if lottery is None or await self.desk.refusal(lottery, link.user_id, at) is Entered.CLOSED:
            return False
        counted = await self.shares.add_join(link, joined_user_id, at)
        await self.session.commit()
        # After the join is stored: a re-delivered join enters the fan again, idempotently.
        await self.desk.enter(lottery, link.user_id, link.first_name, at)
        return counted


def proof_rules(lottery: Lottery, ruled: Sequence[Exclusion]) -> dict[str, Any] | None:
    """The fair play rules in force at the draw, as the proof states them (None for a lottery
    under none, so its proof reads as it did before the rules existed)."""
    rules: dict[str, Any] = {}
    if lottery.cap_wins is not None:
        rules |= {"cap_wins": lottery.cap_wins, "cap_days": lottery.cap_days}
    if lottery.fresh_first:
        rules |= {"fresh_first": True, "fresh_days": lottery.cap_days}
    if lottery.members_only:
        rules["members_only"] = True
    if lottery.blocked_digest is not None:
        rules["block_list_digest"] = lottery.blocked_digest
    if lottery.min_entrants is not None:
        rules |= {"minimum": lottery.min_entrants, "extended": lottery.extended}
    if lottery.human_check:
        rules["human_check"] = True
    removed = {str(row.user_id): row.reason or "" for row in ruled if row.rule == Excluded.REMOVED}
    if removed:
        rules["removed"] = removed
    if not rules and lottery.countdown_seconds is None:
        return None
    if lottery.countdown_seconds is not None:
        rules["countdown_seconds"] = lottery.countdown_seconds
    return rules
