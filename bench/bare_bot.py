"""The ceiling: a bare aiogram bot with no-op handlers, polled through the same emulator."""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["BOT_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def on_message(message: Message) -> None:
        return None

    @dispatcher.callback_query()
    async def on_callback(query: CallbackQuery) -> None:
        return None

    await dispatcher.start_polling(bot, handle_signals=True, tasks_concurrency_limit=100)


if __name__ == "__main__":
    asyncio.run(main())
