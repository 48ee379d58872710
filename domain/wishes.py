"""The fans choose the next show's theme: the goodbye poll's candidate themes and its tally.
Pure rules: no Telegram, no database."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain import messages
from domain.errors import UserInputError

MAX_WISHES = 10
# A theme is a poll option: Telegram takes 1-100 characters.
WISH_MAX_LENGTH = 100


def parse_wishes(text: str) -> list[str]:
    """Up to 10 candidate themes, split at ";" (or "；"), each a poll option."""
    themes = [" ".join(part.split()) for part in re.split(r"[;；\n]", text)]
    themes = [theme for theme in themes if theme]
    if len(themes) > MAX_WISHES:
        raise UserInputError(messages.ERR_WISHES_TOO_MANY, count=len(themes), limit=MAX_WISHES)
    for theme in themes:
        if len(theme) > WISH_MAX_LENGTH:
            raise UserInputError(
                messages.ERR_WISH_TOO_LONG, theme=theme, length=len(theme), limit=WISH_MAX_LENGTH
            )
    folded = [theme.casefold() for theme in themes]
    if len(set(folded)) != len(folded):
        twice = next(theme for theme in themes if folded.count(theme.casefold()) > 1)
        raise UserInputError(messages.ERR_WISH_TWICE, theme=twice)
    return themes


@dataclass(frozen=True)
class ThemeTally:
    theme: str
    votes: int
    share: float  # of all the poll's voters, 0-1
    added_by: str  # the fan who added it ("" for the host's own candidates)


def tally(
    options: Sequence[str], counts: Sequence[int], added_by: Sequence[str]
) -> list[ThemeTally]:
    """The themes, most votes first (the host's order among equals)."""
    total = sum(counts)
    rows = [
        ThemeTally(theme, votes, votes / total if total else 0.0, adder)
        for theme, votes, adder in zip(options, counts, added_by, strict=True)
    ]
    return sorted(rows, key=lambda row: -row.votes)


def winner(results: Sequence[ThemeTally]) -> ThemeTally | None:
    """The theme with the most votes; None when nobody voted."""
    return results[0] if results and results[0].votes > 0 else None
