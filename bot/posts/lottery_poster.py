"""Due work for lotteries: the live card, the draw at the deadline, the one result message.

As with broadcasts, the database is the truth and every step is claimed with a compare-and-set:
racing timers, a restart, or two processes can neither draw twice nor announce twice. If the
bot was down at the deadline it draws on start-up, counting only entries made before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial

from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
)
from aiogram.utils.deep_linking import create_start_link
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.admins import follows
from bot.ephemeral import to_member
from bot.i18n import Translator, language_for
from bot.posts.lottery import lottery_card, mention, result_text
from bot.posts.poster import Poster, PosterContext
from bot.render import local_datetime_zoned, local_time_of_day
from bot.room_lookups import RoomLookups
from domain.claims import claim_reminder_lead
from domain.fairplay import Shortfall
from domain.vocabulary import LotteryStatus
from services.claims import ClaimService
from services.crypto import Cipher
from services.draws import Drawn, Draws, Notice
from services.entries import EntryDesk
from services.fairplay import Short
from services.lottery import LotteryService
from services.lottery_posts import LotteryPosts
from storage.models import Lottery, Room, Winner
from storage.posts import RESULT

logger = logging.getLogger(__name__)

CLAIM_PAYLOAD_PREFIX = "claim_"


def claim_payload(lottery_id: int) -> str:
    return f"{CLAIM_PAYLOAD_PREFIX}{lottery_id}"


class LotteryPoster(Poster):
    def __init__(
        self,
        context: PosterContext,
        draw_delay: timedelta,
        card_refresh_seconds: float,
        claim_hours: float,
        retention: timedelta,
        cipher: Cipher,
        entries: EntryDesk,
        lookups: RoomLookups,
    ) -> None:
        super().__init__(context)
        self.draw_delay = draw_delay
        self.card_refresh_seconds = card_refresh_seconds
        self.claim_hours = claim_hours
        self.retention = retention
        self.cipher = cipher
        self.entries = entries
        self.lookups = lookups
        self.lottery_posts = LotteryPosts(self.session_factory, self.clock, cipher)
        self.draws = Draws(
            self.session_factory,
            self.clock,
            timedelta(hours=claim_hours),
            partial(follows, self.bot),
        )

    def claims(self, session: AsyncSession) -> ClaimService:
        return ClaimService(session, self.clock, self.cipher)

    def service(self, session: AsyncSession) -> LotteryService:
        return LotteryService(session, self.clock, self.draw_delay, self.entries)

    async def _claim_button(self, lottery_id: int, tr: Translator) -> InlineKeyboardMarkup:
        """ "Claim your prize": a deep link into the private chat, where the claim dialog runs."""
        link = await create_start_link(self.bot, claim_payload(lottery_id))
        button = InlineKeyboardButton(text=tr(texts.BUTTON_CLAIM), url=link)
        return InlineKeyboardMarkup(inline_keyboard=[[button]])

    def plan(self, lottery: Lottery) -> None:
        if lottery.status == LotteryStatus.OPEN:
            self.planner.wake(self.name, f"draw:{lottery.id}", lottery.draw_at)

    def unplan(self, lottery_id: int) -> None:
        self.planner.cancel(f"draw:{lottery_id}")

    async def start(self) -> None:
        for lottery in await self.lottery_posts.open_lotteries():
            self.plan(lottery)
        await self.run_due()

    # --- the card ------------------------------------------------------------------------------
    async def started(self, lottery: Lottery, created: bool) -> None:
        """A lottery was started, however (a command, the wizard, a red envelope): its card
        goes up. A start delivered again whose first run died before posting it posts it now."""
        if created or lottery.card_message_id is None:
            await self.post_card(lottery)

    async def post_card(self, lottery: Lottery) -> None:
        """The card in each room whose fans may enter (a joint lottery's partner room too),
        each in its room's language."""
        self._forget(lottery)
        rooms = await self._rooms(lottery)
        for shown_in, partner in zip(rooms, (False, True), strict=False):
            text, markup = self._card(lottery, rooms, shown_in, 0, None)
            message = await self.bot.send_message(shown_in.chat_id, text, reply_markup=markup)
            await self.lottery_posts.card_posted(lottery.id, message.message_id, partner)
            if not partner:
                self.plan(lottery)

    async def _rooms(self, lottery: Lottery, own: Room | None = None) -> list[Room]:
        """The rooms whose fans may enter the lottery: its own (`own`, when already read),
        then a joint lottery's partner room."""
        rooms = [own or await self.lottery_posts.room(lottery.room_chat_id)]
        if lottery.partner_chat_id is not None:
            rooms.append(await self.lottery_posts.room(lottery.partner_chat_id))
        return rooms

    def _card(
        self,
        lottery: Lottery,
        rooms: list[Room],
        shown_in: Room,
        entrants: int,
        footer: str | None,
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The card as `shown_in` shows it (a joint lottery's names the other of `rooms` and
        whose prize it is); `footer`: a text id (closed, cancelled), in the room's language."""
        tr = Translator(self.i18n, shown_in.language)
        joint = None
        if len(rooms) == 2:
            owner, partner = rooms
            other = partner if shown_in.chat_id == owner.chat_id else owner
            joint = (other.title, owner.title)
        return lottery_card(lottery, shown_in, entrants, tr, tr(footer) if footer else None, joint)

    async def _edit_card(
        self, lottery: Lottery, room: Room, entrants: int, footer: str | None
    ) -> None:
        """Edit the lottery's card(s): its own room's (`room`), and a joint lottery's in the
        partner room; `footer` is a text id, said in each room's language."""
        rooms = await self._rooms(lottery, room)
        ids = (lottery.card_message_id, lottery.partner_card_message_id)
        for shown_in, message_id in zip(rooms, ids, strict=False):
            if message_id is None:
                continue
            text, markup = self._card(lottery, rooms, shown_in, entrants, footer)
            await self.edit_post(
                shown_in.chat_id, message_id, text, markup, f"Card of lottery {lottery.id}"
            )

    async def refresh_cards(self) -> None:
        """Show the live entrant count by editing each card at a throttled pace (never a post
        per fan): at most one edit per card per CARD_REFRESH_SECONDS, and only on change."""
        for lottery, room, count in await self.lottery_posts.counts_to_show():
            await self._edit_card(lottery, room, count, None)

    # --- the draw ------------------------------------------------------------------------------
    async def run_due(self) -> None:
        async with self._lock:
            due = await self.draws.draw_due(self.abandoned_before())
            for short in due.short:
                await self._short(short)
            for lottery in due.drawn:
                self._drawn(lottery.lottery)
                await self.announce(lottery)
            for lottery in await self.draws.unannounced(self.abandoned_before()):
                await self.announce(lottery)
            await self._claims_upkeep()

    async def _short(self, short: Short) -> None:
        """Too few entrants at the deadline: one more countdown, then no draw; the room(s) hear
        which, and the card(s) show the new draw time or that it is cancelled."""
        lottery = short.lottery
        self._forget(lottery)
        room = await self.lottery_posts.room(lottery.room_chat_id)
        values = {
            "id": lottery.id,
            "prize": lottery.prize,
            "entrants": short.entrants,
            "minimum": lottery.min_entrants or 0,
        }
        if short.fate is Shortfall.EXTEND:
            self.plan(lottery)
            await self._edit_card(lottery, room, short.entrants, None)
            await self._tell_rooms(
                lottery,
                lambda shown_in, tr: tr(
                    texts.LOTTERY_EXTENDED,
                    draw_time=local_time_of_day(lottery.draw_at, shown_in.timezone, tr.locale),
                    timezone=shown_in.timezone,
                    **values,
                ),
            )
        else:
            self.unplan(lottery.id)
            await self._edit_card(lottery, room, short.entrants, texts.CARD_SHORT)
            await self._tell_rooms(lottery, lambda _, tr: tr(texts.LOTTERY_SHORT, **values))

    async def _tell_rooms(
        self, lottery: Lottery, text_for: Callable[[Room, Translator], str]
    ) -> None:
        """A post in each room whose fans may enter the lottery, in that room's language."""
        for chat_id in lottery.rooms():
            room = await self.lottery_posts.room(chat_id)
            try:
                await self.bot.send_message(
                    chat_id, text_for(room, Translator(self.i18n, room.language))
                )
            except TelegramAPIError as error:
                logger.warning("Lottery %s: post in %s not sent: %s", lottery.id, chat_id, error)

    def _forget(self, lottery: Lottery) -> None:
        """The lottery started, moved or ended: every room it runs in reads it afresh."""
        for chat_id in lottery.rooms():
            self.lookups.forget_running_lottery(chat_id)

    def _result(self, drawn: Drawn, tr: Translator) -> tuple[str, list[MessageEntity] | None]:
        """The result in `tr`'s language: every winner by name, or that nobody entered."""
        lottery = drawn.lottery
        if not drawn.winners:
            return tr(texts.RESULT_NOBODY, id=lottery.id, prize=lottery.prize), None
        names = [(w.user_id, w.first_name) for w in drawn.winners]
        return result_text(lottery, names, tr, (drawn.kept_out, drawn.moved_behind))

    async def _partner_result(self, drawn: Drawn) -> None:
        """A joint lottery's result in the partner room too: the same draw, that room's words."""
        lottery = drawn.lottery
        if lottery.partner_chat_id is None:
            return
        partner = await self.lottery_posts.room(lottery.partner_chat_id)
        tr = Translator(self.i18n, partner.language)
        text, entities = self._result(drawn, tr)
        if drawn.winners:
            text += "\n" + tr(texts.RESULT_JOINT, room=drawn.room.title, partner=partner.title)
        try:
            await self.bot.send_message(partner.chat_id, text, entities=entities)
        except TelegramAPIError as error:
            logger.warning(
                "Lottery %s: result in %s not sent: %s", lottery.id, partner.title, error
            )

    async def _claims_upkeep(self) -> None:
        """Remind winners who have not claimed, expire missed deadlines, purge old details."""
        to_remind = await self.lottery_posts.claims_upkeep(
            claim_reminder_lead(self.claim_hours), self.retention
        )
        for winner in to_remind:
            await self._remind_claim(winner)

    async def _remind_claim(self, winner: Winner) -> None:
        taken = await self.lottery_posts.take_reminder(winner)
        if taken is None:
            return
        user, lottery, room = taken
        tr = Translator(self.i18n, user.language)
        deadline = local_datetime_zoned(
            winner.claim_deadline or self.clock.now(), room.timezone, tr.locale
        )
        markup = await self._claim_button(lottery.id, tr)
        try:
            await self.bot.send_message(
                winner.user_id,
                tr(texts.CLAIM_REMINDER, prize=lottery.prize, deadline=deadline),
                reply_markup=markup,
            )
        except TelegramAPIError as error:
            logger.info("Claim reminder for winner %s not sent: %s", winner.id, error)

    async def reroll(self, lottery_id: int) -> None:
        """Re-draw the expired prizes (`Draws.redraw`), then tell the room and the new winners."""
        redraw = await self.draws.redraw(lottery_id)
        drawn = redraw.drawn
        lottery, room = drawn.lottery, drawn.room
        tr = Translator(self.i18n, room.language)
        template = tr(texts.REROLL_RESULT, id=lottery.id, prize=lottery.prize, winners="\0")
        if redraw.unawarded:
            template += "\n" + tr.plural(texts.UNAWARDED_REROLL, redraw.unawarded)
        text, entities = mention(
            template, [(w.user_id, w.first_name) for w in drawn.winners], tr(texts.LIST_SEPARATOR)
        )
        markup = await self._claim_button(lottery.id, tr)
        await self.bot.send_message(room.chat_id, text, entities=entities, reply_markup=markup)
        await self._tap_winners(drawn)
        await self._tell_privately(drawn, await self.draws.notices(drawn))

    async def draw(self, lottery_id: int) -> None:
        lottery = await self.draws.draw(lottery_id)
        if lottery is not None:
            self._drawn(lottery)

    def _drawn(self, lottery: Lottery) -> None:
        self.unplan(lottery.id)
        self._forget(lottery)

    async def announce(self, drawn: Drawn) -> None:
        """Post the result of a lottery whose result post this process claimed; then close
        its card and tell the winners."""
        lottery, room, winners = drawn.lottery, drawn.room, drawn.winners
        tr = Translator(self.i18n, room.language)
        text, entities = self._result(drawn, tr)
        markup = await self._claim_button(lottery.id, tr) if winners else None
        notices: list[Notice] = []

        async def posted(message_id: int) -> None:
            notices.extend(await self.draws.posted(drawn, message_id))

        message = await self.send_post(
            RESULT,
            lottery.id,
            lambda: self.bot.send_message(
                room.chat_id, text, entities=entities, reply_markup=markup
            ),
            posted,
        )
        if message is not None:
            # The card is closed after the result, not before: in one group the flood limit
            # spaces messages a second apart, and the result is what everyone waits for.
            await self._edit_card(lottery, room, lottery.entrants_count or 0, texts.CARD_CLOSED)
            await self._partner_result(drawn)
            await self._tap_winners(drawn)
            await self._tell_privately(drawn, notices)

    async def _tap_winners(self, drawn: Drawn) -> None:
        """Each winner hears it twice: in the room, where only they see it (so a winner who
        never opened a private chat with the bot is reached too), and privately if possible."""
        lottery, room = drawn.lottery, drawn.room
        for winner in drawn.winners:
            # Seen by the winner alone: in their own language, as the pop-ups they got on
            # entering (their private chat's, else their Telegram's then), else the room's.
            user, code = drawn.known.get(winner.user_id), drawn.entered_in.get(winner.user_id)
            if user is not None:
                language = user.language
            elif code is not None:
                language = language_for(code, self.default_language)  # as the pop-ups chose
            else:
                language = room.language
            tr = Translator(self.i18n, language)
            self.outbox.post(
                to_member(
                    drawn.partner_room_of.get(winner.user_id, room.chat_id),
                    winner.user_id,
                    tr(texts.WINNER_TAP, prize=lottery.prize),
                    reply_markup=await self._claim_button(lottery.id, tr),
                )
            )

    async def _tell_privately(self, drawn: Drawn, notices: Sequence[Notice]) -> None:
        for winner, user in notices:
            tr = Translator(self.i18n, user.language)
            try:
                await self.bot.send_message(
                    winner.user_id,
                    tr(texts.WINNER_PRIVATE, prize=drawn.lottery.prize, room=drawn.room.title),
                    reply_markup=await self._claim_button(drawn.lottery.id, tr),
                )
            except TelegramAPIError as error:
                logger.info("Winner %s not told privately: %s", winner.user_id, error)

    async def cancelled(self, lottery: Lottery) -> None:
        """After /lottery_cancel: no draw, the card(s) say so, and the room(s) are told."""
        self.unplan(lottery.id)
        self._forget(lottery)
        room, count = await self.lottery_posts.final_count(lottery)
        await self._edit_card(lottery, room, count, texts.CARD_CANCELLED)
        await self._tell_rooms(
            lottery, lambda _, tr: tr(texts.LOTTERY_CANCELLED, id=lottery.id, prize=lottery.prize)
        )
