"""The demo's line language (`--interactive`, and `python -m emulator`): people typed in as
`name> text`, and the world's events (`wait 2h`, `join Ann`, `stream start`, …)."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from datetime import time as time_of_day
from datetime import timedelta

from demo.director import Director
from emulator.world import EmuChat, EmuUser

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
