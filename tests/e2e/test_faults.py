"""A bad evening at Telegram: 5xx answers, a proxy's HTML error page, timeouts, dropped
connections, and the bot dying mid-send. Nothing the room waits for is lost or doubled."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.clock import ManualClock
from domain.posts import CLAIM_LEASE
from domain.vocabulary import PostState
from emulator.server import TelegramEmulator
from emulator.world import Fault
from storage.models import Broadcast, Entry, Lottery
from tests.databases import empty_redis
from tests.harness import Harness, make_settings, rows

DELAY = timedelta(seconds=60)
SHOW_START = datetime(2030, 1, 3, 12, 0, tzinfo=UTC)
# Every way a send can fail for a while: each is passing trouble, never a reason to give up.
STORMS = [Fault.SERVER_ERROR, Fault.BAD_GATEWAY_PAGE, Fault.DROPPED, Fault.HANG]


@pytest.fixture
async def harness(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> AsyncIterator[Harness]:
    # A short request timeout, so that a hanging Telegram costs a test one second, not thirty.
    settings = make_settings(
        emulator, database_url, redis_url=await empty_redis(), request_timeout_seconds=1
    )
    world = Harness(emulator, settings, clock)
    await world.start()
    yield world
    await world.stop()


def posts_in_room(harness: Harness, needle: str) -> list[str]:
    return [
        m.text
        for m in harness.emulator.messages_in(harness.room)
        if m.method == "sendMessage" and needle in m.text
    ]


async def lottery_with_one_fan(harness: Harness) -> None:
    card = await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    fan = harness.fan("Ann")
    await harness.emulator.wait_for_answer(harness.emulator.press(fan, card, "🙋 Join"))
    await harness.settle()


async def test_a_result_interrupted_between_claim_and_send_is_posted_once_after_restart(
    harness: Harness,
) -> None:
    emu = harness.emulator
    await lottery_with_one_fan(harness)
    # The result's send never gets an answer; then the process dies (its work is cut short).
    emu.inject_fault("sendMessage", Fault.HANG)
    drawing = asyncio.create_task(harness.advance_to(harness.clock.now() + DELAY))
    await emu.wait_until(lambda: ("sendMessage", Fault.HANG) in emu.faults_served)
    drawing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await drawing
    (lottery,) = await rows(harness, Lottery)
    assert lottery.result_state is PostState.SENDING
    assert posts_in_room(harness, "🎉 Lottery #1") == []

    await harness.restart()
    await harness.settle()
    if harness.settings.redis_url is not None:
        # Replicas: another one may still be sending it, so the claim is taken over only once
        # its lease has run out. (The only process sends it again at start-up.)
        assert posts_in_room(harness, "🎉 Lottery #1") == []
        await harness.advance_to(harness.clock.now() + CLAIM_LEASE + timedelta(seconds=1))
        await harness.settle()
    (result,) = posts_in_room(harness, "🎉 Lottery #1: Mug")
    assert "Ann" in result
    (lottery,) = await rows(harness, Lottery)
    assert lottery.result_state is PostState.SENT
    assert lottery.result_message_id == next(
        m.message_id
        for m in reversed(emu.messages_in(harness.room))
        if m.text.startswith("🎉 Lottery #1")
    )
    # Another restart and more wake-ups post nothing more.
    await harness.restart()
    await harness.running.run_due()
    await harness.settle()
    assert len(posts_in_room(harness, "🎉 Lottery #1")) == 1


@pytest.mark.parametrize("fault", STORMS, ids=[f.name for f in STORMS])
async def test_a_storm_on_the_result_ends_in_exactly_one_result(
    harness: Harness, fault: Fault
) -> None:
    emu = harness.emulator
    await lottery_with_one_fan(harness)
    emu.inject_fault("sendMessage", fault, times=3)
    await harness.advance_to(harness.clock.now() + DELAY)
    pauses = []
    for _ in range(3):
        (lottery,) = await rows(harness, Lottery)
        assert lottery.result_state is PostState.PENDING, fault
        assert lottery.result_retry_at is not None
        planned = harness.running.timer.planned()
        assert planned["retry:result:1"] == lottery.result_retry_at
        pauses.append((lottery.result_retry_at - harness.clock.now()).total_seconds())
        await harness.advance_to(lottery.result_retry_at)
    assert pauses == [2, 4, 8]  # a growing pause between tries
    await harness.settle()
    assert [f for _, f in emu.faults_served] == [fault] * 3
    (result,) = posts_in_room(harness, "🎉 Lottery #1: Mug")
    assert "Ann" in result
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.result_state, lottery.result_attempts) == (PostState.SENT, 4)


@pytest.mark.parametrize("fault", STORMS, ids=[f.name for f in STORMS])
async def test_a_storm_on_the_live_notice_ends_in_exactly_one_notice(
    harness: Harness, fault: Fault
) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-03 12:00 Stormy show", expect="Scheduled #1")
    await harness.advance_to(SHOW_START - timedelta(hours=24))  # the trailer
    emu.inject_fault("sendMessage", fault, times=4)
    await harness.advance_to(SHOW_START)
    for _ in range(4):
        (show,) = await rows(harness, Broadcast)
        assert show.live_state is PostState.PENDING
        assert show.live_retry_at is not None
        await harness.advance_to(show.live_retry_at)
    await harness.settle()
    assert posts_in_room(harness, "We are live") == [
        "🔴 We are live: Stormy show! Come and join us now."
    ]
    (show,) = await rows(harness, Broadcast)
    assert show.live_state is PostState.SENT
    assert show.live_message_id == emu.messages_in(harness.room)[-1].message_id


async def test_a_show_on_air_early_retries_its_notice_before_its_scheduled_start(
    harness: Harness,
) -> None:
    emu = harness.emulator
    harness.clock.set(SHOW_START - timedelta(hours=1))
    await harness.say("/schedule 2030-01-03 12:00 Early bird", expect="Scheduled #1")
    await emu.wait_for_message(harness.room, "Coming up: Early bird")
    emu.inject_fault("sendMessage", Fault.BAD_GATEWAY_PAGE)
    emu.video_chat(harness.host, harness.room, "started")
    await harness.settle()
    (show,) = await rows(harness, Broadcast)
    assert show.live_state is PostState.PENDING
    assert show.live_retry_at is not None
    await harness.advance_to(show.live_retry_at)  # still an hour before the scheduled start
    await harness.settle()
    assert len(posts_in_room(harness, "We are live: Early bird")) == 1


async def test_a_trailer_refused_for_good_is_skipped_not_retried(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-03 12:00 Refused", expect="Scheduled #1")
    emu.inject_error("sendMessage", 400, "Bad Request: not enough rights to send text messages")
    await harness.advance_to(SHOW_START - timedelta(hours=24))
    (show,) = await rows(harness, Broadcast)
    assert (show.trailer_state, show.trailer_retry_at) == (PostState.SKIPPED, None)
    await harness.advance_to(SHOW_START - timedelta(hours=23))
    assert posts_in_room(harness, "Coming up") == []


def fail_first_entry(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The first entry attempt fails with a bug of the fast path's; returns the failures."""
    desk = harness.running.entries
    enter = desk.enter
    failures: list[object] = []

    async def fails_once(*args: Any, **kwargs: Any) -> Any:
        if not failures:
            failures.append(args)
            raise RuntimeError("a bug on the fast path")
        return await enter(*args, **kwargs)

    monkeypatch.setattr(desk, "enter", fails_once)
    return failures


async def test_a_fast_path_failure_falls_back_to_the_normal_pipeline(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crowd's fast path runs before aiogram's error handling: a failure of its own (not a
    passing database one) must not leave the fan unanswered, so the update goes down the normal
    pipeline, which enters the fan (an entry is written once however often it comes)."""
    emu = harness.emulator
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    card = await emu.wait_for_message(harness.room, "🎁 Lottery #1")
    failures = fail_first_entry(harness, monkeypatch)
    ann = harness.fan("Ann")
    query = emu.press(ann, card, "🙋 Join")
    await harness.settle()
    assert len(failures) == 1
    assert emu.callback_answers[query]["text"] == "You're in! Good luck 🍀"
    assert [(e.user_id, e.first_name) for e in await rows(harness, Entry)] == [(ann.id, "Ann")]


async def test_a_right_password_survives_a_fast_path_failure(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a password: the normal pipeline has its own way to take a guess, so a
    right one that the fast path failed on is still entered (and acknowledged), not lost."""
    emu = harness.emulator
    await harness.say("/lottery password rose Mug", expect="🎁 Lottery #1")
    failures = fail_first_entry(harness, monkeypatch)
    ann = harness.fan("Ann")
    right = emu.send(ann, harness.room, "Rose!")
    await harness.settle()
    assert len(failures) == 1
    assert [(e.user_id, e.first_name) for e in await rows(harness, Entry)] == [(ann.id, "Ann")]
    assert emu.reactions[(harness.room.id, right["message_id"])] == ["🎉"]
