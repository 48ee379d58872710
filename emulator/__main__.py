"""`python -m emulator`: the Bot API emulator as a server of its own, so anyone can run the real
bot (`python -m liveroom`) offline and talk to it.

It starts on 127.0.0.1 (port 8088, or --port), with a host (Hana) and her live room, prints the
settings that point a bot at it, then reads lines as the people in the room:

    host> /help              Hana writes in the room
    ann> hello               Ann (a fan, who appears when first named) writes in the room
    ann @private> /start     Ann writes in her private chat with the bot
    ann> [Join]              Ann presses the newest button labelled so (case and emoji aside)
    quit                     stop (Ctrl+D or Ctrl+C too)

Everything the bot does is printed as it happens, as in the demo's transcript.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys

from demo.interactive import stdin_lines
from demo.transcript import Transcript
from emulator.server import TelegramEmulator
from emulator.world import EmuChat, EmuUser

DEFAULT_PORT = 8088
_LINE = re.compile(r"^(?P<who>\w+)(?P<private>\s+@private)?>\s?(?P<text>.*)$")
HELP = """\
Type as anyone, then press Enter:
  host> /help              the host writes in the room
  ann> hello               a fan writes in the room (fans appear as you name them)
  ann @private> /start     … in their private chat with the bot
  ann> [Join]              presses the newest button with that label
  quit                     stop"""


def _words(label: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in label).split()).casefold()


class Room:
    """The emulator's small world: a host, her room, and fans who appear when first named."""

    def __init__(self, emulator: TelegramEmulator) -> None:
        self.emulator = emulator
        self.host = emulator.add_user("Hana", username="hana_live")
        self.room = emulator.add_group("Hana's live room", admins=[self.host])
        self.people: dict[str, EmuUser] = {"host": self.host}

    def person(self, name: str) -> EmuUser:
        key = name.casefold()
        if key not in self.people:
            fan = self.emulator.add_user(name.capitalize())
            self.room.members[fan.id] = "member"
            self.people[key] = fan
        return self.people[key]

    def play(self, line: str) -> str | None:
        """Act out one line; returns a note for the reader (None when it acted)."""
        match = _LINE.match(line.strip())
        if match is None:
            return "I didn't get that; type help"
        user = self.person(match.group("who"))
        chat: EmuChat | EmuUser = user if match.group("private") else self.room
        text = match.group("text").strip()
        if not (text.startswith("[") and text.endswith("]")):
            if text:
                self.emulator.send(user, chat, text)
            return None
        wanted = _words(text[1:-1])
        for message in reversed(self.emulator.messages_in(chat)):
            if not message.visible_to(user.id):
                continue
            for button in message.buttons():
                if _words(button["text"]) == wanted and "callback_data" in button:
                    self.emulator.press(user, message, button["text"])
                    return None
        return f"No button {text} there"


async def serve(port: int) -> None:
    emulator = TelegramEmulator()
    emulator.listeners.append(Transcript())
    url = await emulator.start(port)
    world = Room(emulator)
    print(
        "Telegram emulator ready. In another terminal, run the real bot against it:\n"
        f"  BOT_TOKEN={emulator.token} BOT_API_URL={url} DATA_KEY=<your key> python -m liveroom\n"
        f"{world.host.first_name} (the host, an admin) and her room are here; the bot is an "
        f"admin of the room.\n\n{HELP}",
        flush=True,
    )
    lines = stdin_lines()
    try:
        while True:
            line = await lines.get()
            if not line or line.strip().lower() in {"quit", "exit"}:
                return
            if line.strip().lower() == "help":
                print(HELP, flush=True)
            elif line.strip() and (note := world.play(line)):
                print(note, flush=True)
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default: %(default)s")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.port))
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(
            f"Can't listen on 127.0.0.1:{args.port} ({error.strerror}): try --port N",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
