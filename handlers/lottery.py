"""Lotteries: hosts start and stop them; fans enter by button, follow, share or password."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.methods import SendDocument
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    EphemeralMessageParameters,
    Message,
    Update,
    User,
)
from aiogram.utils.deep_linking import create_start_link

from bot import texts
from bot.admins import follows
from bot.background import Background
from bot.ephemeral import edit_text, to_presser
from bot.filters import IN_GROUP, IN_PRIVATE, command_source, host_of
from bot.guesses import PasswordGuesses, Verdict
from bot.human_check import CHECK_PAYLOAD_PREFIX, HumanCheck, HumanCheckPick, check_markup
from bot.human_check import Verdict as CheckVerdict
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.lottery import checks_humans
from bot.posts.lottery_poster import LotteryPoster
from bot.render import JoinLottery, payload_id
from bot.room_lookups import RoomLookups
from domain.clock import Clock
from domain.lottery import ENTRY_ANSWERS, Entered, parse_lottery
from domain.schedule import IdKind, parse_id
from domain.vocabulary import LotteryKind, LotteryStatus
from services.joint import JointService
from services.lottery import LotteryService
from services.rooms import RoomService
from storage.models import Lottery, Room

logger = logging.getLogger(__name__)
SHARE_PAYLOAD_PREFIX = "share_"


# --- host commands -------------------------------------------------------------------------
async def cmd_lottery(
    message: Message,
    room: Room,
    command: CommandObject,
    lotteries: LotteryService,
    lottery_poster: LotteryPoster,
    background: Background,
    event_update: Update,
    tr: Translator,
    outbox: Outbox,
    joints: JointService,
) -> None:
    request = parse_lottery(command.args or "")  # /lottery alone is the wizard's
    source = command_source(message, event_update)
    joint = await joints.live(room) if request.joint else None
    lottery, created = await lotteries.start(room, request, source, host_of(message), joint)
    if created and request.password_as_typed is not None:
        # The command itself is taken down (SecretCommandMiddleware): the host alone hears
        # which password was set, so a mistyped one is caught before fans guess.
        told = tr(texts.LOTTERY_PASSWORD_SET, id=lottery.id, password=request.password_as_typed)
        await outbox.tell_alone(message, told, tr, texts.PASSWORD_SENT_PRIVATELY)
    # Posted after the handler: a busy room's budget never holds up the update.
    background.spawn(lottery_poster.started(lottery, created), f"card:{lottery.id}")


async def cmd_lottery_cancel(
    message: Message,
    room: Room,
    lotteries: LotteryService,
    lottery_poster: LotteryPoster,
    background: Background,
) -> None:
    lottery = await lotteries.cancel_running(room)
    background.spawn(lottery_poster.cancelled(lottery), f"cancelled:{lottery.id}")


# --- fans ----------------------------------------------------------------------------------
async def cb_join(
    query: CallbackQuery,
    callback_data: JoinLottery,
    lotteries: LotteryService,
    rooms: RoomService,
    human_check: HumanCheck,
    bot: Bot,
    clock: Clock,
    personal_tr: Translator,
) -> None:
    fan = query.from_user
    lottery = await lotteries.get(callback_data.lottery_id)
    chat = query.message.chat if query.message is not None else None
    if lottery is None or chat is None or chat.id not in lottery.rooms():
        # Made-up data, or a Join pressed anywhere but on the lottery's own cards.
        await query.answer(personal_tr(texts.BUTTON_EXPIRED))
        return
    # Refused (closed, the host) before any Telegram call a share or follow would make.
    refusal = await lotteries.refusal(lottery, fan.id, clock.now())
    if refusal is not None:
        await query.answer(personal_tr(ENTRY_ANSWERS[refusal]))
        return
    if lottery.kind is LotteryKind.SHARE:
        await _share_from_button(query, lottery, lotteries, rooms, bot, personal_tr)
        return
    if checks_humans(lottery) and not await lotteries.entered(lottery, fan.id):
        await human_check.ask(query, lottery, bot, personal_tr)
        return
    await _enter_by_button(query, lottery, lotteries, bot, clock, personal_tr)


async def _enter_by_button(
    query: CallbackQuery,
    lottery: Lottery,
    lotteries: LotteryService,
    bot: Bot,
    clock: Clock,
    tr: Translator,
) -> Entered | None:
    """Enter the presser (a follower, for a follow lottery) and answer the press; the
    outcome, None when they do not follow."""
    fan = query.from_user
    room = query.message.chat.id if query.message is not None else lottery.room_chat_id
    if room not in lottery.rooms():
        room = lottery.room_chat_id  # the human check's press in a private chat
    # A joint lottery's partner room follows its own host's channel.
    partner = room == lottery.partner_chat_id
    channel = lottery.partner_channel_chat_id if partner else lottery.channel_chat_id
    channel_name = lottery.partner_channel_name if partner else lottery.channel_name
    if (
        lottery.kind is LotteryKind.FOLLOW
        and channel is not None
        and not await follows(bot, channel, fan.id)
    ):
        # The button named as the fan sees it on the card (the room's language).
        await query.answer(
            tr(texts.NOT_FOLLOWING, channel=channel_name, button=_pressed_label(query)),
            show_alert=True,
        )
        return None
    outcome = await lotteries.enter(
        lottery, fan.id, fan.first_name, clock.now(), fan.language_code, room
    )
    await query.answer(tr(ENTRY_ANSWERS[outcome]))
    return outcome


async def cb_human_check(
    query: CallbackQuery,
    callback_data: HumanCheckPick,
    lotteries: LotteryService,
    human_check: HumanCheck,
    bot: Bot,
    clock: Clock,
    personal_tr: Translator,
) -> None:
    """A tap on the human check's emoji (in the room, for the fan alone, or privately)."""
    lottery = await lotteries.get(callback_data.lottery_id)
    if lottery is None or not checks_humans(lottery):
        await query.answer(personal_tr(texts.BUTTON_EXPIRED))
        return
    refusal = await lotteries.refusal(lottery, query.from_user.id, clock.now())
    if refusal is not None:
        await query.answer(personal_tr(ENTRY_ANSWERS[refusal]))
        return
    verdict = await human_check.judge(lottery, query.from_user.id, callback_data.pick, clock.now())
    if verdict is not CheckVerdict.PASSED:
        wrong = texts.CHECK_WRONG if verdict is CheckVerdict.WRONG else texts.CHECK_TOO_MANY
        await query.answer(personal_tr(wrong), show_alert=True)
        return
    outcome = await _enter_by_button(query, lottery, lotteries, bot, clock, personal_tr)
    if outcome in (Entered.ENTERED, Entered.ALREADY) and isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # too old to edit: the answer said it
            await bot(edit_text(query.message, personal_tr(texts.CHECK_PASSED, id=lottery.id)))


async def cmd_start_check(
    message: Message,
    command: CommandObject,
    lotteries: LotteryService,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """The human check in the private chat (where the room could not show it)."""
    fan = message.from_user
    lottery_id = payload_id(command.args, CHECK_PAYLOAD_PREFIX)
    lottery = await lotteries.get(lottery_id) if lottery_id else None
    if fan is None or lottery is None or not checks_humans(lottery):
        await outbox.answer(message, tr(texts.BAD_START_LINK))
        return
    refusal = await lotteries.refusal(lottery, fan.id, clock.now())
    if refusal is not None:
        await outbox.answer(message, tr(ENTRY_ANSWERS[refusal]))
        return
    await outbox.answer(
        message,
        tr(texts.CHECK_PROMPT, id=lottery.id),
        reply_markup=check_markup(lottery, fan.id),
    )


def _pressed_label(query: CallbackQuery) -> str:
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    for row in markup.inline_keyboard if markup is not None else []:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return "🙋"


async def _share_text(
    lottery: Lottery, fan: User, lotteries: LotteryService, bot: Bot, tr: Translator
) -> str:
    """The fan's personal invite link (made on first ask) and whether it has counted yet."""
    link, joins = await lotteries.share_link(lottery, fan.id)
    if link is None:
        invite = await bot.create_chat_invite_link(
            lottery.room_chat_id, name=f"#{lottery.id} {fan.first_name}"[:32]
        )
        link = await lotteries.save_share_link(lottery, fan.id, fan.first_name, invite.invite_link)
    if joins:
        return tr(texts.SHARE_COUNTED, link=link.invite_link, joins=joins)
    return tr(texts.SHARE_WAITING, link=link.invite_link)


async def _share_from_button(
    query: CallbackQuery,
    lottery: Lottery,
    lotteries: LotteryService,
    rooms: RoomService,
    bot: Bot,
    tr: Translator,
) -> None:
    # The link is shown right there, to the fan alone; if Telegram will not (the press is too
    # old, an old app), it goes to the fan's private chat, or the button opens that chat.
    text = await _share_text(lottery, query.from_user, lotteries, bot, tr)
    if (in_room := to_presser(query, text)) is not None:
        try:
            await bot(in_room)
        except TelegramBadRequest as error:
            logger.debug("Share link of %s not shown in the room: %s", query.from_user.id, error)
        else:
            await query.answer(tr(texts.SHARE_SHOWN))
            return
    user = await rooms.user(query.from_user.id)
    if user is None or not user.reachable:
        await query.answer(url=await create_start_link(bot, f"{SHARE_PAYLOAD_PREFIX}{lottery.id}"))
        return
    await bot.send_message(query.from_user.id, text)
    await query.answer(tr(texts.SHARE_SENT))


async def cmd_start_share(
    message: Message,
    command: CommandObject,
    lotteries: LotteryService,
    bot: Bot,
    clock: Clock,
    tr: Translator,
    outbox: Outbox,
) -> None:
    fan = message.from_user
    lottery_id = payload_id(command.args, SHARE_PAYLOAD_PREFIX)
    lottery = await lotteries.get(lottery_id) if lottery_id else None
    if fan is None or lottery is None or lottery.kind is not LotteryKind.SHARE:
        await outbox.answer(message, tr(texts.BAD_START_LINK))
        return
    if lottery.status != LotteryStatus.OPEN or clock.now() > lottery.draw_at:
        await outbox.answer(message, tr(texts.ENTRY_CLOSED))
        return
    await outbox.answer(message, await _share_text(lottery, fan, lotteries, bot, tr))


async def a_guess(message: Message, room_lookups: RoomLookups) -> dict[str, Any] | bool:
    """A fan's plain message in a room whose password lottery runs (with that lottery)."""
    fan = message.from_user
    if (
        not message.text
        or message.text.startswith("/")
        or fan is None
        or fan.is_bot
        or message.sender_chat is not None
    ):
        return False
    lottery = await room_lookups.running_lottery(message.chat.id)
    if lottery is None or lottery.kind is not LotteryKind.PASSWORD:
        return False
    return {"lottery": lottery}


async def on_guess(
    message: Message, lottery: Lottery, password_guesses: PasswordGuesses, bot: Bot
) -> None:
    """A guess the crowd's fast path did not take (it failed): taken the same way here, so a
    right password is never lost. Counted as chat by RoomChatterMiddleware on the way."""
    if await password_guesses.judge(lottery, message) is Verdict.RIGHT:
        await password_guesses.enter(lottery, message, bot)


# --- anyone --------------------------------------------------------------------------------
async def cmd_proof(
    message: Message,
    command: CommandObject,
    lotteries: LotteryService,
    bot: Bot,
    tr: Translator,
    personal_tr: Translator,
    outbox: Outbox,
) -> None:
    if not command.args:
        await outbox.reply(message, tr(texts.ERR_PROOF_USAGE))
        return
    lottery_id = parse_id(command.args, IdKind.LOTTERY)
    lottery = await lotteries.get(lottery_id)
    in_group = message.chat.type != ChatType.PRIVATE
    if lottery is None or (in_group and message.chat.id not in lottery.rooms()):
        await outbox.reply(message, tr(texts.ERR_LOTTERY_NOT_FOUND, id=lottery_id))
        return
    if lottery.status is LotteryStatus.CANCELLED:
        await outbox.reply(message, tr(texts.ERR_PROOF_CANCELLED, id=lottery.id))
        return
    if lottery.status != LotteryStatus.DRAWN:
        await outbox.reply(
            message, tr(texts.ERR_PROOF_NOT_DRAWN, id=lottery.id, commitment=lottery.commitment)
        )
        return
    proof = await lotteries.proof(lottery)
    filename = f"proof-{lottery.id}.json"
    file = BufferedInputFile(proof.to_json().encode(), filename=filename)
    caption = personal_tr(texts.PROOF_CAPTION, id=lottery.id, file=filename)
    author = message.from_user
    if not in_group or author is None or message.sender_chat is not None:
        await outbox.send(message, message.reply_document(file, caption=caption))
        return
    # In a room the file is for whoever asked: shown to them alone, else in their private
    # chat; only where neither can be, in public (a proof holds nothing secret).
    alone = SendDocument(
        chat_id=message.chat.id,
        document=file,
        caption=caption,
        ephemeral_message_parameters=EphemeralMessageParameters(receiver_user_id=author.id),
    )
    privately = SendDocument(chat_id=author.id, document=file, caption=caption)
    for way, then_say in ((alone, None), (privately, texts.PROOF_SENT_PRIVATELY)):
        try:
            await bot(way)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            logger.debug("Proof for %s not sent this way: %s", author.id, error)
            continue
        if then_say is not None:
            await outbox.reply(message, personal_tr(then_say))
        return
    await outbox.send(message, message.reply_document(file, caption=caption))


def create_host_router() -> Router:
    router = Router(name="lottery.host")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_lottery, Command("lottery"))
    router.message.register(cmd_lottery_cancel, Command("lottery_cancel"))
    return router


def create_fan_router() -> Router:
    router = Router(name="lottery.fans")
    private = IN_PRIVATE
    router.callback_query.register(cb_join, JoinLottery.filter())
    router.callback_query.register(cb_human_check, HumanCheckPick.filter())
    router.message.register(on_guess, IN_GROUP, a_guess)
    router.message.register(
        cmd_start_share,
        CommandStart(deep_link=True, magic=F.args.startswith(SHARE_PAYLOAD_PREFIX)),
        private,
    )
    router.message.register(
        cmd_start_check,
        CommandStart(deep_link=True, magic=F.args.startswith(CHECK_PAYLOAD_PREFIX)),
        private,
    )
    router.message.register(cmd_proof, Command("proof"))
    return router
