"""A Telegram Bot API emulator: an aiohttp server on 127.0.0.1 that the real aiogram Bot talks to.

It keeps a small world (users, groups, members, messages), serves long-polling `getUpdates`,
answers the methods Liveroom uses, and enforces Telegram's flood limits with 429s and its
"bots can't write first" rule with 403s. Tests and the demo act as people through its Python API
(`send`, `press`, `start_private`) and watch what the bot did (`sent`, `wait_for_message`).
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from emulator.bot_api import BotApi
from emulator.delivery import Delivery
from emulator.faults import Faults
from emulator.people import People
from emulator.polls import Polls
from emulator.watching import Watching
from emulator.world import (
    JSON,
    ApiError,
)

_SENDING_PREFIXES = ("send", "forward", "copy", "editMessage", "editEphemeral")


class TelegramEmulator(People, Watching, Delivery, Faults, BotApi, Polls):
    """The whole emulator: its parts are split by concern (state, people, watching, faults,
    delivery, Bot API methods); this class serves them over HTTP."""

    async def start(self, port: int = 0) -> str:
        self._stopping = False
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a long poll when the bot hangs up, as Telegram does, so shutdown is instant.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server  # noqa: SLF001 - aiohttp exposes the bound port nowhere else
        assert isinstance(server, asyncio.Server)
        self.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        return self.base_url

    async def stop(self) -> None:
        self._hung.set()  # requests left hanging end with the server
        # A replica may still call setWebhook while the server shuts down: no new delivery then
        # (it would outlive the emulator, with its HTTP client never closed).
        self._stopping = True
        # A bot's long poll ends now, empty, rather than keep the server's shutdown waiting for
        # as long as the bot asked to wait (under load that was more than a test's 30 s).
        self._notify()
        await asyncio.sleep(0)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        tasks = [*self._posts, *([self._delivery] if self._delivery is not None else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._delivery = None

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.requests.append((method, params))
        fault = self._injected_fault(method)
        if fault is not None:
            return await self._serve_fault(request, method, fault)
        try:
            self._raise_injected(method)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if method.startswith(_SENDING_PREFIXES):
                self._check_flood(int(params["chat_id"]))
            result = await handler(params)
        except ApiError as error:
            body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.code)
        if method != "getUpdates":
            self._notify()
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> JSON:
        if request.content_type == "application/json":
            data: JSON = await request.json()
            return data
        form = await request.post()
        params: JSON = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = (value.filename, value.file.read())
                continue
            text = value if isinstance(value, str) else str(value)
            try:
                params[key] = json.loads(text) if text[:1] in "[{" else text
            except json.JSONDecodeError:
                params[key] = text
        params.update({k: v for k, v in request.query.items() if k not in params})
        return params
