"""Presentation helpers shared by handlers and scheduled jobs: times, keyboards, deep links."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from babel.dates import format_skeleton, format_time, get_day_names
from pydantic import Field

from bot import texts
from bot.i18n import Translator
from domain.joint import BattleMetric
from domain.schedule import whole_number
from domain.vocabulary import MilestoneTrigger

REMIND_PAYLOAD_PREFIX = "remind_"


# Callback data comes from the user (a modified client sends anything): an id outside the
# database's integers fails to unpack, and the press falls through to "this button has expired".
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class RemindMe(CallbackData, prefix="rm"):
    broadcast_id: RowId


class LeaveReminders(CallbackData, prefix="rl"):
    """🔕 under a show in a fan's /reminders: off its list."""

    broadcast_id: RowId


class JoinLottery(CallbackData, prefix="lj"):
    lottery_id: RowId


class ScheduleTheme(CallbackData, prefix="wt"):
    """📅 under a goodbye poll's results: schedule the next show with the winning theme."""

    poll: RowId


class GiftMenu(CallbackData, prefix="gm"):
    """ "🎁 Send a gift" on a room's post: the room is the chat the button is in."""


def local_datetime(moment: datetime, timezone: str, locale: str) -> str:
    tz = ZoneInfo(timezone)
    day = format_skeleton("yMMMEd", moment, tzinfo=tz, locale=locale)
    return f"{day} {format_skeleton('Hm', moment, tzinfo=tz, locale=locale)}"


def local_datetime_zoned(moment: datetime, timezone: str, locale: str) -> str:
    """A room's time read outside the room (a private chat, a list across rooms): with the zone,
    since the reader may live in another one."""
    when = local_datetime(moment, timezone, locale)
    # Chinese text takes full-width brackets; a half-width pair in it reads as a typo.
    return f"{when}（{timezone}）" if locale == "zh" else f"{when} ({timezone})"


def local_time_of_day(moment: datetime, timezone: str, locale: str) -> str:
    return format_time(moment, "HH:mm:ss", tzinfo=ZoneInfo(timezone), locale=locale)


def local_clock(at: time, locale: str) -> str:
    return format_time(at, "HH:mm", locale=locale)


def duration(length: timedelta, tr: Translator) -> str:
    """A show's length as people say it: "32 min", "1 h 5 min", "45 s"."""
    seconds = max(0, int(length.total_seconds()))
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if hours and minutes:
        return tr(texts.DURATION_HOURS_MINUTES, hours=hours, minutes=minutes)
    if hours:
        return tr(texts.DURATION_HOURS, hours=hours)
    if minutes:
        return tr(texts.DURATION_MINUTES, minutes=minutes)
    return tr(texts.DURATION_SECONDS, seconds=seconds)


def weekday_name(weekday: int, locale: str) -> str:
    return str(get_day_names("wide", locale=locale)[weekday])


def trailer_keyboard(broadcast_id: int, tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(texts.BUTTON_REMIND_ME),
                    callback_data=RemindMe(broadcast_id=broadcast_id).pack(),
                )
            ]
        ]
    )


class CheckInPress(CallbackData, prefix="ci"):
    """ "✋ Check in" on the live notice: the fan came to the show on air in this room."""


def live_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    """Under the live notice: check in (the fan club) and send a gift."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(texts.BUTTON_CHECK_IN), callback_data=CheckInPress().pack()
                ),
                InlineKeyboardButton(
                    text=tr(texts.BUTTON_SEND_GIFT), callback_data=GiftMenu().pack()
                ),
            ]
        ]
    )


def payload_id(payload: str | None, prefix: str, max_digits: int = 9) -> int | None:
    """The id in a deep-link payload such as `remind_12`; None for anything malformed.
    `max_digits`: 15 for a chat's id (a supergroup's has 13)."""
    if not payload or not payload.startswith(prefix):
        return None
    return whole_number(payload.removeprefix(prefix), max_digits)


_GOAL_WORDS = {
    MilestoneTrigger.LIKES: texts.GOAL_LIKES,
    MilestoneTrigger.POPULARITY: texts.GOAL_POPULARITY,
    MilestoneTrigger.STARS: texts.GOAL_STARS,
    MilestoneTrigger.NEWCOMERS: texts.GOAL_NEWCOMERS,
}


def goal_text(trigger: MilestoneTrigger, target: int, tr: Translator) -> str:
    """ "500 likes", "2000 popularity points"…: what a show's goal asks of it."""
    return tr.plural(_GOAL_WORDS[trigger], target)


_BATTLE_METRICS = {
    BattleMetric.LIKES: texts.BATTLE_LIKES,
    BattleMetric.GIFTS: texts.BATTLE_GIFTS,
    BattleMetric.POPULARITY: texts.BATTLE_POPULARITY,
}


def battle_metric(metric: str, tr: Translator) -> str:
    """What a battle counts, as a reader says it: "likes", "Stars in gifts"."""
    return tr(_BATTLE_METRICS[BattleMetric(metric)])
