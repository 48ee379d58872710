"""Prints what happens in the emulator as a readable transcript (colours on a terminal)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from domain.draw import Proof, verify
from emulator.world import ChatEvent

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

    def _who(self, event: ChatEvent) -> str:
        if event.kind in {"bot", "edit"}:
            return self._paint(
                "🤖 Liveroom" + (" (edited)" if event.kind == "edit" else ""), "bot"
            )
        if event.kind == "toast":
            return self._paint("🤖 Liveroom (pop-up)", "bot")
        if event.kind in {"link", "reaction"}:
            return self._paint("🤖 Liveroom", "bot")
        return event.actor

    def __call__(self, event: ChatEvent) -> None:
        if self.muted:
            return
        if event.chat.type == "private":
            where = self._paint(f"[{event.chat.first_name} ⇄ bot]", "private")
        else:
            where = self._paint(f"[{event.chat.title}]", "room")
        who = self._who(event)
        if event.receiver is not None:
            who += self._paint(f" (only {event.receiver} sees this)", "dim")
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
        if event.document is not None:
            for line in file_preview(*event.document):
                self._write(indent + self._paint(line, "dim"))


PREVIEW_ROWS = 3


def file_preview(name: str, content: bytes) -> list[str]:
    """What a person would see on opening a file the bot sent: where it is saved, and for a
    CSV its first rows, for a draw proof whether it checks out."""
    path = Path(tempfile.gettempdir()) / f"liveroom-demo-{Path(name).name}"
    path.write_bytes(content)
    lines = [f"📎 {name}, saved as {path}"]
    if name.endswith(".csv"):
        rows = content.decode("utf-8-sig").splitlines()
        lines += [f"│ {row}" for row in rows[: PREVIEW_ROWS + 1]]
        if len(rows) > PREVIEW_ROWS + 1:
            lines.append(f"│ … {len(rows) - PREVIEW_ROWS - 1} more rows")
    elif name.endswith(".json"):
        proof = Proof.from_json(content.decode())
        problems = verify(proof)
        lines.append(
            f"✔ checked like `python -m domain.draw {path}`: the seed matches the commitment, "
            f"{len(proof.entrants)} entrants match the digest, winners {proof.winners} recomputed"
            if not problems
            else "✘ the proof does not check out: " + "; ".join(problems)
        )
    return lines
