"""A show's run-of-show: its segments as a host types them, and the clock that cues the host
through them while the show is live. Pure rules: no Telegram, no database.

A script is lines like `10m Welcome and intro`, `20m Q&A: winter skincare`,
`5m lottery password rose x3 Lip balm` (a lottery segment starts its lottery at its cue) and
one optional `wishes: theme; theme` line (the candidate themes of the goodbye poll).

While the show is live the script keeps to its plan: each segment starts when the one before
it is planned to end (or earlier, when the host says /next), so the room does not drag. /pause
holds the script's clock; a paused segment's time is not spent. The host hears a cue at each
segment's start and a minute before its end, and once when the script's time is over while
the show goes on (it overruns).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import messages
from domain.errors import UserInputError, one_line
from domain.lottery import LotteryRequest, parse_lottery
from domain.vocabulary import TITLE_MAX_LENGTH
from domain.wishes import parse_wishes

MAX_SEGMENTS = 30
MAX_SEGMENT_MINUTES = 360  # a show lasts SHOW_MAX_HOURS (6 h by default) at most
# The host hears "one minute left" this long before a segment's planned end.
WARNING_LEAD = timedelta(minutes=1)

_DURATION = re.compile(
    r"^(?:(?P<hours>\d{1,3})\s*(?:h|hr|hrs|hours?|小时))?"
    r"\s*(?:(?P<minutes>\d{1,4})\s*(?:m|min|mins|minutes?|分|分钟))?$",
    re.IGNORECASE,
)
_LOTTERY_WORDS = frozenset({"lottery", "/lottery", "抽奖"})
_WISHES_PREFIX = re.compile(r"^(?:wishes|主题|心愿)\s*[:：]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SegmentPlan:
    minutes: int
    title: str  # what the host reads in the cue; a lottery segment's is its lottery's spec
    lottery_args: str | None = None  # as typed after /lottery, for a lottery segment

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    def lottery(self) -> LotteryRequest | None:
        return parse_lottery(self.lottery_args) if self.lottery_args is not None else None


@dataclass(frozen=True)
class ScriptDraft:
    segments: list[SegmentPlan]
    wishes: list[str] | None  # None: the text had no `wishes:` line


class ScriptLineError(UserInputError):
    """A line of a script that cannot be read: which line, and what is wrong with it."""

    def __init__(self, number: int, line: str, problem: UserInputError) -> None:
        super().__init__(problem.text, **problem.params)
        self.number = number
        self.line = line


def parse_duration(text: str) -> int | None:
    """Minutes in "10m", "1h", "1h30m", "45min", "20分钟"; None when it is not a duration."""
    match = _DURATION.match(text.strip())
    if match is None or not (match["hours"] or match["minutes"]):
        return None
    return int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)


def parse_segment(line: str) -> SegmentPlan:
    """One segment: `<duration> <title>`, or `<duration> lottery <what /lottery takes>`."""
    parts = line.split(maxsplit=1)
    minutes = parse_duration(parts[0]) if parts else None
    if minutes is None:
        raise UserInputError(messages.ERR_SEGMENT_FORMAT)
    if not 1 <= minutes <= MAX_SEGMENT_MINUTES:
        raise UserInputError(
            messages.ERR_SEGMENT_MINUTES, minutes=minutes, limit=MAX_SEGMENT_MINUTES
        )
    rest = parts[1].strip() if len(parts) > 1 else ""
    words = rest.split(maxsplit=1)
    if words and words[0].casefold() in _LOTTERY_WORDS:
        args = words[1] if len(words) > 1 else ""
        request = parse_lottery(args)  # the room's own /lottery rules, refused here, not live
        return SegmentPlan(minutes, request.prize, " ".join(args.split()))
    title = one_line(
        rest, TITLE_MAX_LENGTH, messages.ERR_SEGMENT_NO_TITLE, messages.ERR_TITLE_TOO_LONG
    )
    return SegmentPlan(minutes, title)


def parse_script(text: str, longest_show: timedelta) -> ScriptDraft:
    """A whole script as pasted; a line that cannot be read is refused with its number, and
    a script longer than a show may last is refused as a whole."""
    segments: list[SegmentPlan] = []
    wishes: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            if (prefix := _WISHES_PREFIX.match(line)) is not None:
                wishes = parse_wishes(line[prefix.end() :])
            else:
                segments.append(parse_segment(line))
        except UserInputError as problem:
            raise ScriptLineError(number, line, problem) from None
    check_segments(segments, longest_show)
    return ScriptDraft(segments, wishes)


def check_segments(segments: Sequence[SegmentPlan], longest_show: timedelta) -> None:
    if len(segments) > MAX_SEGMENTS:
        raise UserInputError(messages.ERR_SCRIPT_TOO_MANY, count=len(segments), limit=MAX_SEGMENTS)
    total = sum((segment.length for segment in segments), timedelta())
    if total > longest_show:
        raise UserInputError(
            messages.ERR_SCRIPT_TOO_LONG,
            minutes=int(total.total_seconds() // 60),
            limit=int(longest_show.total_seconds() // 60),
        )


def planned_starts(segments: Sequence[SegmentPlan], show_start: datetime) -> list[datetime]:
    """When each segment is planned to start, the show starting on time."""
    starts, at = [], show_start
    for segment in segments:
        starts.append(at)
        at += segment.length
    return starts


# --- the live clock -----------------------------------------------------------------------------
class Cue(enum.Enum):
    WARN = "warn"  # a minute left of the current segment
    ADVANCE = "advance"  # its time is up: the next segment starts
    OVERRUN = "overrun"  # the last segment's time is up and the show goes on


@dataclass(frozen=True)
class ScriptClock:
    """Where a live script stands: which segment (from 0), since when, and its pauses."""

    current: int
    segment_started_at: datetime
    paused_at: datetime | None
    paused_seconds: int
    warned: bool
    over: bool

    def spent(self, now: datetime) -> timedelta:
        """The current segment's time used so far (pauses not counted)."""
        held = timedelta(seconds=self.paused_seconds)
        if self.paused_at is not None:
            held += now - self.paused_at
        return max(timedelta(), now - self.segment_started_at - held)

    def ends_at(self, segment: SegmentPlan, now: datetime) -> datetime:
        """When the current segment's time is up, if the clock runs on from now."""
        return now + (segment.length - self.spent(now))

    def due(self, segments: Sequence[SegmentPlan], now: datetime) -> Cue | None:
        """The cue due now, if any (one at a time: each changes the clock)."""
        if self.paused_at is not None or self.over or self.current >= len(segments):
            return None
        segment = segments[self.current]
        left = segment.length - self.spent(now)
        if left <= timedelta():
            return Cue.ADVANCE if self.current + 1 < len(segments) else Cue.OVERRUN
        if left <= WARNING_LEAD and not self.warned and segment.length > WARNING_LEAD:
            return Cue.WARN
        return None

    def next_wake(self, segments: Sequence[SegmentPlan], now: datetime) -> datetime | None:
        """When the next cue falls due (None while paused, or once the script is over)."""
        if self.paused_at is not None or self.over or self.current >= len(segments):
            return None
        segment = segments[self.current]
        end = self.ends_at(segment, now)
        if not self.warned and segment.length > WARNING_LEAD and end - WARNING_LEAD > now:
            return end - WARNING_LEAD
        return end
