"""The emulator's state (the world, the update queue, what the bot sent) and the few steps
every part of it takes: a new message, an update queued, a change announced, a send recorded."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from aiohttp import web

from emulator.world import (
    JSON,
    ApiError,
    ChatEvent,
    EmuChat,
    EmuUser,
    EphemeralBook,
    Fault,
    FloodLimits,
    Listener,
    SentMessage,
    Till,
)

AckKey = tuple[str, int, int]


def reaction_key(chat_id: int, message_id: int) -> AckKey:
    """`ack_times`' key for the bot's reaction on a person's message."""
    return ("reaction", chat_id, message_id)


def answer_key(query_id: str | int) -> AckKey:
    """`ack_times`' key for the bot's answer to a button press."""
    return ("answer", 0, int(query_id))


class EmulatorState:
    get_updates_calls = 0  # how often the bot asked for updates (benchmarks: asks per update)

    def __init__(
        self,
        token: str = "123456789:TEST-emulator-token-0123456789abcdef",
        bot_username: str = "liveroom_bot",
        limits: FloodLimits | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot = EmuUser(
            int(token.split(":", maxsplit=1)[0]), "Liveroom", bot_username, is_bot=True
        )
        self.limits = limits or FloodLimits()
        self.now = now  # the date on updates (the bot's clock, in tests a manual one)
        # Telegram's own deadlines (a checkout's 10 s, an ephemeral answer's 15 s) run on real
        # time, whatever date updates carry; tests move it with `earlier`.
        self.wall_offset = 0.0
        self.users: dict[int, EmuUser] = {}
        self.chats: dict[int, EmuChat] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.sent: list[SentMessage] = []
        self.requests: list[tuple[str, JSON]] = []
        self.callback_answers: dict[str, JSON] = {}
        self.allowed_updates: list[str] | None = None
        self.flood_errors = 0
        self.listeners: list[Listener] = []
        self.delivered_ids: set[int] = set()
        # Updates the bot confirmed (getUpdates' offset passed them): never sent again.
        self.confirmed_ids: set[int] = set()
        self.query_updates: dict[str, int] = {}  # callback query id -> its update's id
        self.invite_links: dict[str, tuple[int, str]] = {}  # link -> (chat id, name)
        self.reactions: dict[tuple[int, int], list[str]] = {}
        self.deleted: set[tuple[int, int]] = set()  # (chat id, message id)
        self._boost_ids = itertools.count(1)
        # When each fan was acknowledged: a reaction on their message (`reaction_key`) or the
        # answer to their press (`answer_key`); kept apart, a message id and a query id may be
        # the same number.
        self.ack_times: dict[AckKey, float] = {}
        self._query_chats: dict[str, EmuChat] = {}
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._user_ids = itertools.count(1001)
        self._group_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._injected: deque[tuple[str, ApiError | Fault]] = deque()
        self.faults_served: list[tuple[str, Fault]] = []
        self._hung = asyncio.Event()
        self._global_sends: deque[float] = deque()
        self._chat_sends: dict[int, deque[float]] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        # Webhook mode: what setWebhook asked for, and the replicas behind the public address
        # (the emulator plays the load balancer: each update goes to one of them, in turn).
        self.webhook: JSON | None = None
        self.webhook_backends: list[str] = []
        self.webhook_posts: list[tuple[str, int, int]] = []  # (backend, update id, status)
        self._delivery: asyncio.Task[None] | None = None
        self._in_delivery: set[int] = set()
        self._posts: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._next_backend = itertools.count()
        self.ephemeral = EphemeralBook()
        self.till = Till()
        self.pressed: dict[str, tuple[int, float]] = {}  # callback query id -> (who, when)
        # setMyCommands: (scope as JSON text, language code) -> the commands
        self.commands: dict[tuple[str, str], list[JSON]] = {}

    def _new_message(
        self, chat: EmuChat, sender: EmuUser | None, text: str, receiver: EmuUser | None = None
    ) -> JSON:
        """A message in `chat`; with a `receiver`, an ephemeral one (the bot's to that member, or
        a member's ephemeral command to the bot): message_id 0 and an ephemeral id of its own."""
        message_id = (
            0
            if receiver is not None
            else next(self._message_ids.setdefault(chat.id, itertools.count(1)))
        )
        message: JSON = {
            "message_id": message_id,
            "date": int(self.now()),
            "chat": chat.as_json(),
            "text": text,
        }
        if receiver is not None:
            ephemeral_id = self.ephemeral.next_id(chat.id)
            message["ephemeral_message_id"] = ephemeral_id
            message["receiver_user"] = receiver.as_json()
            self.ephemeral.messages[(chat.id, ephemeral_id)] = message
        if sender is not None:
            message["from"] = sender.as_json()
        if text.startswith("/"):
            command_length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": command_length}]
        if receiver is None:
            self.messages[(chat.id, message_id)] = message
        return message

    def wall(self) -> float:
        return time.monotonic() + self.wall_offset

    @contextlib.contextmanager
    def earlier(self, seconds: float) -> Iterator[None]:
        """What people do inside happens `seconds` before real now (as far as Telegram's
        deadlines go): a press the bot will only get to answer `seconds` late."""
        self.wall_offset -= seconds
        try:
            yield
        finally:
            self.wall_offset += seconds

    def _push(self, kind: str, payload: JSON) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        self._notify()
        return update_id

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        # Callable from sync code running inside the event loop.
        asyncio.get_running_loop().create_task(notify())  # noqa: RUF006

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(condition)

        await asyncio.wait_for(waiter(), timeout)

    def _chat(self, chat_id: Any) -> EmuChat:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            by_name = {c.username: c for c in self.chats.values() if c.type != "private"}
            found = by_name.get(chat_id[1:])
            if found is None:
                raise ApiError(400, "Bad Request: chat not found")
            return found
        chat = self.chats.get(int(chat_id))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _writable(self, chat: EmuChat) -> None:
        if chat.type == "private":
            user = self.users[chat.id]
            if user.blocked_bot:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not user.started_bot:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat.members.get(self.bot.id) in (None, "left", "kicked"):
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")

    def _bot_administers(self, chat: EmuChat) -> bool:
        return chat.type in ("group", "supergroup") and chat.members.get(self.bot.id) in (
            "creator",
            "administrator",
        )

    def _needs_admin(self, chat: EmuChat, error: str) -> None:
        """What only an administrator may do in a group (Telegram's own error text)."""
        if chat.type != "private" and not self._bot_administers(chat):
            raise ApiError(400, f"Bad Request: {error}")

    @staticmethod
    def _check_markup(markup: object) -> None:
        """Inline buttons as Telegram checks them: callback data of 1 to 64 bytes."""
        if isinstance(markup, str) and markup[:1] == "{":
            import json

            markup = json.loads(markup)
        if not isinstance(markup, dict):
            return
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _emit(self, event: ChatEvent) -> None:
        for listener in self.listeners:
            listener(event)

    def _record(
        self,
        message: JSON,
        method: str,
        document: tuple[str, bytes] | None = None,
        markup: JSON | None = None,
    ) -> None:
        shown: JSON = markup if markup is not None else message.get("reply_markup") or {}
        rows: list[list[JSON]] = shown.get("inline_keyboard") or shown.get("keyboard") or []
        buttons = tuple(button["text"] for row in rows for button in row)
        chat = self.chats[message["chat"]["id"]]
        kind = "edit" if method.startswith("edit") else "bot"
        shown_text = message.get("text", "")
        if "photo" in message:
            shown_text = f"🖼 {message.get('caption', '')}"
        poll: JSON | None = message.get("poll")
        if poll is not None:
            choices = " / ".join(option["text"] for option in poll["options"])
            shown_text = f"📊 {poll['question']} — {choices}"
        receiver: JSON | None = message.get("receiver_user")
        self._emit(
            ChatEvent(
                chat,
                self.bot.first_name,
                shown_text,
                kind,
                buttons,
                document,
                receiver=receiver["first_name"] if receiver else None,
            )
        )
        self.sent.append(
            SentMessage(
                chat_id=message["chat"]["id"],
                message_id=message["message_id"],
                text=str(
                    message.get("text", message.get("caption", poll["question"] if poll else ""))
                ),
                reply_markup=markup if markup is not None else message.get("reply_markup"),
                method=method,
                at=time.monotonic(),
                entities=list(message.get("entities", [])),
                document=document,
                receiver_id=receiver["id"] if receiver else None,
                ephemeral_message_id=message.get("ephemeral_message_id"),
            )
        )
