"""The next show's theme, chosen by the fans: /wishes prepares the goodbye poll, the fans' votes
and added themes are heard, and the host schedules the winning theme from the results."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, Poll, PollAnswer, Update

from bot import texts
from bot.admins import AdminChecker
from bot.background import Background
from bot.ephemeral import to_author
from bot.filters import IN_PRIVATE, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.show_poster import ShowPoster
from bot.posts.wish_poster import WishPoster
from bot.render import ScheduleTheme, local_datetime_zoned
from bot.settings import Settings
from domain.clock import Clock
from domain.errors import UserInputError
from services.scripts import ScriptService
from services.wishes import WishService
from storage.models import Room


class ThemeDialog(StatesGroup):
    when = State()  # the host is asked when the winning theme's show goes on


async def cmd_wishes(
    message: Message,
    room: Room,
    command: CommandObject,
    scripts: ScriptService,
    settings: Settings,
    tr: Translator,
    outbox: Outbox,
) -> None:
    show, themes = await scripts.wishes(room, command.args or "", host_of(message))
    hours = round(settings.wishes_poll_hours)
    if themes:
        text = tr(
            texts.WISHES_SET, id=show.id, title=show.title, themes=tr.join(themes), hours=hours
        )
    else:
        text = tr(texts.WISHES_SET_OPEN, id=show.id, title=show.title, hours=hours)
    await outbox.send(message, *to_author(message, text))


async def on_poll_answer(answer: PollAnswer, wishes: WishService, event_update: Update) -> None:
    if answer.user is not None:  # a vote cast as a channel has no person to remind
        options = list(answer.option_ids)
        await wishes.vote(answer.poll_id, answer.user.id, options, event_update.update_id)


async def on_poll(poll: Poll, wishes: WishService) -> None:
    """A poll the bot sent changed: a fan added a theme of their own."""
    adders = [option.added_by_user for option in poll.options]
    await wishes.options_changed(
        poll.id,
        [option.text for option in poll.options],
        [adder.first_name if adder is not None else "" for adder in adders],
    )


async def cb_schedule_theme(
    query: CallbackQuery,
    callback_data: ScheduleTheme,
    wishes: WishService,
    state: FSMContext,
    personal_tr: Translator,
) -> None:
    _, room, theme = await wishes.to_schedule(callback_data.poll, query.from_user.id)
    await state.set_state(ThemeDialog.when)
    await state.update_data(wish_poll=callback_data.poll)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            personal_tr(texts.WISHES_ASK_TIME, theme=theme, timezone=room.timezone)
        )


async def on_theme_time(
    message: Message,
    state: FSMContext,
    wishes: WishService,
    wish_poster: WishPoster,
    show_poster: ShowPoster,
    admin_checker: AdminChecker,
    background: Background,
    clock: Clock,
    bot: Bot,
    tr: Translator,
) -> None:
    """The host's answer: `<date> <time>` in the room's zone, as /schedule takes them."""
    user = message.from_user
    row_id = (await state.get_data()).get("wish_poll")
    parts = (message.text or "").split()
    if user is None or not isinstance(row_id, int):
        await state.clear()
        return
    if len(parts) != 2:
        await message.answer(tr(texts.WISHES_TIME_USAGE))
        return
    _, room, _ = await wishes.to_schedule(row_id, user.id)
    if not await admin_checker.is_admin(bot, room.chat_id, user.id):
        await state.clear()
        raise UserInputError(texts.NOT_ADMIN)
    scheduled, room = await wishes.schedule(row_id, user.id, parts[0], parts[1])
    await state.clear()
    show = scheduled.broadcast
    show_poster.plan(show)
    if show.trailer_at <= clock.now():
        background.spawn(show_poster.run_due(), f"trailer:{show.id}")
    await message.answer(
        tr(
            texts.WISHES_SCHEDULED,
            id=show.id,
            title=show.title,
            room=room.title or room.chat_id,
            start=local_datetime_zoned(show.starts_at, room.timezone, tr.locale),
        )
    )
    background.spawn(wish_poster.offer(row_id, show, room), f"offer:{show.id}")


async def cmd_cancel_theme(message: Message, state: FSMContext, tr: Translator) -> None:
    await state.clear()
    await message.answer(tr(texts.WISHES_TIME_CANCELLED))


def create_router() -> Router:
    router = Router(name="wishes")
    router.poll_answer.register(on_poll_answer)
    router.poll.register(on_poll)
    router.callback_query.register(cb_schedule_theme, ScheduleTheme.filter(), F.message)
    router.message.register(cmd_cancel_theme, ThemeDialog.when, Command("cancel"), IN_PRIVATE)
    router.message.register(on_theme_time, ThemeDialog.when, IN_PRIVATE)
    hosts = Router(name="wishes.host")
    hosts.message.middleware(HostOnlyMiddleware())
    hosts.message.register(cmd_wishes, Command("wishes"))
    router.include_router(hosts)
    return router
