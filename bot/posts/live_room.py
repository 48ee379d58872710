"""What the bot posts about a show by itself: the welcome of newcomers, the goodbye when the
video chat ends, and the caption of the host's private report. Rendering only: room_poster.py
sends them."""

from __future__ import annotations

from bot import texts
from bot.i18n import Translator
from bot.render import duration, goal_text, local_datetime
from domain.report import ShowReport
from domain.welcome import welcome_post
from storage.models import Broadcast, Milestone, Room


def goodbye_text(room: Room, next_show: Broadcast | None, tr: Translator, poll: bool) -> str:
    """Thanks to the room, naming the next scheduled show if there is one, and the poll on the
    next theme that follows (`poll`)."""
    if next_show is None:
        text = tr(texts.GOODBYE)
    else:
        text = tr(
            texts.GOODBYE_NEXT,
            title=next_show.title,
            start=local_datetime(next_show.starts_at, room.timezone, room.language),
            timezone=room.timezone,
        )
    return f"{text}\n{tr(texts.GOODBYE_POLL)}" if poll else text


def report_caption(room: Room, show: Broadcast, report: ShowReport, tr: Translator) -> str:
    caption = tr(
        texts.REPORT,
        room=room.title or room.chat_id,
        title=show.title,
        duration=duration(report.duration, tr),
        members=report.new_members,
        messages=report.messages,
        entries=report.entries,
        winners=report.winners,
    )
    caption += "\n" + tr(
        texts.REPORT_ACTIVE_FANS, fans=report.active_fans, peak=report.peak_active
    )
    caption += "\n" + tr(texts.REPORT_POPULARITY, score=report.popularity)
    if report.video_chat is not None:
        caption += "\n" + tr(texts.REPORT_VIDEO_CHAT, length=duration(report.video_chat, tr))
    if report.gift_stars:
        givers = tr(texts.LIST_SEPARATOR).join(
            f"{name or tr(texts.ANONYMOUS_GIVER)} {stars}⭐" for name, stars in report.top_givers
        )
        caption += "\n" + tr(texts.REPORT_GIFTS, stars=report.gift_stars, givers=givers)
    if (partner := report.partner) is not None:
        caption += "\n" + tr(
            texts.REPORT_JOINT,
            partner=partner.title,
            fans=report.active_fans,
            partner_fans=partner.active_fans,
            members=report.new_members,
            partner_members=partner.new_members,
            entries=report.entries,
            partner_entries=partner.entries,
            stars=report.gift_stars,
            partner_stars=partner.gift_stars,
            popularity=report.popularity,
            partner_popularity=partner.popularity,
        )
    return caption


def welcome_text(room: Room, names: str, tr: Translator) -> str:
    """The room's own greeting if the host set one, else the default, naming the newcomers."""
    if room.welcome_text:
        return welcome_post(room.welcome_text, names)
    return tr(texts.WELCOME_DEFAULT, names=names)


def script_report(report: ShowReport, tr: Translator) -> str | None:
    """The run-of-show, planned against actual per segment (None: the show had no script)."""
    if not report.segments:
        return None
    lines = [tr(texts.REPORT_SCRIPT_HEADER, title=report.title)]
    for number, segment in enumerate(report.segments, 1):
        name = tr(texts.SEGMENT_LOTTERY, prize=segment.title) if segment.lottery else segment.title
        actual = segment.actual
        lines.append(
            tr(
                texts.REPORT_SCRIPT_LINE,
                number=number,
                name=name,
                planned=duration(segment.planned, tr),
                actual=duration(actual, tr)
                if actual is not None
                else tr(texts.REPORT_SCRIPT_NOT_REACHED),
            )
        )
    return "\n".join(lines)


def goal_words(goal: Milestone, tr: Translator) -> str:
    """What a goal asks of its show ("500 likes")."""
    return goal_text(goal.trigger, goal.threshold or 0, tr)
