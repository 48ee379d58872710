"""The demo's stage manager: the real bot against the emulator with a clock that jumps, and a
`Director` that acts people's parts and waits for the bot to finish answering."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from zoneinfo import ZoneInfo

from demo.transcript import Transcript
from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from emulator.stage import FAST_EMULATOR_LIMITS, Stage, free_port, make_settings
from emulator.world import JSON, EmuChat, EmuUser, SentMessage
from storage.models import Room

ROOM_ZONE = ZoneInfo("Asia/Shanghai")
CROWD = 30
ADDRESS = "88 Century Avenue, Pudong, Shanghai 200120"
NEWCOMER_NAMES = [
    "Ana",
    "Bo",
    "Chloe",
    "Dev",
    "Eli",
    "Fei",
    "Gus",
    "Hui",
    "Ivy",
    "Jun",
    "Kai",
    "Lea",
]
NEWCOMERS = len(NEWCOMER_NAMES)
BANNED_WORD = "加微信"
# Where `make run` serves the overlay (OVERLAY_LISTEN's default), so the demo's link looks alike.
DEMO_OVERLAY_PORT = 8081


def label_words(label: str) -> str:
    """A button label as typed without emoji or punctuation: "🙋 Join" → "join"."""
    return " ".join("".join(c if c.isalnum() else " " for c in label).split()).casefold()


class Director:
    """Acts as the people in the room and moves time; owns the emulator and the bot."""

    def __init__(self, stage: Stage, transcript: Transcript) -> None:
        self.stage = stage
        self.emulator = stage.emulator
        self.transcript = transcript
        self.fans: dict[str, EmuUser] = {}
        self.channels: dict[str, EmuChat] = {}
        self.partner: EmuChat | None = None  # a joint show's other room
        self._stream_started: datetime | None = None

    def fan(self, name: str) -> EmuUser:
        """The fan called `name` (any case: Fan3 is fan3), who appears when first named;
        "host" is the host."""
        if name.casefold() == "host":
            return self.stage.host
        known = next(
            (fan for key, fan in self.fans.items() if key.casefold() == name.casefold()), None
        )
        if known is None:
            known = self.fans[name] = self.stage.fan(name)
        return known

    async def act(
        self,
        user: EmuUser,
        text: str,
        chat: EmuChat | EmuUser | None = None,
        reply_to: SentMessage | None = None,
    ) -> None:
        """`user` writes in `chat` (default: the room), replying to `reply_to` if given; waits
        until the bot has handled it."""
        self.emulator.send(user, chat or self.stage.room, text, reply_to=reply_to)
        await self.stage.settle()

    async def vote(self, user: EmuUser, option: str) -> None:
        """`user` votes for `option` in the room's newest poll of the bot's, adding it first
        when the poll has no such option (as the app lets them)."""
        poll_message = next(
            m
            for m in reversed(self.emulator.messages_in(self.stage.room))
            if m.method == "sendPoll"
        )
        options = self.emulator.poll_of(poll_message).options
        position = options.index(option) if option in options else None
        if position is None:
            position = self.emulator.add_option(user, poll_message, option)
        self.emulator.vote(user, poll_message, [position])
        await self.stage.settle()

    async def like(self, user: EmuUser, text: str, emoji: str = "❤") -> None:
        """`user` reacts to the room's newest bot post containing `text` (a like)."""
        post = next(
            m
            for m in reversed(self.emulator.messages_in(self.stage.room))
            if text in m.text and m.receiver_id is None
        )
        self.emulator.react(user, self.stage.room, post.message_id, [emoji])
        await self.stage.settle()

    def current(self, chat: EmuChat | EmuUser, user: EmuUser) -> list[SentMessage]:
        """The bot's messages in `chat` that `user` sees, each as it reads now (its latest
        edit), newest first."""
        latest: dict[tuple[int, int | None], SentMessage] = {}
        for message in self.emulator.messages_in(chat):
            if message.visible_to(user.id):
                key = (message.message_id, message.ephemeral_message_id)
                latest.pop(key, None)  # re-inserted: the dict keeps the latest edit's order
                latest[key] = message
        return list(reversed(latest.values()))

    def last_with_button(
        self, chat: EmuChat | EmuUser, label: str, user: EmuUser | None = None
    ) -> tuple[SentMessage, JSON] | None:
        """The newest message in `chat` (that `user` sees) with a button labelled `label`:
        exactly, or as typed without its emoji and in any case ("join" for "🙋 Join")."""
        wanted = label_words(label)
        # Only what each message shows now: a card edited since (closed, cancelled) has lost
        # the buttons its first version had.
        for message in self.current(chat, user or self.stage.host):
            for button in message.buttons():
                if button["text"] == label or (wanted and label_words(button["text"]) == wanted):
                    return message, button
        return None

    async def press(self, user: EmuUser, chat: EmuChat | EmuUser, label: str) -> bool:
        """Press the newest button with this label in `chat`; links open as Telegram would."""
        found = self.last_with_button(chat, label, user)
        if found is None:
            return False
        message, button = found
        label = button["text"]
        if button.get("url") in self.emulator.till.links:
            self.emulator.checkout(user, button["url"])  # the Stars invoice: pay
        elif "url" in button:
            self.emulator.follow_link(user, button["url"])
        elif "request_contact" in button:
            self.emulator.send_contact(user, user, f"+86138{user.id:08d}")
        elif "callback_data" in button:
            answer = await self.emulator.wait_for_answer(self.emulator.press(user, message, label))
            if answer.get("url"):
                self.emulator.follow_link(user, str(answer["url"]))
        else:
            self.emulator.send(user, user, label)  # a reply-keyboard button sends its text
        await self.stage.settle()
        return True

    async def newcomer(self, name: str) -> EmuUser:
        """Someone new joins the room (a chat_member update, as Telegram sends it)."""
        user = self.emulator.add_user(name)
        self.fans[name] = user
        self.emulator.join(user, self.stage.room)
        await self.stage.settle()
        return user

    async def stream(self, on_air: bool, since: datetime | None = None) -> None:
        """The host starts or ends the room's video chat (Telegram's service message); an end
        reports the duration since the start (or `since`)."""
        if on_air:
            self._stream_started = self.stage.clock.now()
            self.emulator.video_chat(self.stage.host, self.stage.room, "started")
        else:
            started = since or self._stream_started or self.stage.clock.now()
            seconds = int((self.stage.clock.now() - started).total_seconds())
            self.emulator.video_chat(self.stage.host, self.stage.room, "ended", duration=seconds)
            self._stream_started = None
        await self.stage.settle()

    async def wait(self, delta: timedelta) -> None:
        """Time passes: the clock stops at every wake-up the bot planned on the way (a trailer,
        a show going live, a draw, next week's show), so each fires at its own time, in order."""
        target = self.stage.clock.now() + delta
        while True:
            now = self.stage.clock.now()
            planned = self.stage.running.timer.planned().values()
            on_the_way = sorted(moment for moment in planned if now < moment < target)
            if not on_the_way:
                break
            await self._advance(on_the_way[0])
        await self._advance(target)

    async def _advance(self, moment: datetime) -> None:
        await self.stage.advance_to(moment)
        await self.stage.running.lottery_poster.refresh_cards()
        await self.stage.settle()

    async def schedule_video_chat(self, at: time_of_day) -> None:
        """The host schedules the room's video chat for `at` (room time, the next such moment)."""
        zone = ZoneInfo(self.stage.running.settings.default_timezone)
        async with self.stage.running.session_factory() as session:
            room = await session.get(Room, self.stage.room.id)
            if room is not None:
                zone = ZoneInfo(room.timezone)
        now = self.stage.clock.now().astimezone(zone)
        start = datetime.combine(now.date(), at, zone)
        if start <= now:
            start += timedelta(days=1)
        self.emulator.video_chat(
            self.stage.host, self.stage.room, "scheduled", start_date=int(start.timestamp())
        )
        await self.stage.settle()


@asynccontextmanager
async def staged(transcript: Transcript, trailer_lead_hours: float = 1) -> AsyncIterator[Director]:
    clock = ManualClock(datetime.now(UTC).replace(second=0, microsecond=0))
    emulator = TelegramEmulator(limits=FAST_EMULATOR_LIMITS, now=lambda: clock.now().timestamp())
    emulator.listeners.append(transcript)
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory(prefix="liveroom-demo-") as folder:
            settings = make_settings(
                emulator,
                Path(folder) / "demo.db",
                log_level="WARNING",
                trailer_lead_hours=trailer_lead_hours,
                # Where a real bot serves it (127.0.0.1:8081), unless that is taken.
                overlay_listen=f"127.0.0.1:{free_port(DEMO_OVERLAY_PORT)}",
            )
            stage = Stage(emulator, settings, clock)
            await stage.start()
            try:
                yield Director(stage, transcript)
            finally:
                await stage.stop()
    finally:
        await emulator.stop()


async def show_overlay(director: Director) -> None:
    """The host asks for the stream overlay's link (the transcript shows it): open it in a
    browser, or in OBS, and it follows the show."""
    director.transcript.note(
        "The host asks for the stream overlay (/overlay): open its link in a browser or OBS "
        "to watch the show on it"
    )
    await director.act(director.stage.host, "/overlay")
