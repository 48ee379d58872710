"""/stats: the host's numbers, for the host alone: the last shows and the progress toward the
guide's rule for selling goods (its thresholds are settings)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from babel.dates import format_skeleton

from bot import texts
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.render import duration, local_datetime
from domain.eligibility import ShowNumbers
from services.stats import Standing, StatsService
from storage.models import Room


def _show_line(show: ShowNumbers, room: Room, tr: Translator) -> str:
    return tr(
        texts.STATS_SHOW,
        start=local_datetime(show.started_at, room.timezone, tr.locale),
        title=show.title,
        length=duration(show.length, tr),
        fans=show.active_fans,
        peak=show.peak_active,
        members=show.new_members,
        entries=show.entries,
        gifts=show.gifts,
    )


def stats_text(standing: Standing, room: Room, tr: Translator) -> str:
    if not standing.recent:
        return tr(texts.STATS_NONE)
    lines = [tr(texts.STATS_HEADER, timezone=room.timezone)]
    lines += [_show_line(show, room, tr) for show in standing.recent]
    rule = standing.rule
    zone = ZoneInfo(room.timezone)
    qualified = [
        tr(
            texts.STATS_QUALIFIED,
            date=format_skeleton("MMMd", show.started_at, tzinfo=zone, locale=tr.locale),
            length=duration(show.length, tr),
            fans=show.active_fans,
        )
        for show in standing.qualifying
    ]
    progress = tr(
        texts.STATS_RULE,
        count=len(standing.qualifying),
        shows=rule.shows,
        minutes=rule.minutes,
        fans=rule.fans,
    )
    if qualified:
        progress += " " + tr.join(qualified)
    lines += ["", progress]
    if standing.met:
        lines.append(tr(texts.STATS_MET))
    else:
        lines.append(tr(texts.STATS_NEXT, minutes=rule.minutes, fans=rule.fans))
    lines += ["", tr(texts.STATS_ACTIVE_NOTE)]
    return "\n".join(lines)


async def cmd_stats(
    message: Message, room: Room, stats: StatsService, tr: Translator, outbox: Outbox
) -> None:
    text = stats_text(await stats.standing(room), room, tr)
    await outbox.tell_alone(message, text, tr, texts.STATS_SENT_PRIVATELY)


def create_router() -> Router:
    router = Router(name="stats")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_stats, Command("stats"))
    return router
