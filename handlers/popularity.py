"""/popularity: the show's popularity so far and the room's weights, which the host may change."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import texts
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from domain.popularity import Weights
from services.popularity import PopularityService, ShowPopularity
from storage.models import Room


def weights_text(weights: Weights) -> str:
    return " ".join(f"{name}={getattr(weights, name)}" for name in Weights.names())


def popularity_text(popularity: ShowPopularity, tr: Translator) -> str:
    weights = weights_text(popularity.weights)
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
        await outbox.reply(
            message, tr(texts.POPULARITY_WEIGHTS_SET, weights=weights_text(weights))
        )
        return
    await outbox.reply(message, popularity_text(await popularity.on_air(room), tr))


def create_router() -> Router:
    router = Router(name="popularity")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_popularity, Command("popularity"))
    return router
