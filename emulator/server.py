"""A Telegram Bot API emulator: an aiohttp server on 127.0.0.1 that the real aiogram Bot talks to.

It keeps a small world (users, groups, members, messages), serves long-polling `getUpdates`,
answers the methods Liveroom uses, and enforces Telegram's flood limits with 429s and its
"bots can't write first" rule with 403s. Tests and the demo act as people through its Python API
(`send`, `press`, `start_private`) and watch what the bot did (`sent`, `wait_for_message`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import secrets
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

from aiohttp import web

from emulator.world import (
    JSON,
    ApiError,
    ChatEvent,
    EmuChat,
    EmuUser,
    Fault,
    FloodLimits,
    Listener,
    SentMessage,
    member_json,
)

# What Telegram sends when allowed_updates was never set: everything but these.
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_SENDING_PREFIXES = ("send", "forward", "copy", "editMessage")


_BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class TelegramEmulator:
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
        self.now = now
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
        # When each fan was acknowledged: reaction (by message id) or callback answer (by id).
        self.ack_times: dict[int, float] = {}
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

    # --- server lifecycle ----------------------------------------------------------------------
    async def start(self, port: int = 0) -> str:
        self._stopping = False
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a long poll when the bot hangs up, as Telegram does, so shutdown is instant.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server  # noqa: SLF001 - aiohttp exposes the bound port nowhere else
        assert isinstance(server, asyncio.Server)
        self.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        return self.base_url

    async def stop(self) -> None:
        self._hung.set()  # requests left hanging end with the server
        # A replica may still call setWebhook while the server shuts down: no new delivery then
        # (it would outlive the emulator, with its HTTP client never closed).
        self._stopping = True
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        tasks = [*self._posts, *([self._delivery] if self._delivery is not None else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._delivery = None

    # --- the world -----------------------------------------------------------------------------
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

    def inject_error(
        self, method: str, code: int, description: str, retry_after: int | None = None
    ) -> None:
        """The next call of `method` fails this way (e.g. a 429 with retry_after)."""
        self._injected.append((method, ApiError(code, description, retry_after)))

    def inject_fault(self, method: str, fault: Fault, times: int = 1) -> None:
        """The next `times` calls of `method` fail this way (a storm when `times` is large)."""
        self._injected.extend((method, fault) for _ in range(times))

    def clear_faults(self) -> None:
        self._injected = deque(e for e in self._injected if not isinstance(e[1], Fault))

    # --- people act ----------------------------------------------------------------------------
    def _new_message(self, chat: EmuChat, sender: EmuUser | None, text: str) -> JSON:
        message_id = next(self._message_ids.setdefault(chat.id, itertools.count(1)))
        message: JSON = {
            "message_id": message_id,
            "date": int(self.now()),
            "chat": chat.as_json(),
            "text": text,
        }
        if sender is not None:
            message["from"] = sender.as_json()
        if text.startswith("/"):
            command_length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": command_length}]
        self.messages[(chat.id, message_id)] = message
        return message

    def send(
        self, user: EmuUser, chat: EmuChat | EmuUser, text: str, anonymous: bool = False
    ) -> JSON:
        """`user` writes `text` in `chat` (a group, or a user for their private chat).

        `anonymous`: an anonymous group admin; Telegram then shows the group as the sender.
        """
        target = self.chats[chat.id]
        if target.type == "private":
            user.started_bot = True
            user.blocked_bot = False
        message = self._new_message(target, user, text)
        self._emit(ChatEvent(target, user.first_name, text, "message"))
        if anonymous:
            message["from"] = {
                "id": 1087968824,
                "is_bot": True,
                "first_name": "Group",
                "username": "GroupAnonymousBot",
            }
            message["sender_chat"] = target.as_json()
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
        self._query_chats[query_id] = chat
        stored = self.messages[(message.chat_id, message.message_id)]
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

    # --- watching the bot ----------------------------------------------------------------------
    def messages_in(self, chat: EmuChat | EmuUser) -> list[SentMessage]:
        return [message for message in self.sent if message.chat_id == chat.id]

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        async def waiter() -> None:
            async with self._changed:
                await self._changed.wait_for(condition)

        await asyncio.wait_for(waiter(), timeout)

    async def wait_for_message(
        self,
        chat: EmuChat | EmuUser,
        contains: str = "",
        timeout: float = 5.0,
        after: int = 0,
    ) -> SentMessage:
        """The first bot message in `chat` (from index `after` of `sent`) containing `contains`."""

        def found() -> SentMessage | None:
            for message in self.sent[after:]:
                if message.chat_id == chat.id and contains in message.text:
                    return message
            return None

        try:
            await self.wait_until(lambda: found() is not None, timeout)
        except TimeoutError:
            seen = [m.text for m in self.messages_in(chat)]
            raise AssertionError(
                f"no message with {contains!r} in {chat.id}; saw {seen}"
            ) from None
        result = found()
        assert result is not None
        return result

    async def wait_for_answer(self, query_id: str, timeout: float = 5.0) -> JSON:
        await self.wait_until(lambda: query_id in self.callback_answers, timeout)
        return self.callback_answers[query_id]

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        return len(self._updates)

    async def wait_until_idle(self, timeout: float = 5.0) -> None:
        """Every update has been fetched and confirmed by the bot."""
        await self.wait_until(lambda: not self._updates, timeout)

    # --- Bot API -------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.requests.append((method, params))
        fault = self._injected_fault(method)
        if fault is not None:
            return await self._serve_fault(request, method, fault)
        try:
            self._raise_injected(method)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if method.startswith(_SENDING_PREFIXES):
                self._check_flood(int(params["chat_id"]))
            result = await handler(params)
        except ApiError as error:
            body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.code)
        if method != "getUpdates":
            self._notify()
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> JSON:
        if request.content_type == "application/json":
            data: JSON = await request.json()
            return data
        form = await request.post()
        params: JSON = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = (value.filename, value.file.read())
                continue
            text = value if isinstance(value, str) else str(value)
            try:
                params[key] = json.loads(text) if text[:1] in "[{" else text
            except json.JSONDecodeError:
                params[key] = text
        params.update({k: v for k, v in request.query.items() if k not in params})
        return params

    def _injected_fault(self, method: str) -> Fault | None:
        for index, (target, fault) in enumerate(self._injected):
            if target == method:
                if not isinstance(fault, Fault):
                    return None
                del self._injected[index]
                self.faults_served.append((method, fault))
                self._notify()
                return fault
        return None

    async def _serve_fault(self, request: web.Request, method: str, fault: Fault) -> web.Response:
        if fault is Fault.SERVER_ERROR:
            body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            return web.json_response(body, status=500)
        if fault is Fault.BAD_GATEWAY_PAGE:
            return web.Response(text=_BAD_GATEWAY_HTML, status=502, content_type="text/html")
        if fault is Fault.HANG:
            await self._hung.wait()
        # Dropped (or a hang the emulator ends): close the connection without an answer.
        if request.transport is not None:
            request.transport.close()
        raise asyncio.CancelledError(f"{method}: connection dropped")

    def _raise_injected(self, method: str) -> None:
        for index, (target, error) in enumerate(self._injected):
            if target == method:
                if isinstance(error, Fault):
                    continue
                del self._injected[index]
                if error.code == 429:
                    self.flood_errors += 1
                raise error

    def _check_flood(self, chat_id: int) -> None:
        moment = time.monotonic()
        checks = [(self._global_sends, 1.0, self.limits.global_per_second)]
        checks.append(
            (self._chat_sends.setdefault(chat_id, deque()), 1.0, self.limits.per_chat_per_second)
        )
        if chat_id < 0:
            checks.append(
                (
                    self._group_sends.setdefault(chat_id, deque()),
                    60.0,
                    self.limits.group_per_minute,
                )
            )
        for sends, window, limit in checks:
            while sends and sends[0] <= moment - window:
                sends.popleft()
            if len(sends) >= limit:
                self.flood_errors += 1
                wait = max(1, math.ceil(sends[0] + window - moment))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        for sends, _, _ in checks:
            sends.append(moment)

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
        self._emit(ChatEvent(chat, self.bot.first_name, shown_text, kind, buttons, document))
        self.sent.append(
            SentMessage(
                chat_id=message["chat"]["id"],
                message_id=message["message_id"],
                text=str(message.get("text", message.get("caption", ""))),
                reply_markup=markup if markup is not None else message.get("reply_markup"),
                method=method,
                at=time.monotonic(),
                entities=list(message.get("entities", [])),
                document=document,
            )
        )

    async def _api_getMe(self, params: JSON) -> JSON:
        return self.bot.as_json() | {
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }

    async def _api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: JSON) -> bool:
        self.webhook = params
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"])
        if not self._stopping and (self._delivery is None or self._delivery.done()):
            self._delivery = asyncio.create_task(self._deliver_to_webhook())
        return True

    async def _api_getWebhookInfo(self, params: JSON) -> JSON:
        info: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook is not None:
            info |= {"url": self.webhook["url"], "pending_update_count": len(self._updates)}
        return info

    async def _deliver_to_webhook(self, concurrency: int = 8) -> None:
        """Post each update to the webhook (a replica behind it), as Telegram does: a refused
        or failed delivery is tried again, and the update stays pending until a 2xx."""
        import aiohttp

        gate = asyncio.Semaphore(concurrency)
        async with aiohttp.ClientSession() as http:

            async def post(update: JSON) -> None:
                async with gate:
                    assert self.webhook is not None
                    backends = self.webhook_backends or [str(self.webhook["url"])]
                    backend = backends[next(self._next_backend) % len(backends)]
                    headers = {}
                    if self.webhook.get("secret_token"):
                        headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                    status = 0
                    try:
                        async with http.post(backend, json=update, headers=headers) as answer:
                            status = answer.status
                    except (aiohttp.ClientError, OSError):
                        pass
                    self.webhook_posts.append((backend, update["update_id"], status))
                    if 200 <= status < 300:
                        self.delivered_ids.add(update["update_id"])
                        self._updates = [
                            u for u in self._updates if u["update_id"] != update["update_id"]
                        ]
                    else:
                        await asyncio.sleep(0.1)  # Telegram backs off too, then tries again
                    self._in_delivery.discard(update["update_id"])
                    self._notify()

            while self.webhook is not None:
                self._updates = [u for u in self._updates if self._is_allowed(u)]
                waiting = [u for u in self._updates if u["update_id"] not in self._in_delivery]
                if not waiting:
                    await self.wait_until(
                        lambda: (
                            any(u["update_id"] not in self._in_delivery for u in self._updates)
                            or self.webhook is None
                        ),
                        timeout=3600,
                    )
                    continue
                for update in waiting:
                    self._in_delivery.add(update["update_id"])
                    task = asyncio.create_task(post(update))
                    self._posts.add(task)
                    task.add_done_callback(self._posts.discard)

    async def _api_setMyCommands(self, params: JSON) -> bool:
        return True

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset", 0))
        limit = min(int(params.get("limit", 100)), 100)
        timeout = float(params.get("timeout", 0))
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"])
            self._notify()
        if offset:
            # Confirm everything below the offset: it will never be sent again.
            self.confirmed_ids.update(
                u["update_id"] for u in self._updates if u["update_id"] < offset
            )
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._notify()

        def ready() -> list[JSON]:
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            return self._updates[:limit]

        if not ready() and timeout > 0:
            try:
                await self.wait_until(lambda: bool(ready()), timeout)
            except TimeoutError:
                return []
        batch = ready()
        self.delivered_ids.update(update["update_id"] for update in batch)
        return batch

    def _is_allowed(self, update: JSON) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _NOT_BY_DEFAULT

    async def _api_sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._writable(chat)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        message = self._new_message(chat, self.bot, text)
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
        message = self._new_message(chat, self.bot, "")
        del message["text"]
        message.pop("entities", None)
        message["caption"] = caption
        file_id = f"doc{message['message_id']}"
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
        message = self.messages.pop(key, None)
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.deleted.add(key)
        sender = message.get("from", {}).get("first_name", "")
        self._emit(ChatEvent(chat, self.bot.first_name, f"🗑 deletes {sender}'s message", "bot"))
        return True

    async def _api_restrictChatMember(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
        user_id = int(params["user_id"])
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
        if (chat.id, message_id) not in self.messages:
            raise ApiError(400, "Bad Request: message to pin not found")
        if message_id in chat.pinned:
            chat.pinned.remove(message_id)
        chat.pinned.append(message_id)
        self._emit(ChatEvent(chat, self.bot.first_name, "📌 pins it", "bot"))
        return True

    async def _api_unpinChatMessage(self, params: JSON) -> bool:
        chat = self._chat(params["chat_id"])
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
        self.ack_times[key[1]] = time.monotonic()
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
        if query_id in self.callback_answers:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.callback_answers[query_id] = params
        self.ack_times[int(query_id)] = time.monotonic()
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
        return member_json(user, chat.members.get(user_id, "left"))

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
