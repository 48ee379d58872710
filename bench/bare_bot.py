"""The ceiling: a bare aiogram bot with no-op handlers, polled through the same emulator.
With BARE_ACK=1 each update is acknowledged as Liveroom must (a reaction, or answering the
button press): the floor that one API call per fan sets. Like `python -m liveroom`, it freezes
what exists at start-up out of the collector's sight (`gc.freeze()`), so the comparison is of
the work per update, not of a start-up setting."""

from __future__ import annotations

import asyncio
import gc
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message, ReactionTypeEmoji


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["BOT_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()

    acknowledge = os.environ.get("BARE_ACK") == "1"

    @dispatcher.message()
    async def on_message(message: Message) -> None:
        if acknowledge:
            await message.react([ReactionTypeEmoji(emoji="🎉")])

    @dispatcher.callback_query()
    async def on_callback(query: CallbackQuery) -> None:
        if acknowledge:
            await query.answer("ok")

    gc.collect()
    gc.freeze()  # as liveroom/__main__.py does
    await dispatcher.start_polling(bot, handle_signals=True, tasks_concurrency_limit=100)


if __name__ == "__main__":
    asyncio.run(main())
