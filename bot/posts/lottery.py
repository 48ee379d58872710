"""What the bot posts about a lottery by itself: the card (with its Join or Share button) and
the result (every winner mentioned by name). Rendering only: lottery_poster.py sends them."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, User
from aiogram.utils.formatting import Text, TextMention

from bot import texts
from bot.i18n import Translator
from bot.render import JoinLottery, local_time_of_day
from domain.fairplay import check_emoji
from domain.lottery import CHECKIN_WINDOW, HOW_TO_ENTER, Condition
from domain.vocabulary import LotteryKind
from storage.models import Lottery, Room


def lottery_card(
    lottery: Lottery,
    room: Room,
    entrants: int,
    tr: Translator,
    footer: str | None = None,
    joint: tuple[str, str] | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card in the room's language; with a `footer` (closed, stopped) and no button. A
    joint lottery's (`joint`: the other room's title, and the prize owner's) says so."""
    partner_room = room.chat_id == lottery.partner_chat_id
    channel = lottery.partner_channel_name if partner_room else lottery.channel_name
    how = tr(HOW_TO_ENTER[lottery.kind], channel=channel or "")
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
    if (fair := fair_text(lottery, room, tr)) is not None:
        text += "\n" + fair
    if checks_humans(lottery):
        text += "\n" + tr(texts.CARD_CHECK, emoji=check_emoji(lottery.commitment))
    if joint is not None:
        text += "\n" + tr(texts.CARD_JOINT, partner=joint[0], owner=joint[1])
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


def checks_humans(lottery: Lottery) -> bool:
    """Whether Join asks the human check first (open and follow lotteries: a share lottery's
    button shows a link, a password is typed)."""
    return lottery.human_check and lottery.kind in (LotteryKind.OPEN, LotteryKind.FOLLOW)


def fair_text(lottery: Lottery, room: Room, tr: Translator) -> str | None:
    """The card's line of fair play rules: "⚖️ won 1 here in 30 days: can't win, …"."""
    parts = []
    if lottery.cap_wins is not None:
        parts.append(tr.plural(texts.CARD_CAP, lottery.cap_wins, days=lottery.cap_days))
    if lottery.fresh_first:
        parts.append(tr(texts.CARD_FRESH, days=lottery.cap_days))
    if lottery.members_only:
        start = local_time_of_day(lottery.created_at, room.timezone, room.language)
        parts.append(tr(texts.CARD_MEMBERS_ONLY, time=start))
    if lottery.min_entrants is not None:
        parts.append(tr(texts.CARD_MINIMUM, minimum=lottery.min_entrants))
    return "⚖️ " + tr.join(parts) if parts else None


def result_text(
    lottery: Lottery,
    winners: list[tuple[int, str]],
    tr: Translator,
    fair: tuple[int, int] = (0, 0),
) -> tuple[str, list[MessageEntity]]:
    """The result text with every winner mentioned by name (a tap opens their profile), and
    how many entrants fair play kept out and moved behind (`fair`)."""
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
    kept_out, behind = fair
    if kept_out or behind:
        template += "\n" + tr(texts.RESULT_FAIR, out=kept_out, behind=behind, id=lottery.id)
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
