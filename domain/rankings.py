"""Fan rankings: who brought the room the most popularity over the last hour or week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from domain import messages
from domain.errors import UserInputError
from domain.popularity import Counts, Weights

PERIODS = {"hour": timedelta(hours=1), "week": timedelta(days=7)}
TOP_SIZE = 10
# The popularity weights a fan's own doing is ranked by (new members and boosts are the room's).
FAN_WEIGHTS = ("chat", "like", "share", "star")


def parse_period(args: str | None) -> tuple[str, timedelta]:
    period = (args or "").strip().lower()
    if period not in PERIODS:
        raise UserInputError(messages.TOP_USAGE)
    return period, PERIODS[period]


@dataclass
class Activity:
    """A fan's popularity points over a period, as the room's weights count them."""

    user_id: int
    name: str
    chat_minutes: int = 0
    likes: int = 0
    invites: int = 0
    stars: int = 0
    points: int = 0


def combine(
    chat: Iterable[tuple[int, str, int]],
    likes: Iterable[tuple[int, str, int]],
    invites: Iterable[tuple[int, str, int]],
    stars: Iterable[tuple[int, str, int]],
    weights: Weights,
) -> list[Activity]:
    """(user id, name, count) rows of each kind → one Activity per fan, most points first
    (ties: more chatting minutes, then the lower id, so the order never flickers)."""
    fans: dict[int, Activity] = {}
    kinds = (("chat_minutes", chat), ("likes", likes), ("invites", invites), ("stars", stars))
    for field, rows in kinds:
        for user_id, name, count in rows:
            activity = fans.setdefault(user_id, Activity(user_id, name))
            activity.name = activity.name or name
            setattr(activity, field, getattr(activity, field) + count)
    for activity in fans.values():
        activity.points = Counts(
            chat_minutes=activity.chat_minutes,
            likes=activity.likes,
            shares=activity.invites,
            stars=activity.stars,
        ).score(weights)
    return sorted(fans.values(), key=lambda a: (-a.points, -a.chat_minutes, a.user_id))
