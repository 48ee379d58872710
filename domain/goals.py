"""A show's goals: a lottery that starts by itself when the show reaches a number of likes,
popularity points, Stars or new members (a red envelope of the show's own). Pure rules: no
Telegram, no database."""

from __future__ import annotations

from dataclasses import dataclass

from domain import messages
from domain.errors import UserInputError
from domain.lottery import LotteryRequest, parse_lottery
from domain.popularity import Counts, Weights
from domain.schedule import whole_number
from domain.vocabulary import MilestoneTrigger

MAX_GOAL = 10_000_000
# What /goal counts, by the word the host types (and its Chinese).
GOAL_WORDS: dict[str, MilestoneTrigger] = {
    "likes": MilestoneTrigger.LIKES,
    "like": MilestoneTrigger.LIKES,
    "点赞": MilestoneTrigger.LIKES,
    "popularity": MilestoneTrigger.POPULARITY,
    "人气": MilestoneTrigger.POPULARITY,
    "stars": MilestoneTrigger.STARS,
    "star": MilestoneTrigger.STARS,
    "星星": MilestoneTrigger.STARS,
    "members": MilestoneTrigger.NEWCOMERS,
    "newcomers": MilestoneTrigger.NEWCOMERS,
    "新成员": MilestoneTrigger.NEWCOMERS,
}
GOAL_TRIGGERS = frozenset(GOAL_WORDS.values())
# The room hears when a goal is half way and nine tenths of the way there.
STEPS = (50, 90)


@dataclass(frozen=True)
class GoalRequest:
    trigger: MilestoneTrigger
    threshold: int
    lottery_args: str
    lottery: LotteryRequest


def parse_goal(args: str) -> GoalRequest:
    """`<n> likes|popularity|stars|members <lottery>`, e.g. `500 likes open Lip balm`; the
    lottery part is what /lottery takes, checked now."""
    words = args.split(maxsplit=2)
    if len(words) < 3:
        raise UserInputError(messages.GOAL_USAGE)
    number = whole_number(words[0])
    if number is None or not 1 <= number <= MAX_GOAL:
        raise UserInputError(messages.ERR_GOAL_NUMBER, value=words[0], limit=MAX_GOAL)
    trigger = GOAL_WORDS.get(words[1].casefold())
    if trigger is None:
        raise UserInputError(messages.ERR_GOAL_WHAT, value=words[1])
    return GoalRequest(trigger, number, words[2].strip(), parse_lottery(words[2]))


def value_of(trigger: MilestoneTrigger, counts: Counts, weights: Weights) -> int:
    """How far the show has come toward a goal of this kind."""
    match trigger:
        case MilestoneTrigger.LIKES:
            return counts.likes
        case MilestoneTrigger.STARS:
            return counts.stars
        case MilestoneTrigger.NEWCOMERS:
            return counts.members
        case _:
            return counts.score(weights)


def step_reached(value: int, threshold: int, told: int) -> int | None:
    """The progress to announce now (50 or 90 per cent), if it was not said before; the
    highest reached only (a jump from 40% to 95% says 90%). 100% is the goal itself."""
    share = value * 100 // threshold if threshold else 0
    reached = [step for step in STEPS if share >= step > told]
    return reached[-1] if reached and share < 100 else None
