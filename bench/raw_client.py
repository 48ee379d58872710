"""The raw ceiling (issue 31): no framework at all. Plain aiohttp long-polls getUpdates (100 at
a time, as aiogram does) and, with BARE_ACK=1, makes the same acknowledgement call Liveroom makes
for each update (a 🎉 reaction on a message, the answer to a button press), all of a batch at
once; no database, no parsing beyond the JSON. What one process can do on this machine with the
same calls is the figure Liveroom is held against."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
from typing import Any

import aiohttp

ANSWER_TEXT = "You're in! Good luck 🍀"  # as long as Liveroom's answer


async def main() -> None:
    base = f"{os.environ['BOT_API_URL']}/bot{os.environ['BOT_TOKEN']}"
    acknowledge = os.environ.get("BARE_ACK") == "1"
    form_fields = os.environ.get("BENCH_RAW_FORM") == "1"
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    gc.collect()
    gc.freeze()  # as liveroom/__main__.py and bench/bare_bot.py do

    async with aiohttp.ClientSession() as http:

        async def call(method: str, payload: dict[str, Any]) -> Any:
            # As aiogram sends them (BENCH_RAW_FORM=1): form fields, JSON inside each.
            if form_fields:
                form = aiohttp.FormData(quote_fields=False)
                for key, value in payload.items():
                    form.add_field(key, value if isinstance(value, str) else json.dumps(value))
                request = http.post(f"{base}/{method}", data=form)
            else:
                request = http.post(f"{base}/{method}", json=payload)
            async with request as response:
                return (await response.json()).get("result")

        async def ack(update: dict[str, Any]) -> None:
            if "callback_query" in update:
                query = update["callback_query"]
                await call(
                    "answerCallbackQuery", {"callback_query_id": query["id"], "text": ANSWER_TEXT}
                )
            elif "message" in update:
                message = update["message"]
                await call(
                    "setMessageReaction",
                    {
                        "chat_id": message["chat"]["id"],
                        "message_id": message["message_id"],
                        "reaction": [{"type": "emoji", "emoji": "🎉"}],
                    },
                )

        await call("deleteWebhook", {})
        offset = 0
        while not stopping.is_set():
            poll = asyncio.ensure_future(
                call(
                    "getUpdates",
                    {
                        "offset": offset,
                        "limit": 100,
                        "timeout": 25,
                        "allowed_updates": ["message", "callback_query"],
                    },
                )
            )
            stop = asyncio.ensure_future(stopping.wait())
            await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
            if not poll.done():
                poll.cancel()
                break
            stop.cancel()
            updates = poll.result() or []
            if updates:
                offset = updates[-1]["update_id"] + 1
                if acknowledge:
                    await asyncio.gather(*(ack(update) for update in updates))


if __name__ == "__main__":
    asyncio.run(main())
