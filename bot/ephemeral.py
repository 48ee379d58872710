"""Speaking to one person inside a group: Telegram's ephemeral messages, with a way back.

Telegram delivers an ephemeral message to its receiver only, and lets a bot send one within 15
seconds of that person's button press or ephemeral command, or at any time if the bot
administers the group. It may refuse (the bot is no admin and the moment has passed, the person
left, an old client): then the next way is tried, ending with today's public one, so a reply is
never dropped. Each way is a ready Bot API call; `send_first` tries them in order and logs which
was taken, at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import EditEphemeralMessageText, SendMessage, TelegramMethod
from aiogram.types import (
    CallbackQuery,
    EphemeralMessageParameters,
    Message,
    ReplyParameters,
)
from aiogram.utils.deep_linking import create_start_link

from bot import texts
from bot.i18n import Translator

logger = logging.getLogger(__name__)
GROUP_CHATS = (ChatType.GROUP, ChatType.SUPERGROUP)


def is_ephemeral(method: object) -> bool:
    return getattr(method, "ephemeral_message_parameters", None) is not None


def to_author(message: Message, text: str, quote: bool = True, **kwargs: Any) -> list[SendMessage]:
    """The ways to answer `message` for its author alone, best first, the public reply last.

    In a private chat, or from an anonymous admin (nobody to address), only the public reply.
    An ephemeral command is answered as a reply to it while Telegram allows (15 s), else as
    an administrator may. A public reply to an ephemeral command is not allowed, so its
    public way is a plain message in the room. `quote`: the public way quotes `message`.
    """
    author = message.from_user
    public = message.reply(text, **kwargs) if quote else message.answer(text, **kwargs)
    if (
        message.chat.type not in GROUP_CHATS
        or author is None
        or author.is_bot
        or message.sender_chat is not None
    ):
        return [public]

    def for_author(reply: ReplyParameters | None = None) -> SendMessage:
        return SendMessage(
            chat_id=message.chat.id,
            text=text,
            ephemeral_message_parameters=EphemeralMessageParameters(receiver_user_id=author.id),
            reply_parameters=reply,
            **kwargs,
        )

    if message.ephemeral_message_id is None:
        return [for_author(), public]
    reply = ReplyParameters(ephemeral_message_id=message.ephemeral_message_id)
    return [
        for_author(reply),
        for_author(),
        SendMessage(chat_id=message.chat.id, text=text, **kwargs),
    ]


def to_presser(query: CallbackQuery, text: str, **kwargs: Any) -> SendMessage | None:
    """A message in the pressed message's group for the presser alone (None elsewhere)."""
    chat = query.message.chat if query.message is not None else None
    if chat is None or chat.type not in GROUP_CHATS:
        return None
    return SendMessage(
        chat_id=chat.id,
        text=text,
        ephemeral_message_parameters=EphemeralMessageParameters(
            receiver_user_id=query.from_user.id, callback_query_id=query.id
        ),
        **kwargs,
    )


def to_member(chat_id: int, user_id: int, text: str, **kwargs: Any) -> SendMessage:
    """A message in a group for one member, with no action to answer (the bot must administer
    the group)."""
    return SendMessage(
        chat_id=chat_id,
        text=text,
        ephemeral_message_parameters=EphemeralMessageParameters(receiver_user_id=user_id),
        **kwargs,
    )


async def invitation_to_private_chat(bot: Bot, tr: Translator) -> str:
    """What someone hears where the bot cannot write to them privately yet (it may only after
    they open the private chat): a start link that opens it."""
    return tr(texts.OPEN_PRIVATE_CHAT, link=await create_start_link(bot, "hello"))


async def tell_alone(
    bot: Bot, message: Message, text: str, tr: Translator, sent_privately: str
) -> str | None:
    """Give `text` (a secret: a link, a password) to `message`'s author and nobody else: in
    the room as a message only they see, else in their private chat; never in public.
    Returns what the room may hear instead, None once it was shown there: `sent_privately`
    (a text id), or the start link that opens the private chat."""
    for_author = to_author(message, text)[:-1]  # every way but the public one
    if for_author and await _delivered(send_first(bot, for_author)):
        return None
    # No message only the author sees (the bot may not send those here): privately, then.
    user = message.from_user
    if (
        user is not None
        and message.sender_chat is None
        and await _delivered(bot.send_message(user.id, text))
    ):
        return tr(sent_privately)
    return await invitation_to_private_chat(bot, tr)


async def _delivered(sending: Awaitable[Message | None]) -> bool:
    try:
        return await sending is not None
    except (TelegramBadRequest, TelegramForbiddenError):
        return False


async def send_first(bot: Bot, ways: Sequence[SendMessage]) -> Message | None:
    """Send the first way Telegram accepts; a refusal (400) moves on to the next. Other
    failures (Telegram unreachable, 403) are raised: the next way would meet them too."""
    for index, way in enumerate(ways):
        try:
            sent = await bot(way)
        except TelegramBadRequest as error:
            if index == len(ways) - 1:
                raise
            logger.debug("Chat %s: %s refused (%s); next way", way.chat_id, _kind(way), error)
            continue
        logger.debug("Chat %s: sent %s", way.chat_id, _kind(way))
        return sent
    return None


def _kind(way: SendMessage) -> str:
    if not is_ephemeral(way):
        return "a public message"
    if way.reply_parameters is not None:
        return "an ephemeral reply to an ephemeral command"
    params = way.ephemeral_message_parameters
    assert isinstance(params, EphemeralMessageParameters)
    if params.callback_query_id:
        return "an ephemeral answer to a press"
    return "an ephemeral message"


def edit_text(message: Message, text: str, **kwargs: Any) -> TelegramMethod[Any]:
    """Edit a message the bot sent, ephemeral (reached by its ephemeral id and receiver) or
    not."""
    receiver = message.receiver_user
    if message.ephemeral_message_id is not None and receiver is not None:
        return EditEphemeralMessageText(
            chat_id=message.chat.id,
            receiver_user_id=receiver.id,
            ephemeral_message_id=message.ephemeral_message_id,
            text=text,
            **kwargs,
        )
    return message.edit_text(text, **kwargs)


async def delete_secret(bot: Bot, message: Message) -> None:
    """Take down a message that holds a secret (a lottery's password) as soon as it is handled.
    An ephemeral command was never seen by anyone else: nothing to take down."""
    if not message.message_id:
        return
    try:
        await bot.delete_message(message.chat.id, message.message_id)
    except TelegramAPIError as error:
        logger.warning(
            "Message %s in chat %s (it holds a password) not deleted: %s",
            message.message_id,
            message.chat.id,
            error,
        )
