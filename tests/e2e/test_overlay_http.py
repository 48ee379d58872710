"""The stream overlay over HTTP (issue 17): the link reaches the host alone, a wrong or reset
token gets 404, the page's headers lock it down, the events say what the room shows and never a
password, and one link opens only so many pages. The page itself is tested in a real browser:
tests/browser/test_overlay_page.py."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from bot.caches import RedisCacheBus
from bot.overlay.hub import OverlayHub
from bot.overlay.web import OverlayServer
from domain.clock import ManualClock
from domain.overlay import token_digest
from emulator.server import TelegramEmulator
from storage.models import Overlay
from tests.databases import REDIS_URL
from tests.harness import Harness, make_settings, rows

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/overlay/([A-Za-z0-9_-]{32}))")


async def overlay_link(harness: Harness, command: str = "/overlay") -> tuple[str, str]:
    reply = await harness.say(command, expect="/overlay/")
    assert reply.receiver_id == harness.host.id, "the link is for the host's eyes only"
    match = LINK.search(reply.text)
    assert match is not None, reply.text
    return match.group(1), match.group(2)


@asynccontextmanager
async def events(url: str) -> AsyncIterator[aiohttp.ClientResponse]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/events") as response:
        yield response


async def next_event(response: aiohttp.ClientResponse, kind: str) -> dict[str, Any]:
    """The next event of `kind` on an open stream, parsed."""

    async def read() -> dict[str, Any]:
        event = ""
        while True:
            line = (await response.content.readline()).decode().rstrip("\r\n")
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event == kind:
                parsed: dict[str, Any] = json.loads(line.removeprefix("data: "))
                return parsed

    return await asyncio.wait_for(read(), 10)


async def test_the_link_is_for_the_host_alone_and_the_same_until_reset(harness: Harness) -> None:
    fan = harness.fan("Ann")
    url, token = await overlay_link(harness)
    assert url.startswith(f"http://{harness.settings.overlay_listen}/overlay/")
    again, same = await overlay_link(harness)
    assert (again, same) == (url, token)
    refused = await harness.say("/overlay", user=fan, expect="only the admins")
    assert "/overlay/" not in refused.text
    # Stored as a digest and the token encrypted: the database alone opens nothing.
    [stored] = await rows(harness, Overlay)
    assert stored.token_digest == token_digest(token)
    assert token not in stored.token_enc
    usage = await harness.say("/overlay please", expect="/overlay reset makes a new one")
    assert usage.receiver_id == harness.host.id


async def test_in_private_the_host_gets_the_link_of_each_room_they_run(harness: Harness) -> None:
    url, _ = await overlay_link(harness)
    reply = await harness.say("/overlay", chat=harness.host, expect="/overlay/")
    assert url in reply.text and "Hana's live room" in reply.text
    fan = harness.fan("Ann")
    refused = await harness.say("/overlay", user=fan, chat=fan, expect="not an admin")
    assert "/overlay/" not in refused.text


async def test_pages_headers_and_wrong_tokens(harness: Harness) -> None:
    url, token = await overlay_link(harness)
    base = url.removesuffix(token)
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as page:
            assert page.status == 200
            assert "text/html" in page.headers["Content-Type"]
            csp = page.headers["Content-Security-Policy"]
            assert "default-src 'none'" in csp and "script-src 'self'" in csp
            assert page.headers["Referrer-Policy"] == "no-referrer"
            assert '<script src="/overlay/assets/overlay.js"' in await page.text()
        async with http.get(f"{base}assets/overlay.js") as script:
            assert script.status == 200
            assert "EventSource" in await script.text()
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        for path in (wrong, f"{wrong}/events", "short", "assets/secrets.py", "assets/../web.py"):
            async with http.get(f"{base}{path}") as response:
                assert response.status == 404, path


async def test_events_follow_a_password_lottery_without_its_password(harness: Harness) -> None:
    await harness.say("/announce Giveaway at nine!", expect="📌")
    url, _ = await overlay_link(harness)
    async with events(url) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        idle = await next_event(stream, "state")
        assert idle["now"] == int(harness.clock.now().timestamp() * 1000)
        assert idle["state"]["pinned"]["text"] == "Giveaway at nine!"
        assert idle["state"]["lottery"] is None
        await harness.say("/lottery password rosebud Mug", expect="🎁 Lottery #1")
        running = (await next_event(stream, "state"))["state"]["lottery"]
        assert running["prize"] == "Mug"
        assert running["how"] == "Type the password you hear on stream in the chat"
        assert running["entrants_text"] == "0 entrants"
        draw_at = harness.clock.now() + timedelta(seconds=harness.settings.draw_delay_seconds)
        assert running["draw_at"] == int(draw_at.timestamp() * 1000)
        ann = harness.fan("Ann")
        harness.emulator.send(ann, harness.room, "Rosebud!")
        counted = (await next_event(stream, "state"))["state"]["lottery"]
        assert (counted["entrants"], counted["entrants_text"]) == (1, "1 entrant")
        await harness.advance_to(draw_at)
        drawn = (await next_event(stream, "state"))["state"]
        assert drawn["lottery"] is None
        assert drawn["reveal"]["winners"] == ["Ann"]
    assert "rosebud" not in json.dumps([idle, running, counted, drawn]).lower()


async def test_a_reset_link_stops_its_open_pages_at_once(harness: Harness) -> None:
    url, _ = await overlay_link(harness)
    async with events(url) as stream:
        await next_event(stream, "state")
        new_url, _ = await overlay_link(harness, "/overlay reset")
        assert new_url != url
        # The old page's stream ends, and the old link is gone for good.
        rest = await asyncio.wait_for(stream.content.read(), 10)
        assert b"event:" not in rest
    async with aiohttp.ClientSession() as http, http.get(url) as old, http.get(new_url) as new:
        assert (old.status, new.status) == (404, 200)


async def test_one_link_opens_only_so_many_pages(harness: Harness) -> None:
    url, _ = await overlay_link(harness)
    most = harness.settings.overlay_pages_per_link
    async with aiohttp.ClientSession() as http:
        streams = [await http.get(f"{url}/events") for _ in range(most)]
        assert [s.status for s in streams] == [200] * most
        async with http.get(f"{url}/events") as refused:
            assert refused.status == 429
        streams.pop().close()
        # A page that left makes room for another.
        for _ in range(50):
            async with http.get(f"{url}/events") as again:
                if again.status == 200:
                    break
            await asyncio.sleep(0.05)
        assert again.status == 200
        for stream in streams:
            stream.close()


@pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (the replicas' bus)")
async def test_a_page_on_another_replica_hears_the_news_over_redis(harness: Harness) -> None:
    """A second replica's overlay (its own hub, Redis bus and server; the same database) that
    never reads the room on its own: whatever it shows came over the bus."""
    app = harness.running
    redis = Redis.from_url(REDIS_URL)
    bus = RedisCacheBus(redis)
    await bus.start()
    hub = OverlayHub(
        app.session_factory, harness.clock, app.cipher, app.dispatcher["i18n"], bus, 10, 3600
    )
    server = OverlayServer(hub, "127.0.0.1:0")
    await server.start()
    try:
        await harness.say("/welcome on", expect="Welcomes are on")
        _, token = await overlay_link(harness)
        async with events(f"http://{server.address}/overlay/{token}") as stream:
            assert (await next_event(stream, "state"))["state"]["lottery"] is None
            await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
            assert (await next_event(stream, "state"))["state"]["lottery"]["prize"] == "Mug"
            zoe = harness.emulator.add_user("Zoe")
            harness.emulator.join(zoe, harness.room)
            await harness.settle()
            interval = timedelta(seconds=harness.settings.welcome_interval_seconds)
            await harness.advance_to(harness.clock.now() + interval)
            line = await next_event(stream, "ticker")
            assert line["text"] == "👋 Welcome to the room, Zoe! Say hi and enjoy the show."
            await overlay_link(harness, "/overlay reset")
            rest = await asyncio.wait_for(stream.content.read(), 10)
            assert b"event: state" not in rest
    finally:
        await server.stop()
        await bus.stop()
        await redis.aclose()


async def test_without_an_overlay_server_the_host_is_told_so(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> None:
    settings = make_settings(emulator, database_url, overlay_listen="")
    world = Harness(emulator, settings, clock)
    await world.start()
    try:
        reply = await world.say("/overlay", expect="The overlay is off on this bot")
        assert reply.receiver_id == world.host.id
        assert world.running.overlay_server is None
    finally:
        await world.stop()


async def test_where_no_message_for_the_host_alone_can_go_the_link_goes_privately(
    harness: Harness,
) -> None:
    emu, room, host = harness.emulator, harness.room, harness.host
    # No longer an administrator, the bot may not answer a typed command ephemerally.
    room.members[emu.bot.id] = "member"
    invited = await harness.say("/overlay", expect="haven't opened a chat with me yet")
    assert invited.text.endswith("https://t.me/liveroom_bot?start=hello")
    assert "/overlay/" not in invited.text and not LINK.search(invited.text)
    emu.start_private(host)
    await harness.settle()
    told = await harness.say("/overlay", expect="overlay link in our private chat")
    assert "/overlay/" not in told.text
    private = await emu.wait_for_message(host, "/overlay/")
    assert LINK.search(private.text) is not None


async def test_the_overlay_counts_down_the_lotterys_own_countdown_and_its_extension(
    harness: Harness,
) -> None:
    url, _ = await overlay_link(harness)
    async with events(url) as stream:
        await next_event(stream, "state")
        start = harness.clock.now()
        await harness.say("/lottery open Mug 2m min2", expect="🎁 Lottery #1")
        running = (await next_event(stream, "state"))["state"]["lottery"]
        assert running["draw_at"] == int((start + timedelta(minutes=2)).timestamp() * 1000)
        # Too few entrants at the deadline: one more round, and the page follows at once.
        await harness.advance_to(start + timedelta(minutes=2))
        extended = (await next_event(stream, "state"))["state"]["lottery"]
        assert extended["draw_at"] == int((start + timedelta(minutes=4)).timestamp() * 1000)
