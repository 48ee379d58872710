"""Banned words: what counts as a match, and what a strike costs. No Telegram here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from domain import messages
from domain.errors import UserInputError
from domain.squeeze import squeezed
from domain.window import Window

WORD_MAX_LENGTH = 64
MAX_WORDS_PER_ROOM = 200
STRIKES_BEFORE_MUTE = 3
STRIKE_WINDOW = timedelta(days=1)
MUTE_FOR = timedelta(minutes=10)
# Warnings a room gets per minute at most: in a spam raid the deleting goes on, but the room's
# 20 posts a minute stay free for the show (a lottery result must not queue behind warnings).
WARNINGS_PER_MINUTE = 5

# Han, kana, hangul and CJK punctuation: scripts written without spaces between words.
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)


def is_cjk(word: str) -> bool:
    return _CJK.search(word) is not None


def normalise_word(raw: str) -> str:
    word = " ".join(raw.split()).casefold()
    if not word or len(word) > WORD_MAX_LENGTH:
        raise UserInputError(messages.ERR_BANWORD_BAD, limit=WORD_MAX_LENGTH)
    if len(word) == 1 and not is_cjk(word):
        # "a" is inside nearly every message; one Chinese character is a word of its own.
        raise UserInputError(messages.ERR_BANWORD_SHORT, word=word)
    return word


def parse_words(args: str) -> list[str]:
    """`spam, buy now，刷单` → each word normalised (commas of either width separate)."""
    parts = [part for part in re.split(r"[,，、]", args) if part.strip()]
    if not parts:
        raise UserInputError(messages.BANWORD_USAGE)
    return list(dict.fromkeys(normalise_word(part) for part in parts))


class BannedWords:
    """One room's list, compiled once: Chinese (and other CJK) words match anywhere in the
    text, since those scripts put no spaces between words; Latin words match whole words only,
    so banning "ass" leaves "class" alone."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted(set(words)))
        # Compared squeezed: "刷 单", "刷.单" and a zero-width space between are all 刷单.
        self._substrings = [(squeezed(word), word) for word in self.words if is_cjk(word)]
        latin = [re.escape(word) for word in self.words if not is_cjk(word)]
        self._whole = re.compile(r"(?<!\w)(?:" + "|".join(latin) + r")(?!\w)") if latin else None

    def find(self, text: str) -> str | None:
        """The first banned word in `text` (case-insensitive), or None."""
        folded = text.casefold()
        if self._substrings:
            squeezed_text = squeezed(text)
            for key, word in self._substrings:
                if key and key in squeezed_text:
                    return word
        if self._whole is not None and (match := self._whole.search(folded)):
            return match.group(0)
        return None

    def __bool__(self) -> bool:
        return bool(self.words)


def should_mute(strikes_in_window: int) -> bool:
    return strikes_in_window >= STRIKES_BEFORE_MUTE


class WarningBudget:
    """At most `limit` warnings per room in any minute (WARNINGS_PER_MINUTE), over all replicas
    when the window is shared."""

    def __init__(self, window: Window) -> None:
        self._window = window

    async def allow(self, room_chat_id: int, at: datetime) -> bool:
        return await self._window.allow(f"warn:{room_chat_id}", at)
