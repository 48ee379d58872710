"""`/lottery` alone: a short button-driven wizard (condition → password → winners → prize →
countdown, both rooms during a joint show, and go)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)

from bot import texts
from bot.background import Background
from bot.ephemeral import delete_secret, edit_text, to_author
from bot.filters import command_source
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.lottery_poster import LotteryPoster
from bot.render import duration
from bot.room_lookups import RoomLookups
from domain.errors import LotteryRunning, UserInputError
from domain.fairplay import countdown_of
from domain.lottery import HOW_TO_ENTER, LotteryRequest, check_password, check_prize, check_winners
from domain.schedule import whole_number
from domain.vocabulary import MAX_WINNERS, BroadcastStatus, LotteryKind
from services.joint import JointService
from services.lottery import LotteryService
from storage.models import Room

WINNER_CHOICES = (1, 2, 3, 5, 10)
COUNTDOWN_CHOICES = (60, 180, 300, 600, 1800)  # seconds
_KINDS = {kind.value for kind in LotteryKind}
_KIND_BUTTONS = {
    LotteryKind.OPEN: texts.WIZARD_BUTTON_OPEN,
    LotteryKind.FOLLOW: texts.WIZARD_BUTTON_FOLLOW,
    LotteryKind.SHARE: texts.WIZARD_BUTTON_SHARE,
    LotteryKind.PASSWORD: texts.WIZARD_BUTTON_PASSWORD,
}


class Wizard(StatesGroup):
    kind = State()
    password = State()
    winners = State()
    prize = State()
    confirm = State()


class WizardChoice(CallbackData, prefix="lw"):
    step: Literal["kind", "winners", "countdown", "joint", "start", "cancel"]
    value: str = ""


def _buttons(rows: list[list[tuple[str, WizardChoice]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data.pack()) for text, data in row]
            for row in rows
        ]
    )


def _cancel_row(tr: Translator) -> list[tuple[str, WizardChoice]]:
    return [(tr(texts.WIZARD_BUTTON_CANCEL), WizardChoice(step="cancel"))]


def answers_the_wizard(message: Message, bot: Bot) -> bool:
    """A typed answer to the wizard is a reply to its question (or to any message of the
    bot's), never the host's ordinary chat: "Hello" to the room must not become a password."""
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot.id


def _owner(message: Message) -> int | None:
    """Who opened the wizard whose menu this is: the one person who sees it, or the author of
    the /lottery it answers (a public fallback)."""
    if message.receiver_user is not None:
        return message.receiver_user.id
    opener = message.reply_to_message.from_user if message.reply_to_message else None
    return opener.id if opener is not None else None


def _winner_buttons(tr: Translator) -> InlineKeyboardMarkup:
    row = [(str(n), WizardChoice(step="winners", value=str(n))) for n in WINNER_CHOICES]
    return _buttons([row, _cancel_row(tr)])


async def cmd_lottery_wizard(
    message: Message,
    state: FSMContext,
    room: Room,
    room_lookups: RoomLookups,
    tr: Translator,
    outbox: Outbox,
) -> None:
    # Said at the first step, not after the host has walked through all of them.
    if running := await room_lookups.running_lottery(room.chat_id):
        raise LotteryRunning(running.id)
    await state.clear()
    await state.set_state(Wizard.kind)
    kinds = [
        [(tr(label), WizardChoice(step="kind", value=kind.value))]
        for kind, label in _KIND_BUTTONS.items()
    ]
    await outbox.reply(
        message, tr(texts.WIZARD_KIND), reply_markup=_buttons([*kinds, _cancel_row(tr)])
    )


async def on_choice(
    query: CallbackQuery,
    callback_data: WizardChoice,
    state: FSMContext,
    room: Room,
    lotteries: LotteryService,
    lottery_poster: LotteryPoster,
    tr: Translator,
    outbox: Outbox,
    background: Background,
    bot: Bot,
    event_update: Update,
    joints: JointService,
) -> None:
    message = query.message
    current = await state.get_state()
    if current is None or not isinstance(message, Message):
        # FSM state is per person: an admin with no wizard running pressed an old menu of
        # their own (finished, or from before a restart), or another admin's.
        mine = isinstance(message, Message) and _owner(message) in (None, query.from_user.id)
        await query.answer(tr(texts.WIZARD_EXPIRED if mine else texts.WIZARD_NOT_YOURS), True)
        return
    step, value = callback_data.step, callback_data.value
    if step == "cancel":
        await state.clear()
        await bot(edit_text(message, tr(texts.WIZARD_CANCELLED)))
    elif step == "kind" and current == Wizard.kind.state and value in _KINDS:
        kind = LotteryKind(value)
        if kind is LotteryKind.FOLLOW and room.channel_chat_id is None:
            raise UserInputError(texts.ERR_NO_CHANNEL)
        await state.update_data(kind=kind.value)
        if kind is LotteryKind.PASSWORD:
            await state.set_state(Wizard.password)
            await bot(edit_text(message, tr(texts.WIZARD_PASSWORD)))
        else:
            await state.set_state(Wizard.winners)
            await bot(
                edit_text(
                    message,
                    tr(texts.WIZARD_WINNERS, limit=MAX_WINNERS),
                    reply_markup=_winner_buttons(tr),
                )
            )
    elif step == "winners" and current == Wizard.winners.state:
        # Callback data is the user's input: the same rule as a typed "x3".
        await state.update_data(winners=check_winners(whole_number(value) or 0))
        await state.set_state(Wizard.prize)
        await bot(edit_text(message, tr(texts.WIZARD_PRIZE)))
    elif step in ("countdown", "joint") and current == Wizard.confirm.state:
        if step == "countdown":
            # Callback data is the user's input: the same rule as a typed "5m".
            countdown = countdown_of(f"{whole_number(value) or 0}s")
            data = await state.update_data(
                countdown=int(countdown.total_seconds()) if countdown else 0
            )
        else:  # "both rooms", offered while a joint show is on air: on, or off again
            data = await state.update_data(joint=value == "on")
        # The password is shown where only the host sees the menu, never in its public fallback.
        summary, markup = _summary(
            data, room, lottery_poster, tr, message.receiver_user is not None
        )
        await bot(edit_text(message, summary, reply_markup=markup))
    elif step == "start" and current == Wizard.confirm.state:
        data = await state.get_data()
        countdown = data.get("countdown")
        request = LotteryRequest(
            LotteryKind(data["kind"]),
            data["prize"],
            data["winners"],
            data.get("password"),
            data.get("password_as_typed"),
            countdown=timedelta(seconds=countdown) if countdown else None,
        )
        joint = await joints.live(room) if data.get("joint") else None
        lottery, created = await lotteries.start(
            room, request, command_source(message, event_update), query.from_user.id, joint
        )
        await state.clear()
        outbox.post(edit_text(message, tr(texts.WIZARD_STARTED, id=lottery.id)))
        background.spawn(lottery_poster.started(lottery, created), f"card:{lottery.id}")
    else:
        await query.answer(tr(texts.WIZARD_EXPIRED), show_alert=True)
        return
    await query.answer()


async def on_password(
    message: Message, state: FSMContext, bot: Bot, tr: Translator, outbox: Outbox
) -> None:
    # Whatever was typed, nobody else should read it (a typo of the password too).
    await delete_secret(bot, message)
    typed = (message.text or "").strip()
    await state.update_data(password=check_password(typed), password_as_typed=typed)
    await state.set_state(Wizard.winners)
    await outbox.reply(
        message, tr(texts.WIZARD_WINNERS, limit=MAX_WINNERS), reply_markup=_winner_buttons(tr)
    )


async def on_winners_typed(
    message: Message, state: FSMContext, tr: Translator, outbox: Outbox
) -> None:
    """More winners than the buttons offer: a reply with the number (x3 or 3)."""
    typed = (message.text or "").strip().lower().lstrip("x×")
    await state.update_data(winners=check_winners(whole_number(typed) or 0))
    await state.set_state(Wizard.prize)
    await outbox.reply(message, tr(texts.WIZARD_PRIZE))


def _summary(
    data: dict[str, Any],
    room: Room,
    lottery_poster: LotteryPoster,
    tr: Translator,
    secret: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """What will start (with the password when `secret`: the host alone sees it), and the
    buttons: countdowns to pick, Start, Cancel."""
    kind = LotteryKind(data["kind"])
    countdown = timedelta(seconds=data.get("countdown") or 0) or lottery_poster.draw_delay
    summary = tr(
        texts.WIZARD_CONFIRM,
        prize=data["prize"],
        how=tr(HOW_TO_ENTER[kind], channel=room.channel_name or ""),
        winners=data["winners"],
        countdown=_countdown_text(countdown, tr),
    )
    partner = data.get("partner")
    if partner and data.get("joint"):
        summary = f"{summary}\n{tr(texts.WIZARD_CONFIRM_JOINT, partner=partner)}"
    if secret and (typed := data.get("password_as_typed")):
        # Where only the host sees the summary, it shows the password they set (a typo is
        # caught before fans guess); the public fallback never does.
        summary = f"{summary}\n{tr(texts.WIZARD_CONFIRM_PASSWORD, password=typed)}"
    choices = [
        (
            _countdown_text(timedelta(seconds=seconds), tr),
            WizardChoice(step="countdown", value=str(seconds)),
        )
        for seconds in COUNTDOWN_CHOICES
    ]
    start = [(tr(texts.WIZARD_BUTTON_START), WizardChoice(step="start"))]
    rows = [choices, start, _cancel_row(tr)]
    if partner:  # a joint show on air: the lottery may be both rooms'
        both = data.get("joint")
        label = tr(
            texts.WIZARD_BOTH_ROOMS_ON if both else texts.WIZARD_BOTH_ROOMS, partner=partner
        )
        rows.insert(1, [(label, WizardChoice(step="joint", value="off" if both else "on"))])
    return summary, _buttons(rows)


def _countdown_text(countdown: timedelta, tr: Translator) -> str:
    seconds = int(countdown.total_seconds())
    if seconds % 60:
        return tr(texts.DURATION_SECONDS, seconds=seconds)
    return duration(countdown, tr)


async def _confirm(
    message: Message,
    data: dict[str, Any],
    room: Room,
    lottery_poster: LotteryPoster,
    tr: Translator,
    outbox: Outbox,
) -> None:
    public, markup = _summary(data, room, lottery_poster, tr, secret=False)
    ways = to_author(message, public, reply_markup=markup)
    if data.get("password_as_typed"):
        secret, _ = _summary(data, room, lottery_poster, tr, secret=True)
        ways = [*to_author(message, secret, reply_markup=markup)[:-1], ways[-1]]
    await outbox.send(message, *ways)


async def on_prize(
    message: Message,
    state: FSMContext,
    room: Room,
    lottery_poster: LotteryPoster,
    tr: Translator,
    outbox: Outbox,
    joints: JointService,
) -> None:
    prize = check_prize(message.text or "")
    live = await joints.current(room)
    partner = live.partner.title if live and live.show.status is BroadcastStatus.LIVE else None
    data = await state.update_data(prize=prize, partner=partner)
    await state.set_state(Wizard.confirm)
    await _confirm(message, data, room, lottery_poster, tr, outbox)


async def on_countdown_typed(
    message: Message,
    state: FSMContext,
    room: Room,
    lottery_poster: LotteryPoster,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """A countdown the buttons do not offer: a reply to the summary with one ("90s", "2m")."""
    typed = (message.text or "").strip()
    countdown = countdown_of(typed)
    if countdown is None:
        raise UserInputError(texts.ERR_LOTTERY_COUNTDOWN, value=typed)
    data = await state.update_data(countdown=int(countdown.total_seconds()))
    await _confirm(message, data, room, lottery_poster, tr, outbox)


def create_router() -> Router:
    router = Router(name="lottery.wizard")
    router.message.middleware(HostOnlyMiddleware())
    router.callback_query.middleware(HostOnlyMiddleware())
    router.message.register(cmd_lottery_wizard, Command("lottery", magic=F.args.is_(None)))
    router.callback_query.register(on_choice, WizardChoice.filter())
    answer = (F.text, ~F.text.startswith("/"), answers_the_wizard)
    router.message.register(on_password, Wizard.password, *answer)
    router.message.register(on_winners_typed, Wizard.winners, *answer)
    router.message.register(on_prize, Wizard.prize, *answer)
    router.message.register(on_countdown_typed, Wizard.confirm, *answer)
    return router
