"""The command menus Telegram shows beside the message box: one for fans in groups, one for the
groups' administrators (the hosts), one for private chats, each in every language Liveroom
speaks. Set at start-up; setting the same menu again changes nothing, so every replica may.

In groups every command is ephemeral (`is_ephemeral`): the command and its answer are seen by
the one who sent it and the bot, not by the room (a host's `/lottery password …` included).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SetMyCommands
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeUnion,
)
from aiogram.utils.i18n import I18n

from bot import texts
from bot.i18n import Translator
from bot.settings import SUPPORTED_LANGUAGES

logger = logging.getLogger(__name__)

EVERYONE = [
    ("checkin", texts.MENU_CHECKIN),
    ("me", texts.MENU_ME),
    ("gift", texts.MENU_GIFT),
    ("help", texts.MENU_HELP),
    ("privacy", texts.MENU_PRIVACY),
    ("forget", texts.MENU_FORGET),
]
HOSTS = [
    ("lottery", texts.MENU_LOTTERY),
    ("lottery_cancel", texts.MENU_LOTTERY_CANCEL),
    ("entrants", texts.MENU_ENTRANTS),
    ("fairplay", texts.MENU_FAIRPLAY),
    ("block", texts.MENU_BLOCK),
    ("unblock", texts.MENU_UNBLOCK),
    ("blocked", texts.MENU_BLOCKED),
    ("cohost", texts.MENU_COHOST),
    ("battle", texts.MENU_BATTLE),
    ("announce", texts.MENU_ANNOUNCE),
    ("top", texts.MENU_TOP),
    ("stats", texts.MENU_STATS),
    ("popularity", texts.MENU_POPULARITY),
    ("goal", texts.MENU_GOAL),
    ("fans", texts.MENU_FANS),
    ("charts", texts.MENU_CHARTS),
    ("overlay", texts.MENU_OVERLAY),
    ("next", texts.MENU_NEXT),
    ("pause", texts.MENU_PAUSE),
    ("resume", texts.MENU_RESUME),
    ("schedule", texts.MENU_SCHEDULE),
    ("script", texts.MENU_SCRIPT),
    ("wishes", texts.MENU_WISHES),
    ("broadcasts", texts.MENU_BROADCASTS),
    ("cancel", texts.MENU_CANCEL),
    ("reschedule", texts.MENU_RESCHEDULE),
    ("milestone", texts.MENU_MILESTONE),
    ("welcome", texts.MENU_WELCOME),
    ("banword", texts.MENU_BANWORD),
    ("channel", texts.MENU_CHANNEL),
    ("timezone", texts.MENU_TIMEZONE),
    ("language", texts.MENU_LANGUAGE),
    ("winners", texts.MENU_WINNERS),
    ("shipped", texts.MENU_SHIPPED),
    ("reroll", texts.MENU_REROLL),
    ("proof", texts.MENU_PROOF),
    ("gifts", texts.MENU_GIFTS),
    ("refund", texts.MENU_REFUND),
    *EVERYONE,
]
PRIVATE = [
    ("start", texts.MENU_START),
    ("winners", texts.MENU_WINNERS),
    ("export", texts.MENU_EXPORT),
    ("overlay", texts.MENU_OVERLAY),
    ("gift", texts.MENU_GIFT),
    ("reminders", texts.MENU_REMINDERS),
    ("help", texts.MENU_HELP),
    ("privacy", texts.MENU_PRIVACY),
    ("forget", texts.MENU_FORGET),
]
_SCOPES: list[tuple[BotCommandScopeUnion, list[tuple[str, str]], bool]] = [
    (BotCommandScopeAllGroupChats(), EVERYONE, True),
    (BotCommandScopeAllChatAdministrators(), HOSTS, True),
    (BotCommandScopeAllPrivateChats(), PRIVATE, False),  # no ephemeral messages there
]


def menus(i18n: I18n, default_language: str) -> list[SetMyCommands]:
    """Every menu, per scope and language; the deployment's default language also serves
    people whose language Liveroom does not speak (language code left empty)."""
    methods = []
    for scope, commands, ephemeral in _SCOPES:
        for code in ["", *SUPPORTED_LANGUAGES]:
            tr = Translator(i18n, code or default_language)
            menu = [
                BotCommand(command=name, description=tr(text), is_ephemeral=ephemeral or None)
                for name, text in commands
            ]
            methods.append(SetMyCommands(commands=menu, scope=scope, language_code=code or None))
    return methods


async def set_menus(bot: Bot, i18n: I18n, default_language: str) -> None:
    """Best effort: a menu Telegram refuses is logged; the bot works without it."""
    for method in menus(i18n, default_language):
        try:
            await bot(method)
        except TelegramAPIError as error:
            logger.warning("Command menu not set (%s): %s", method.scope, error)
