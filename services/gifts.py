"""Gifts: a room's menu, recording what fans paid (exactly once), the big-gift red envelope, the
log and refunds, and the gifts leaderboard. No Telegram here (the refund itself is the bot's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.gifts import (
    BIG_GIFT_STARS,
    MAX_GIFTS_ON_MENU,
    Gift,
    GiftOrder,
    default_menu,
)
from domain.lottery import parse_lottery
from domain.vocabulary import MilestoneState, MilestoneTrigger
from storage.gifts import GiftMenuRepository, GiftRepository, GiverRow
from storage.live_room import MilestoneRepository
from storage.models import GiftRecord, Milestone, Room
from storage.repositories import RoomRepository

LOG_SIZE = 15
# A big gift's own red envelope is keyed by the gift, below the numbers messages use.
GIFT_SOURCES = -(2**41)


class GiftService:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.menus = GiftMenuRepository(session)
        self.gifts = GiftRepository(session)
        self.milestones = MilestoneRepository(session)
        self.rooms = RoomRepository(session)

    # --- the menu -----------------------------------------------------------------------------
    async def menu(self, room: Room, language: str | None = None) -> list[Gift]:
        """The room's menu; an uncustomised one in `language` (a fan's own), else the room's."""
        if not room.gift_menu_custom:
            return list(default_menu(language or room.language))
        items = await self.menus.items(room.chat_id)
        # Cheapest first, as fans read a price list (the order added means nothing to them).
        return sorted((Gift(i.emoji, i.name, i.stars) for i in items), key=lambda g: g.stars)

    async def add(self, room: Room, gift: Gift) -> None:
        """Put `gift` on the menu (in place of one with the same emoji)."""
        menu = await self.menu(room)
        position = next((i for i, g in enumerate(menu) if g.emoji == gift.emoji), None)
        if position is not None:
            menu[position] = gift
        elif len(menu) >= MAX_GIFTS_ON_MENU:
            raise UserInputError(messages.ERR_GIFT_MENU_FULL, limit=MAX_GIFTS_ON_MENU)
        else:
            menu.append(gift)
        await self._save(room, menu)

    async def remove(self, room: Room, emoji: str) -> None:
        menu = await self.menu(room)
        kept = [gift for gift in menu if gift.emoji != emoji]
        if len(kept) == len(menu):
            raise UserInputError(messages.ERR_GIFT_NOT_ON_MENU, emoji=emoji)
        if not kept:
            raise UserInputError(messages.ERR_GIFT_LAST)
        await self._save(room, kept)

    async def _save(self, room: Room, menu: list[Gift]) -> None:
        await self.menus.replace(room.chat_id, [(g.emoji, g.name, g.stars) for g in menu])
        await self.session.commit()
        room.gift_menu_custom = True

    async def on_menu(self, order: GiftOrder) -> tuple[Room, Gift] | None:
        """The room and gift a checkout is for, if the room exists and the gift is still on its
        menu at that price (what the pre-checkout answer checks)."""
        room = await self.rooms.get(order.room_chat_id)
        if room is None:
            return None
        for gift in await self.menu(room):
            if gift.emoji == order.emoji and gift.stars == order.stars:
                return room, gift
        return None

    async def paid_for(self, order: GiftOrder, stars: int) -> tuple[Room, Gift] | None:
        """The room and gift a payment was for: the gift's name from the menu (which may have
        changed since the fan paid), the Stars actually paid. None if the room is gone."""
        room = await self.rooms.get(order.room_chat_id)
        if room is None:
            return None
        menu = await self.menu(room)
        name = next((gift.name for gift in menu if gift.emoji == order.emoji), order.emoji)
        return room, Gift(order.emoji, name, stars)

    # --- the big-gift red envelope ------------------------------------------------------------
    async def big_rule(self, room: Room) -> Milestone | None:
        rules = await self.milestones.armed(room.chat_id, MilestoneTrigger.GIFT)
        return rules[-1] if rules else None

    async def arm_big(
        self, room: Room, stars: int, lottery_args: str, source: int, host: int | None
    ) -> Milestone:
        """Every gift of at least `stars` opens a lottery (`lottery_args` as after /lottery);
        it replaces the rule before."""
        parse_lottery(lottery_args)  # refused now, not when a fan's gift meets it
        for rule in await self.milestones.armed(room.chat_id, MilestoneTrigger.GIFT):
            await self.milestones.cancel(rule.id)
        rule = await self.milestones.add(
            room_chat_id=room.chat_id,
            trigger=MilestoneTrigger.GIFT,
            threshold=stars,
            lottery_args=lottery_args,
            created_by=host,
            source_message_id=source,
            created_at=self.clock.now(),
        )
        await self.session.commit()
        return rule

    async def disarm_big(self, room: Room) -> bool:
        rules = await self.milestones.armed(room.chat_id, MilestoneTrigger.GIFT)
        for rule in rules:
            await self.milestones.cancel(rule.id)
        await self.session.commit()
        return bool(rules)

    async def big_threshold(self, room: Room) -> int:
        """From how many Stars a gift is big: the big-gift rule's, else BIG_GIFT_STARS."""
        rule = await self.big_rule(room)
        return rule.threshold if rule and rule.threshold else BIG_GIFT_STARS

    async def is_big(self, room: Room, stars: int) -> bool:
        return stars >= await self.big_threshold(room)

    # --- gifts given --------------------------------------------------------------------------
    async def record(
        self,
        room: Room,
        gift: Gift,
        user_id: int,
        first_name: str,
        charge_id: str,
        at: datetime,
        paid_message: bool = False,
    ) -> GiftRecord | None:
        """The gift, recorded once per charge (None: this payment was recorded already). A
        gift that meets the big-gift rule opens its own red envelope (waiting its turn)."""
        record = await self.gifts.add(
            room_chat_id=room.chat_id,
            user_id=user_id,
            first_name=first_name,
            emoji=gift.emoji,
            name=gift.name,
            stars=gift.stars,
            charge_id=charge_id,
            paid_message=paid_message,
            given_at=at,
        )
        if record is None:
            await self.session.rollback()
            return None
        rule = await self.big_rule(room)
        if rule is not None and rule.threshold is not None and gift.stars >= rule.threshold:
            await self.milestones.add(
                room_chat_id=room.chat_id,
                trigger=MilestoneTrigger.GIFT,
                threshold=rule.threshold,
                lottery_args=rule.lottery_args,
                state=MilestoneState.REACHED,
                created_by=rule.created_by,
                source_message_id=GIFT_SOURCES - record.id,
                created_at=at,
                reached_at=at,
            )
        await self.session.commit()
        return record

    async def first_unthanked(self) -> Sequence[tuple[int, datetime]]:
        return await self.gifts.first_unthanked()

    async def take_unthanked(self, room_chat_id: int) -> list[GiftRecord]:
        taken = await self.gifts.take_unthanked(room_chat_id)
        await self.session.commit()
        return taken

    async def log(self, room: Room) -> Sequence[GiftRecord]:
        return await self.gifts.recent(room.chat_id, LOG_SIZE)

    async def refundable(self, room: Room, gift_id: int) -> GiftRecord:
        """The gift to refund, or why it cannot be."""
        gift = await self.gifts.get(gift_id)
        if gift is None or gift.room_chat_id != room.chat_id:
            raise UserInputError(messages.ERR_GIFT_NOT_FOUND, id=gift_id)
        if gift.refunded_at is not None:
            raise UserInputError(messages.ERR_REFUND_DONE, id=gift_id)
        if gift.paid_message:
            raise UserInputError(messages.ERR_REFUND_PAID_MESSAGE, id=gift_id)
        if gift.user_id is None:
            raise UserInputError(messages.ERR_REFUND_FORGOTTEN, id=gift_id)
        return gift

    async def refunded(self, gift: GiftRecord) -> None:
        """Telegram gave the Stars back: the gift leaves the rankings and the totals."""
        await self.gifts.refunded(gift.id, self.clock.now())
        await self.session.commit()

    async def forget(self, user_id: int) -> int:
        """The fan's name leaves their gifts; the amounts stay, anonymous."""
        forgotten = await self.gifts.forget(user_id)
        await self.session.commit()
        return forgotten

    async def top_givers(self, room: Room, period: timedelta) -> list[GiverRow]:
        now = self.clock.now()
        return await self.gifts.givers(room.chat_id, now - period, now + timedelta(seconds=1))
