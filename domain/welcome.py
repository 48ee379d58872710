"""Welcome posts: one post per interval names the newcomers, never one post per join."""

from __future__ import annotations

import re

NAMES_SHOWN = 10
WELCOME_TEXT_MAX_LENGTH = 500
NAMES_PLACEHOLDER = "{names}"
# Anything in braces that looks like a placeholder but is not {names}: a typo the host should hear
# about, not one the room should see ("{name}", "{Names}").
_LOOKS_LIKE_PLACEHOLDER = re.compile(r"\{\s*\w*\s*\}")


def unknown_placeholders(template: str) -> list[str]:
    return [p for p in _LOOKS_LIKE_PLACEHOLDER.findall(template) if p != NAMES_PLACEHOLDER]


def name_list(names: list[str], and_more: str, separator: str = ", ") -> str:
    """`Ann, Ben, Cai` — or the first NAMES_SHOWN and `and_more` (already filled with N)."""
    shown = separator.join(names[:NAMES_SHOWN])
    return f"{shown} {and_more}" if len(names) > NAMES_SHOWN else shown


def welcome_post(template: str, names: str) -> str:
    """The host's text with the names where it says {names} (or after it, if it doesn't).
    Plain replacement, not str.format: a host's stray brace must not break the post."""
    if NAMES_PLACEHOLDER in template:
        return template.replace(NAMES_PLACEHOLDER, names)
    return f"{template}\n{names}"
