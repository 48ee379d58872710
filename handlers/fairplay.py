"""Fair play, the host's side: the room's rules (/fairplay), its block list (/block, /unblock,
/blocked) and the running lottery's entrants (/entrants, /entrants remove <no.> <reason>).
Every answer goes to the host alone: a block list and an entrant list name fans."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import texts
from bot.admins import ADMIN_STATUSES
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.render import local_datetime, local_time_of_day
from bot.room_lookups import RoomLookups
from domain.errors import UserInputError
from domain.fairplay import FairPlay, parse_fairplay
from services.fairplay import FairPlayService
from storage.models import Room


async def _to_host(message: Message, text: str, tr: Translator, outbox: Outbox) -> None:
    await outbox.tell_alone(message, text, tr, texts.WINNERS_SENT_PRIVATELY)


def rules_text(rules: FairPlay, blocked: int, tr: Translator) -> str:
    lines = [
        tr.plural(texts.RULE_CAP, rules.cap_wins, days=rules.cap_days)
        if rules.cap_wins is not None
        else tr(texts.RULE_NO_CAP),
        tr(texts.RULE_FRESH, days=rules.cap_days) if rules.fresh_first else tr(texts.RULE_EQUAL),
        tr(texts.RULE_MEMBERS_ONLY) if rules.members_only else tr(texts.RULE_NEWCOMERS),
        tr(texts.RULE_CHECK_ON) if rules.human_check else tr(texts.RULE_CHECK_OFF),
    ]
    if blocked:
        lines.append(tr.plural(texts.RULE_BLOCKED, blocked))
    return tr(texts.FAIRPLAY_RULES, rules="\n".join(lines))


async def cmd_fairplay(
    message: Message,
    room: Room,
    command: CommandObject,
    fair_play: FairPlayService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    rules = room.fair_play
    saved = ""
    if command.args:
        rules = await fair_play.change(room, parse_fairplay(command.args))
        saved = tr(texts.SAVED) + "\n"
    blocked = len(await fair_play.blocked(room))
    await _to_host(message, saved + rules_text(rules, blocked, tr), tr, outbox)


async def _target(
    message: Message, command: CommandObject, bot: Bot
) -> tuple[int, str, str | None]:
    """Who /block or /unblock names (the author of the message replied to, or a user id): id,
    name, and their status in the room (None: never there, as far as Telegram says)."""
    replied = message.reply_to_message
    args = (command.args or "").strip()
    if replied is not None and replied.from_user is not None and replied.sender_chat is None:
        if replied.from_user.is_bot:
            raise UserInputError(texts.BLOCK_USAGE)
        user_id, name = replied.from_user.id, replied.from_user.first_name
    elif args.isdigit() and 0 < int(args) < 2**53:
        user_id, name = int(args), f"id {args}"
    else:
        raise UserInputError(texts.BLOCK_USAGE)
    try:
        member = await bot.get_chat_member(message.chat.id, user_id)
    except TelegramBadRequest:
        return user_id, name, None
    return user_id, member.user.first_name or name, member.status


async def cmd_block(
    message: Message,
    room: Room,
    command: CommandObject,
    fair_play: FairPlayService,
    room_lookups: RoomLookups,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    user_id, name, status = await _target(message, command, bot)
    if status in ADMIN_STATUSES:
        raise UserInputError(texts.ERR_BLOCK_ADMIN, name=name)
    author = message.from_user
    added = await fair_play.block(room, user_id, name, author.id if author else None)
    room_lookups.forget_blocked(room.chat_id)
    text = texts.BLOCKED_DONE if added else texts.BLOCKED_ALREADY
    await _to_host(message, tr(text, name=name), tr, outbox)


async def cmd_unblock(
    message: Message,
    room: Room,
    command: CommandObject,
    fair_play: FairPlayService,
    room_lookups: RoomLookups,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    user_id, name, _ = await _target(message, command, bot)
    known = {block.user_id: block.first_name for block in await fair_play.blocked(room)}
    name = known.get(user_id, name)
    removed = await fair_play.unblock(room, user_id)
    room_lookups.forget_blocked(room.chat_id)
    await _to_host(
        message, tr(texts.UNBLOCKED if removed else texts.NOT_BLOCKED, name=name), tr, outbox
    )


async def cmd_blocked(
    message: Message,
    room: Room,
    fair_play: FairPlayService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    blocks = await fair_play.blocked(room)
    if not blocks:
        await _to_host(message, tr(texts.BLOCKED_NONE), tr, outbox)
        return
    items = [
        tr(
            texts.BLOCKED_ITEM,
            name=block.first_name,
            user_id=block.user_id,
            date=local_datetime(block.blocked_at, room.timezone, tr.locale),
        )
        for block in blocks
    ]
    await _to_host(message, tr(texts.BLOCKED_LIST, list="\n".join(items)), tr, outbox)


async def cmd_entrants(
    message: Message,
    room: Room,
    command: CommandObject,
    fair_play: FairPlayService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    words = (command.args or "").split(maxsplit=2)
    if words and words[0].lower() == "remove":
        if len(words) < 2 or not words[1].isdigit():
            raise UserInputError(texts.ENTRANTS_USAGE)
        author = message.from_user
        reason = words[2] if len(words) == 3 else ""
        lottery, entrant = await fair_play.remove(
            room, int(words[1]), reason, author.id if author else None
        )
        text = tr(
            texts.ENTRANT_REMOVED,
            number=entrant.number,
            name=entrant.first_name,
            id=lottery.id,
            reason=" ".join(reason.split()),
        )
        await _to_host(message, text, tr, outbox)
        return
    if words:
        raise UserInputError(texts.ENTRANTS_USAGE)
    listed = await fair_play.entrants(room)
    if not listed.total:
        await _to_host(message, tr(texts.ENTRANTS_NONE, id=listed.lottery.id), tr, outbox)
        return
    lines = [
        tr.plural(texts.ENTRANTS_HEADER, listed.total, id=listed.lottery.id),
        *(
            tr(
                texts.ENTRANTS_ITEM_OUT if entrant.rule else texts.ENTRANTS_ITEM,
                number=entrant.number,
                name=entrant.first_name,
                user_id=entrant.user_id,
                time=local_time_of_day(entrant.entered_at, room.timezone, tr.locale),
                reason=entrant.reason or entrant.rule or "",
            )
            for entrant in listed.newest
        ),
        tr(texts.ENTRANTS_USAGE),
    ]
    await _to_host(message, "\n".join(lines), tr, outbox)


def create_router() -> Router:
    router = Router(name="fairplay")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_fairplay, Command("fairplay"))
    router.message.register(cmd_block, Command("block"))
    router.message.register(cmd_unblock, Command("unblock"))
    router.message.register(cmd_blocked, Command("blocked"))
    router.message.register(cmd_entrants, Command("entrants"))
    return router
