"""Native polls: sendPoll and stopPoll with Telegram's checks and error texts, people voting (and
changing or retracting their vote where the poll allows it), and the `poll_answer` and `poll`
updates the bot that sent a poll receives.

People may add an option of their own to a poll sent with `allow_adding_options` (never an
anonymous one): the chat gets a `poll_option_added` service message and the bot, for its own
poll, a `poll` update. Telegram's error texts for adding options and for open_period and
close_date are not published; the ones here are the emulator's, in Telegram's style. A poll
with open_period or close_date closes by itself when its time is up (looked at whenever the
poll is touched, or by `close_due_polls`), and the bot that sent it hears a closed `poll`
update.

As on Telegram: 1-12 options of 1-100 characters and a question of 1-300 (characters, after the
text is trimmed as message text is); `is_anonymous` defaults to true, and only a poll that is
not anonymous tells the bot who voted; only the bot that sent a poll hears of its votes; a closed
poll takes no vote. A vote that changes nothing sends no update.
"""

from __future__ import annotations

from typing import Any

from emulator.state import EmulatorState
from emulator.world import (
    JSON,
    ApiError,
    ChatEvent,
    EmuChat,
    EmuPoll,
    EmuUser,
    PollBook,
    SentMessage,
)

MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 100
MAX_QUESTION_LENGTH = 300
# open_period and close_date: 5 seconds to a month (2,628,000 s) ahead.
MIN_OPEN, MAX_OPEN = 5, 2_628_000


class VoteRefused(Exception):
    """What Telegram's app would not let a person do with a poll (the reason in English)."""


def _flag(value: object, default: bool) -> bool:
    if value is None:
        return default
    return value in (True, "true", "True", "1")


def _text_of(option: object) -> str:
    """An option is its text, or an InputPollOption object with `text`."""
    if isinstance(option, dict):
        if "text" not in option:
            raise ApiError(
                400, "Bad Request: can't parse InputPollOption: Can't find field \"text\""
            )
        option = option["text"]
    if not isinstance(option, str):
        raise ApiError(
            400,
            "Bad Request: can't parse InputPollOption: Expected InputPollOption to be an Object",
        )
    return option


class Polls(EmulatorState):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.polls = PollBook()

    def _poll_message(
        self, chat: EmuChat, sender: EmuUser, question: str, options: list[str], **settings: Any
    ) -> JSON:
        """A message of `sender`'s in `chat` showing a new poll (a poll's message has no text)."""
        message = self._new_message(chat, sender, "")
        del message["text"]
        poll = EmuPoll(
            str(next(self.polls.ids)),
            chat.id,
            message["message_id"],
            question,
            options,
            **settings,
        )
        self.polls.by_id[poll.id] = poll
        message["poll"] = poll.as_json()
        return message

    async def _api_sendPoll(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        self._writable(chat)
        question = str(params.get("question", "")).strip()
        if not question:
            raise ApiError(400, "Bad Request: text must be non-empty")
        if len(question) > MAX_QUESTION_LENGTH:
            raise ApiError(400, "Bad Request: poll question length must not exceed 300")
        raw = params.get("options")
        options = [_text_of(option).strip() for option in raw] if isinstance(raw, list) else []
        if not options:
            raise ApiError(400, "Bad Request: poll must have at least one answer option")
        if len(options) > MAX_OPTIONS:
            raise ApiError(400, "Bad Request: poll can't have more than 12 options")
        for text in options:
            if not text:
                raise ApiError(400, "Bad Request: text must be non-empty")
            if len(text) > MAX_OPTION_LENGTH:
                raise ApiError(400, "Bad Request: poll options length must not exceed 100")
        self._check_markup(params.get("reply_markup"))
        anonymous = _flag(params.get("is_anonymous"), True)
        adding = _flag(params.get("allow_adding_options"), False)
        if adding and (anonymous or params.get("type") == "quiz"):
            raise ApiError(400, "Bad Request: can't allow adding options to anonymous polls")
        period = params.get("open_period")
        closing = self._closing_time(period, params.get("close_date"))
        message = self._poll_message(
            chat,
            self.bot,
            question,
            options,
            is_anonymous=anonymous,
            allow_adding_options=adding,
            allows_multiple_answers=_flag(params.get("allows_multiple_answers"), False),
            allows_revoting=_flag(params.get("allows_revoting"), True),
            is_closed=_flag(params.get("is_closed"), False),
            open_period=int(period) if period is not None else None,
            close_date=closing,
        )
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._record(message, "sendPoll", markup=markup)
        return message

    def _closing_time(self, period: Any, close_date: Any) -> int | None:
        """When a poll sent with open_period or close_date closes (None: when stopped)."""
        if period is not None and close_date is not None:
            raise ApiError(400, "Bad Request: can't use open_period and close_date together")
        if period is not None and not MIN_OPEN <= int(period) <= MAX_OPEN:
            raise ApiError(400, "Bad Request: wrong poll open_period specified")
        if close_date is not None and not MIN_OPEN <= int(close_date) - self.now() <= MAX_OPEN:
            raise ApiError(400, "Bad Request: wrong poll close_date specified")
        if period is not None:
            return int(self.now()) + int(period)
        return int(close_date) if close_date is not None else None

    async def _api_stopPoll(self, params: JSON) -> JSON:
        chat = self._chat(params["chat_id"])
        message_id = int(params.get("message_id", 0))
        message = self.messages.get((chat.id, message_id)) if message_id > 0 else None
        if message is None:
            raise ApiError(400, "Bad Request: message with poll to stop not found")
        if "poll" not in message:
            raise ApiError(400, "Bad Request: message is not a poll")
        if message.get("from", {}).get("id") != self.bot.id:
            raise ApiError(400, "Bad Request: poll can't be stopped")
        poll = self.polls.by_id[message["poll"]["id"]]
        self._close_if_due(poll)
        if poll.is_closed:
            raise ApiError(400, "Bad Request: poll has already been closed")
        self._check_markup(params.get("reply_markup"))
        poll.is_closed = True
        message["poll"] = poll.as_json()
        markup = params.get("reply_markup")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        self._push("poll", poll.as_json())
        self._emit(ChatEvent(chat, self.bot.first_name, f"📊 closes: {poll.question}", "bot"))
        return poll.as_json()

    # --- people ---------------------------------------------------------------------------------
    def post_poll(self, user: EmuUser, chat: EmuChat, question: str, options: list[str]) -> JSON:
        """`user` sends a poll of their own (anonymous, as the app's default): the bot sees the
        message, never its votes, and cannot stop it."""
        message = self._poll_message(
            chat,
            user,
            question,
            options,
            is_anonymous=True,
            allows_multiple_answers=False,
            allows_revoting=True,
        )
        self._emit(ChatEvent(chat, user.first_name, f"📊 {question}", "message"))
        self._push("message", message)
        return message

    def poll_of(self, message: SentMessage) -> EmuPoll:
        """The poll a message of the bot's shows (closed first if its time is up)."""
        shown = self.messages.get((message.chat_id, message.message_id), {}).get("poll")
        if shown is None:
            raise VoteRefused("no poll in that message")
        poll = self.polls.by_id[shown["id"]]
        self._close_if_due(poll)
        return poll

    def close_due_polls(self) -> None:
        """Close every poll whose open_period or close_date has passed, as Telegram does by
        itself (the sending bot hears a closed `poll` update)."""
        for poll in self.polls.by_id.values():
            self._close_if_due(poll)

    def _close_if_due(self, poll: EmuPoll) -> None:
        if poll.is_closed or poll.close_date is None or self.now() < poll.close_date:
            return
        poll.is_closed = True
        message = self.messages.get((poll.chat_id, poll.message_id))
        if message is None:
            return
        message["poll"] = poll.as_json()
        if message.get("from", {}).get("id") == self.bot.id:
            self._push("poll", poll.as_json())

    def vote(self, user: EmuUser, message: SentMessage, option_ids: list[int]) -> None:
        """`user` chooses these options (positions from 0; none: retracts the vote), with the
        app's checks in Telegram's order."""
        poll = self.poll_of(message)
        chosen = sorted(set(option_ids))
        before = poll.votes.get(user.id, [])
        if poll.is_closed:
            raise VoteRefused("the poll is closed")
        if len(chosen) > 1 and not poll.allows_multiple_answers:
            raise VoteRefused("one answer only")
        if not chosen and not poll.allows_revoting:
            raise VoteRefused("the vote can't be retracted")
        if any(not 0 <= position < len(poll.options) for position in chosen):
            raise VoteRefused("no such option")
        if chosen == before:
            return  # nothing changed: no update
        if before and not poll.allows_revoting:
            raise VoteRefused("the vote can't be changed")
        poll.votes[user.id] = chosen
        if not chosen:
            del poll.votes[user.id]
        chat = self.chats[poll.chat_id]
        shown = ", ".join(poll.options[i] for i in chosen) or "no answer"
        self._emit(ChatEvent(chat, user.first_name, f"📊 votes: {shown}", "press"))
        message_json = self.messages.get((poll.chat_id, poll.message_id))
        if message_json is not None:
            message_json["poll"] = poll.as_json()
        if message_json is None or message_json.get("from", {}).get("id") != self.bot.id:
            return  # the bot hears only of votes in the polls it sent
        if not poll.is_anonymous:
            self._push(
                "poll_answer",
                {
                    "poll_id": poll.id,
                    "user": user.as_json(),
                    "option_ids": chosen,
                    "option_persistent_ids": [str(i) for i in chosen],
                },
            )
        self._push("poll", poll.as_json())

    def add_option(self, user: EmuUser, message: SentMessage, text: str) -> int:
        """`user` adds an option of their own to the poll `message` shows (as the app does,
        with its checks); returns its position."""
        poll = self.poll_of(message)
        tidy = text.strip()
        if poll.is_closed:
            raise VoteRefused("the poll is closed")
        if not poll.allow_adding_options:
            raise VoteRefused("options can't be added to this poll")
        if len(poll.options) >= MAX_OPTIONS:
            raise VoteRefused("the poll has 12 options already")
        if not tidy or len(tidy) > MAX_OPTION_LENGTH:
            raise VoteRefused("an option is 1-100 characters")
        if tidy.casefold() in (option.casefold() for option in poll.options):
            raise VoteRefused("that option is there already")
        position = len(poll.options)
        poll.options.append(tidy)
        poll.added[position] = (user.as_json(), int(self.now()))
        chat = self.chats[poll.chat_id]
        poll_message = self.messages[(poll.chat_id, poll.message_id)]
        poll_message["poll"] = poll.as_json()
        service = self._new_message(chat, user, "")
        del service["text"]
        service["poll_option_added"] = {
            "option_persistent_id": str(position),
            "option_text": tidy,
            "poll_message": poll_message,
        }
        self._emit(ChatEvent(chat, user.first_name, f"📊 adds: {tidy}", "message"))
        self._push("message", service)
        if poll_message.get("from", {}).get("id") == self.bot.id:
            self._push("poll", poll.as_json())
        return position
