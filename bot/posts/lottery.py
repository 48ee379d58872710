"""What the bot posts about a lottery by itself: the card (with its Join or Share button) and
the result (every winner mentioned by name). Rendering only: lottery_poster.py sends them."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, User
from aiogram.utils.formatting import Text, TextMention

from bot import texts
from bot.i18n import Translator
from bot.render import JoinLottery, local_time_of_day
from domain.lottery import CHECKIN_WINDOW, HOW_TO_ENTER, Condition
from domain.vocabulary import LotteryKind
from storage.models import Lottery, Room


def lottery_card(
    lottery: Lottery, room: Room, entrants: int, tr: Translator, footer: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card in the room's language; with a `footer` (closed, stopped) and no button."""
    how = tr(HOW_TO_ENTER[lottery.kind], channel=lottery.channel_name or "")
    text = tr(
        texts.LOTTERY_CARD,
        id=lottery.id,
        prize=lottery.prize,
        how=how,
        winners=lottery.winners_count,
        draw_time=local_time_of_day(lottery.draw_at, room.timezone, room.language),
        timezone=room.timezone,
        entrants=entrants,
        commitment=lottery.commitment,
    )
    if (condition := lottery.condition) is not None:
        text += "\n" + condition_text(condition, tr)
    if footer is not None:
        return f"{text}\n{footer}", None
    button = {
        LotteryKind.OPEN: texts.BUTTON_JOIN,
        LotteryKind.FOLLOW: texts.BUTTON_JOIN,
        LotteryKind.SHARE: texts.BUTTON_SHARE,
    }.get(lottery.kind)
    if button is None:
        return text, None
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=tr(button), callback_data=JoinLottery(lottery_id=lottery.id).pack()
                )
            ]
        ]
    )
    return text, markup


def result_text(
    lottery: Lottery, winners: list[tuple[int, str]], tr: Translator
) -> tuple[str, list[MessageEntity]]:
    """The result text with every winner mentioned by name (a tap opens their profile)."""
    template = tr(
        texts.RESULT,
        id=lottery.id,
        prize=lottery.prize,
        winners="\0",
        seed=lottery.seed,
        entrants=tr.plural(texts.ENTRANTS, lottery.entrants_count or 0),
        digest=lottery.entrants_digest or "",
    )
    skipped = lottery.skipped
    if skipped:
        template += "\n" + tr.plural(texts.RESULT_SKIPPED, len(skipped))
    if 0 < len(winners) < lottery.winners_count:
        template += "\n" + tr.plural(texts.UNAWARDED, lottery.winners_count - len(winners))
    return mention(template, winners, tr(texts.LIST_SEPARATOR))


def mention(
    template: str, people: list[tuple[int, str]], separator: str
) -> tuple[str, list[MessageEntity]]:
    """Put `people` where the template has \\0, each mentioned by name (a tap opens them)."""
    before, after = template.split("\0")
    parts: list[object] = [before]
    for index, (user_id, name) in enumerate(people):
        if index:
            parts.append(separator)
        parts.append(TextMention(name, user=User(id=user_id, is_bot=False, first_name=name)))
    parts.append(after)
    text, entities = Text(*parts).render()
    return text, entities


def condition_text(condition: Condition, tr: Translator) -> str:
    """Who may enter, besides how: "🔒 Fan club level 2 and up"."""
    parts = []
    if condition.min_level is not None:
        parts.append(tr(texts.CONDITION_LEVEL, level=condition.min_level))
    if condition.min_checkins is not None:
        parts.append(
            tr(texts.CONDITION_CHECKINS, checkins=condition.min_checkins, shows=CHECKIN_WINDOW)
        )
    return "🔒 " + tr.join(parts)
