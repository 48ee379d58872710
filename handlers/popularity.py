"""/popularity: the show's popularity so far and the room's weights, which the host may change;
/goal: a lottery that starts by itself when the show reaches a number of likes, popularity
points, Stars or new members."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, Update

from bot import texts
from bot.filters import command_source, host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.live_room import goal_words
from domain.errors import UserInputError
from domain.goals import parse_goal
from domain.lottery import parse_lottery
from domain.schedule import IdKind, parse_id
from services.charts import ChartService, Placing
from services.goals import GoalService, Progress
from services.popularity import PopularityService, ShowPopularity
from storage.models import Room


def popularity_text(popularity: ShowPopularity, tr: Translator) -> str:
    weights = popularity.weights.text()
    if popularity.show is None:
        return tr(texts.POPULARITY_OFF_AIR, weights=weights)
    counts = popularity.counts
    return tr(
        texts.POPULARITY_NOW,
        title=popularity.show.title,
        score=popularity.score,
        chat=counts.chat_minutes,
        likes=counts.likes,
        shares=counts.shares,
        members=counts.members,
        boosts=counts.boosts,
        stars=counts.stars,
        weights=weights,
    )


async def cmd_popularity(
    message: Message,
    room: Room,
    command: CommandObject,
    popularity: PopularityService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    if command.args:
        weights = await popularity.set_weights(room, command.args)
        await outbox.reply(message, tr(texts.POPULARITY_WEIGHTS_SET, weights=weights.text()))
        return
    await outbox.reply(message, popularity_text(await popularity.on_air(room), tr))


async def cmd_goal(
    message: Message,
    room: Room,
    command: CommandObject,
    goals: GoalService,
    event_update: Update,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """/goal lists the goals, /goal cancel <no.> disarms one, /goal <n> <what> <lottery> arms."""
    words = (command.args or "").split()
    if not words:
        await outbox.reply(message, goals_text(await goals.goals(room), tr))
        return
    if words[0].casefold() == "cancel":
        if len(words) != 2:
            raise UserInputError(texts.GOAL_USAGE)
        goal_id = parse_id(words[1], IdKind.ENVELOPE)
        await goals.cancel(room, goal_id)
        await outbox.reply(message, tr(texts.GOAL_CANCELLED, id=goal_id))
        return
    request = parse_goal(command.args or "")
    source = command_source(message, event_update)
    goal, show = await goals.arm(room, request, source, host_of(message))
    text = tr(
        texts.GOAL_ARMED,
        id=goal.id,
        title=show.title,
        goal=goal_words(goal, tr),
        prize=request.lottery.prize,
    )
    await outbox.reply(message, text)


def goals_text(progress: list[Progress], tr: Translator) -> str:
    if not progress:
        return tr(texts.GOALS_NONE)
    lines = [tr(texts.GOALS_HEADER)]
    lines += [
        tr(
            texts.GOALS_ITEM,
            id=item.goal.id,
            value=item.value,
            goal=goal_words(item.goal, tr),
            prize=parse_lottery(item.goal.lottery_args).prize,
        )
        for item in progress
    ]
    return "\n".join(lines)


def chart_lines(placings: list[Placing], tr: Translator) -> list[str]:
    if not placings:
        return [tr(texts.CHARTS_EMPTY)]
    return [
        tr(texts.CHARTS_ITEM, rank=rank, title=p.title, popularity=p.popularity, link=p.link)
        for rank, p in enumerate(placings, 1)
    ]


async def _public_link(bot: Bot, room: Room) -> str:
    """The room's public address, else an invite link of the bot's own for the charts."""
    chat = await bot.get_chat(room.chat_id)
    if chat.username:
        return f"https://t.me/{chat.username}"
    invite = await bot.create_chat_invite_link(room.chat_id, name="Liveroom: charts")
    return invite.invite_link


async def cmd_charts(
    message: Message,
    room: Room,
    command: CommandObject,
    charts: ChartService,
    bot: Bot,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """/charts: the rooms that opted in, by popularity; /charts join|leave."""
    wanted = (command.args or "").strip().casefold()
    if wanted == "join":
        try:
            link = await _public_link(bot, room)
        except TelegramAPIError:
            raise UserInputError(texts.CHARTS_NO_LINK) from None
        await charts.join(room, link)
        await outbox.reply(message, tr(texts.CHARTS_JOINED, link=link))
        return
    if wanted == "leave":
        await charts.leave(room)
        await outbox.reply(message, tr(texts.CHARTS_LEFT))
        return
    if wanted:
        raise UserInputError(texts.CHARTS_USAGE)
    hour, week = await charts.charts()
    lines = [tr(texts.CHARTS_HEADER_HOUR), *chart_lines(hour, tr), ""]
    lines += [tr(texts.CHARTS_HEADER_WEEK), *chart_lines(week, tr)]
    if room.charts_link is None:
        lines += ["", tr(texts.CHARTS_HOW_TO_JOIN)]
    await outbox.reply(message, "\n".join(lines))


def create_router() -> Router:
    router = Router(name="popularity")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_popularity, Command("popularity"))
    router.message.register(cmd_goal, Command("goal"))
    router.message.register(cmd_charts, Command("charts"))
    return router
