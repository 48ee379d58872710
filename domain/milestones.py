"""Red envelopes: a lottery the host arms now that starts by itself at a milestone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import messages
from domain.errors import UserInputError
from domain.lottery import LotteryRequest, parse_lottery
from domain.schedule import whole_number
from domain.vocabulary import MilestoneTrigger

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
        raise UserInputError(messages.MILESTONE_USAGE)
    head, rest = words[0].lower(), words[1].strip()
    if head == "boost":
        return MilestoneRequest(MilestoneTrigger.BOOST, None, rest, parse_lottery(rest))
    members = whole_number(head)
    if members is None or not 1 <= members <= MAX_MEMBERS:
        raise UserInputError(messages.ERR_MILESTONE_TRIGGER, value=words[0])
    return MilestoneRequest(MilestoneTrigger.MEMBERS, members, rest, parse_lottery(rest))


def reached(threshold: int | None, members: int) -> bool:
    return threshold is not None and members >= threshold


class MemberEstimate:
    """A room's member count between getChatMemberCount calls, so a raid of joins does not cost
    one call each: every join the bot sees adds one to the last fetched count. The estimate only
    decides *when to ask* Telegram: it never fires a red envelope by itself. Joins make it run
    high (leaves are not subtracted), which costs at worst an early call; joins this process did
    not see (another replica took them) make it run low, which `refresh_after` bounds."""

    def __init__(self, refresh_after: timedelta) -> None:
        self.refresh_after = refresh_after
        self._rooms: dict[int, tuple[int, datetime]] = {}  # room → (estimate, fetched at)

    def joined(self, room_chat_id: int) -> None:
        if room_chat_id in self._rooms:
            count, fetched_at = self._rooms[room_chat_id]
            self._rooms[room_chat_id] = (count + 1, fetched_at)

    def needs_fetch(self, room_chat_id: int, lowest_threshold: int, now: datetime) -> bool:
        known = self._rooms.get(room_chat_id)
        if known is None:
            return True
        count, fetched_at = known
        return count >= lowest_threshold or now - fetched_at >= self.refresh_after

    def fetched(self, room_chat_id: int, members: int, now: datetime) -> None:
        self._rooms[room_chat_id] = (members, now)

    def forget(self, room_chat_id: int) -> None:
        self._rooms.pop(room_chat_id, None)
