"""Schedule maths and command parsing: pure functions, no Telegram, no database."""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from domain import messages
from domain.errors import UserInputError, one_line
from domain.vocabulary import TITLE_MAX_LENGTH

_WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    [
        ("mon", "monday", "周一", "星期一", "礼拜一"),
        ("tue", "tues", "tuesday", "周二", "星期二", "礼拜二"),
        ("wed", "wednesday", "周三", "星期三", "礼拜三"),
        ("thu", "thur", "thurs", "thursday", "周四", "星期四", "礼拜四"),
        ("fri", "friday", "周五", "星期五", "礼拜五"),
        ("sat", "saturday", "周六", "星期六", "礼拜六"),
        ("sun", "sunday", "周日", "周天", "星期日", "星期天", "礼拜日", "礼拜天"),
    ]
):
    for _name in _names:
        _WEEKDAYS[_name] = _index

_DATE_PATTERN = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_TIME_PATTERN = re.compile(r"^(\d{1,2})[:：](\d{2})$")
# Years a show or an export range can name; the calendar's own ends (years 1 and 9999) would
# overflow when a day is added or the date is moved between time zones.
FIRST_YEAR, LAST_YEAR = 2000, 2999
_RELATIVE_DAYS = {"today": 0, "今天": 0, "tomorrow": 1, "明天": 1}


@dataclass(frozen=True)
class OneOffRequest:
    starts_at: datetime  # UTC
    title: str
    awaits_video_chat: bool = False  # Telegram's scheduled video chat: live when it starts


@dataclass(frozen=True)
class WeeklyRequest:
    weekday: int
    local_time: time
    title: str


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def known_zone(name: str) -> str | None:
    """The IANA zone `name` means (any letter case: "asia/shanghai" is what people type), or
    None. Looked up in the list of zones, never opened as a path: "Asia" is a folder of the
    zone database and "../x" a path, neither a zone."""
    return _zones_by_lower_name().get(name.strip().lower())


# Zones hosts are likeliest to mean, offered when someone types an offset ("UTC+8").
_COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "Atlantic/Azores",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def zones_at_offset(text: str, at: datetime) -> list[str] | None:
    """For an offset typed instead of a zone ("UTC+8", "GMT-5", "+05:30"): the common zones
    at that offset at `at` (a zone, unlike an offset, follows daylight saving). None when
    `text` is no offset."""
    match = _OFFSET.match(text.strip())
    if match is None:
        return None
    sign = 1 if match.group(1) == "+" else -1
    offset = sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    return [name for name in _COMMON_ZONES if at.astimezone(ZoneInfo(name)).utcoffset() == offset]


def parse_date(text: str, today: date) -> date:
    lowered = text.lower()
    if lowered in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[lowered])
    match = _DATE_PATTERN.match(text)
    if not match:
        raise UserInputError(messages.ERR_BAD_DATE, value=text)
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserInputError(messages.ERR_BAD_DATE, value=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserInputError(messages.ERR_BAD_DATE, value=text) from None


def parse_time(text: str) -> time:
    match = _TIME_PATTERN.match(text)
    if not match:
        raise UserInputError(messages.ERR_BAD_TIME, value=text)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise UserInputError(messages.ERR_BAD_TIME, value=text)
    return time(hour, minute)


def parse_weekday(text: str) -> int:
    weekday = _WEEKDAYS.get(text.lower())
    if weekday is None:
        raise UserInputError(messages.ERR_BAD_WEEKDAY, value=text)
    return weekday


def check_title(title: str) -> str:
    return one_line(title, TITLE_MAX_LENGTH, messages.ERR_NO_TITLE, messages.ERR_TITLE_TOO_LONG)


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def parse_start(
    date_text: str, time_text: str, tz: ZoneInfo, now: datetime, moving: int | None = None
) -> datetime:
    """A start moment typed in the room's zone, refused if it is not in the future (for
    `moving`, a show being rescheduled, with a /reschedule example)."""
    day = parse_date(date_text, now.astimezone(tz).date())
    at = parse_time(time_text)
    starts_at = local_to_utc(day, at, tz)
    shown = starts_at.astimezone(tz)
    if shown.time() != at:
        # The clocks jump forward that night: the time typed never happens on that day.
        raise UserInputError(
            messages.ERR_TIME_SKIPPED,
            time=at.strftime("%H:%M"),
            date=day.isoformat(),
            timezone=tz.key,
            suggestion=shown.strftime("%H:%M"),
        )
    if starts_at <= now:
        if moving is not None:
            raise UserInputError(messages.ERR_RESCHEDULE_IN_PAST, id=moving)
        raise UserInputError(messages.ERR_IN_PAST)
    return starts_at


def parse_schedule(args: str | None, tz: ZoneInfo, now: datetime) -> OneOffRequest | WeeklyRequest:
    """Parse /schedule arguments: `<date> <time> <title>` or `weekly <weekday> <time> <title>`."""
    parts = (args or "").split(maxsplit=3)
    if parts and parts[0].lower() in {"weekly", "每周"}:
        if len(parts) < 3:
            raise UserInputError(messages.ERR_SCHEDULE_WEEKLY_USAGE)
        weekday = parse_weekday(parts[1])
        at = parse_time(parts[2])
        return WeeklyRequest(weekday, at, check_title(parts[3] if len(parts) > 3 else ""))
    parts = (args or "").split(maxsplit=2)
    if len(parts) < 2:
        raise UserInputError(messages.ERR_SCHEDULE_USAGE)
    starts_at = parse_start(parts[0], parts[1], tz, now)
    return OneOffRequest(starts_at, check_title(parts[2] if len(parts) > 2 else ""))


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """A number a person typed: ASCII digits only ("²" is a digit to Python, but int() refuses
    it), and no longer than `max_digits` (a 20-digit id overflows the database's integers)."""
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


class IdKind(enum.Enum):
    """What a number names; a wrong one is refused naming the kind and where to find it."""

    SHOW = messages.ERR_BAD_SHOW_ID
    LOTTERY = messages.ERR_BAD_LOTTERY_ID
    WINNER = messages.ERR_BAD_WINNER_ID
    ENVELOPE = messages.ERR_BAD_ENVELOPE_ID
    GIFT = messages.ERR_BAD_GIFT_ID


def parse_id(text: str, kind: IdKind) -> int:
    value = whole_number(text.strip().lstrip("#"))
    if value is None:
        raise UserInputError(kind.value, value=text)
    return value


def trailer_time(starts_at: datetime, lead: timedelta, now: datetime) -> datetime:
    """When the trailer goes out: the lead time ahead, or at once if that moment has passed."""
    return max(now, starts_at - lead)


def next_weekly_start(weekday: int, at: time, tz: ZoneInfo, after: datetime) -> datetime:
    """The first start strictly after `after` for a weekly slot, in local time (DST-safe)."""
    local_after = after.astimezone(tz)
    day = local_after.date() + timedelta(days=(weekday - local_after.weekday()) % 7)
    candidate = local_to_utc(day, at, tz)
    if candidate <= after:
        candidate = local_to_utc(day + timedelta(days=7), at, tz)
    return candidate
