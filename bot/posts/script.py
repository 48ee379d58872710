"""The run-of-show's words: a script as /script shows it, and the host's cues. Rendering only:
script_poster.py sends the cues, handlers/script.py the listings."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from bot import texts
from bot.i18n import Translator
from bot.render import duration, local_datetime
from domain.script import Cue
from services.scripts import NO_LOTTERY, LiveScript, ScriptView, SegmentLottery
from storage.models import Room, Segment


def segment_name(segment: Segment, tr: Translator) -> str:
    if segment.lottery_args is not None:
        return tr(texts.SEGMENT_LOTTERY, prize=segment.title)
    return segment.title


def script_listing(view: ScriptView, room: Room, tr: Translator) -> str:
    """`/script 7`: the segments with their planned start in the room's zone (and, for the
    host's eyes only, each lottery segment's spec: it may hold the password)."""
    show = view.show
    lines = [
        tr(
            texts.SCRIPT_HEADER,
            id=show.id,
            title=show.title,
            start=local_datetime(show.starts_at, room.timezone, tr.locale),
            timezone=room.timezone,
        )
    ]
    zone = ZoneInfo(room.timezone)
    for number, (segment, start) in enumerate(zip(view.segments, view.starts, strict=True), 1):
        at = format_skeleton("Hm", start, tzinfo=zone, locale=tr.locale)
        name = segment.title
        if segment.lottery_args is not None:
            name = tr(texts.SEGMENT_LOTTERY_SPEC, args=segment.lottery_args)
        lines.append(
            tr(texts.SCRIPT_LINE, number=number, at=at, minutes=segment.minutes, name=name)
        )
    if not view.segments:
        lines.append(tr(texts.SCRIPT_NO_SEGMENTS, id=show.id))
    else:
        total = sum((timedelta(minutes=s.minutes) for s in view.segments), timedelta())
        lines.append(tr(texts.SCRIPT_TOTAL, length=duration(total, tr)))
    if view.wishes is not None:
        themes = tr.join(view.wishes) if view.wishes else tr(texts.WISHES_OPEN_QUESTION_SHORT)
        lines.append(tr(texts.SCRIPT_WISHES, themes=themes))
    lines.append(tr(texts.SCRIPT_HELP, id=show.id))
    return "\n".join(lines)


def cue_text(
    live: LiveScript, cue: Cue | None, tr: Translator, lottery: SegmentLottery | None = None
) -> str:
    """The host's cue: `cue` None is the current segment's start."""
    segment, following = live.current, live.following()
    then = (
        tr(texts.CUE_NEXT, name=segment_name(following, tr), minutes=following.minutes)
        if following is not None
        else tr(texts.CUE_LAST)
    )
    if cue is Cue.WARN:
        return tr(texts.CUE_WARN, name=segment_name(segment, tr)) + "\n" + then
    if cue is Cue.OVERRUN:
        planned = sum((timedelta(minutes=s.minutes) for s in live.segments), timedelta())
        return tr(texts.CUE_OVERRUN, length=duration(planned, tr))
    text = tr(
        texts.CUE_NOW,
        number=live.clock.current + 1,
        count=len(live.segments),
        name=segment_name(segment, tr),
        minutes=segment.minutes,
    )
    if segment.lottery_args is not None:
        text += "\n" + _lottery_line(segment, lottery, tr)
    return text + "\n" + then


def _lottery_line(segment: Segment, lottery: SegmentLottery | None, tr: Translator) -> str:
    if lottery is not None and lottery.lottery is not None:
        return tr(texts.CUE_LOTTERY_STARTED, id=lottery.lottery.id, args=segment.lottery_args)
    if lottery is not None and lottery.refused is not None:
        reason = tr(lottery.refused.text, **lottery.refused.params)
        return tr(texts.CUE_LOTTERY_REFUSED, reason=reason)
    if lottery is not None:
        return tr(texts.CUE_LOTTERY_WAITS, id=lottery.waiting_for or "?")
    if segment.lottery_id not in (None, NO_LOTTERY):
        return tr(texts.CUE_LOTTERY_STARTED, id=segment.lottery_id, args=segment.lottery_args)
    return tr(texts.CUE_LOTTERY_WAITS, id="?")
