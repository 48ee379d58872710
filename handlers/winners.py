"""Hosts after the show: who won, where to send it, what has shipped, re-draws.

Delivery details are only ever sent to a host's private chat, never to the room, and only for
rooms where that person is an admin.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime, time, timedelta

from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message

from bot import texts
from bot.admins import AdminChecker
from bot.ephemeral import invitation_to_private_chat
from bot.filters import IN_GROUP, IN_PRIVATE
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.lottery_poster import LotteryPoster
from bot.render import local_datetime_zoned
from domain.clock import Clock
from domain.errors import UserInputError
from domain.export import ExportRow, winners_csv
from domain.schedule import IdKind, local_to_utc, parse_date, parse_id, zone
from domain.vocabulary import ClaimStatus, LotteryStatus
from services.claims import ClaimService
from services.lottery import LotteryService
from services.rooms import RoomService
from storage.models import Lottery, Room, Winner

MESSAGE_LIMIT = 4000
WINNERS_SHOWN = 10  # /winners lists the newest lotteries; /export has them all
_MIDNIGHT = time(0, 0)
UNDO = "undo"  # /shipped 12 undo: marked shipped by mistake


async def _admin_rooms(
    message: Message, rooms: RoomService, bot: Bot, admin_checker: AdminChecker
) -> dict[int, Room]:
    """The rooms whose winners this person may see: this room (admin checked by the host
    gate) in a group; in private, every room the bot runs where they are an admin."""
    if message.chat.type != ChatType.PRIVATE:
        room = await rooms.get(message.chat.id)
        return {room.chat_id: room} if room else {}
    user = message.from_user
    if user is None:
        return {}
    theirs = await admin_checker.rooms_of(bot, user.id, await rooms.all())
    return {room.chat_id: room for room in theirs}


def _status(winner: Winner, room: Room, tr: Translator) -> str:
    if winner.status is ClaimStatus.WAITING:
        deadline = winner.claim_deadline
        when = local_datetime_zoned(deadline, room.timezone, tr.locale) if deadline else ""
        return tr(texts.STATUS_WAITING, deadline=when)
    if winner.status is ClaimStatus.EXPIRED:
        return tr(texts.STATUS_EXPIRED_REPLACED if winner.replaced else texts.STATUS_EXPIRED)
    submitted = winner.status is ClaimStatus.SUBMITTED
    return tr(texts.STATUS_SUBMITTED if submitted else texts.STATUS_SHIPPED)


async def _send_privately(
    message: Message,
    bot: Bot,
    outbox: Outbox,
    room_tr: Translator,
    text: str | None = None,
    document: BufferedInputFile | None = None,
    caption: str | None = None,
) -> None:
    """Private chat only; asked in the room, the room just hears where it went (in the
    room's language, `room_tr`)."""
    user = message.from_user
    if user is None:
        return
    try:
        if document is not None:
            await bot.send_document(user.id, document, caption=caption)
        if text is not None:
            for chunk in _chunks(text):
                await bot.send_message(user.id, chunk)
    except TelegramForbiddenError:
        await outbox.reply(message, await invitation_to_private_chat(bot, room_tr))
        return
    if message.chat.type != ChatType.PRIVATE:
        await outbox.reply(message, room_tr(texts.WINNERS_SENT_PRIVATELY))


def _chunks(text: str) -> list[str]:
    chunks, current = [], ""
    for line in text.split("\n"):
        if current and len(current) + len(line) + 1 > MESSAGE_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


async def cmd_winners(
    message: Message,
    outbox: Outbox,
    rooms: RoomService,
    claims: ClaimService,
    bot: Bot,
    admin_checker: AdminChecker,
    personal_tr: Translator,
    tr: Translator,
) -> None:
    visible = await _admin_rooms(message, rooms, bot, admin_checker)
    drawn = await claims.report(list(visible), limit=WINNERS_SHOWN + 1)
    # A lottery nobody entered has no winner to list; older ones than the newest ten are in
    # /export, and the host is told so rather than left to wonder.
    report = [(lottery, winners) for lottery, winners in drawn[:WINNERS_SHOWN] if winners]
    # Joint lotteries another host started: who won and how it stands, never their details.
    joint = [
        personal_tr(
            texts.WINNERS_JOINT,
            id=lottery.id,
            prize=lottery.prize,
            owner=owner.title,
            winners=personal_tr.join(
                f"{w.first_name} ({_status(w, owner, personal_tr)})" for w in winners
            ),
        )
        for lottery, winners, owner in await claims.joint_report(list(visible), WINNERS_SHOWN)
        if winners
    ]
    if not report and not joint:
        await _send_privately(message, bot, outbox, tr, personal_tr(texts.WINNERS_NONE))
        return
    lines: list[str] = []
    for lottery, winners in report:
        room = visible[lottery.room_chat_id]
        date = local_datetime_zoned(lottery.draw_at, room.timezone, personal_tr.locale)
        lines.append(
            personal_tr(texts.WINNERS_LOTTERY, id=lottery.id, prize=lottery.prize, date=date)
        )
        for winner in winners:
            lines.append(
                personal_tr(
                    texts.WINNERS_LINE,
                    winner_id=winner.id,
                    name=winner.first_name,
                    status=_status(winner, room, personal_tr),
                )
            )
            delivery = claims.delivery_of(winner)
            if delivery is not None:
                lines.append(
                    personal_tr(
                        texts.WINNERS_DETAILS,
                        recipient=delivery.recipient,
                        phone=delivery.phone,
                        address=delivery.address,
                        note=f" · {delivery.note}" if delivery.note else "",
                    )
                )
        lines.append("")
    lines.extend(joint)
    if len(drawn) > WINNERS_SHOWN:
        lines.append(personal_tr(texts.WINNERS_OLDER, shown=WINNERS_SHOWN))
    await _send_privately(message, bot, outbox, tr, "\n".join(lines).strip())


def _export_rows(
    report: Sequence[tuple[Lottery, Sequence[Winner]]],
    visible: dict[int, Room],
    claims: ClaimService,
) -> list[ExportRow]:
    rows = []
    for lottery, winners in report:
        room = visible[lottery.room_chat_id]

        def stamp(moment: datetime | None, tz: str = room.timezone) -> str:
            return moment.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M") if moment else ""

        for winner in winners:
            delivery = claims.delivery_of(winner)
            rows.append(
                ExportRow(
                    lottery_id=lottery.id,
                    drawn_at=stamp(lottery.draw_at),
                    prize=lottery.prize,
                    winner_id=winner.id,
                    telegram_name=winner.first_name,
                    telegram_id=winner.user_id,
                    status=winner.status.value,
                    recipient=delivery.recipient if delivery else "",
                    phone=delivery.phone if delivery else "",
                    address=delivery.address if delivery else "",
                    note=(delivery.note or "") if delivery else "",
                    submitted_at=stamp(winner.submitted_at),
                    shipped_at=stamp(winner.shipped_at),
                    timezone=room.timezone,
                )
            )
    return rows


async def cmd_export(
    message: Message,
    command: CommandObject,
    rooms: RoomService,
    claims: ClaimService,
    bot: Bot,
    admin_checker: AdminChecker,
    clock: Clock,
    default_timezone: str,
    personal_tr: Translator,
    tr: Translator,
    outbox: Outbox,
) -> None:
    visible = await _admin_rooms(message, rooms, bot, admin_checker)
    parts = (command.args or "").split()
    lottery_id = since = until = None
    if len(parts) == 1:
        lottery_id = parse_id(parts[0], IdKind.LOTTERY)
    elif len(parts) == 2:
        # Dates are read in the room's zone (in private: the default zone); `until` is inclusive.
        tz = zone(next(iter(visible.values())).timezone if len(visible) == 1 else default_timezone)
        today = clock.now().astimezone(tz).date()
        first, last = parse_date(parts[0], today), parse_date(parts[1], today)
        if last < first:
            raise UserInputError(
                texts.ERR_EXPORT_REVERSED, first=first.isoformat(), last=last.isoformat()
            )
        since = local_to_utc(first, _MIDNIGHT, tz)
        until = local_to_utc(last + timedelta(days=1), _MIDNIGHT, tz)
    elif parts:
        raise UserInputError(texts.EXPORT_USAGE)
    report = await claims.report(list(visible), lottery_id, since, until)
    if lottery_id is not None and not report:
        raise UserInputError(texts.ERR_EXPORT_NO_LOTTERY, id=lottery_id)
    rows = _export_rows(report, visible, claims)
    if not rows:
        await outbox.reply(message, tr(texts.EXPORT_EMPTY))
        return
    name = f"winners-{lottery_id}.csv" if lottery_id else "winners.csv"
    document = BufferedInputFile(winners_csv(rows), filename=name)
    await _send_privately(
        message,
        bot,
        outbox,
        tr,
        document=document,
        caption=personal_tr(texts.EXPORT_CAPTION, rows=personal_tr.plural(texts.ROWS, len(rows))),
    )


async def cmd_shipped(
    message: Message,
    command: CommandObject,
    rooms: RoomService,
    claims: ClaimService,
    bot: Bot,
    admin_checker: AdminChecker,
    personal_tr: Translator,
    tr: Translator,
    outbox: Outbox,
) -> None:
    words = (command.args or "").split()
    if not words or len(words) > 2 or (len(words) == 2 and words[1].lower() != UNDO):
        raise UserInputError(texts.SHIPPED_USAGE)
    winner_id = parse_id(words[0], IdKind.WINNER)
    winner, lottery = await claims.winner_and_lottery(winner_id)
    visible = await _admin_rooms(message, rooms, bot, admin_checker)
    if winner is None or lottery is None or lottery.room_chat_id not in visible:
        raise UserInputError(texts.ERR_WINNER_NOT_FOUND, winner_id=winner_id)
    if len(words) == 2:
        await claims.unship(winner)
        undone = tr(texts.SHIPPED_UNDONE, winner_id=winner.id, name=winner.first_name)
        await outbox.reply(message, undone)
        return
    await claims.ship(winner)
    done = tr(texts.SHIPPED_DONE, winner_id=winner.id, name=winner.first_name)
    await outbox.reply(message, done)
    fan = await rooms.user(winner.user_id)
    if fan is not None and fan.reachable:
        fan_tr = personal_tr.for_locale(fan.language)
        with suppress(TelegramForbiddenError):  # blocked since: the 403 is recorded already
            await bot.send_message(
                winner.user_id, fan_tr(texts.SHIPPED_TO_WINNER, prize=lottery.prize)
            )


async def cmd_reroll(
    message: Message,
    command: CommandObject,
    room: Room,
    lotteries: LotteryService,
    lottery_poster: LotteryPoster,
    clock: Clock,
    tr: Translator,
) -> None:
    if not command.args:
        raise UserInputError(texts.REROLL_USAGE)
    lottery_id = parse_id(command.args, IdKind.LOTTERY)
    lottery = await lotteries.get(lottery_id)
    if lottery is None or lottery.room_chat_id != room.chat_id:
        raise UserInputError(texts.ERR_LOTTERY_NOT_FOUND, id=lottery_id)
    if lottery.status is LotteryStatus.OPEN:
        when = local_datetime_zoned(lottery.draw_at, room.timezone, tr.locale)
        raise UserInputError(texts.ERR_REROLL_NOT_DRAWN, id=lottery.id, when=when)
    if lottery.status is LotteryStatus.CANCELLED:
        raise UserInputError(texts.ERR_REROLL_CANCELLED, id=lottery.id)
    expired, deadline = await lotteries.rerollable(lottery)
    if not expired and deadline is not None:
        # Nothing to re-draw yet: say when the first waiting prize can be.
        when = local_datetime_zoned(deadline, room.timezone, tr.locale)
        raise UserInputError(texts.ERR_REROLL_TOO_EARLY, id=lottery.id, when=when)
    await lottery_poster.reroll(lottery_id)


async def cmd_room_only(message: Message, personal_tr: Translator) -> None:
    """/reroll posts the new winners in the room, so it is sent there."""
    await message.answer(personal_tr(texts.HOST_COMMAND_IN_PRIVATE))


def create_router() -> Router:
    """In the room (admins only: the answer goes to them privately) or in a private chat."""
    group = Router(name="winners.room")
    group.message.filter(IN_GROUP)
    group.message.middleware(HostOnlyMiddleware())
    private = Router(name="winners.private")
    private.message.filter(IN_PRIVATE)
    for router in (group, private):
        router.message.register(cmd_winners, Command("winners"))
        router.message.register(cmd_export, Command("export"))
        router.message.register(cmd_shipped, Command("shipped"))
    group.message.register(cmd_reroll, Command("reroll"))
    private.message.register(cmd_room_only, Command("reroll"))
    parent = Router(name="winners")
    parent.include_routers(group, private)
    return parent
