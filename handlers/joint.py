"""Joint shows, the hosts' side: the appointment (/cohost) and the battle (/battle). A code is
shown to the inviting host alone; the rest is told by the joint poster to both rooms."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import (
    IS_ADMIN,
    IS_MEMBER,
    IS_NOT_MEMBER,
    KICKED,
    LEFT,
    MEMBER,
    RESTRICTED,
    ChatMemberUpdatedFilter,
    Command,
    CommandObject,
)
from aiogram.types import ChatMemberUpdated, Message, Update

from bot import texts
from bot.admins import AdminChecker
from bot.background import Background
from bot.filters import IN_GROUP, command_source, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.joint_poster import JointPoster
from bot.render import local_datetime
from domain.joint import CohostAction, parse_battle, parse_cohost
from services.joint import JointService
from storage.models import Room


async def cmd_cohost(
    message: Message,
    room: Room,
    command: CommandObject,
    joints: JointService,
    joint_poster: JointPoster,
    background: Background,
    tr: Translator,
    outbox: Outbox,
) -> None:
    request = parse_cohost(command.args or "")
    host = host_of(message)
    if request.action is CohostAction.INVITE:
        assert request.show_id is not None
        invited = await joints.invite(room, request.show_id, host)
        text = tr(
            texts.COHOST_INVITED,
            id=invited.show.id,
            title=invited.show.title,
            code=invited.code,
            expires=local_datetime(invited.expires_at, room.timezone, tr.locale),
            timezone=room.timezone,
        )
        # The code is the room's key to the other room: for the host's eyes only.
        await outbox.tell_alone(message, text, tr, texts.WINNERS_SENT_PRIVATELY)
    elif request.action is CohostAction.ACCEPT:
        joint = await joints.accept(room, request, host)
        background.spawn(joint_poster.accepted(joint), f"joint:{joint.joint.id}")
    elif request.action is CohostAction.CANCEL:
        ended = await joints.end(room, "cancelled")
        if ended is None:
            await outbox.reply(message, tr(texts.COHOST_NONE))
            return
        background.spawn(joint_poster.ended(ended, "cancelled"), f"joint-end:{ended.joint.id}")
    else:
        current = await joints.current(room)
        if current is None:
            await outbox.reply(message, tr(texts.COHOST_NONE))
            return
        await outbox.reply(
            message,
            tr(
                texts.COHOST_SET,
                id=current.show.id,
                title=current.show.title,
                start=local_datetime(current.show.starts_at, room.timezone, tr.locale),
                timezone=room.timezone,
                partner=current.partner.title,
            ),
        )


async def cmd_battle(
    message: Message,
    room: Room,
    command: CommandObject,
    joints: JointService,
    joint_poster: JointPoster,
    background: Background,
    event_update: Update,
) -> None:
    request = parse_battle(command.args or "")
    battle, joint, created = await joints.start_battle(
        room, request, host_of(message), command_source(message, event_update)
    )
    if created:
        background.spawn(joint_poster.battle_started(battle, joint), f"battle:{battle.id}")


async def on_bot_removed(
    event: ChatMemberUpdated,
    joints: JointService,
    joint_poster: JointPoster,
    background: Background,
) -> None:
    """The bot left (or was removed from) a room: its joint shows end, and the other room
    hears why (this one can no longer be told anything)."""
    for joint in await joints.end_all(event.chat.id, "removed"):
        background.spawn(
            joint_poster.ended(joint, "removed", [joint.partner]), f"joint-end:{joint.joint.id}"
        )


async def on_rights_lost(
    event: ChatMemberUpdated,
    joints: JointService,
    joint_poster: JointPoster,
    admin_checker: AdminChecker,
    background: Background,
) -> None:
    """An admin stopped being one: a joint show they host in this room ends, in both rooms."""
    user = event.new_chat_member.user
    admin_checker.forget(event.chat.id, user.id)  # as every other change of a member
    for joint in await joints.end_all(event.chat.id, "rights", host=user.id):
        background.spawn(joint_poster.ended(joint, "rights"), f"joint-end:{joint.joint.id}")


def create_router() -> Router:
    router = Router(name="joint")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_cohost, Command("cohost"))
    router.message.register(cmd_battle, Command("battle"))
    router.my_chat_member.register(
        on_bot_removed, ChatMemberUpdatedFilter(IS_MEMBER >> IS_NOT_MEMBER), IN_GROUP
    )
    router.chat_member.register(
        on_rights_lost,
        ChatMemberUpdatedFilter(IS_ADMIN >> (MEMBER | RESTRICTED | LEFT | KICKED)),
        IN_GROUP,
    )
    return router
