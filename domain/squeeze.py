"""Text as people mean it, not as they happened to type it: one comparison for passwords and
banned words alike. No Telegram, no database."""

from __future__ import annotations

import unicodedata

# Punctuation (P…), and marks and format characters (M…, C…) such as emoji variation
# selectors and zero-width spaces.
_IGNORED_CATEGORIES = {"P", "M", "C"}


def squeezed(text: str) -> str:
    """Unicode NFKC (full-width ｒｏｓｅ, what Chinese keyboards type, is rose), case folded,
    with whitespace, punctuation and invisible marks dropped: "Rose!", "r o s e" and "ROSE"
    are all "rose", and "刷 单" and "刷.单" are "刷单"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        char
        for char in folded
        if not char.isspace() and unicodedata.category(char)[0] not in _IGNORED_CATEGORIES
    )
