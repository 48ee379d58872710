"""The winner's private dialog: recipient → phone → address → note → check → confirm.

State lives in the database (bot/fsm_storage.py), so a restart mid-dialog resumes where it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import (
    CallbackQuery,
    Message,
    ReplyKeyboardRemove,
    TelegramObject,
)

from bot import texts
from bot.filters import IN_PRIVATE
from bot.i18n import Translator
from bot.posts.lottery_poster import CLAIM_PAYLOAD_PREFIX
from bot.render import local_datetime_zoned, payload_id
from bot.settings import Settings
from domain.claims import (
    Delivery,
    check_address,
    check_note,
    check_phone,
    check_recipient,
    shared_phone,
)
from domain.errors import UserInputError
from domain.vocabulary import ClaimStatus
from handlers.claim_form import (
    FIELDS,
    ClaimAction,
    ClaimDialog,
    Field,
    field_buttons,
    phone_keyboard,
    question_keyboard,
    summary,
    summary_buttons,
)
from services.claims import ClaimService
from services.rooms import RoomService
from storage.models import Room


async def _show_summary(
    message: Message, state: FSMContext, tr: Translator, lead: str | None = None
) -> None:
    await state.set_state(ClaimDialog.confirm)
    data = await state.get_data()
    text = summary(tr, data) if lead is None else f"{lead}\n\n{summary(tr, data)}"
    await message.answer(text, reply_markup=summary_buttons(tr, data))


async def _ask(message: Message, state: FSMContext, tr: Translator, field: Field) -> None:
    dialog_state = _STATE_OF[field]
    await state.set_state(dialog_state)
    await message.answer(
        tr(_QUESTIONS[dialog_state.state]),
        reply_markup=question_keyboard(dialog_state.state, tr),
    )


async def _answered(
    message: Message, state: FSMContext, tr: Translator, field: Field, value: str | None
) -> None:
    """Store one answer; then the next question, or the summary after the last one or after
    changing a single field (Edit)."""
    data = await state.update_data({field: value, "saved": False})
    if data.get("editing") or field == FIELDS[-1]:
        if field == "phone":
            # A typed number leaves "Share my phone" on screen; the summary (inline buttons)
            # cannot remove it, this line does.
            await message.answer(tr(texts.CLAIM_FIELD_CHANGED), reply_markup=ReplyKeyboardRemove())
        await _show_summary(message, state, tr)
        return
    await _ask(message, state, tr, FIELDS[FIELDS.index(field) + 1])


def _room_time(moment: datetime | None, room: Room | None, tr: Translator, zone: str) -> str:
    """A moment shown in the lottery's room's time zone (`zone` if the room is unknown)."""
    if moment is None:
        return ""
    return local_datetime_zoned(moment, room.timezone if room else zone, tr.locale)


async def cmd_start_claim(
    message: Message,
    command: CommandObject,
    claims: ClaimService,
    rooms: RoomService,
    state: FSMContext,
    default_timezone: str,
    tr: Translator,
) -> None:
    lottery_id = payload_id(command.args, CLAIM_PAYLOAD_PREFIX)
    if lottery_id is None or message.from_user is None:
        raise UserInputError(texts.BAD_START_LINK)
    winner, lottery = await claims.claim_of(lottery_id, message.from_user.id)
    room = await rooms.get(lottery.room_chat_id)
    if winner.status is ClaimStatus.SHIPPED:
        date = _room_time(winner.shipped_at, room, tr, default_timezone)
        await message.answer(tr(texts.CLAIM_SHIPPED, prize=lottery.prize, date=date))
        return
    if winner.status is ClaimStatus.EXPIRED:
        deadline = _room_time(winner.claim_deadline, room, tr, default_timezone)
        await message.answer(tr(texts.CLAIM_EXPIRED, prize=lottery.prize, deadline=deadline))
        return
    await state.set_data({"winner_id": winner.id, "prize": lottery.prize})
    delivery = claims.delivery_of(winner)
    if winner.status is ClaimStatus.SUBMITTED and delivery is not None:
        # The saved details become the draft, so Edit changes one field and keeps the rest.
        await state.update_data(
            recipient=delivery.recipient,
            phone=delivery.phone,
            address=delivery.address,
            note=delivery.note,
            saved=True,
            submitted_before=True,
        )
        await _show_summary(message, state, tr, lead=tr(texts.CLAIM_CURRENT, prize=lottery.prize))
        return
    deadline = _room_time(winner.claim_deadline, room, tr, default_timezone)
    await message.answer(
        tr(
            texts.CLAIM_START,
            prize=lottery.prize,
            room=room.title if room else "",
            deadline=deadline,
        )
    )
    await _ask(message, state, tr, "recipient")


async def on_recipient(message: Message, state: FSMContext, tr: Translator) -> None:
    await _answered(message, state, tr, "recipient", check_recipient(message.text or ""))


async def on_phone_contact(
    message: Message, state: FSMContext, settings: Settings, tr: Translator
) -> None:
    contact = message.contact
    assert contact is not None
    if message.from_user is None or contact.user_id != message.from_user.id:
        raise UserInputError(texts.ERR_PHONE_NOT_YOURS)
    phone = check_phone(shared_phone(contact.phone_number), settings.phone_region)
    await _answered(message, state, tr, "phone", phone)


async def on_phone_text(
    message: Message, state: FSMContext, settings: Settings, tr: Translator
) -> None:
    phone = check_phone(message.text or "", settings.phone_region)
    await _answered(message, state, tr, "phone", phone)


async def on_address(message: Message, state: FSMContext, tr: Translator) -> None:
    await _answered(message, state, tr, "address", check_address(message.text or ""))


async def on_note(message: Message, state: FSMContext, tr: Translator) -> None:
    text = message.text or ""
    note = None if text.strip() == tr(texts.BUTTON_SKIP) else check_note(text) or None
    await _answered(message, state, tr, "note", note)


async def on_text_at_summary(message: Message, state: FSMContext, tr: Translator) -> None:
    """Words after the summary are not lost in silence: say what the buttons do, show it again."""
    data = await state.get_data()
    if "recipient" not in data:
        await state.clear()
        raise UserInputError(texts.CLAIM_FORM_EXPIRED)
    hint = texts.CLAIM_ALREADY_SAVED if data.get("saved") else texts.CLAIM_PRESS_CONFIRM
    await _show_summary(message, state, tr, lead=tr(hint))


async def on_action(
    query: CallbackQuery,
    callback_data: ClaimAction,
    claims: ClaimService,
    state: FSMContext,
    personal_tr: Translator,
) -> None:
    message = query.message
    data = await state.get_data()
    at_summary = await state.get_state() == ClaimDialog.confirm.state and "recipient" in data
    if (
        not isinstance(message, Message)
        or data.get("winner_id") != callback_data.winner_id
        or not at_summary
    ):
        await query.answer(personal_tr(texts.CLAIM_FORM_EXPIRED), show_alert=True)
        return
    await query.answer()
    if callback_data.action == "edit":
        await message.edit_reply_markup(
            reply_markup=field_buttons(personal_tr, callback_data.winner_id)
        )
        return
    await message.edit_reply_markup(reply_markup=None)
    if callback_data.action != "confirm":
        await state.update_data(editing=True)
        await _ask(message, state, personal_tr, callback_data.action)
        return
    delivery = Delivery(data["recipient"], data["phone"], data["address"], data.get("note"))
    await claims.submit(callback_data.winner_id, query.from_user.id, delivery)
    await state.clear()  # the draft (with the address) goes; the encrypted copy stays
    await message.answer(personal_tr(texts.CLAIM_SAVED))


async def on_cancel(message: Message, state: FSMContext, tr: Translator) -> None:
    submitted_before = (await state.get_data()).get("submitted_before")
    await state.clear()
    text = texts.CLAIM_CANCELLED_KEPT if submitted_before else texts.CLAIM_CANCELLED
    await message.answer(tr(text), reply_markup=ReplyKeyboardRemove())


async def on_cancel_without_form(message: Message, tr: Translator) -> None:
    """In a private chat /cancel is what a winner types to leave a form: with none open, say
    so (a host's /cancel of a show belongs in the room)."""
    await message.answer(tr(texts.NOTHING_TO_CANCEL), reply_markup=ReplyKeyboardRemove())


async def on_info_command_in_form(
    message: Message, command: CommandObject, state: FSMContext, settings: Settings, tr: Translator
) -> None:
    """/privacy, /help or /start mid-form: the answer, then the same question again (nothing
    is stored, nothing is lost)."""
    name = command.command.lower()
    if name == "privacy":
        await message.answer(tr(texts.PRIVACY, days=settings.retention_days))
    elif name == "help":
        await message.answer(tr(texts.HELP_PRIVATE))
    else:
        await message.answer(tr(texts.FORM_RESUME))
    state_name = await state.get_state() or ""
    await message.answer(
        tr(_QUESTIONS[state_name]), reply_markup=question_keyboard(state_name, tr)
    )


async def on_other_command_in_form(message: Message) -> None:
    """A command is never an answer: a hint and the same question (HintAndAskAgain)."""
    raise UserInputError(texts.ERR_COMMAND_IN_FORM)


_STATE_OF: dict[Field, State] = {
    "recipient": ClaimDialog.recipient,
    "phone": ClaimDialog.phone,
    "address": ClaimDialog.address,
    "note": ClaimDialog.note,
}
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
            state_name = await state.get_state() or ""
            if state_name == ClaimDialog.phone.state:
                await event.answer(text, reply_markup=phone_keyboard(tr))
            else:
                await event.answer(text)
            return None


async def on_not_text(message: Message) -> None:
    """A sticker or photo mid-dialog: the same hint-and-question as for a bad answer."""
    raise UserInputError(texts.ERR_NOT_TEXT)


def create_router() -> Router:
    router = Router(name="claims")
    private = IN_PRIVATE
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
    router.message.register(on_cancel_without_form, StateFilter(None), Command("cancel"))
    # Commands typed at a question are commands, never answers: /forget goes on to its own
    # handler (it leaves the form and deletes the draft), /privacy, /help and /start answer and
    # ask again.
    router.message.register(on_info_command_in_form, questions, Command("privacy", "help"))
    router.message.register(
        on_info_command_in_form, questions, Command("start", magic=F.args.is_(None))
    )
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
    router.message.register(on_text_at_summary, ClaimDialog.confirm, ~F.text.startswith("/"))
    router.callback_query.register(on_action, ClaimAction.filter())
    return router
