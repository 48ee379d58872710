"""The emulator's world as data: people, chats and their members, what the bot sent, and the
ways Telegram fails. emulator/server.py keeps it and serves the Bot API over it."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


class Fault(enum.Enum):
    """How Telegram (or what stands in front of it) fails on a bad day, injected on demand."""

    SERVER_ERROR = "500"  # the Bot API's own JSON error, status 500
    BAD_GATEWAY_PAGE = "502"  # a proxy's HTML error page, status 502: not JSON at all
    DROPPED = "dropped"  # the connection closes with no answer
    HANG = "hang"  # no answer at all until the client gives up (or the emulator stops)


def member_json(user: EmuUser, status: str) -> JSON:
    """A ChatMember object as the Bot API sends it, with every field aiogram requires."""
    member: JSON = {"status": status, "user": user.as_json()}
    if status == "administrator":
        granted = (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_change_info",
            "can_invite_users",
        )
        withheld = (
            "can_be_edited",
            "is_anonymous",
            "can_promote_members",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
            "can_send_welcome_messages",
        )
        member |= dict.fromkeys(granted, True) | dict.fromkeys(withheld, False)
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "restricted":
        rights = (
            "can_send_messages",
            "can_send_audios",
            "can_send_documents",
            "can_send_photos",
            "can_send_videos",
            "can_send_video_notes",
            "can_send_voice_notes",
            "can_send_polls",
            "can_send_other_messages",
            "can_add_web_page_previews",
            "can_react_to_messages",
            "can_edit_tag",
            "can_change_info",
            "can_invite_users",
            "can_pin_messages",
            "can_manage_topics",
        )
        member |= dict.fromkeys(rights, False) | {"is_member": True, "until_date": 0}
    return member


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's limits by default; tests may scale them (together with the bot's own)."""

    global_per_second: int = 30
    per_chat_per_second: int = 1
    group_per_minute: int = 20


@dataclass
class EmuUser:
    id: int
    first_name: str
    username: str | None = None
    language_code: str = "en"
    is_bot: bool = False
    started_bot: bool = False
    blocked_bot: bool = False

    def as_json(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class EmuChat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    pinned: list[int] = field(default_factory=list)  # message ids, newest last
    muted_until: dict[int, int] = field(default_factory=dict)  # user id -> unix time
    # Member tags (Bot API 9.5), and whether the bot was given the right to manage them (an
    # admin's rights are the adder's choice: off unless a test grants it).
    tags: dict[int, str] = field(default_factory=dict)
    bot_can_manage_tags: bool = False

    def as_json(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


@dataclass(frozen=True)
class ChatEvent:
    """Something a person would see: for transcripts (the demo) and debugging."""

    chat: EmuChat
    actor: str  # who acted: a person's name, or the bot's
    text: str
    kind: str  # "message", "press", "bot", "edit", "toast", "link"
    buttons: tuple[str, ...] = ()
    document: tuple[str, bytes] | None = None  # (file name, content) of a file or photo sent
    receiver: str | None = None  # an ephemeral message: the one person who sees it


Listener = Callable[[ChatEvent], None]


@dataclass
class EphemeralBook:
    """Ephemeral messages, by (chat id, ephemeral id): the bot's, as sent (with their
    receiver), and the ephemeral commands people sent (who, and when)."""

    messages: dict[tuple[int, int], JSON] = field(default_factory=dict)
    commands: dict[tuple[int, int], tuple[int, float]] = field(default_factory=dict)
    deleted: set[tuple[int, int]] = field(default_factory=set)
    _ids: dict[int, itertools.count[int]] = field(default_factory=dict)

    def next_id(self, chat_id: int) -> int:
        return next(self._ids.setdefault(chat_id, itertools.count(1)))


@dataclass
class SentMessage:
    """A message the bot sent (or its latest edit)."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: JSON | None
    method: str
    at: float
    entities: list[JSON] = field(default_factory=list)
    document: tuple[str, bytes] | None = None  # (file name, content)
    # An ephemeral message (message_id 0): the one user who sees it, and its own id.
    receiver_id: int | None = None
    ephemeral_message_id: int | None = None

    def visible_to(self, user_id: int) -> bool:
        return self.receiver_id is None or self.receiver_id == user_id

    def buttons(self) -> list[JSON]:
        """Inline buttons, or the buttons of a reply keyboard shown with this message."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class EmuPoll:
    """A native poll the bot sent, and who chose what."""

    id: str
    chat_id: int
    message_id: int
    question: str
    options: list[str]
    is_anonymous: bool
    allows_multiple_answers: bool
    allows_revoting: bool
    is_closed: bool = False
    open_period: int | None = None
    close_date: int | None = None  # unix time Telegram closes it by itself
    allow_adding_options: bool = False
    votes: dict[int, list[int]] = field(default_factory=dict)  # user id -> chosen positions
    # Position -> (user JSON, unix time) of the options people added after it was sent.
    added: dict[int, tuple[JSON, int]] = field(default_factory=dict)

    def as_json(self) -> JSON:
        counts = [0] * len(self.options)
        for chosen in self.votes.values():
            for position in chosen:
                counts[position] += 1
        options: list[JSON] = []
        for i, text in enumerate(self.options):
            option: JSON = {"persistent_id": str(i), "text": text, "voter_count": counts[i]}
            if i in self.added:
                option["added_by_user"], option["addition_date"] = self.added[i]
            options.append(option)
        poll: JSON = {
            "id": self.id,
            "question": self.question,
            "options": options,
            "total_voter_count": sum(1 for chosen in self.votes.values() if chosen),
            "is_closed": self.is_closed,
            "is_anonymous": self.is_anonymous,
            "type": "regular",
            "allows_multiple_answers": self.allows_multiple_answers,
            "allows_revoting": self.allows_revoting,
            "members_only": False,
        }
        if self.open_period is not None and not self.is_closed:
            poll["open_period"] = self.open_period
        if self.close_date is not None and not self.is_closed:
            poll["close_date"] = self.close_date
        return poll


@dataclass
class PollBook:
    """The polls the bot sent, by poll id."""

    by_id: dict[str, EmuPoll] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(5_000_000_001))


@dataclass
class Invoice:
    title: str
    description: str
    payload: str
    stars: int


@dataclass
class Payment:
    user_id: int
    stars: int
    payload: str
    refunded: bool = False


@dataclass
class Till:
    """The emulator's record of money: invoices out, checkouts waiting, payments made."""

    links: dict[str, Invoice] = field(default_factory=dict)
    checkouts: dict[str, tuple[EmuUser, Invoice, float]] = field(default_factory=dict)
    answered: dict[str, JSON] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    balance: int = 0
    late_answers: int = 0
    # How long each pre-checkout query waited for its answer (seconds).
    waits: list[float] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> int:
        return next(self._ids)
