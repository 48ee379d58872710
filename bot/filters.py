"""Where an update comes from, said once: the room (a group) or a private chat, and who wrote."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType
from aiogram.types import InaccessibleMessage, Message, Update

GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
IN_GROUP = F.chat.type.in_(GROUP_TYPES)
IN_PRIVATE = F.chat.type == ChatType.PRIVATE


# Ephemeral messages have message id 0, and Telegram may give a later one the same ephemeral id:
# what they start is keyed by the update's id instead, below this so it never meets a message id.
EPHEMERAL_SOURCES = -(2**40)


def command_source(message: Message | InaccessibleMessage, update: Update) -> int:
    """The key that makes a command (or a wizard's last press) start its show, lottery or red
    envelope once however often its update arrives: the message's id in the room, or for an
    ephemeral message (an ephemeral command, a wizard only its host sees) its update's id."""
    if message.message_id:
        return message.message_id
    return EPHEMERAL_SOURCES - update.update_id


def host_of(message: Message) -> int | None:
    """Who sent a host's message (None for an anonymous admin, who posts as the group)."""
    user = message.from_user
    return user.id if user is not None and message.sender_chat is None else None
