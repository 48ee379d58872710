"""Welcome posts: one post per interval names the newcomers, never one post per join."""

from __future__ import annotations

NAMES_SHOWN = 10
WELCOME_TEXT_MAX_LENGTH = 500
NAMES_PLACEHOLDER = "{names}"


def name_list(names: list[str], and_more: str) -> str:
    """`Ann, Ben, Cai` — or the first NAMES_SHOWN and `and_more` (already filled with N)."""
    shown = ", ".join(names[:NAMES_SHOWN])
    return f"{shown} {and_more}" if len(names) > NAMES_SHOWN else shown


def welcome_post(template: str, names: str) -> str:
    """The host's text with the names where it says {names} (or after it, if it doesn't).
    Plain replacement, not str.format: a host's stray brace must not break the post."""
    if NAMES_PLACEHOLDER in template:
        return template.replace(NAMES_PLACEHOLDER, names)
    return f"{template}\n{names}"
