"""The winner's private dialog: recipient → phone → address → note → check → confirm.

State lives in the database (storage/fsm.py), so a restart mid-dialog resumes where it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal

from aiogram import BaseMiddleware, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.i18n import Translator
from bot.render import RowId, local_datetime, payload_id
from bot.settings import Settings
from scheduler.lotteries import CLAIM_PAYLOAD_PREFIX
from services.claims import (
    ClaimService,
    Delivery,
    check_address,
    check_note,
    check_phone,
    check_recipient,
)
from services.errors import UserInputError
from storage.models import ClaimStatus, Lottery
from storage.repositories import RoomRepository


class ClaimDialog(StatesGroup):
    recipient = State()
    phone = State()
    address = State()
    note = State()
    confirm = State()


class ClaimAction(CallbackData, prefix="cl"):
    action: Literal["confirm", "edit"]
    winner_id: RowId


def _inline(*buttons: tuple[str, ClaimAction]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data.pack()) for text, data in buttons]
        ]
    )


def _summary(tr: Translator, prize: str, delivery: Delivery) -> str:
    return tr(
        texts.CLAIM_SUMMARY,
        prize=prize,
        recipient=delivery.recipient,
        phone=delivery.phone,
        address=delivery.address,
        note=delivery.note or tr(texts.NO_NOTE),
    )


async def _ask_recipient(message: Message, state: FSMContext, tr: Translator) -> None:
    await state.set_state(ClaimDialog.recipient)
    await message.answer(tr(texts.ASK_RECIPIENT), reply_markup=ReplyKeyboardRemove())


def _phone_keyboard(tr: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=tr(texts.BUTTON_SHARE_PHONE), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def _ask_phone(message: Message, tr: Translator) -> None:
    await message.answer(tr(texts.ASK_PHONE), reply_markup=_phone_keyboard(tr))


async def _room_time(
    session: AsyncSession, lottery: Lottery, moment: datetime | None, tr: Translator
) -> str:
    """A moment shown in the lottery's room's time zone."""
    if moment is None:
        return ""
    room = await RoomRepository(session).get(lottery.room_chat_id)
    return local_datetime(moment, room.timezone if room else "UTC", tr.locale)


async def cmd_start_claim(
    message: Message,
    command: CommandObject,
    claims: ClaimService,
    session: AsyncSession,
    state: FSMContext,
    tr: Translator,
) -> None:
    lottery_id = payload_id(command.args, CLAIM_PAYLOAD_PREFIX)
    if lottery_id is None or message.from_user is None:
        raise UserInputError(texts.BAD_START_LINK)
    winner, lottery = await claims.claim_of(lottery_id, message.from_user.id)
    if winner.status is ClaimStatus.SHIPPED:
        date = await _room_time(session, lottery, winner.shipped_at, tr)
        await message.answer(tr(texts.CLAIM_SHIPPED, prize=lottery.prize, date=date))
        return
    if winner.status is ClaimStatus.EXPIRED:
        deadline = await _room_time(session, lottery, winner.claim_deadline, tr)
        await message.answer(tr(texts.CLAIM_EXPIRED, prize=lottery.prize, deadline=deadline))
        return
    await state.set_data({"winner_id": winner.id, "prize": lottery.prize})
    delivery = claims.delivery_of(winner)
    if winner.status is ClaimStatus.SUBMITTED and delivery is not None:
        await state.set_state(ClaimDialog.confirm)
        await message.answer(
            f"{tr(texts.CLAIM_CURRENT, prize=lottery.prize)}\n\n"
            f"{_summary(tr, lottery.prize, delivery)}",
            reply_markup=_inline(
                (tr(texts.BUTTON_EDIT), ClaimAction(action="edit", winner_id=winner.id))
            ),
        )
        return
    room = await RoomRepository(session).get(lottery.room_chat_id)
    deadline = await _room_time(session, lottery, winner.claim_deadline, tr)
    await message.answer(
        tr(
            texts.CLAIM_START,
            prize=lottery.prize,
            room=room.title if room else "",
            deadline=deadline,
        )
    )
    await _ask_recipient(message, state, tr)


async def on_recipient(message: Message, state: FSMContext, tr: Translator) -> None:
    await state.update_data(recipient=check_recipient(message.text or ""))
    await state.set_state(ClaimDialog.phone)
    await _ask_phone(message, tr)


async def on_phone_contact(message: Message, state: FSMContext, tr: Translator) -> None:
    contact = message.contact
    assert contact is not None
    if message.from_user is None or contact.user_id != message.from_user.id:
        raise UserInputError(texts.ERR_PHONE_NOT_YOURS)
    await _phone_given(message, state, tr, contact.phone_number)


async def on_phone_text(message: Message, state: FSMContext, tr: Translator) -> None:
    await _phone_given(message, state, tr, message.text or "")


async def _phone_given(message: Message, state: FSMContext, tr: Translator, raw: str) -> None:
    await state.update_data(phone=check_phone(raw))
    await state.set_state(ClaimDialog.address)
    await message.answer(tr(texts.ASK_ADDRESS), reply_markup=ReplyKeyboardRemove())


async def on_address(message: Message, state: FSMContext, tr: Translator) -> None:
    await state.update_data(address=check_address(message.text or ""))
    await state.set_state(ClaimDialog.note)
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=tr(texts.BUTTON_SKIP))]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await message.answer(tr(texts.ASK_NOTE), reply_markup=keyboard)


async def on_note(message: Message, state: FSMContext, tr: Translator) -> None:
    text = message.text or ""
    note = None if text.strip() == tr(texts.BUTTON_SKIP) else check_note(text) or None
    data = await state.update_data(note=note)
    await state.set_state(ClaimDialog.confirm)
    delivery = Delivery(data["recipient"], data["phone"], data["address"], note)
    winner_id = int(data["winner_id"])
    await message.answer(
        _summary(tr, str(data["prize"]), delivery),
        reply_markup=_inline(
            (tr(texts.BUTTON_CONFIRM), ClaimAction(action="confirm", winner_id=winner_id)),
            (tr(texts.BUTTON_EDIT), ClaimAction(action="edit", winner_id=winner_id)),
        ),
    )


async def on_action(
    query: CallbackQuery,
    callback_data: ClaimAction,
    claims: ClaimService,
    state: FSMContext,
    personal_tr: Translator,
) -> None:
    message = query.message
    data = await state.get_data()
    if not isinstance(message, Message) or data.get("winner_id") != callback_data.winner_id:
        await query.answer(personal_tr(texts.WIZARD_EXPIRED), show_alert=True)
        return
    if callback_data.action == "edit":
        await query.answer()
        await message.edit_reply_markup(reply_markup=None)
        await _ask_recipient(message, state, personal_tr)
        return
    if await state.get_state() != ClaimDialog.confirm.state or "recipient" not in data:
        await query.answer(personal_tr(texts.WIZARD_EXPIRED), show_alert=True)
        return
    delivery = Delivery(data["recipient"], data["phone"], data["address"], data.get("note"))
    await claims.submit(callback_data.winner_id, query.from_user.id, delivery)
    await state.clear()  # the draft (with the address) goes; the encrypted copy stays
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(personal_tr(texts.CLAIM_SAVED))


async def on_cancel(message: Message, state: FSMContext, tr: Translator) -> None:
    await state.clear()
    await message.answer(tr(texts.CLAIM_CANCELLED), reply_markup=ReplyKeyboardRemove())


async def on_privacy_in_form(
    message: Message, state: FSMContext, settings: Settings, tr: Translator
) -> None:
    """/privacy mid-form: the answer, then the same question again (nothing is stored)."""
    await message.answer(tr(texts.PRIVACY, days=settings.retention_days))
    question = _QUESTIONS[await state.get_state() or ""]
    markup = _phone_keyboard(tr) if question == texts.ASK_PHONE else None
    await message.answer(tr(question), reply_markup=markup)


async def on_other_command_in_form(message: Message) -> None:
    """A command is never an answer: a hint and the same question (HintAndAskAgain)."""
    raise UserInputError(texts.ERR_COMMAND_IN_FORM)


_QUESTIONS = {
    ClaimDialog.recipient.state: texts.ASK_RECIPIENT,
    ClaimDialog.phone.state: texts.ASK_PHONE,
    ClaimDialog.address.state: texts.ASK_ADDRESS,
    ClaimDialog.note.state: texts.ASK_NOTE,
}


class HintAndAskAgain(BaseMiddleware):
    """An invalid answer gets its specific hint and then the same question again."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except UserInputError as error:
            state: FSMContext = data["state"]
            tr: Translator = data["tr"]
            question = _QUESTIONS.get(await state.get_state() or "")
            if not isinstance(event, Message) or question is None:
                raise
            text = f"{tr(error.text, **error.params)}\n\n{tr(question)}"
            if question == texts.ASK_PHONE:
                await event.answer(text, reply_markup=_phone_keyboard(tr))
            else:
                await event.answer(text)
            return None


async def on_not_text(message: Message) -> None:
    """A sticker or photo mid-dialog: the same hint-and-question as for a bad answer."""
    raise UserInputError(texts.ERR_NOT_TEXT)


def create_router() -> Router:
    router = Router(name="claims")
    private = F.chat.type == ChatType.PRIVATE
    router.message.filter(private)
    router.message.middleware(HintAndAskAgain())
    router.message.register(
        cmd_start_claim,
        CommandStart(deep_link=True, magic=F.args.startswith(CLAIM_PAYLOAD_PREFIX)),
    )
    questions = StateFilter(
        ClaimDialog.recipient, ClaimDialog.phone, ClaimDialog.address, ClaimDialog.note
    )
    router.message.register(on_cancel, StateFilter(ClaimDialog), Command("cancel"))
    # Commands typed at a question are commands, never answers: /forget goes on to its own
    # handler (it leaves the form and deletes the draft), /privacy answers and asks again.
    router.message.register(on_privacy_in_form, questions, Command("privacy"))
    router.message.register(
        on_other_command_in_form, questions, F.text.startswith("/"), ~Command("forget")
    )
    answer = F.text & ~F.text.startswith("/")
    router.message.register(on_recipient, ClaimDialog.recipient, answer)
    router.message.register(on_phone_contact, ClaimDialog.phone, F.contact)
    router.message.register(on_phone_text, ClaimDialog.phone, answer)
    router.message.register(on_address, ClaimDialog.address, answer)
    router.message.register(on_note, ClaimDialog.note, answer)
    router.message.register(on_not_text, questions, ~F.text.startswith("/"))
    router.callback_query.register(on_action, ClaimAction.filter())
    return router
