"""The overlay's HTTP side: the page, its assets and its event stream, on the webhook's aiohttp
application or (long polling) on a small one of its own at OVERLAY_LISTEN.

    GET /overlay/<token>          the page (404 for any token that is not a room's current one)
    GET /overlay/<token>/events   its Server-Sent Events
    GET /overlay/assets/<name>    its script and style sheet (nothing is loaded from elsewhere)
"""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

from bot.overlay.hub import OverlayHub

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
ASSETS = {"overlay.js": "text/javascript", "overlay.css": "text/css"}
# The page runs only its own script and style, talks only to this server, and is never framed;
# its URL is a secret, so it is never sent on as a referrer.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
NOT_FOUND = "Not found"
HUB = web.AppKey("overlay_hub", OverlayHub)


def _not_found() -> web.HTTPNotFound:
    return web.HTTPNotFound(text=NOT_FOUND, headers=SECURITY_HEADERS)


async def _room(request: web.Request) -> tuple[int, str]:
    token = request.match_info["token"]
    room_chat_id = await request.app[HUB].room_of(token)
    if room_chat_id is None:
        raise _not_found()
    return room_chat_id, token


async def page(request: web.Request) -> web.StreamResponse:
    await _room(request)
    return web.FileResponse(
        STATIC / "overlay.html",
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store", "Content-Type": "text/html"},
    )


async def events(request: web.Request) -> web.StreamResponse:
    room_chat_id, token = await _room(request)
    return await request.app[HUB].serve(request, room_chat_id, token)


async def asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ASSETS:
        raise _not_found()
    return web.FileResponse(
        STATIC / name,
        headers={**SECURITY_HEADERS, "Content-Type": ASSETS[name], "Cache-Control": "no-cache"},
    )


def add_overlay_routes(application: web.Application, hub: OverlayHub) -> None:
    application[HUB] = hub
    application.router.add_get("/overlay/assets/{name}", asset)
    application.router.add_get("/overlay/{token}", page)
    application.router.add_get("/overlay/{token}/events", events)

    async def close_pages(_: web.Application) -> None:
        await hub.close()

    # Before the server waits for open requests to finish: a page's stream never would.
    application.on_shutdown.append(close_pages)


class OverlayServer:
    """The overlay's own little server, for a bot on long polling (no webhook server to share)."""

    def __init__(self, hub: OverlayHub, listen: str) -> None:
        self.hub = hub
        self.listen = listen
        self._runner: web.AppRunner | None = None
        self.address: str | None = None  # host:port once listening (OVERLAY_LISTEN may say :0)

    async def start(self) -> None:
        application = web.Application()
        add_overlay_routes(application, self.hub)
        self._runner = web.AppRunner(application, access_log=None, shutdown_timeout=2)
        await self._runner.setup()
        host, _, port = self.listen.rpartition(":")
        site = web.TCPSite(self._runner, host, int(port))
        await site.start()
        bound = self._runner.addresses[0]
        self.address = f"{host}:{bound[1]}"
        logger.info("Stream overlay served on http://%s/overlay/…", self.address)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
