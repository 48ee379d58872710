"""Fair play: the host's rules for who may win, on plain values. No Telegram, no database.

A room's rules (`/fairplay`) are copied onto each lottery when it starts, so the rules a draw
applies are the ones its card showed. At the draw every entrant stays in the published list
(and its digest); the rules then take some out of the ranking (`Excluded`) or, with
fresh-first, move recent winners behind everyone else (`fair_order`). Both are written into
the proof with the reason for each person, so anyone can re-check the draw with
`python -m domain.draw proof.json`.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import messages
from domain.errors import UserInputError

MAX_CAP_WINS = 99
MAX_CAP_DAYS = 365
DEFAULT_CAP_DAYS = 30
MIN_COUNTDOWN = timedelta(seconds=30)
MAX_COUNTDOWN = timedelta(hours=24)
MAX_MINIMUM_ENTRANTS = 100_000
REASON_MAX_LENGTH = 100


class Excluded(enum.StrEnum):
    """Why an entrant was kept out of the ranking (each named in the proof)."""

    REMOVED = "removed"  # the host took the entry out before the draw, with a reason
    BLOCKED = "blocked"  # on the room's block list
    CAP = "cap"  # won the room's cap of prizes within its window already
    NEWCOMER = "newcomer"  # joined the room after the lottery began (members-only rule)


# An entrant moved behind everyone else by fresh-first (won in the window, below the cap).
DEMOTED = "recent winner"


@dataclass(frozen=True)
class FairPlay:
    """A room's rules, as `/fairplay` sets them; copied onto each lottery at its start."""

    cap_wins: int | None = None  # None: no cap
    cap_days: int = DEFAULT_CAP_DAYS
    fresh_first: bool = False
    members_only: bool = False  # newcomers off: only members from before the start may win
    human_check: bool = False

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.cap_days)

    @property
    def looks_back(self) -> bool:
        """Whether the draw needs the room's recent winners (cap or fresh-first)."""
        return self.cap_wins is not None or self.fresh_first


@dataclass(frozen=True)
class FairPlayChange:
    """One `/fairplay` setting: which, and its new value."""

    cap: tuple[int, int] | None = None  # (wins, days)
    cap_off: bool = False
    fresh_first: bool | None = None
    members_only: bool | None = None
    human_check: bool | None = None

    def applied(self, rules: FairPlay) -> FairPlay:
        wins, days = self.cap if self.cap is not None else (rules.cap_wins, rules.cap_days)
        if self.cap_off:
            wins, days = None, DEFAULT_CAP_DAYS
        return FairPlay(
            cap_wins=wins,
            cap_days=days,
            fresh_first=rules.fresh_first if self.fresh_first is None else self.fresh_first,
            members_only=rules.members_only if self.members_only is None else self.members_only,
            human_check=rules.human_check if self.human_check is None else self.human_check,
        )


_ON = {"on": True, "yes": True, "开": True, "off": False, "no": False, "关": False}


def _switch(word: str | None) -> bool:
    if word is None or word.lower() not in _ON:
        raise UserInputError(messages.FAIRPLAY_USAGE)
    return _ON[word.lower()]


def parse_fairplay(args: str) -> FairPlayChange:
    """`cap <wins> <days> | cap off | fresh on|off | newcomers on|off | check on|off`."""
    words = args.split()
    if not words:
        raise UserInputError(messages.FAIRPLAY_USAGE)
    name, rest = words[0].lower(), words[1:]
    if name == "cap":
        if rest and rest[0].lower() in ("off", "关") and len(rest) == 1:
            return FairPlayChange(cap_off=True)
        if len(rest) not in (1, 2) or not all(word.isdigit() for word in rest):
            raise UserInputError(messages.FAIRPLAY_USAGE)
        wins = int(rest[0])
        days = int(rest[1]) if len(rest) == 2 else DEFAULT_CAP_DAYS
        if not 1 <= wins <= MAX_CAP_WINS or not 1 <= days <= MAX_CAP_DAYS:
            raise UserInputError(
                messages.ERR_FAIRPLAY_CAP, wins_limit=MAX_CAP_WINS, days_limit=MAX_CAP_DAYS
            )
        return FairPlayChange(cap=(wins, days))
    if len(rest) != 1:
        raise UserInputError(messages.FAIRPLAY_USAGE)
    if name == "fresh":
        return FairPlayChange(fresh_first=_switch(rest[0]))
    if name == "newcomers":
        # "newcomers off": newcomers may not win, so only members from before may.
        return FairPlayChange(members_only=not _switch(rest[0]))
    if name == "check":
        return FairPlayChange(human_check=_switch(rest[0]))
    raise UserInputError(messages.FAIRPLAY_USAGE)


# --- the countdown and the minimum (words of /lottery) -----------------------------------------
_COUNTDOWN = re.compile(
    r"^(?:(?P<hours>\d{1,2})(?:h|小时))?(?:(?P<minutes>\d{1,4})(?:m|min|分钟))?"
    r"(?:(?P<seconds>\d{1,5})(?:s|sec|秒))?$",
    re.IGNORECASE,
)
_MINIMUM = re.compile(r"^min(\d{1,6})$", re.IGNORECASE)


def countdown_of(word: str) -> timedelta | None:
    """The countdown in "5m", "30s", "1h", "1h30m", "90s", "10分钟"; None when `word` is not
    one (then it is part of the prize). Out of range is refused, not read as prize words."""
    match = _COUNTDOWN.match(word)
    if match is None or not any(match.groupdict().values()):
        return None
    length = timedelta(
        hours=int(match["hours"] or 0),
        minutes=int(match["minutes"] or 0),
        seconds=int(match["seconds"] or 0),
    )
    if not MIN_COUNTDOWN <= length <= MAX_COUNTDOWN:
        raise UserInputError(messages.ERR_LOTTERY_COUNTDOWN, value=word)
    return length


def minimum_of(word: str) -> int | None:
    """The minimum of entrants in "min20"; None when `word` is not one."""
    match = _MINIMUM.match(word)
    if match is None:
        return None
    value = int(match.group(1))
    if not 2 <= value <= MAX_MINIMUM_ENTRANTS:
        raise UserInputError(messages.ERR_LOTTERY_MINIMUM, value=word)
    return value


class Shortfall(enum.Enum):
    """What the deadline does with fewer entrants than the lottery's minimum."""

    EXTEND = "extend"  # once, by the countdown's own length
    CANCEL = "cancel"


def shortfall(entrants: int, minimum: int | None, extended: bool) -> Shortfall | None:
    if minimum is None or entrants >= minimum:
        return None
    return Shortfall.CANCEL if extended else Shortfall.EXTEND


# --- who is kept out, who goes behind ------------------------------------------------------------
def capped_and_recent(
    wins: Iterable[tuple[int, datetime]], rules: FairPlay, at: datetime
) -> tuple[set[int], set[int]]:
    """From the room's earlier wins (winner, when drawn): who reached the cap within the
    window (kept out), and who won within it but below the cap (behind, with fresh-first)."""
    since = at - rules.window
    counts: dict[int, int] = {}
    for user_id, won_at in wins:
        if since <= won_at <= at:
            counts[user_id] = counts.get(user_id, 0) + 1
    capped = {u for u, n in counts.items() if rules.cap_wins is not None and n >= rules.cap_wins}
    recent = set(counts) - capped if rules.fresh_first else set()
    return capped, recent


def apart(ruled: Iterable[tuple[int, str]]) -> tuple[dict[int, str], set[int]]:
    """Recorded rules (entrant, rule) as a draw applies them: who is kept out, with the rule,
    and who is moved behind."""
    excluded: dict[int, str] = {}
    demoted: set[int] = set()
    for user_id, rule in ruled:
        if rule == DEMOTED:
            demoted.add(user_id)
        else:
            excluded[user_id] = rule
    return excluded, demoted


def block_list_digest(blocked: Iterable[int]) -> str:
    """SHA-256 of the room's blocked ids, ascending, joined by "\\n": the proof shows the list
    in force without publishing it; a host asked can show the list that hashes to it."""
    return hashlib.sha256("\n".join(map(str, sorted(set(blocked)))).encode()).hexdigest()


def fair_order(
    ranking: Iterable[int], excluded: Mapping[int, str] | Collection[int], demoted: Collection[int]
) -> list[int]:
    """The draw's order: the ranking without the excluded, with the demoted (fresh-first's
    recent winners) after everyone else, each part still in ranking order."""
    fresh: list[int] = []
    behind: list[int] = []
    for user_id in ranking:
        if user_id in excluded:
            continue
        (behind if user_id in demoted else fresh).append(user_id)
    return fresh + behind


# --- the human check -----------------------------------------------------------------------------
CHECK_EMOJI = ("🍒", "🐱", "🌙", "🎈", "🍀", "🚗", "🎸", "🐳", "🍩", "⚽", "🌵", "🦊")
CHECK_CHOICES = 4
CHECK_TRIES_PER_MINUTE = 3


def _draws(*parts: object) -> bytes:
    return hashlib.sha256(":".join(map(str, parts)).encode()).digest()


def check_emoji(commitment: str) -> str:
    """The emoji a lottery's card shows for its human check (from its public commitment)."""
    return CHECK_EMOJI[_draws("card", commitment)[0] % len(CHECK_EMOJI)]


def check_choices(commitment: str, user_id: int) -> list[str]:
    """The emoji offered to one fan, the card's among them, in an order of their own: the
    same on every ask, so a press can be checked without storing anything."""
    target = check_emoji(commitment)
    others = sorted(
        (e for e in CHECK_EMOJI if e != target), key=lambda e: _draws(commitment, user_id, e)
    )
    offered = [target, *others[: CHECK_CHOICES - 1]]
    return sorted(offered, key=lambda e: _draws("order", commitment, user_id, e))


def check_passed(commitment: str, user_id: int, pick: int) -> bool:
    choices = check_choices(commitment, user_id)
    return 0 <= pick < len(choices) and choices[pick] == check_emoji(commitment)
