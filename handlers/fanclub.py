"""The fan club: ✋ Check in (and /checkin) to the show on air, /me for a fan's level and
streak (to them alone), /fans for the host's view of the club, /fans levels to change its
thresholds."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message, User

from bot import texts
from bot.filters import IN_GROUP, IN_PRIVATE
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.render import CheckInPress
from services.broadcasts import BroadcastService
from services.fanclub import CheckedIn, Club, FanClubService, FanStanding
from storage.models import Room


def checked_in_text(checked: CheckedIn, name: str, tr: Translator) -> str:
    if not checked.first:
        return tr(texts.CHECKED_IN_ALREADY, streak=tr.plural(texts.STREAK, checked.streak))
    return tr(texts.CHECKED_IN, name=name, streak=tr.plural(texts.STREAK, checked.streak))


async def cb_check_in(
    query: CallbackQuery,
    fan_club: FanClubService,
    broadcasts: BroadcastService,
    personal_tr: Translator,
) -> None:
    chat = query.message.chat if query.message is not None else None
    if chat is None:
        return
    room = await broadcasts.room(chat.id, chat.title or "")
    checked = await fan_club.check_in(room, query.from_user.id, query.from_user.first_name)
    await query.answer(checked_in_text(checked, query.from_user.first_name, personal_tr))


async def _fan_in_room(message: Message, broadcasts: BroadcastService) -> tuple[User, Room] | None:
    """The fan who wrote in the room, and the room (None: an anonymous admin or a channel)."""
    user = message.from_user
    if user is None or message.sender_chat is not None:
        return None
    return user, await broadcasts.room(message.chat.id, message.chat.title or "")


async def cmd_check_in(
    message: Message,
    fan_club: FanClubService,
    broadcasts: BroadcastService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if (fan := await _fan_in_room(message, broadcasts)) is None:
        return
    user, room = fan
    checked = await fan_club.check_in(room, user.id, user.first_name)
    await outbox.reply(message, checked_in_text(checked, user.first_name, tr))


def standing_text(standing: FanStanding, tr: Translator) -> str:
    level = standing.level
    if level.level == 0:
        head = tr(texts.ME_NO_LEVEL, points=level.points, next=level.to_next or 0)
    elif level.to_next is None:
        head = tr(texts.ME_TOP_LEVEL, level=level.level, points=level.points)
    else:
        head = tr(texts.ME_LEVEL, level=level.level, points=level.points, next=level.to_next)
    if standing.paused and level.level:
        head += "\n" + tr(texts.ME_PAUSED)
    return "\n".join(
        [
            head,
            tr(
                texts.ME_FIGURES,
                streak=tr.plural(texts.STREAK, standing.streak),
                shows=standing.shows,
                likes=standing.likes_week,
                stars=standing.stars_week,
            ),
        ]
    )


async def cmd_me(
    message: Message,
    fan_club: FanClubService,
    broadcasts: BroadcastService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if (fan := await _fan_in_room(message, broadcasts)) is None:
        return
    user, room = fan
    await outbox.reply(message, standing_text(await fan_club.standing(room, user.id), tr))


async def cmd_me_private(message: Message, fan_club: FanClubService, tr: Translator) -> None:
    """In private: the fan's standing in every room's fan club they belong to."""
    user = message.from_user
    rooms = await fan_club.rooms_of(user.id) if user is not None else []
    if not rooms:
        await message.answer(tr(texts.ME_IN_ROOM))
        return
    await message.answer(
        "\n\n".join(
            f"{room.title or room.chat_id}\n{standing_text(standing, tr)}"
            for room, standing in rooms
        )
    )


def club_text(club: Club, tr: Translator) -> str:
    if not club.by_level and not club.lapsed:
        return tr(texts.FANS_NONE)
    sizes = tr.join(
        tr(texts.FANS_LEVEL_SIZE, level=level, fans=fans)
        for level, fans in sorted(club.by_level.items(), reverse=True)
    )
    lines = [tr(texts.FANS_HEADER, sizes=sizes or tr(texts.FANS_NO_ACTIVE))]
    lines += [
        tr(texts.FANS_LOYAL, rank=rank, name=name, points=points, level=level)
        for rank, (name, points, level) in enumerate(club.loyal, 1)
    ]
    if club.lapsed:
        lines.append(tr(texts.FANS_LAPSED, names=tr.join(club.lapsed)))
    return "\n".join(lines)


async def cmd_fans(
    message: Message,
    room: Room,
    command: CommandObject,
    fan_club: FanClubService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    words = (command.args or "").split(maxsplit=1)
    if words and words[0].casefold() == "levels":
        levels = await fan_club.set_levels(room, words[1] if len(words) > 1 else "")
        await outbox.reply(message, tr(texts.FAN_LEVELS_SET, levels=tr.join(map(str, levels))))
        return
    await outbox.reply(message, club_text(await fan_club.of_room(room), tr))


def create_router() -> Router:
    router = Router(name="fanclub")
    router.callback_query.register(cb_check_in, CheckInPress.filter())
    router.message.register(cmd_check_in, Command("checkin"), IN_GROUP)
    router.message.register(cmd_me, Command("me"), IN_GROUP)
    router.message.register(cmd_me_private, Command("me"), IN_PRIVATE)
    hosts = Router(name="fanclub.host")
    hosts.message.middleware(HostOnlyMiddleware())
    hosts.message.register(cmd_fans, Command("fans"))
    router.include_router(hosts)
    return router
