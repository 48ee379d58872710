"""Gifts in Telegram Stars: the host's menu, big-gift envelopes, the log and refunds; a fan's
gift menu; and the payments themselves (recorded once, receipted, thanked by the room)."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.methods import SendMessage
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    PreCheckoutQuery,
    Update,
)
from aiogram.utils.deep_linking import create_start_link

from bot import texts
from bot.admins import follows
from bot.background import Background
from bot.ephemeral import to_presser
from bot.filters import IN_GROUP, IN_PRIVATE, command_source, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.payments import InvoiceLinks, PreCheckoutMiddleware
from bot.posts.gift_poster import GiftPoster
from bot.render import GiftMenu, local_datetime, payload_id
from domain.errors import UserInputError
from domain.gifts import PAID_MESSAGE_EMOJI, Gift, check_stars, parse_gift, parse_payload
from domain.lottery import parse_lottery
from domain.schedule import IdKind, parse_id
from services.broadcasts import BroadcastService
from services.gifts import GiftService
from services.rooms import RoomService
from storage.models import Milestone, Room

logger = logging.getLogger(__name__)
GIFTS_PAYLOAD_PREFIX = "gifts_"
# /gift in private shows the menus of this many of the fan's rooms at most (one message each).
MOST_PRIVATE_MENUS = 5


# --- hosts -----------------------------------------------------------------------------------
async def cmd_gifts(
    message: Message,
    room: Room,
    command: CommandObject,
    gifts: GiftService,
    tr: Translator,
    outbox: Outbox,
    event_update: Update,
) -> None:
    action, _, rest = (command.args or "").strip().partition(" ")
    match action.lower():
        case "":
            reply = await _menu_text(room, gifts, tr)
        case "add":
            gift = parse_gift(rest)
            await gifts.add(room, gift)
            reply = tr(texts.GIFT_ADDED, emoji=gift.emoji, name=gift.name, stars=gift.stars)
        case "remove":
            if not rest.strip():
                raise UserInputError(texts.GIFTS_REMOVE_USAGE)
            await gifts.remove(room, rest.strip())
            reply = tr(texts.GIFT_REMOVED, emoji=rest.strip())
        case "big":
            reply = await _big(message, room, rest.strip(), gifts, tr, event_update)
        case "log":
            reply = await _log(room, gifts, tr)
        case _:
            raise UserInputError(texts.ERR_GIFTS_ACTION, value=action)
    await outbox.reply(message, reply)


async def _menu_text(room: Room, gifts: GiftService, tr: Translator) -> str:
    lines = [tr(texts.GIFTS_MENU_HEADER)]
    lines += [
        tr(texts.GIFTS_MENU_ITEM, emoji=g.emoji, name=g.name, stars=g.stars)
        for g in await gifts.menu(room)
    ]
    rule = await gifts.big_rule(room)
    if rule is not None:
        lines.append(_rule_line(rule, tr))
    lines += ["", tr(texts.GIFTS_HOST_USAGE)]
    return "\n".join(lines)


def _rule_line(rule: Milestone, tr: Translator) -> str:
    prize = parse_lottery(rule.lottery_args).prize  # checked when it was armed
    return tr(texts.GIFTS_BIG_RULE, id=rule.id, threshold=rule.threshold, prize=prize)


async def _big(
    message: Message,
    room: Room,
    args: str,
    gifts: GiftService,
    tr: Translator,
    event_update: Update,
) -> str:
    if not args:
        rule = await gifts.big_rule(room)
        if rule is None:
            return f"{tr(texts.GIFTS_BIG_NONE)}\n{tr(texts.GIFTS_BIG_USAGE)}"
        return _rule_line(rule, tr)
    if args.lower() == "off":
        await gifts.disarm_big(room)
        return tr(texts.GIFTS_BIG_OFF)
    stars, _, lottery_args = args.partition(" ")
    if not lottery_args.strip():
        raise UserInputError(texts.GIFTS_BIG_USAGE)
    threshold = check_stars(stars)
    rule = await gifts.arm_big(
        room,
        threshold,
        lottery_args.strip(),
        command_source(message, event_update),
        host_of(message),
    )
    prize = parse_lottery(rule.lottery_args).prize
    return tr(texts.GIFTS_BIG_ARMED, id=rule.id, stars=threshold, prize=prize)


async def _log(room: Room, gifts: GiftService, tr: Translator) -> str:
    recent = await gifts.log(room)
    if not recent:
        return tr(texts.GIFTS_LOG_EMPTY)
    lines = [tr(texts.GIFTS_LOG_HEADER)]
    lines.extend(
        tr(
            texts.GIFTS_LOG_REFUNDED if gift.refunded_at else texts.GIFTS_LOG_ITEM,
            id=gift.id,
            when=local_datetime(gift.given_at, room.timezone, tr.locale),
            name=gift.first_name or tr(texts.ANONYMOUS_GIVER),
            emoji=gift.emoji,
            stars=gift.stars,
        )
        for gift in recent
    )
    return "\n".join(lines)


async def cmd_refund(
    message: Message,
    room: Room,
    command: CommandObject,
    gifts: GiftService,
    rooms: RoomService,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if not (command.args or "").strip():
        raise UserInputError(texts.REFUND_USAGE)
    gift_id = parse_id(command.args or "", IdKind.GIFT)
    gift = await gifts.refundable(room, gift_id)
    assert gift.user_id is not None
    try:
        await bot.refund_star_payment(gift.user_id, gift.charge_id)
    except TelegramBadRequest as error:
        # Telegram said no: the gift stays as it was, and the host hears why.
        raise UserInputError(texts.ERR_REFUND_REFUSED, id=gift.id, reason=error.message) from None
    await gifts.refunded(gift)
    name = gift.first_name or tr(texts.ANONYMOUS_GIVER)
    await outbox.reply(message, tr(texts.REFUNDED, id=gift.id, stars=gift.stars, name=name))
    # The fan hears it too (where the bot may write to them): Stars appearing back unexplained
    # would puzzle anyone.
    fan = await rooms.user(gift.user_id)
    if fan is not None and fan.reachable:
        fan_tr = tr.for_locale(fan.language)
        told = fan_tr(
            texts.REFUNDED_TO_FAN,
            emoji=gift.emoji,
            gift=gift.name,
            stars=gift.stars,
            room=room.title or "Liveroom",
        )
        try:
            await bot.send_message(gift.user_id, told)
        except TelegramAPIError as error:
            logger.info("Refund of gift %s not told to its giver: %s", gift.id, error)


# --- fans ------------------------------------------------------------------------------------
async def _fan_menu(
    room: Room, gifts: GiftService, bot: Bot, links: InvoiceLinks, tr: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    # A menu for one fan: in their language, header and buttons alike.
    markup = await links.menu(bot, room, await gifts.menu(room, tr.locale), tr)
    return tr(texts.GIFT_MENU_FAN, room=room.title or "Liveroom"), markup


async def cmd_gift(
    message: Message,
    broadcasts: BroadcastService,
    gifts: GiftService,
    invoice_links: InvoiceLinks,
    bot: Bot,
    personal_tr: Translator,
    outbox: Outbox,
) -> None:
    room = await broadcasts.room(message.chat.id, message.chat.title or "")
    text, markup = await _fan_menu(room, gifts, bot, invoice_links, personal_tr)
    await outbox.reply(message, text, reply_markup=markup)


async def cmd_gift_private(
    message: Message,
    rooms: RoomService,
    gifts: GiftService,
    invoice_links: InvoiceLinks,
    bot: Bot,
    tr: Translator,
) -> None:
    """/gift in the private chat: the menu of each room the fan is in (a few at most)."""
    fan = message.from_user
    theirs = [
        room
        for room in await rooms.all()
        if fan is not None and await follows(bot, room.chat_id, fan.id)
    ][:MOST_PRIVATE_MENUS]
    if not theirs:
        await message.answer(tr(texts.GIFT_PRIVATE_NO_ROOM))
        return
    for room in theirs:
        text, markup = await _fan_menu(room, gifts, bot, invoice_links, tr)
        await message.answer(text, reply_markup=markup)


async def cb_gift_menu(
    query: CallbackQuery,
    broadcasts: BroadcastService,
    gifts: GiftService,
    invoice_links: InvoiceLinks,
    bot: Bot,
    tr: Translator,
) -> None:
    """ "🎁 Send a gift": the menu right there for the fan alone; if Telegram will not, the
    button opens the private chat, where the menu waits."""
    chat = query.message.chat if query.message is not None else None
    if chat is None:
        await query.answer(tr(texts.BUTTON_EXPIRED))
        return
    room = await broadcasts.room(chat.id, chat.title or "")
    text, markup = await _fan_menu(room, gifts, bot, invoice_links, tr)
    if (in_room := to_presser(query, text, reply_markup=markup)) is not None:
        try:
            await bot(in_room)
        except TelegramBadRequest as error:
            logger.debug("Gift menu for %s not shown in the room: %s", query.from_user.id, error)
        else:
            await query.answer()
            return
    # A group's id is negative; a deep link's payload takes no "-".
    link = await create_start_link(bot, f"{GIFTS_PAYLOAD_PREFIX}{-room.chat_id}")
    await query.answer(url=link)


async def cmd_start_gifts(
    message: Message,
    command: CommandObject,
    rooms: RoomService,
    gifts: GiftService,
    invoice_links: InvoiceLinks,
    bot: Bot,
    tr: Translator,
) -> None:
    room_id = payload_id(command.args, GIFTS_PAYLOAD_PREFIX, max_digits=15)
    room = await rooms.get(-room_id) if room_id else None
    if room is None:
        await message.answer(tr(texts.BAD_START_LINK))
        return
    text, markup = await _fan_menu(room, gifts, bot, invoice_links, tr)
    await message.answer(text, reply_markup=markup)


async def on_payment(
    message: Message,
    gifts: GiftService,
    gift_poster: GiftPoster,
    background: Background,
    outbox: Outbox,
    personal_tr: Translator,
) -> None:
    """A fan paid for a gift: recorded once (by its charge id), receipted, thanked in the room
    with the next batch (a big gift at once)."""
    payment = message.successful_payment
    fan = message.from_user
    assert payment is not None and fan is not None
    order = parse_payload(payment.invoice_payload)
    paid = await gifts.paid_for(order, payment.total_amount) if order else None
    if paid is None:
        logger.warning(
            "Payment %s for no room: %s",
            payment.telegram_payment_charge_id,
            payment.invoice_payload,
        )
        return
    room, gift = paid
    record = await gifts.record(
        room, gift, fan.id, fan.first_name, payment.telegram_payment_charge_id, message.date
    )
    if record is None:
        return  # delivered again: recorded, receipted and thanked the first time
    receipt = personal_tr(
        texts.GIFT_RECEIPT,
        room=room.title or "Liveroom",
        emoji=gift.emoji,
        gift=gift.name,
        stars=gift.stars,
        charge=payment.telegram_payment_charge_id,
    )
    # Not awaited: in a burst of gifts the receipts go out at Telegram's pace, while this
    # handler's place is free for the next update (a checkout must be answered within 10 s).
    outbox.post(SendMessage(chat_id=fan.id, text=receipt))
    await _thank(room, record.stars, record.given_at, gifts, gift_poster, background)


async def on_paid_message(
    message: Message,
    broadcasts: BroadcastService,
    gifts: GiftService,
    gift_poster: GiftPoster,
    background: Background,
    tr: Translator,
) -> None:
    """A paid message in the room is a gift of its Stars."""
    fan = message.from_user
    stars = message.paid_star_count or 0
    if fan is None or stars <= 0 or message.sender_chat is not None:
        return
    room = await broadcasts.room(message.chat.id, message.chat.title or "")
    record = await gifts.record(
        room,
        Gift(PAID_MESSAGE_EMOJI, tr(texts.PAID_MESSAGE), stars),
        fan.id,
        fan.first_name,
        f"paid:{message.chat.id}:{message.message_id}",
        message.date,
        paid_message=True,
    )
    if record is not None:
        await _thank(room, stars, record.given_at, gifts, gift_poster, background)


async def _thank(
    room: Room,
    stars: int,
    given_at: datetime,
    gifts: GiftService,
    gift_poster: GiftPoster,
    background: Background,
) -> None:
    if await gifts.is_big(room, stars):
        background.spawn(gift_poster.thank(room.chat_id), f"thanks:{room.chat_id}")
    else:
        gift_poster.plan_thanks(room.chat_id, given_at)


async def on_pre_checkout(
    query: PreCheckoutQuery, bot: Bot, pre_checkout: PreCheckoutMiddleware
) -> None:
    """Never reached while the pre-checkout middleware answers first; it makes the
    Dispatcher ask Telegram for pre-checkout queries (allowed_updates)."""
    await pre_checkout.answer(bot, query)


def create_host_router() -> Router:
    router = Router(name="gifts.host")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_gifts, Command("gifts"))
    router.message.register(cmd_refund, Command("refund"))
    return router


def create_fan_router() -> Router:
    router = Router(name="gifts.fans")
    router.pre_checkout_query.register(on_pre_checkout)
    router.message.register(on_payment, F.successful_payment, IN_PRIVATE)
    router.message.register(on_paid_message, F.paid_star_count, IN_GROUP)
    router.message.register(cmd_gift, Command("gift"), IN_GROUP)
    router.message.register(cmd_gift_private, Command("gift"), IN_PRIVATE)
    router.message.register(
        cmd_start_gifts,
        CommandStart(deep_link=True, magic=F.args.startswith(GIFTS_PAYLOAD_PREFIX)),
        IN_PRIVATE,
    )
    router.callback_query.register(cb_gift_menu, GiftMenu.filter())
    return router
