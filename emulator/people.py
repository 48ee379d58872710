"""People act: the world is set up (users, groups, channels, members) and its people send
messages, press buttons, start the bot, join, boost, block it. Each act queues the update
Telegram would send."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from emulator.state import EmulatorState
from emulator.world import (
    JSON,
    ChatEvent,
    EmuChat,
    EmuUser,
    SentMessage,
    member_json,
)


class People(EmulatorState):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # People's reactions: (chat id, message id) -> user id -> emojis.
        self.people_reactions: dict[tuple[int, int], dict[int, list[str]]] = {}

    def add_user(
        self, first_name: str, language_code: str = "en", username: str | None = None
    ) -> EmuUser:
        user = EmuUser(next(self._user_ids), first_name, username, language_code)
        self.users[user.id] = user
        self.chats[user.id] = EmuChat(user.id, "private", first_name=first_name, username=username)
        return user

    def add_group(
        self, title: str, admins: list[EmuUser], members: list[EmuUser] | None = None
    ) -> EmuChat:
        chat = EmuChat(-1_000_000_000_000 - next(self._group_ids), "supergroup", title=title)
        chat.members[self.bot.id] = "administrator"
        for index, admin in enumerate(admins):
            chat.members[admin.id] = "creator" if index == 0 else "administrator"
        for member in members or []:
            chat.members[member.id] = "member"
        self.chats[chat.id] = chat
        return chat

    def add_channel(self, title: str, username: str, admins: list[EmuUser]) -> EmuChat:
        chat = EmuChat(
            -1_000_000_000_000 - next(self._group_ids), "channel", title=title, username=username
        )
        for admin in admins:
            chat.members[admin.id] = "administrator"
        self.chats[chat.id] = chat
        return chat

    def join_via_link(self, user: EmuUser, invite_link: str) -> None:
        """`user` opens an invite link and joins its chat (a chat_member update with the link)."""
        chat_id, name = self.invite_links[invite_link]
        link = {
            "invite_link": invite_link,
            "creator": self.bot.as_json(),
            "name": name,
            "creates_join_request": False,
            "is_primary": False,
            "is_revoked": False,
        }
        self.set_member(self.chats[chat_id], user, "member", invite_link=link)

    def set_member(
        self, chat: EmuChat, user: EmuUser, status: str, invite_link: JSON | None = None
    ) -> None:
        old = chat.members.get(user.id, "left")
        chat.members[user.id] = status
        if old in ("left", "kicked") and status == "member":
            self._emit(ChatEvent(chat, user.first_name, "👋 joins the group", "message"))
        update: JSON = {
            "chat": chat.as_json(),
            "from": user.as_json(),
            "date": int(self.now()),
            "old_chat_member": member_json(user, old),
            "new_chat_member": member_json(user, status),
        }
        if invite_link is not None:
            update["invite_link"] = invite_link
        self._push("chat_member", update)

    def remove_bot(self, chat: EmuChat, by: EmuUser, status: str = "kicked") -> None:
        """An admin removes the bot from the group (`left`: the bot's own leaving). As on
        Telegram the bot hears of it as `my_chat_member`, and may no longer send there."""
        old = chat.members.get(self.bot.id, "left")
        chat.members[self.bot.id] = status
        self._emit(ChatEvent(chat, by.first_name, f"🚪 removes {self.bot.first_name}", "message"))
        self._push(
            "my_chat_member",
            {
                "chat": chat.as_json(),
                "from": by.as_json(),
                "date": int(self.now()),
                "old_chat_member": member_json(self.bot, old),
                "new_chat_member": member_json(self.bot, status),
            },
        )

    def send(
        self,
        user: EmuUser,
        chat: EmuChat | EmuUser,
        text: str,
        anonymous: bool = False,
        ephemeral: bool = False,
        paid_stars: int | None = None,
        reply_to: SentMessage | JSON | None = None,
        as_channel: EmuChat | None = None,
    ) -> JSON:
        """`user` writes `text` in `chat` (a group, or a user for their private chat).

        `anonymous`: an anonymous group admin; Telegram then shows the group as the sender.
        `ephemeral`: an ephemeral command (one the bot's menu marks `is_ephemeral`), which only
        the bot sees; the bot may answer it ephemerally for 15 seconds.
        `paid_stars`: a paid message (the group charges Stars to write in it).
        `reply_to`: a message of the bot's that this one replies to, or one a person sent
        (as `send` returned it).
        `as_channel`: written "as" a channel (Telegram's send-as): the channel is the sender.
        """
        target = self.chats[chat.id]
        if target.type == "private":
            user.started_bot = True
            user.blocked_bot = False
        if ephemeral:
            if target.type not in ("group", "supergroup") or not text.startswith("/"):
                raise ValueError("only a command in a group can be ephemeral")
            message = self._new_message(target, user, text, receiver=self.bot)
            self.ephemeral.commands[(target.id, message["ephemeral_message_id"])] = (
                user.id,
                self.wall(),
            )
        else:
            message = self._new_message(target, user, text)
        self._emit(
            ChatEvent(
                target,
                user.first_name,
                text,
                "message",
                receiver=self.bot.first_name if ephemeral else None,
            )
        )
        if paid_stars is not None:
            message["paid_star_count"] = paid_stars
        if isinstance(reply_to, dict):
            if reply_to["chat"]["id"] != target.id:
                raise LookupError("no such message in that chat to reply to")
            message["reply_to_message"] = reply_to
        elif reply_to is not None:
            replied = (
                self.ephemeral.messages.get((target.id, reply_to.ephemeral_message_id))
                if reply_to.ephemeral_message_id is not None
                else self.messages.get((target.id, reply_to.message_id))
            )
            if replied is None or reply_to.chat_id != target.id:
                raise LookupError("no such message of the bot's in that chat to reply to")
            message["reply_to_message"] = replied
        if anonymous:
            message["from"] = {
                "id": 1087968824,
                "is_bot": True,
                "first_name": "Group",
                "username": "GroupAnonymousBot",
            }
            message["sender_chat"] = target.as_json()
        if as_channel is not None:
            # As Telegram shows it: the Channel_Bot service account, the channel as sender.
            message["from"] = {
                "id": 136817688,
                "is_bot": True,
                "first_name": "Channel",
                "username": "Channel_Bot",
            }
            message["sender_chat"] = as_channel.as_json()
        self._push("message", message)
        return message

    def send_contact(self, user: EmuUser, contact_of: EmuUser, phone: str) -> JSON:
        """`user` presses a "share my phone" button (or shares someone else's contact)."""
        message = self._new_message(self.chats[user.id], user, "")
        del message["text"]
        message["contact"] = {
            "phone_number": phone,
            "first_name": contact_of.first_name,
            "user_id": contact_of.id,
        }
        self._emit(
            ChatEvent(self.chats[user.id], user.first_name, f"📱 shares {phone}", "message")
        )
        self._push("message", message)
        return message

    def start_private(self, user: EmuUser, payload: str | None = None) -> JSON:
        """The user opens the bot's private chat and presses Start (with a deep-link payload)."""
        return self.send(user, user, f"/start {payload}" if payload else "/start")

    def follow_link(self, user: EmuUser, url: str) -> JSON:
        """The user taps a t.me/<bot>?start=<payload> link."""
        parsed = urlparse(url)
        if parsed.netloc != "t.me" or parsed.path.strip("/") != self.bot.username:
            raise ValueError(f"not a link to this bot: {url}")
        payload = parse_qs(parsed.query).get("start", [None])[0]
        return self.start_private(user, payload)

    def press(self, user: EmuUser, message: SentMessage, button_text: str) -> str:
        """The user presses an inline button; returns the callback query id."""
        for button in message.buttons():
            if button["text"] == button_text and "callback_data" in button:
                chat = self.chats[message.chat_id]
                self._emit(ChatEvent(chat, user.first_name, button_text, "press"))
                query_id = str(next(self._callback_ids))
                return self._callback(user, message, button["callback_data"], query_id)
        raise LookupError(f"no callback button {button_text!r} on message {message.message_id}")

    def press_forged(self, user: EmuUser, message: SentMessage, data: str) -> str:
        """A modified client sends callback data of its own making for a message it can see
        (Telegram passes any 1-64 bytes through); returns the callback query id."""
        if not 1 <= len(data.encode()) <= 64:
            raise ValueError("callback data must be 1-64 bytes")
        return self._callback(user, message, data, str(next(self._callback_ids)))

    def _callback(self, user: EmuUser, message: SentMessage, data: str, query_id: str) -> str:
        chat = self.chats[message.chat_id]
        if not message.visible_to(user.id):
            raise LookupError(f"{user.first_name} cannot see that message")
        self._query_chats[query_id] = chat
        self.pressed[query_id] = (user.id, self.wall())
        stored = (
            self.ephemeral.messages[(message.chat_id, message.ephemeral_message_id)]
            if message.ephemeral_message_id is not None
            else self.messages[(message.chat_id, message.message_id)]
        )
        self.query_updates[query_id] = self._push(
            "callback_query",
            {
                "id": query_id,
                "from": user.as_json(),
                "message": stored,
                "chat_instance": str(message.chat_id),
                "data": data,
            },
        )
        return query_id

    def join(self, user: EmuUser, chat: EmuChat) -> None:
        """`user` joins the group (a chat_member update, as Telegram sends to admin bots)."""
        self.set_member(chat, user, "member")

    def video_chat(self, user: EmuUser, chat: EmuChat, event: str, **details: Any) -> JSON:
        """An admin schedules, starts or ends the group's video chat; Telegram posts a service
        message: `event` is "scheduled" (start_date=unix time), "started" or "ended" (duration)."""
        message = self._new_message(chat, user, "")
        del message["text"]
        message[f"video_chat_{event}"] = details
        self._emit(ChatEvent(chat, user.first_name, f"🎥 video chat {event}", "message"))
        self._push("message", message)
        return message

    def react(self, user: EmuUser, chat: EmuChat, message_id: int, emojis: list[str]) -> bool:
        """`user` sets their reaction on a message in `chat` (none: takes it back). As on
        Telegram the bot hears of it (a `message_reaction` update) only where it is an admin,
        only if it asked for such updates (delivery filters that), and never of a bot's own
        reaction. Returns whether an update was made."""
        key = (chat.id, message_id)
        before = self.people_reactions.setdefault(key, {}).get(user.id, [])
        if before == emojis:
            return False
        self.people_reactions[key][user.id] = emojis
        shown = f"reacts {''.join(emojis)}" if emojis else "takes a reaction back"
        self._emit(ChatEvent(chat, user.first_name, shown, "message"))
        if user.is_bot or chat.members.get(self.bot.id) != "administrator":
            return False
        self._push(
            "message_reaction",
            {
                "chat": chat.as_json(),
                "message_id": message_id,
                "user": user.as_json(),
                "date": int(self.now()),
                "old_reaction": [{"type": "emoji", "emoji": e} for e in before],
                "new_reaction": [{"type": "emoji", "emoji": e} for e in emojis],
            },
        )
        return True

    def boost(self, user: EmuUser, chat: EmuChat) -> JSON:
        """`user` boosts the group with Telegram Premium (a chat_boost update)."""
        boost_id = f"boost{next(self._boost_ids)}"
        update: JSON = {
            "chat": chat.as_json(),
            "boost": {
                "boost_id": boost_id,
                "add_date": int(self.now()),
                "expiration_date": int(self.now()) + 30 * 86_400,
                "source": {"source": "premium", "user": user.as_json()},
            },
        }
        self._emit(ChatEvent(chat, user.first_name, "🚀 boosts the group", "message"))
        self._push("chat_boost", update)
        return update

    def block_bot(self, user: EmuUser) -> None:
        user.blocked_bot = True
        self._push(
            "my_chat_member",
            {
                "chat": self.chats[user.id].as_json(),
                "from": user.as_json(),
                "date": int(self.now()),
                "old_chat_member": {"status": "member", "user": self.bot.as_json()},
                "new_chat_member": {
                    "status": "kicked",
                    "user": self.bot.as_json(),
                    "until_date": 0,
                },
            },
        )

    def post_as_bot(
        self, chat: EmuChat, text: str, reply_markup: JSON | None = None
    ) -> SentMessage:
        """Place a message as if the bot had sent it (for benchmarks of a bare bot)."""
        message = self._new_message(chat, self.bot, text)
        if reply_markup is not None:
            message["reply_markup"] = reply_markup
        self._record(message, "sendMessage")
        return self.sent[-1]

    def deliver_again(self, update: JSON) -> None:
        """Telegram re-sends an update the bot never confirmed (e.g. after a crash)."""
        kind = next(key for key in update if key != "update_id")
        self._push(kind, update[kind])
