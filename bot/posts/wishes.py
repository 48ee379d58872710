"""The goodbye poll's words: the results the host gets and the offer to the fans who chose the
winning theme. Rendering only: wish_poster.py sends them."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.i18n import Translator
from bot.render import ScheduleTheme
from domain.errors import clip
from services.wishes import Results

BUTTON_THEME_LENGTH = 40


def results_text(results: Results, tr: Translator) -> str:
    show = results.show
    if results.winner is None:
        return tr(texts.WISHES_NO_VOTES, title=show.title)
    lines = [tr(texts.WISHES_RESULTS, title=show.title, voters=results.voters)]
    for number, row in enumerate(results.themes, 1):
        line = tr(
            texts.WISHES_RESULT_LINE,
            number=number,
            theme=row.theme,
            votes=row.votes,
            share=round(row.share * 100),
        )
        if row.added_by:
            line += tr(texts.WISHES_ADDED_BY, name=row.added_by)
        lines.append(line)
    lines.append(tr(texts.WISHES_RESULTS_HINT))
    return "\n".join(lines)


def results_keyboard(results: Results, tr: Translator) -> InlineKeyboardMarkup | None:
    if results.winner is None:
        return None
    button = InlineKeyboardButton(
        text=tr(
            texts.BUTTON_SCHEDULE_THEME, theme=clip(results.winner.theme, BUTTON_THEME_LENGTH)
        ),
        callback_data=ScheduleTheme(poll=results.poll.id).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])
