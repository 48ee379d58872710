"""An overlay view as the page reads it: plain JSON, texts already in the room's language (the
texts live with every other text, in bot/texts.py and the .po files), times as epoch
milliseconds so the page counts down from the server's clock, not the viewer's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.utils.i18n import I18n

from bot import texts
from bot.i18n import Translator
from bot.render import battle_metric, goal_text, local_datetime_zoned
from domain.overlay import BattleBars, OverlayView, Rundown, RunningLottery, Segment
from domain.vocabulary import LotteryKind


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _how_to_enter(lottery: RunningLottery, tr: Translator) -> str:
    match lottery.kind:
        case LotteryKind.FOLLOW:
            return tr(texts.OVERLAY_HOW_FOLLOW, channel=lottery.channel_name or "")
        case LotteryKind.SHARE:
            return tr(texts.OVERLAY_HOW_SHARE)
        case LotteryKind.PASSWORD:
            return tr(texts.OVERLAY_HOW_PASSWORD)  # the password itself: never
        case _:
            return tr(texts.OVERLAY_HOW_OPEN)


def _segment_name(segment: Segment, tr: Translator) -> str:
    return tr(texts.SEGMENT_LOTTERY, prize=segment.title) if segment.lottery else segment.title


def _rundown(rundown: Rundown | None, tr: Translator) -> dict[str, Any] | None:
    """The live run-of-show's now and next, and when the segment's time is up (null while
    paused: the page shows the time left, held)."""
    if rundown is None:
        return None
    return {
        "now_label": tr(texts.OVERLAY_NOW),
        "now": _segment_name(rundown.now, tr),
        "next_label": tr(texts.OVERLAY_THEN),
        "next": None if rundown.next is None else _segment_name(rundown.next, tr),
        "ends_at": None if rundown.ends_at is None else epoch_ms(rundown.ends_at),
        "left_ms": int(rundown.left.total_seconds() * 1000),
        "paused": tr(texts.OVERLAY_PAUSED),
    }


def page_state(view: OverlayView, i18n: I18n) -> dict[str, Any]:
    """Everything the page shows, without the moment it is sent (the hub adds `now`)."""
    tr = Translator(i18n, view.language)
    show = view.next_show
    lottery = view.lottery
    reveal = view.reveal
    return {
        "lang": view.language,
        "show": None
        if show is None
        else {
            "label": tr(texts.OVERLAY_ON_AIR if show.live else texts.OVERLAY_NEXT_SHOW),
            "title": show.title,
            "when": ""
            if show.live
            else local_datetime_zoned(show.starts_at, view.timezone, tr.locale),
        },
        "pinned": None
        if not view.announcement
        else {"label": tr(texts.OVERLAY_PINNED), "text": view.announcement},
        "lottery": None
        if lottery is None
        else {
            "label": tr(texts.OVERLAY_LOTTERY),
            "prize": lottery.prize,
            "winners": tr.plural(texts.OVERLAY_WINNERS_COUNT, lottery.winners_count),
            "how": _how_to_enter(lottery, tr),
            "draw_in": tr(texts.OVERLAY_DRAW_IN),
            "draw_at": epoch_ms(lottery.draw_at),
            "entrants": lottery.entrants,
            "entrants_text": tr.plural(texts.ENTRANTS, lottery.entrants),
        },
        "rundown": _rundown(view.rundown, tr),
        "popularity": None
        if view.popularity is None
        else {"label": tr(texts.OVERLAY_POPULARITY), "score": view.popularity},
        "goals": [
            {
                "text": tr(
                    texts.OVERLAY_GOAL,
                    goal=goal_text(goal.trigger, goal.target, tr),
                    prize=goal.prize,
                ),
                "value": goal.value,
                "target": goal.target,
            }
            for goal in view.goals
        ],
        "battle": _battle(view.battle, tr),
        "reveal": None
        if reveal is None
        else {
            "label": tr(texts.OVERLAY_WINNERS),
            "prize": reveal.prize,
            "winners": list(reveal.winners),
            "nobody": tr(texts.OVERLAY_NO_WINNER),
            "until": epoch_ms(reveal.until),
        },
    }


def _battle(battle: BattleBars | None, tr: Translator) -> dict[str, Any] | None:
    """Two bars (this room's first) and the battle's end, for the page's countdown."""
    if battle is None:
        return None
    return {
        "label": tr(texts.OVERLAY_BATTLE, metric=battle_metric(battle.metric, tr)),
        "ends_at": epoch_ms(battle.ends_at),
        "sides": [
            {"title": side.title, "score": side.score, "ours": side.ours} for side in battle.sides
        ],
    }
