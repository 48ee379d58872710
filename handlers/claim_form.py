"""The winner's form as the winner sees it: its states, its buttons and its summary. Rendering
only; handlers/claims.py runs the dialog."""

from __future__ import annotations

from typing import Any, Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot import texts
from bot.i18n import Translator
from bot.render import RowId


class ClaimDialog(StatesGroup):
    recipient = State()
    phone = State()
    address = State()
    note = State()
    confirm = State()


Field = Literal["recipient", "phone", "address", "note"]
FIELDS: tuple[Field, ...] = ("recipient", "phone", "address", "note")


class ClaimAction(CallbackData, prefix="cl"):
    """Confirm, Edit, or (after Edit) the one field to change."""

    action: Literal["confirm", "edit", "recipient", "phone", "address", "note"]
    winner_id: RowId


def inline(*rows: list[tuple[str, ClaimAction]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data.pack()) for text, data in row]
            for row in rows
        ]
    )


def summary(tr: Translator, data: dict[str, Any]) -> str:
    return tr(
        texts.CLAIM_SUMMARY,
        prize=data["prize"],
        recipient=data["recipient"],
        phone=data["phone"],
        address=data["address"],
        note=data.get("note") or tr(texts.NO_NOTE),
    )


def summary_buttons(tr: Translator, data: dict[str, Any]) -> InlineKeyboardMarkup:
    """Confirm while something is unsaved; Edit always."""
    winner_id = int(data["winner_id"])
    edit = (tr(texts.BUTTON_EDIT), ClaimAction(action="edit", winner_id=winner_id))
    if data.get("saved"):
        return inline([edit])
    return inline(
        [(tr(texts.BUTTON_CONFIRM), ClaimAction(action="confirm", winner_id=winner_id)), edit]
    )


def field_buttons(tr: Translator, winner_id: int) -> InlineKeyboardMarkup:
    labels = {
        "recipient": texts.BUTTON_FIELD_RECIPIENT,
        "phone": texts.BUTTON_FIELD_PHONE,
        "address": texts.BUTTON_FIELD_ADDRESS,
        "note": texts.BUTTON_FIELD_NOTE,
    }
    buttons = [
        (tr(labels[field]), ClaimAction(action=field, winner_id=winner_id)) for field in FIELDS
    ]
    return inline(buttons[:2], buttons[2:])


def phone_keyboard(tr: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=tr(texts.BUTTON_SHARE_PHONE), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def skip_keyboard(tr: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=tr(texts.BUTTON_SKIP))]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def question_keyboard(
    state_name: str | None, tr: Translator
) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    if state_name == ClaimDialog.phone.state:
        return phone_keyboard(tr)
    if state_name == ClaimDialog.note.state:
        return skip_keyboard(tr)
    return ReplyKeyboardRemove()
