"""Webhook mode: Telegram posts updates to the bot, which checks the secret header."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError

from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from emulator.stage import webhook_settings
from services.broadcasts import BroadcastService
from storage.models import Broadcast
from tests.harness import Harness, make_settings, rows

SECRET = "s3cret-Token_1"


@pytest.fixture
async def hooked(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> AsyncIterator[Harness]:
    settings = make_settings(emulator, database_url, **webhook_settings(SECRET))
    world = Harness(emulator, settings, clock)
    await world.start()
    yield world
    await world.stop()


async def test_updates_arrive_by_webhook_with_the_secret(hooked: Harness) -> None:
    emu = hooked.emulator
    assert emu.webhook is not None
    assert emu.webhook["url"] == hooked.settings.webhook_url
    assert emu.webhook["secret_token"] == SECRET
    assert {"message", "callback_query", "chat_member", "chat_boost"} <= set(
        emu.webhook["allowed_updates"]
    )
    reply = await hooked.say("/schedule 2030-01-02 20:00 Webhook show", expect="Scheduled #1")
    assert "Webhook show" in reply.text
    await hooked.settle()
    assert [status for _, _, status in emu.webhook_posts] == [200]


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_a_post_without_the_right_secret_is_refused(
    hooked: Harness, headers: dict[str, str]
) -> None:
    update = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": hooked.host.id, "type": "private", "first_name": "Eve"},
            "from": {"id": hooked.host.id, "is_bot": False, "first_name": "Eve"},
            "text": "/start",
        },
    }
    mark = len(hooked.emulator.sent)
    url = hooked.settings.webhook_url
    assert url is not None
    async with (
        aiohttp.ClientSession() as http,
        http.post(url, json=update, headers=headers) as answer,
    ):
        assert answer.status == 401
    await hooked.settle()
    assert hooked.emulator.sent[mark:] == []


async def test_updates_wait_while_the_bot_is_down_and_arrive_after(hooked: Harness) -> None:
    emu = hooked.emulator
    await hooked.stop()
    emu.send(hooked.host, hooked.room, "/broadcasts")
    await hooked.start()
    reply = await emu.wait_for_message(hooked.room, "No shows scheduled", timeout=10)
    assert reply.text.startswith("No shows scheduled")
    assert any(status == 0 for _, _, status in emu.webhook_posts)  # refused while down


async def test_the_overlay_is_served_by_the_webhooks_own_server(hooked: Harness) -> None:
    reply = await hooked.say("/overlay", expect="/overlay/")
    webhook = hooked.settings.webhook_url
    assert webhook is not None
    origin = webhook.removesuffix("/telegram")
    [url] = [word for word in reply.text.split() if word.startswith(f"{origin}/overlay/")]
    assert hooked.running.overlay_server is None  # no server of its own
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as page:
            assert page.status == 200
            assert "Content-Security-Policy" in page.headers
        async with http.get(f"{origin}/overlay/{'x' * 32}") as wrong:
            assert wrong.status == 404


async def test_the_webhook_answers_only_once_the_update_is_handled(
    hooked: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update is answered 200 only after it was handled: when handling fails for a reason
    that passes (the database busy), Telegram hears 500 and sends it again, so nothing is lost.
    (Answering first and handling after would drop the show below.)"""
    emu = hooked.emulator
    schedule = BroadcastService.schedule
    failures: list[int] = []

    async def busy_once(self: BroadcastService, *args: Any, **kwargs: Any) -> Any:
        if not failures:
            failures.append(1)
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return await schedule(self, *args, **kwargs)

    monkeypatch.setattr(BroadcastService, "schedule", busy_once)
    reply = await hooked.say("/schedule 2030-01-02 20:00 Busy show", expect="Scheduled #1")
    assert "Busy show" in reply.text
    await hooked.settle()
    statuses = [status for _, update_id, status in emu.webhook_posts if update_id == 1]
    assert statuses[0] == 500 and statuses[-1] == 200
    assert [show.title for show in await rows(hooked, Broadcast)] == ["Busy show"]
