"""Red envelopes: a lottery the host arms now that starts by itself at a milestone."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from services.errors import UserInputError
from services.lottery import LotteryRequest, parse_lottery
from storage.models import MilestoneTrigger

MAX_MEMBERS = 10_000_000


@dataclass(frozen=True)
class MilestoneRequest:
    trigger: MilestoneTrigger
    threshold: int | None
    lottery_args: str
    lottery: LotteryRequest


def parse_milestone(args: str) -> MilestoneRequest:
    """`<members> <lottery>` (e.g. `500 open Lip balm`) or `boost <lottery>`; the lottery part
    is exactly what /lottery takes, checked now so the host hears of a typo today."""
    words = args.split(maxsplit=1)
    if len(words) < 2:
        raise UserInputError(texts.MILESTONE_USAGE)
    head, rest = words[0].lower(), words[1].strip()
    if head == "boost":
        return MilestoneRequest(MilestoneTrigger.BOOST, None, rest, parse_lottery(rest))
    if not head.isdigit() or not 1 <= int(head) <= MAX_MEMBERS:
        raise UserInputError(texts.ERR_MILESTONE_TRIGGER, value=words[0])
    return MilestoneRequest(MilestoneTrigger.MEMBERS, int(head), rest, parse_lottery(rest))


def reached(threshold: int | None, members: int) -> bool:
    return threshold is not None and members >= threshold
