"""The offline demo: the real bot (same `create_app` + long polling as production, SQLite in a
temporary folder) against the built-in Telegram emulator, with people played by a script, or by
you in --interactive mode. Time is accelerated: the clock jumps when the script says so.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from demo.transcript import Transcript
from domain.clock import ManualClock
from domain.vocabulary import ClaimStatus
from emulator.server import TelegramEmulator
from emulator.stage import FAST_EMULATOR_LIMITS, Stage, free_port, make_settings
from emulator.world import JSON, EmuChat, EmuUser, SentMessage
from storage.models import Entry, Room, Strike, Winner

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


class Director:
    """Acts as the people in the room and moves time; owns the emulator and the bot."""

    def __init__(self, stage: Stage, transcript: Transcript) -> None:
        self.stage = stage
        self.emulator = stage.emulator
        self.transcript = transcript
        self.fans: dict[str, EmuUser] = {}
        self.channels: dict[str, EmuChat] = {}
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
        wanted = _label_words(label)
        # Only what each message shows now: a card edited since (closed, cancelled) has lost
        # the buttons its first version had.
        for message in self.current(chat, user or self.stage.host):
            for button in message.buttons():
                if button["text"] == label or (wanted and _label_words(button["text"]) == wanted):
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
        await self.stage.running.lotteries.refresh_cards()
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


async def script(director: Director) -> str:
    """One whole show; returns the one-line summary."""
    started = time.monotonic()
    on_air = await _schedule_and_go_live(director)
    await _warm_room(director)
    entrants, winners = await _password_lottery(director)
    await _claim_and_check(director, winners[0])
    await _gifts(director)
    await _end_show(director, on_air)
    emu = director.emulator
    async with director.stage.running.session_factory() as session:
        submitted = await session.scalar(
            select(func.count()).select_from(Winner).where(Winner.status == ClaimStatus.SUBMITTED)
        )
        banned = await session.scalar(select(func.count()).select_from(Strike))
    reminders = sum("is live now" in m.text for m in emu.sent)
    welcomes = sum(m.text.startswith("👋 Welcome") for m in emu.sent)
    reports = sum(m.method == "sendPhoto" for m in emu.sent)
    gifts = len(emu.till.payments)
    thanks = sum(
        m.chat_id == director.stage.room.id and m.text.startswith(("Thank you", "🎉 Wow"))
        for m in emu.sent
    )
    return (
        f"Demo finished in {time.monotonic() - started:.1f} s: 1 show scheduled, 1 trailer, "
        f"{reminders} reminders, {NEWCOMERS} newcomers welcomed in {welcomes} post, "
        f"{banned} banned message deleted, lottery #1 with {entrants} entrants and "
        f"{len(winners)} winners, {submitted} address collected, {gifts} gifts "
        f"({emu.till.balance}⭐) thanked in {thanks} posts, {reports} show report, "
        f"{emu.flood_errors} flood errors."
    )


async def _schedule_and_go_live(director: Director) -> datetime:
    """Returns when the show went on air."""
    stage, note, host = director.stage, director.transcript.note, director.stage.host
    tomorrow = (stage.clock.now().astimezone(ROOM_ZONE) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, datetime.min.time(), ROOM_ZONE).replace(hour=20)

    note("The host sets up the room: time zone, welcomes, a banned word, an announcement")
    await director.act(host, "/timezone Asia/Shanghai")
    await director.act(host, "/welcome on")
    await director.act(host, f"/banword add {BANNED_WORD}")
    await director.act(host, "/announce Free shipping on every order tonight")
    note("… and schedules tomorrow's show (trailer 1 hour ahead)")
    await director.act(host, f"/schedule {tomorrow.isoformat()} 20:00 Winter skincare Q&A")

    note("⏩ Tomorrow, 19:00: the trailer is due")
    await director.wait(start - timedelta(hours=1) - stage.clock.now())
    mei, lin = director.fan("Mei"), director.fan("Lin")
    note("Mei has never talked to the bot: Remind me takes her to its private chat")
    await director.press(mei, stage.room, "🔔 Remind me")
    note("Lin already has a private chat with the bot: one tap is enough")
    await director.act(lin, "/start", lin)
    await director.press(lin, stage.room, "🔔 Remind me")

    note("⏩ 20:00: the show starts")
    await director.wait(start - stage.clock.now())
    return start


async def _warm_room(director: Director) -> None:
    note = director.transcript.note
    note(f"{NEWCOMERS} people join the room in the first minute (showing the first few)")
    for index in range(NEWCOMERS):
        if index == 3:
            director.transcript.muted = True
        await director.newcomer(NEWCOMER_NAMES[index])
    director.transcript.muted = False
    note("⏩ A minute later: one welcome post names them all, not one post each")
    await director.wait(timedelta(minutes=1))
    note(f"A spammer writes the banned word {BANNED_WORD} (“add WeChat”) inside a sentence")
    await director.act(director.fan("Spammer"), f"想要优惠的{BANNED_WORD}abc123")


async def _gifts(director: Director) -> None:
    note, host, room = director.transcript.note, director.stage.host, director.stage.room
    note("The host arms a red envelope for big gifts")
    await director.act(host, "/gifts big 500 open Perfume sample")
    note("Fans send gifts: “🎁 Send a gift” under the live notice shows the menu to the fan alone")
    ana, bo, chloe = director.fan("Ana"), director.fan("Bo"), director.fan("Chloe")
    await director.press(ana, room, "🎁 Send a gift")
    for _ in range(3):
        await director.press(ana, room, "🌹 Rose — 1⭐")  # Telegram's payment form, paid in Stars
    await director.press(bo, room, "🎁 Send a gift")
    await director.press(bo, room, "☕ Coffee — 10⭐")
    note("⏩ A minute later: one post thanks them all by name")
    await director.wait(timedelta(minutes=1))
    note("Chloe sends a rocket: thanked at once, and it opens the red envelope")
    await director.press(chloe, room, "🎁 Send a gift")
    await director.press(chloe, room, "🚀 Rocket — 500⭐")
    for fan in (ana, bo):
        await director.press(fan, room, "🙋 Join")
    note("⏩ The envelope's lottery draws a minute later")
    await director.wait(timedelta(minutes=1))


async def _end_show(director: Director, on_air: datetime) -> None:
    note, host = director.transcript.note, director.stage.host
    note("The host asks who were the most active fans in the last hour")
    await director.act(host, "/top hour")
    note("⏩ The host ends the stream (the group's video chat): goodbye, and a private report")
    await director.wait(timedelta(minutes=30))
    await director.stream(on_air=False, since=on_air)  # it went live on schedule


async def _password_lottery(director: Director) -> tuple[int, list[EmuUser]]:
    stage, emu, note, host = (
        director.stage,
        director.emulator,
        director.transcript.note,
        director.stage.host,
    )
    note("On stream, the host announces a password lottery")
    await director.act(host, "/lottery password rose x2 Lip balm set")
    note(f"{CROWD} fans type in the room (showing the first few)")
    guesses = ["rose", " ROSE ", "Rose", "tulip", "rose"]
    for index in range(CROWD):
        if index == 5:
            await stage.settle()  # the first few, with their reactions, then the crowd quietly
            director.transcript.muted = True
        fan = director.fan(f"fan{index + 1}")
        emu.send(fan, stage.room, "lily" if index % 7 == 3 else guesses[index % len(guesses)])
    emu.send(director.fan("fan1"), stage.room, "rose")  # one fan, twice
    await stage.settle()
    director.transcript.muted = False
    note(f"… and {CROWD - 5} more; each right answer gets a 🎉 reaction, wrong ones are ignored")
    await director.wait(timedelta(seconds=10))

    note("⏩ One minute after the card: the bot draws by itself")
    await director.wait(timedelta(seconds=50))
    async with stage.running.session_factory() as session:
        entrants = await session.scalar(select(func.count()).select_from(Entry)) or 0
        drawn = (await session.scalars(select(Winner).order_by(Winner.rank))).all()
    by_id = {fan.id: fan for fan in director.fans.values()}
    return entrants, [by_id[winner.user_id] for winner in drawn]


async def _claim_and_check(director: Director, winner: EmuUser) -> None:
    stage, note, host = director.stage, director.transcript.note, director.stage.host
    note(f"{winner.first_name} taps Claim and fills in the delivery form (one typo corrected)")
    await director.press(winner, stage.room, "🎁 Claim your prize")
    await director.act(winner, "Chen Xiaomei", winner)
    await director.act(winner, "12345", winner)
    await director.act(winner, "+86 138 0013 8000", winner)
    await director.act(winner, ADDRESS, winner)
    await director.press(winner, winner, "Skip")
    await director.press(winner, winner, "✅ Confirm")

    note("After the show the host checks the winners (privately)")
    await director.act(host, "/start", host)
    await director.act(host, "/winners")


HELP = """\
Type as anyone in the room, then press Enter (names and button labels in any case):
  host> /lottery open Mug          the host writes in the room
  fan3> rose                       fan3 writes in the room (fans appear as you name them)
  fan3 @private> /start            fan3 writes in their private chat with the bot
  fan3> [join]                     fan3 presses the newest "🙋 Join" button (emoji optional)
  fan3 @private> [Confirm]         … in their private chat
  host> ^ Rose                     the host replies to the bot's newest message (the /lottery
                                   wizard asks for its password and prize that way)
  wait 1m                          time passes (s, m, h, d): every timer on the way fires
  join Ana                         a new person joins the room
  join Ana via fan3                … through the invite link the bot gave fan3 (share lotteries)
  lang fan3 zh                     fan3's Telegram is in Chinese (en, zh)
  boost fan3                       fan3 boosts the room (red envelopes at a boost)
  channel @hana_news               the host has a channel (the bot an admin of it); then:
                                   host> /channel @hana_news
  follow fan3 @hana_news           fan3 follows it (follow lotteries)
  stream schedule 21:00            the host schedules the room's video chat (room time)
  stream start / stream end        the host starts or ends the room's video chat
  help                             this text
  quit                             stop (Ctrl+D or Ctrl+C too)
The trailer of a show goes out 1 hour ahead here (24 hours on Telegram: TRAILER_LEAD_HOURS)."""

_LINE = re.compile(r"^(?P<who>\w+)(?P<private>\s+@private)?>\s?(?P<text>.*)$")
_WAIT = re.compile(r"^wait\s+(\d+)\s*([smhd])$", re.IGNORECASE)
_JOIN = re.compile(r"^join\s+(\w+)(?:\s+via\s+(\w+))?$", re.IGNORECASE)
_STREAM = re.compile(r"^stream\s+(start|end|schedule\s+(\d{1,2}):(\d{2}))$", re.IGNORECASE)
_LANG = re.compile(r"^lang\s+(\w+)\s+(en|zh)$", re.IGNORECASE)
_BOOST = re.compile(r"^boost\s+(\w+)$", re.IGNORECASE)
_CHANNEL = re.compile(r"^channel\s+@(\w{5,32})$", re.IGNORECASE)
_FOLLOW = re.compile(r"^follow\s+(\w+)\s+@(\w{5,32})$", re.IGNORECASE)
_INVITE = re.compile(r"https://t\.me/\+[\w-]+")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def _label_words(label: str) -> str:
    """A button label as typed without emoji or punctuation: "🙋 Join" → "join"."""
    return " ".join("".join(c if c.isalnum() else " " for c in label).split()).casefold()


async def _join(director: Director, match: re.Match[str]) -> str:
    if match.group(2) is None:
        await director.newcomer(match.group(1))
        return ""
    inviter = director.fan(match.group(2))
    emulator = director.emulator
    # The link was shown to the inviter in the room (or, failing that, in private).
    seen = [*emulator.seen_by(inviter, director.stage.room), *emulator.messages_in(inviter)]
    links = [link for message in seen for link in _INVITE.findall(message.text)]
    if not links:
        return f"{inviter.first_name} has no invite link yet: press [Get my invite link]"
    user = emulator.add_user(match.group(1))
    director.fans[match.group(1)] = user
    emulator.join_via_link(user, links[-1])
    await director.stage.settle()
    return ""


# Far enough for any show; beyond, a date overflows (and nothing is due that far anyway).
MOST_WAIT = timedelta(days=3660)


async def _wait(director: Director, match: re.Match[str]) -> str:
    amount, unit = int(match.group(1)), match.group(2).lower()
    if amount > MOST_WAIT / timedelta(**{_UNITS[unit]: 1}):
        return "That is too far ahead: wait at most 3660d (ten years) at a time"
    await director.wait(timedelta(**{_UNITS[unit]: amount}))
    return f"⏩ {amount}{unit} later"


async def _lang(director: Director, match: re.Match[str]) -> str:
    person = director.fan(match.group(1))  # "host" is the host, not a new fan
    person.language_code = match.group(2).lower()
    return f"{person.first_name}'s Telegram speaks {match.group(2).lower()} now"


async def _boost(director: Director, match: re.Match[str]) -> str:
    director.emulator.boost(director.fan(match.group(1)), director.stage.room)
    await director.stage.settle()
    return ""


async def _channel(director: Director, match: re.Match[str]) -> str:
    name = match.group(1)
    host = director.stage.host
    channel = director.emulator.add_channel(name, name, [host])
    channel.members[director.emulator.bot.id] = "administrator"  # so it sees who follows
    director.channels[name.casefold()] = channel
    return f"Channel @{name} exists, with the bot as an admin; link it: host> /channel @{name}"


async def _follow(director: Director, match: re.Match[str]) -> str:
    channel = director.channels.get(match.group(2).casefold())
    if channel is None:
        return f"No channel @{match.group(2)}: make it with channel @{match.group(2)}"
    channel.members[director.fan(match.group(1)).id] = "member"
    return f"{match.group(1)} follows @{match.group(2)}"


async def _stream(director: Director, match: re.Match[str]) -> str:
    action = match.group(1).lower()
    if not action.startswith("schedule"):
        await director.stream(action == "start")
        return ""
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return "A time is HH:MM, 00:00 to 23:59"
    await director.schedule_video_chat(time_of_day(hour, minute))
    return ""


_WORLD: list[tuple[re.Pattern[str], Callable[[Director, re.Match[str]], Awaitable[str]]]] = [
    (_WAIT, _wait),
    (_JOIN, _join),
    (_LANG, _lang),
    (_BOOST, _boost),
    (_CHANNEL, _channel),
    (_FOLLOW, _follow),
    (_STREAM, _stream),
]


async def _world(director: Director, line: str) -> str | None:
    """The mini-language's world commands (time, joins, boosts, channels…); None when `line`
    is not one of them, else what to note (may be empty)."""
    for pattern, act in _WORLD:
        if match := pattern.match(line):
            return await act(director, match)
    return None


async def interact(director: Director) -> None:
    """A prompt loop: each line acts as someone, or moves time."""
    director.transcript.note(HELP)
    lines = stdin_lines()
    while True:
        sys.stdout.write("demo> ")
        sys.stdout.flush()
        line = await lines.get()
        if not line or not await play_line(director, line):
            return


def stdin_lines() -> asyncio.Queue[str]:
    """Lines typed, read by a daemon thread: Ctrl+C must not wait for a blocked read (a worker
    thread of asyncio.to_thread would hold the process open until Enter). "" is the end."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        while True:
            line = sys.stdin.readline()
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the demo has ended
                return
            if not line:
                return

    threading.Thread(target=read, name="demo-stdin", daemon=True).start()
    return queue


async def play_line(director: Director, line: str) -> bool:
    """One line of the mini-language; False when it says to stop."""
    out = director.transcript
    line = line.strip()
    if line.lower() in {"quit", "exit"}:
        return False
    if not line:
        return True
    if line.lower() == "help":
        out.note(HELP)
        return True
    said = await _world(director, line)
    if said is not None:
        if said:
            out.note(said)
        return True
    match = _LINE.match(line)
    if match is None:
        out.note("I didn't get that; type help")
        return True
    who = match.group("who")
    user = director.stage.host if who.lower() == "host" else director.fan(who)
    chat: EmuChat | EmuUser = user if match.group("private") else director.stage.room
    text = match.group("text")
    if text.startswith("[") and text.endswith("]"):
        if not await director.press(user, chat, text[1:-1]):
            out.note(f"No button {text} in that chat")
    elif text.startswith("^"):
        newest = director.current(chat, user)
        if not newest:
            out.note("No message of the bot's there to reply to")
        else:
            await director.act(user, text[1:].strip(), chat, reply_to=newest[0])
    elif text:
        await director.act(user, text, chat)
    return True


async def main(play_script: bool = True, interactive: bool = False) -> int:
    transcript = Transcript()
    transcript.note(
        "Liveroom offline demo: the real bot against a built-in Telegram emulator "
        "(no token, no network); a day of a live room in seconds"
    )
    async with staged(transcript) as director:
        await show_overlay(director)
        if play_script:
            transcript.note(await script(director))
        if interactive:
            await interact(director)
    return 0
