"""Where an update comes from, said once: the room (a group) or a private chat, and who wrote."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType
from aiogram.types import Message

GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
IN_GROUP = F.chat.type.in_(GROUP_TYPES)
IN_PRIVATE = F.chat.type == ChatType.PRIVATE


def host_of(message: Message) -> int | None:
    """Who sent a host's message (None for an anonymous admin, who posts as the group)."""
    user = message.from_user
    return user.id if user is not None and message.sender_chat is None else None
