"""The Bot API methods Liveroom calls (but update delivery), each as strict as Telegram: the same
checks, limits and error texts."""

from __future__ import annotations

import secrets
import time

from emulator.ephemeral import Ephemeral
from emulator.payments import Payments
from emulator.state import answer_key, reaction_key
from emulator.world import (
    JSON,
    ApiError,
    ChatEvent,
    member_json,
)


class BotApi(Ephemeral, Payments):
    async def _api_getMe(self, params: JSON) -> JSON:
        return self.bot.as_json() | {
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }

    async def _api_sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._writable(chat)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        receiver = self._ephemeral_receiver(chat, params)
        self._check_markup(params.get("reply_markup"))
        message = self._new_message(chat, self.bot, text, receiver)
        message.pop("entities", None)
        if "entities" in params:
            message["entities"] = params["entities"]
        markup = params.get("reply_markup")
        # Telegram echoes only inline keyboards in the Message; reply keyboards just show.
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._record(message, "sendMessage", markup=markup)
        return message

    async def _api_sendDocument(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._writable(chat)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document.removeprefix("attach://"))
        if not isinstance(document, tuple):
            raise ApiError(400, "Bad Request: there is no document in the request")
        caption = str(params.get("caption", ""))
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        # Bot API 10.2: a document may be ephemeral too (for one member of a group).
        receiver = self._ephemeral_receiver(chat, params)
        message = self._new_message(chat, self.bot, "", receiver)
        del message["text"]
        message.pop("entities", None)
        message["caption"] = caption
        file_id = f"doc{message['message_id'] or message['ephemeral_message_id']}"
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": document[0],
        }
        self._record(message, "sendDocument", document)
        return message

    async def _api_sendPhoto(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._writable(chat)
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))
        if not isinstance(photo, tuple) or not photo[1].startswith(b"\x89PNG"):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        message = self._new_message(chat, self.bot, "")
        del message["text"]
        message.pop("entities", None)
        message["caption"] = str(params.get("caption", ""))
        file_id = f"photo{message['message_id']}"
        message["photo"] = [
            {"file_id": file_id, "file_unique_id": file_id, "width": 800, "height": 300}
        ]
        self._record(message, "sendPhoto", photo)
        return message

    async def _api_deleteMessage(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        key = (chat.id, int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        if message.get("from", {}).get("id") != self.bot.id:
            # Others' messages: only an administrator may delete them.
            self._needs_admin(chat, "message can't be deleted")
        del self.messages[key]
        self.deleted.add(key)
        sender = message.get("from", {}).get("first_name", "")
        self._emit(ChatEvent(chat, self.bot.first_name, f"🗑 deletes {sender}'s message", "bot"))
        return True

    async def _api_restrictChatMember(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        self._needs_admin(chat, "not enough rights to restrict/unrestrict chat member")
        if chat.members.get(user_id) in ("creator", "administrator"):
            raise ApiError(400, "Bad Request: can't restrict self or an administrator")
        chat.members[user_id] = "restricted"
        chat.muted_until[user_id] = int(params.get("until_date", 0))
        name = self.users[user_id].first_name if user_id in self.users else str(user_id)
        self._emit(ChatEvent(chat, self.bot.first_name, f"🔇 mutes {name}", "bot"))
        return True

    async def _api_pinChatMessage(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        message_id = int(params["message_id"])
        self._needs_admin(chat, "not enough rights to manage pinned messages in the chat")
        if (chat.id, message_id) not in self.messages:
            raise ApiError(400, "Bad Request: message to pin not found")
        if message_id in chat.pinned:
            chat.pinned.remove(message_id)
        chat.pinned.append(message_id)
        self._emit(ChatEvent(chat, self.bot.first_name, "📌 pins it", "bot"))
        return True

    async def _api_unpinChatMessage(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        self._needs_admin(chat, "not enough rights to manage pinned messages in the chat")
        message_id = int(params.get("message_id") or (chat.pinned[-1] if chat.pinned else 0))
        if message_id not in chat.pinned:
            raise ApiError(400, "Bad Request: message to unpin not found")
        chat.pinned.remove(message_id)
        return True

    async def _api_getChatMemberCount(self, params: JSON) -> int:
        chat = self._chat(params["chat_id"])
        present = ("creator", "administrator", "member", "restricted")
        return sum(1 for status in chat.members.values() if status in present)

    async def _api_createChatInviteLink(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._needs_admin(chat, "not enough rights to manage chat invite link")
        name = str(params.get("name", ""))
        link = f"https://t.me/+{secrets.token_urlsafe(12)}"
        self.invite_links[link] = (chat.id, name)
        return {
            "invite_link": link,
            "creator": self.bot.as_json(),
            "name": name,
            "creates_join_request": False,
            "is_primary": False,
            "is_revoked": False,
        }

    async def _api_setMessageReaction(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        key = (chat.id, int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to react not found")
        emojis = [r["emoji"] for r in params.get("reaction", []) if r.get("type") == "emoji"]
        self.reactions[key] = emojis
        self.ack_times[reaction_key(*key)] = time.monotonic()
        sender = self.messages[key].get("from", {}).get("first_name", "")
        self._emit(
            ChatEvent(
                chat, self.bot.first_name, f"{''.join(emojis)} on {sender}'s message", "reaction"
            )
        )
        return True

    async def _api_editMessageText(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        message = self.messages.get((chat.id, int(params["message_id"])))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self.bot.id:
            raise ApiError(400, "Bad Request: message can't be edited")  # not the bot's own
        self._check_markup(params.get("reply_markup"))
        if message["text"] == params["text"] and message.get("reply_markup") == params.get(
            "reply_markup"
        ):
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = params["text"]
        # As on Telegram: an edit without reply_markup removes the inline keyboard.
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        self._record(message, "editMessageText")
        return message

    async def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        message = self.messages.get((chat.id, int(params["message_id"])))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        self._record(message, "editMessageReplyMarkup")
        return message

    async def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = str(params["callback_query_id"])
        if query_id in self.callback_answers or query_id not in self.pressed:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = params
        self.ack_times[answer_key(query_id)] = time.monotonic()
        chat = self._query_chats.pop(query_id, None)
        if chat is not None and params.get("url"):
            self._emit(ChatEvent(chat, self.bot.first_name, str(params["url"]), "link"))
        elif chat is not None and params.get("text"):
            self._emit(ChatEvent(chat, self.bot.first_name, str(params["text"]), "toast"))
        return True

    async def _api_getChatMember(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
        user = self.bot if user_id == self.bot.id else self.users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        member = member_json(user, chat.members.get(user_id, "left"))
        if user_id in chat.tags:
            member["tag"] = chat.tags[user_id]
        return member

    async def _api_setChatMemberTag(self, params: JSON) -> bool:
        """A regular member's tag (0-16 characters, no emoji; empty or absent removes it), by
        an admin bot with can_manage_tags. Telegram does not publish the error texts; these
        are the emulator's own, in its style."""
        chat = self._chat(params["chat_id"])
        if chat.type not in ("group", "supergroup"):
            raise ApiError(400, "Bad Request: method is available only for groups")
        self._needs_admin(chat, "not enough rights to manage tags")
        if not chat.bot_can_manage_tags:
            raise ApiError(400, "Bad Request: not enough rights to manage tags")
        user_id = int(params["user_id"])
        status = chat.members.get(user_id)
        if status is None or status in ("left", "kicked"):
            raise ApiError(400, "Bad Request: user not found")
        if status != "member":
            raise ApiError(400, "Bad Request: can't set a tag for an administrator")
        tag = str(params.get("tag") or "")
        if len(tag) > 16:
            raise ApiError(400, "Bad Request: TAG_TOO_LONG")
        if any(_is_emoji(char) for char in tag):
            raise ApiError(400, "Bad Request: TAG_INVALID")
        if tag:
            chat.tags[user_id] = tag
        else:
            chat.tags.pop(user_id, None)
        return True

    async def _api_getChatAdministrators(self, params: JSON) -> list[JSON]:
        """As Telegram: the chat's administrators (its creator first), bots left out."""
        chat = self._chat(params["chat_id"])
        ranked = sorted(
            (status != "creator", user_id)
            for user_id, status in chat.members.items()
            if status in ("creator", "administrator")
        )
        return [
            member_json(self.users[user_id], chat.members[user_id])
            for _, user_id in ranked
            if user_id in self.users and not self.users[user_id].is_bot
        ]

    async def _api_getChat(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        gifts = (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        )
        return chat.as_json() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, False),
        }


def _is_emoji(char: str) -> bool:
    """Emoji as a tag may not hold them: pictographs, symbols and their modifiers."""
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or code in (0x200D, 0xFE0F)
        or 0x1F1E6 <= code <= 0x1F1FF
    )
