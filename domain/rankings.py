"""Fan rankings: who was most active in the room over the last hour or week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from domain import messages
from domain.errors import UserInputError

PERIODS = {"hour": timedelta(hours=1), "week": timedelta(days=7)}
# Bringing a newcomer in is worth more than a message: it is what grows the room.
POINTS_PER_MESSAGE = 1
POINTS_PER_ENTRY = 2
POINTS_PER_INVITE = 5
TOP_SIZE = 10


def parse_period(args: str | None) -> tuple[str, timedelta]:
    period = (args or "").strip().lower()
    if period not in PERIODS:
        raise UserInputError(messages.TOP_USAGE)
    return period, PERIODS[period]


@dataclass
class Activity:
    user_id: int
    name: str
    messages: int = 0
    entries: int = 0
    invites: int = 0

    @property
    def points(self) -> int:
        return (
            self.messages * POINTS_PER_MESSAGE
            + self.entries * POINTS_PER_ENTRY
            + self.invites * POINTS_PER_INVITE
        )


def combine(
    messages: Iterable[tuple[int, str, int]],
    entries: Iterable[tuple[int, str, int]],
    invites: Iterable[tuple[int, str, int]],
) -> list[Activity]:
    """(user id, name, count) rows of each kind → one Activity per fan, best first (ties: the
    fan with more messages, then the lower id, so the order never flickers)."""
    fans: dict[int, Activity] = {}
    for rows, field in ((messages, "messages"), (entries, "entries"), (invites, "invites")):
        for user_id, name, count in rows:
            activity = fans.setdefault(user_id, Activity(user_id, name))
            setattr(activity, field, getattr(activity, field) + count)
    return sorted(fans.values(), key=lambda a: (-a.points, -a.messages, a.user_id))
