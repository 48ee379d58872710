"""Prints what happens in the emulator as a readable transcript (colours on a terminal)."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from emulator.server import ChatEvent

_COLOURS = {"room": "36", "private": "35", "bot": "32", "note": "33", "dim": "2"}


class Transcript:
    def __init__(self, stream: TextIO | None = None, colour: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        if colour is None:
            colour = self.stream.isatty() and "NO_COLOR" not in os.environ
        self.colour = colour
        self.lines = 0
        self.muted = False  # a crowd scene: keep the transcript readable

    def _paint(self, text: str, style: str) -> str:
        return f"\033[{_COLOURS[style]}m{text}\033[0m" if self.colour else text

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()
        self.lines += 1

    def note(self, text: str) -> None:
        self._write(self._paint(f"── {text}", "note"))

    def __call__(self, event: ChatEvent) -> None:
        if self.muted:
            return
        if event.chat.type == "private":
            where = self._paint(f"[{event.chat.first_name} ⇄ bot]", "private")
        else:
            where = self._paint(f"[{event.chat.title}]", "room")
        if event.kind in {"bot", "edit"}:
            who = self._paint("🤖 Liveroom" + (" (edited)" if event.kind == "edit" else ""), "bot")
        elif event.kind == "toast":
            who = self._paint("🤖 Liveroom (pop-up)", "bot")
        elif event.kind in {"link", "reaction"}:
            who = self._paint("🤖 Liveroom", "bot")
        else:
            who = event.actor
        text = event.text
        if event.kind == "press":
            text = f"presses [{text}]"
        elif event.kind == "link":
            text = f"Telegram opens {text} (the bot's private chat)"
        first, *rest = text.splitlines() or [""]
        self._write(f"{where} {who}: {first}")
        indent = " " * 6
        for line in rest:
            self._write(f"{indent}{line}")
        if event.buttons:
            self._write(indent + self._paint("  ".join(f"[{b}]" for b in event.buttons), "dim"))
