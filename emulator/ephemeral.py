"""Ephemeral messages and command menus, as Telegram's "Ephemeral Messages and Commands" section
and setMyCommands describe them.

An ephemeral message is sent in a group to one member, who alone (with the bot) sees it. It has
`message_id` 0 and an `ephemeral_message_id` of its own, and only `editEphemeralMessage…` and
`deleteEphemeralMessage` reach it. Any bot may send one within 15 seconds of the member's action,
naming it: the `callback_query_id` of their button press, or `reply_parameters.
ephemeral_message_id` of their ephemeral command. A bot that administers the group may send one
to any member who is not a bot at any time. A reply to an ephemeral message must be ephemeral.
Telegram does not document the error texts; these are the ones its server gives
(PEER_ID_INVALID, USER_IS_BOT, USER_NOT_PARTICIPANT, CHAT_ADMIN_REQUIRED, MESSAGE_ID_INVALID,
QUERY_ID_INVALID).
"""

from __future__ import annotations

import json
import re

from emulator.state import EmulatorState
from emulator.world import JSON, ApiError, EmuChat, EmuUser

# How long after a press or an ephemeral command the bot may answer it ephemerally.
EPHEMERAL_WINDOW_SECONDS = 15.0
_MEMBERS = ("creator", "administrator", "member", "restricted")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"([a-z]{2})?")
_SCOPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
MOST_COMMANDS = 100


def _as_json(value: object) -> object:
    """A JSON-serialised parameter may come as an object or as its text."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


class Ephemeral(EmulatorState):
    # --- sending -----------------------------------------------------------------------------
    def _ephemeral_receiver(self, chat: EmuChat, params: JSON) -> EmuUser | None:
        """Check an ephemeral send as Telegram does: its receiver, or None for a regular send."""
        raw = _as_json(params.get("ephemeral_message_parameters"))
        if raw is None and params.get("receiver_user_id") is not None:
            raw = {"receiver_user_id": params["receiver_user_id"]}  # Bot API 10.2's flat form
        reply = _as_json(params.get("reply_parameters")) or {}
        assert isinstance(reply, dict)
        replying_to = reply.get("ephemeral_message_id")
        if raw is None:
            if replying_to is not None:
                # A reply to an ephemeral message must itself be ephemeral.
                raise ApiError(400, "Bad Request: message to be replied not found")
            return None
        if not isinstance(raw, dict):
            raise ApiError(400, "Bad Request: can't parse ephemeral message parameters")
        if chat.type not in ("group", "supergroup"):
            raise ApiError(400, "Bad Request: PEER_ID_INVALID")
        user = self._receiver(chat, raw)
        self._check_trigger(chat, user, raw, replying_to)
        return user

    def _receiver(self, chat: EmuChat, raw: JSON) -> EmuUser:
        receiver_id = raw.get("receiver_user_id")
        query_id = raw.get("callback_query_id")
        if receiver_id is None and query_id is not None:
            receiver_id = self.pressed.get(str(query_id), (None, 0.0))[0]
        if receiver_id is not None and int(receiver_id) == self.bot.id:
            raise ApiError(400, "Bad Request: USER_IS_BOT")
        user = self.users.get(int(receiver_id)) if receiver_id is not None else None
        if user is None or chat.members.get(user.id) not in _MEMBERS:
            raise ApiError(400, "Bad Request: USER_NOT_PARTICIPANT")
        if user.is_bot:
            raise ApiError(400, "Bad Request: USER_IS_BOT")
        return user

    def _check_trigger(
        self, chat: EmuChat, user: EmuUser, raw: JSON, replying_to: object | None
    ) -> None:
        """Within 15 s of the member's press or ephemeral command, or at any time for a bot
        that administers the group."""
        now = self.wall()
        query_id = raw.get("callback_query_id")
        if query_id is not None:
            who, when = self.pressed.get(str(query_id), (None, 0.0))
            if who != user.id or now - when > EPHEMERAL_WINDOW_SECONDS:
                raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        elif raw.get("replace_callback_query_message"):
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        elif replying_to is not None:
            who, when = self.ephemeral.commands.get((chat.id, int(str(replying_to))), (None, 0.0))
            if who != user.id or now - when > EPHEMERAL_WINDOW_SECONDS:
                raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        elif chat.members.get(self.bot.id) != "administrator":
            raise ApiError(400, "Bad Request: CHAT_ADMIN_REQUIRED")

    def _stored_ephemeral(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        key = (chat.id, int(params.get("ephemeral_message_id", 0)))
        message = self.ephemeral.messages.get(key)
        if (
            message is None
            or key in self.ephemeral.deleted
            or message["receiver_user"]["id"] != int(params.get("receiver_user_id", 0))
        ):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        return message

    async def _api_editEphemeralMessageText(self, params: JSON) -> bool:
        message = self._stored_ephemeral(params)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        message["text"] = text
        markup = _as_json(params.get("reply_markup"))
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        self._record(message, "editEphemeralMessageText")
        return True

    async def _api_deleteEphemeralMessage(self, params: JSON) -> bool:
        message = self._stored_ephemeral(params)
        self.ephemeral.deleted.add((message["chat"]["id"], message["ephemeral_message_id"]))
        return True

    # --- command menus ------------------------------------------------------------------------
    def _menu_key(self, params: JSON) -> tuple[str, str]:
        scope = _as_json(params.get("scope")) or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
            raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
        for field in _SCOPES[str(scope["type"])]:
            if field not in scope:
                raise ApiError(400, f"Bad Request: {field} is empty")
        if "chat_id" in scope:
            self._chat(scope["chat_id"])
        language = str(params.get("language_code") or "")
        if not _LANGUAGE.fullmatch(language):
            raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
        return json.dumps(scope, sort_keys=True), language

    async def _api_setMyCommands(self, params: JSON) -> bool:
        commands = _as_json(params.get("commands"))
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > MOST_COMMANDS:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._menu_key(params)] = list(commands)
        return True

    async def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands.get(self._menu_key(params), [])

    async def _api_deleteMyCommands(self, params: JSON) -> bool:
        self.commands.pop(self._menu_key(params), None)
        return True

    def menu(self, scope: str, language: str = "") -> list[JSON]:
        """The commands set for a scope with no chat (`all_group_chats`, …) and a language."""
        return self.commands.get((json.dumps({"type": scope}), language), [])
