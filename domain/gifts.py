"""Gifts: fans send the host Telegram Stars; the room thanks them by name.

A room's gift menu (emoji, name, price in Stars), the host's commands that change it, the
invoice payload that ties a payment to a room and a gift, and the batched thank-you post. No
Telegram, no database here.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from domain import messages
from domain.errors import UserInputError
from domain.schedule import whole_number

# Telegram takes 1 to 2,500 Stars for one invoice item.
MIN_STARS = 1
MAX_STARS = 2500
MAX_GIFTS_ON_MENU = 12  # a menu is a column of buttons: more is a wall
GIFT_NAME_MAX_LENGTH = 24  # the invoice's title is the emoji and the name: 32 characters at most
# A gift of at least this many Stars is thanked at once, not with the next batch (unless the
# host armed a big-gift red envelope: then its threshold is what makes a gift big).
BIG_GIFT_STARS = 500
# Paid messages in the room count as gifts of their Stars, under this emoji.
PAID_MESSAGE_EMOJI = "⭐"
PAYLOAD_PREFIX = "gift"


@dataclass(frozen=True)
class Gift:
    emoji: str
    name: str
    stars: int


# The menu of a room whose host never changed it, in the room's language.
DEFAULT_MENUS: dict[str, tuple[Gift, ...]] = {
    "en": (
        Gift("🌹", "Rose", 1),
        Gift("☕", "Coffee", 10),
        Gift("🍰", "Cake", 50),
        Gift("🚀", "Rocket", 500),
    ),
    "zh": (
        Gift("🌹", "玫瑰", 1),
        Gift("☕", "咖啡", 10),
        Gift("🍰", "蛋糕", 50),
        Gift("🚀", "火箭", 500),
    ),
}


def default_menu(language: str) -> tuple[Gift, ...]:
    return DEFAULT_MENUS.get(language, DEFAULT_MENUS["en"])


def check_stars(value: str) -> int:
    stars = whole_number(value)
    if stars is None or not MIN_STARS <= stars <= MAX_STARS:
        raise UserInputError(messages.ERR_GIFT_STARS, value=value, low=MIN_STARS, high=MAX_STARS)
    return stars


def is_emoji(text: str) -> bool:
    """One emoji (with its modifiers and joiners), not a letter or a word."""
    if not text or len(text) > 8:
        return False
    return (
        all(
            unicodedata.category(char) in ("So", "Sk", "Mn", "Cf") or char == "\u200d"
            for char in text
        )
        and unicodedata.category(text[0]) == "So"
    )


def parse_gift(args: str) -> Gift:
    """`/gifts add <emoji> <name> <stars>`: `🧸 Teddy bear 100`."""
    emoji, _, rest = args.strip().partition(" ")
    name, _, stars = rest.strip().rpartition(" ")
    if not emoji or not name.strip() or not stars:
        raise UserInputError(messages.GIFTS_ADD_USAGE)
    if not is_emoji(emoji):
        raise UserInputError(messages.ERR_GIFT_EMOJI, value=emoji)
    name = " ".join(name.split())
    if len(name) > GIFT_NAME_MAX_LENGTH:
        raise UserInputError(messages.ERR_GIFT_NAME, limit=GIFT_NAME_MAX_LENGTH)
    return Gift(emoji, name, check_stars(stars))


def payload(room_chat_id: int, gift: Gift) -> str:
    """What an invoice carries back in its pre-checkout query and payment (≤ 128 bytes)."""
    return f"{PAYLOAD_PREFIX}:{room_chat_id}:{gift.stars}:{gift.emoji}"


@dataclass(frozen=True)
class GiftOrder:
    room_chat_id: int
    stars: int
    emoji: str


def parse_payload(text: str) -> GiftOrder | None:
    prefix, _, rest = text.partition(":")
    room, _, rest = rest.partition(":")
    stars, _, emoji = rest.partition(":")
    if prefix != PAYLOAD_PREFIX or not emoji:
        return None
    try:
        return GiftOrder(int(room), int(stars), emoji)
    except ValueError:
        return None


@dataclass(frozen=True)
class Thanked:
    """One gift to thank: who gave it and what."""

    name: str
    emoji: str


def thanks_parts(gifts: list[Thanked]) -> list[str]:
    """`["Ana 🌹×3", "Bo ☕"]`: each giver once, in the order they first gave, with what
    they gave."""
    order: dict[str, Counter[str]] = {}
    for gift in gifts:
        order.setdefault(gift.name, Counter())[gift.emoji] += 1
    parts = []
    for name, emojis in order.items():
        given = "".join(e if n == 1 else f"{e}×{n}" for e, n in emojis.items())
        parts.append(f"{name} {given}")
    return parts


def batches(line_parts: list[str], limit: int = 3500) -> list[list[str]]:
    """Split the named givers into posts that fit a Telegram message (4,096 characters),
    so everyone is named however many gave."""
    posts: list[list[str]] = [[]]
    length = 0
    for part in line_parts:
        if posts[-1] and length + len(part) + 2 > limit:
            posts.append([])
            length = 0
        posts[-1].append(part)
        length += len(part) + 2
    return [post for post in posts if post]
