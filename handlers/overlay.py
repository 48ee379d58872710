"""/overlay: a host's stream-overlay link for OBS, and /overlay reset for a new one.

The link is a secret (whoever has it sees the overlay), so it only ever reaches the host: in
the room as a message only they see, else in their private chat; never in public."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import texts
from bot.admins import AdminChecker
from bot.ephemeral import to_author
from bot.filters import IN_GROUP, IN_PRIVATE
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.overlay.hub import OverlayHub
from services.overlay import OverlayService
from services.rooms import RoomService
from storage.models import Room

RESET = "reset"


def _wanted(command: CommandObject) -> str | None:
    """ "" (the link) or "reset"; None for anything else."""
    argument = (command.args or "").strip().lower()
    return argument if argument in ("", RESET) else None


def _refusal(wanted: str | None, pages: OverlayHub) -> str | None:
    """Why there is no link to give (a text), or None."""
    if wanted is None:
        return texts.OVERLAY_USAGE
    if pages.base_url is None:
        return texts.OVERLAY_OFF
    return None


async def _link_text(
    room: Room, reset: bool, overlay: OverlayService, pages: OverlayHub, tr: Translator
) -> str:
    if reset:
        token = await overlay.reset(room)
        pages.link_reset(room.chat_id)
    else:
        token = await overlay.token(room)
    url = pages.url(token)
    title = room.title or str(room.chat_id)
    return tr(texts.OVERLAY_RESET if reset else texts.OVERLAY_LINK, room=title, url=url)


async def cmd_overlay_room(
    message: Message,
    command: CommandObject,
    room: Room,
    overlay: OverlayService,
    overlay_pages: OverlayHub,
    outbox: Outbox,
    tr: Translator,
) -> None:
    wanted = _wanted(command)
    if refusal := _refusal(wanted, overlay_pages):
        await outbox.send(message, *to_author(message, tr(refusal)))
        return
    text = await _link_text(room, wanted == RESET, overlay, overlay_pages, tr)
    await outbox.tell_alone(message, text, tr, texts.OVERLAY_SENT_PRIVATELY)


async def cmd_overlay_private(
    message: Message,
    command: CommandObject,
    rooms: RoomService,
    admin_checker: AdminChecker,
    overlay: OverlayService,
    overlay_pages: OverlayHub,
    bot: Bot,
    personal_tr: Translator,
) -> None:
    """In private: the link of every room the host runs (one message each)."""
    wanted = _wanted(command)
    if refusal := _refusal(wanted, overlay_pages):
        await message.answer(personal_tr(refusal))
        return
    user = message.from_user
    theirs = await admin_checker.rooms_of(bot, user.id, await rooms.all()) if user else []
    if not theirs:
        await message.answer(personal_tr(texts.OVERLAY_NO_ROOMS))
        return
    for room in theirs:
        text = await _link_text(room, wanted == RESET, overlay, overlay_pages, personal_tr)
        await message.answer(text)


def create_router() -> Router:
    group = Router(name="overlay.room")
    group.message.filter(IN_GROUP)
    group.message.middleware(HostOnlyMiddleware())
    group.message.register(cmd_overlay_room, Command("overlay"))
    private = Router(name="overlay.private")
    private.message.filter(IN_PRIVATE)
    private.message.register(cmd_overlay_private, Command("overlay"))
    parent = Router(name="overlay")
    parent.include_routers(group, private)
    return parent
