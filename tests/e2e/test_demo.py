"""The offline demo plays its whole show, and its interactive mode works in a terminal."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from demo.director import Director, staged
from demo.interactive import play_line
from demo.script import script
from demo.transcript import Transcript

REPO = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


async def test_the_demo_show_plays_to_the_end() -> None:
    output = io.StringIO()
    transcript = Transcript(output, colour=False)
    async with staged(transcript) as director:
        summary = await script(director)
    assert re.fullmatch(
        r"Demo finished in \d+\.\d s: 1 show scheduled, 1 trailer, 2 reminders, 12 newcomers "
        r"welcomed in 1 post, 1 banned message deleted, lottery #1 with 21 entrants and 2 "
        r"winners, 1 address collected, 5 gifts \(513⭐\) thanked in 2 posts, 1 show report, "
        r"2 check-ins, 11 likes and 1 goal reached, 7 cues, a joint show with Kenji's room \(a "
        r"battle won by Hana's live room, a lottery for both rooms\), the next theme chosen by 4 "
        r"fans and offered to 2, 0 flood errors\.",
        summary,
    )
    lines = output.getvalue().splitlines()
    expected_in_order = [
        "[Hana's live room] Hana: /announce Free shipping on every order tonight",
        "[Hana's live room] 🤖 Liveroom: 📌 pins it",
        "[Hana's live room] Hana: /schedule",
        "[Hana's live room] 🤖 Liveroom (only Hana sees this): Scheduled #1: Winter skincare Q&A",
        "[Hana's live room] Hana: /script 1",
        "[Hana's live room] 🤖 Liveroom (only Hana sees this): ✅ Saved.",
        "2. 20:02 · 3 min · 🎁 lottery password rose x2 Lip balm set",
        # The script holds the password: it is taken down at once.
        "[Hana's live room] 🤖 Liveroom: 🗑 deletes Hana's message",
        "[Hana's live room] 🤖 Liveroom: 📺 Coming up: Winter skincare Q&A",
        "[🔔 Remind me]",
        "[Hana's live room] Mei: presses [🔔 Remind me]",
        "Telegram opens https://t.me/liveroom_bot?start=remind_1 (the bot's private chat)",
        "[Mei ⇄ bot] Mei: /start remind_1",
        "[Mei ⇄ bot] 🤖 Liveroom: You're on the list",
        "[Hana's live room] 🤖 Liveroom: 🔴 We are live: Winter skincare Q&A!",
        "📌 Free shipping on every order tonight",
        "[Mei ⇄ bot] 🤖 Liveroom: 🔴 “Winter skincare Q&A” is live now",
        "[Hana's live room] 🤖 Liveroom (pop-up): ✋ Checked in, Mei! 1 show in a row.",
        "[Hana's live room] Ana: 👋 joins the group",
        "[Hana's live room] 🤖 Liveroom: 👋 Welcome to the room, Ana, Bo, Chloe, Dev, Eli, Fei, "
        "Gus, Hui, Ivy, Jun and 2 more!",
        "[Hana's live room] Spammer: 想要优惠的加微信abc123",
        "[Hana's live room] 🤖 Liveroom: 🗑 deletes Spammer's message",
        "[Hana's live room] 🤖 Liveroom (only Spammer sees this): ⚠️ Spammer, I removed your "
        "message",
        "[Hana's live room] 🤖 Liveroom (only Hana sees this): 🎬 Now (2/3): 🎁 Lottery: Lip "
        "balm set — 3 min",
        "Lottery #1 has started (password rose x2 Lip balm set).",
        "[Hana's live room] 🤖 Liveroom: 🎁 Lottery #1: Lip balm set",
        "🤖 Liveroom: 🎉 on fan1's message",
        "Entrants: 21",
        "[Hana's live room] 🤖 Liveroom: 🎉 Lottery #1: Lip balm set",
        "[🎁 Claim your prize]",
        "🤖 Liveroom: That doesn't look like a phone number.",
        "🤖 Liveroom: ✅ Thank you! Your details are saved.",
        "[Hana's live room] Hana: /winners",
        "Chen Xiaomei · +8613800138000 · 88 Century Avenue, Pudong, Shanghai 200120",
        "[Hana's live room] 🤖 Liveroom (only Hana sees this): I've sent it to you in our private "
        "chat.",
        "[Hana's live room] Hana: /gifts big 500 open Perfume sample",
        "[Hana's live room] 🤖 Liveroom (only Ana sees this): 🎁 Send Hana's live room a gift",
        "[Ana ⇄ bot] 🤖 Liveroom: Thank you for your gift to Hana's live room: 🌹 Rose, 1⭐.",
        "[Hana's live room] 🤖 Liveroom: Thank you Ana 🌹×3, Bo ☕! 💝",
        "[Hana's live room] 🤖 Liveroom: 🎉 Wow, thank you Chloe for the 🚀 Rocket (500⭐)! 💝",
        "[Hana's live room] 🤖 Liveroom: 🧧 A big gift opens a red envelope",
        "[Hana's live room] 🤖 Liveroom: 🎉 Lottery #2: Perfume sample",
        "[Hana's live room] fan1: reacts ❤",
        "[Hana's live room] 🤖 Liveroom: 🎯 50% of the way: 4 of 8 likes — then a lottery for "
        "Tea sample!",
        "[Hana's live room] 🤖 Liveroom: 🎯 Goal reached: 8 likes! The lottery for Tea sample "
        "starts now.",
        "[Hana's live room] 🤖 Liveroom: 🎉 Lottery #3: Tea sample",
        "1. Chloe — 500 pts (chat minutes: 0, likes: 0, invited: 0, Stars: 500)",
        "3. fan1 — 3 pts (chat minutes: 1, likes: 1, invited: 0, Stars: 0)",
        "[Hana's live room] 🤖 Liveroom (only Hana sees this): ⏰ The run-of-show's 35 min are "
        "over",
        "[Hana's live room] 🤖 Liveroom: 👋 That's all for today",
        "🗳 What should the next show be about? Vote below, or add your own idea.",
        "[Hana's live room] 🤖 Liveroom: 📊 What should the next show be about? — Spring looks "
        "/ Night routine",
        "[Hana ⇄ bot] 🤖 Liveroom: 🖼 📊 Show report, Hana's live room: Winter skincare Q&A",
        "Duration: 39 min",
        "New members: 12",
        "Messages: 31",
        "Lottery entries: 27",
        "Active fans: 45 (at most 30 in one minute)",
        "Popularity: 625",
        "Gifts: 513⭐ · top gifters: Chloe 500⭐, Bo 10⭐, Ana 3⭐",
        "🤝 Joint show, this room | Kenji's room: active fans 45 | 2",
        "📎 show-1.png, saved as",
        "[Hana ⇄ bot] 🤖 Liveroom: 📋 Run-of-show of “Winter skincare Q&A”, planned → actual:",
        "2. 🎁 Lottery: Lip balm set: 3 min → 3 min",
        "[Hana's live room] Ana: 📊 adds: Makeup for beginners",
        "[Hana ⇄ bot] 🤖 Liveroom: 🗳 The fans chose the next theme",
        "3. Makeup for beginners — 1 (25%), added by Ana",
        "[Hana ⇄ bot] Hana: presses [📅 Schedule “Spring looks”]",
        "[Hana ⇄ bot] 🤖 Liveroom: 📅 Scheduled #3 “Spring looks” in Hana's live room",
        "[Mei ⇄ bot] 🤖 Liveroom: 🗳 The theme you voted for is on: “Spring looks”",
    ]
    remaining = iter(lines)
    for needle in expected_in_order:
        assert any(needle in line for line in remaining), (
            f"{needle!r} missing or out of order in:\n" + "\n".join(lines)
        )
    assert "\033[" not in output.getvalue()  # plain text when colour is off


class Terminal:
    """A program running in a pseudo-terminal, read and typed into like a person would."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "BOT_TOKEN"}}
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO,
            env=env | {"TERM": "xterm"},
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in ANSI.sub("", self.screen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; screen:\n{ANSI.sub('', self.screen)}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode(errors="replace")
                except OSError:  # the program closed the terminal
                    break
        assert text in ANSI.sub("", self.screen), ANSI.sub("", self.screen)

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def close(self) -> int:
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


def test_interactive_mode_in_a_terminal() -> None:
    terminal = Terminal("-m", "demo", "--interactive", "--no-script")
    try:
        terminal.expect("demo> ")
        terminal.type("help")
        terminal.expect("wait 1m")
        terminal.type("host> /lottery open Mug")
        terminal.expect("🎁 Lottery #1: Mug")
        terminal.type("fan3> [🙋 Join]")
        terminal.expect("Liveroom (pop-up): You're in! Good luck")
        terminal.type("fan3 @private> /start")
        terminal.expect("[fan3 ⇄ bot] 🤖 Liveroom: Hi fan3!")
        terminal.type("fan4> [No such button]")
        terminal.expect("No button [No such button] in that chat")
        terminal.type("wait 1m")
        terminal.expect("🎉 Lottery #1: Mug")
        terminal.expect("You won Mug in Hana's live room!")  # fan3 has a private chat
        terminal.type("stream start")
        terminal.expect("🔴 We are live")
        terminal.type("join Ana")
        terminal.expect("[Hana's live room] Ana: 👋 joins the group")
        terminal.type("wait 1h")
        terminal.type("host @private> /start")
        terminal.expect("[Hana ⇄ bot] 🤖 Liveroom: Hi Hana!")
        terminal.type("stream end")
        terminal.expect("👋 That's all for today")
        terminal.expect("Duration: 1 h")
        terminal.type("quit")
        assert terminal.close() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert "\x1b[" in terminal.screen  # colours on a terminal


async def play(director: Director, output: io.StringIO, *lines: str) -> str:
    """Play `lines`; returns what the transcript printed for them."""
    mark = len(output.getvalue())
    for line in lines:
        assert await play_line(director, line)
    return output.getvalue()[mark:]


async def test_the_mini_language_plays_every_kind_of_lottery_and_lets_time_pass_in_order() -> None:
    output = io.StringIO()
    async with staged(Transcript(output, colour=False)) as director:
        # Time passes through every timer on the way: trailer, then the show going live.
        shown = await play(
            director, output, "host> /timezone UTC", "host> /schedule tomorrow 20:00 Late show"
        )
        assert "Scheduled #1: Late show" in shown
        shown = await play(director, output, "wait 2d")
        assert shown.index("📺 Coming up: Late show") < shown.index("🔴 We are live: Late show")

        # Names and button labels in any case, emoji optional; a fan's Telegram language.
        shown = await play(
            director, output, "lang Mei zh", "host> /lottery open Mug", "MEI> [join]"
        )
        assert "Liveroom (pop-up): 参与成功！祝你好运 🍀" in shown
        await play(director, output, "wait 61s")

        # A follow lottery needs a channel the fan follows.
        shown = await play(
            director,
            output,
            "channel @hana_news",
            "host> /channel @hana_news",
            "host> /lottery follow Tea",
            "lin> [join]",
        )
        assert "Follow @hana_news first, then press “🙋 Join” again." in shown
        shown = await play(director, output, "follow lin @hana_news", "lin> [join]")
        assert "You're in! Good luck" in shown
        await play(director, output, "wait 61s")

        # A share lottery: a friend joins through the fan's own link.
        shown = await play(
            director,
            output,
            "bo @private> /start",
            "host> /lottery share Lamp",
            "bo> [get my invite link]",
            "join Ana via bo",
        )
        assert "Ana: 👋 joins the group" in shown
        shown = await play(director, output, "bo> [get my invite link]")
        assert "Your share counted (1 joined): you're in!" in shown

        # A boost opens a red envelope; a scheduled video chat is a show.
        await play(director, output, "wait 61s", "host> /milestone boost open Cap")
        shown = await play(director, output, "boost kai")
        assert "🧧 A boost opens a red envelope: a lottery for “Cap”." in shown
        shown = await play(director, output, "stream schedule 21:00")
        assert "🎥 video chat scheduled" in shown
        assert "Scheduled #2: Live stream" in shown

        # Files show what they hold.
        await play(director, output, "wait 61s", "host @private> /start")
        shown = await play(director, output, "host> /export", "host> /proof 1")
        assert "📎 winners.csv, saved as" in shown
        assert "│ Lottery,Drawn at,Prize," in shown
        assert "📎 proof-1.json, saved as" in shown
        assert "✔ checked like `python -m domain.draw" in shown
        assert not await play_line(director, "quit")


def test_ctrl_c_stops_the_demo_without_a_traceback() -> None:
    terminal = Terminal("-m", "demo", "--interactive", "--no-script")
    try:
        terminal.expect("demo> ")
        terminal.process.send_signal(signal.SIGINT)  # what a terminal sends on Ctrl+C
        terminal.expect("Stopped.")
        assert terminal.close() == 130
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert "Traceback" not in terminal.screen


async def test_the_mini_language_replies_to_the_wizard_and_never_presses_an_old_card() -> None:
    output = io.StringIO()
    async with staged(Transcript(output, colour=False)) as director:
        # "host" is the host in every command, never a new fan called host.
        shown = await play(director, output, "lang host zh")
        assert "Hana's Telegram speaks zh now" in shown
        assert "host" not in {name.casefold() for name in director.fans}
        await play(director, output, "lang host en")
        # Time too far ahead is refused with a hint, not a traceback.
        shown = await play(director, output, "wait 99999999d")
        assert "too far ahead" in shown
        # The wizard's typed steps are replies to its question.
        await play(director, output, "host> /lottery", "host> [password]")
        shown = await play(director, output, "host> ^ Rose")
        assert "How many winners?" in shown
        await play(director, output, "host> [3]")
        shown = await play(director, output, "host> ^ Tea set")
        assert "🔑 Password: Rose (only you see this)" in shown
        await play(director, output, "host> [start]")
        # A card cancelled (edited, its button gone) is not pressed in its old version.
        await play(director, output, "host> /lottery_cancel", "host> /lottery open Mug")
        await play(director, output, "host> /lottery_cancel")
        shown = await play(director, output, "ann> [join]")
        assert "No button [join] in that chat" in shown
