"""Restarts, duplicate wake-ups, crowds of reminders, 429s and blocked users."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.room_lookups import RoomLookups
from domain.vocabulary import BroadcastStatus, PostState, ReminderState
from liveroom.wiring import create_app
from services.broadcasts import BroadcastService
from storage.live_room import ActivityRepository
from storage.models import Broadcast, Entry, Reminder, TelegramUser
from tests.harness import Harness, rows

SHOW_START = datetime(2030, 1, 3, 12, 0, tzinfo=UTC)
TRAILER_AT = SHOW_START - timedelta(hours=24)


def count_in_room(harness: Harness, needle: str) -> int:
    return sum(needle in m.text for m in harness.emulator.messages_in(harness.room))


async def test_restart_rebuilds_timers_and_posts_the_trailer_exactly_once(
    harness: Harness,
) -> None:
    await harness.say("/schedule 2030-01-03 12:00 After the restart", expect="Scheduled #1")
    await harness.stop()

    # While the bot is down the trailer falls due; at start-up it is posted, once.
    harness.clock.set(TRAILER_AT + timedelta(minutes=30))
    app = await harness.start()
    await harness.emulator.wait_for_message(harness.room, "Coming up: After the restart")
    assert app.timer.planned()["live:1"] == SHOW_START
    assert "trailer:1" not in app.timer.planned()

    # More wake-ups and another restart change nothing.
    await app.show_poster.run_due()
    await harness.restart()
    await harness.running.show_poster.run_due()
    await harness.settle()
    assert count_in_room(harness, "Coming up") == 1

    await harness.advance_to(SHOW_START)
    await harness.emulator.wait_for_message(harness.room, "We are live: After the restart")
    await harness.restart()
    await harness.settle()
    assert count_in_room(harness, "We are live") == 1


async def test_a_trailer_for_a_show_that_already_started_is_skipped(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-03 12:00 Missed it", expect="Scheduled #1")
    await harness.stop()
    harness.clock.set(SHOW_START + timedelta(minutes=10))
    await harness.start()
    await harness.emulator.wait_for_message(harness.room, "We are live: Missed it")
    assert count_in_room(harness, "Coming up") == 0
    async with harness.running.session_factory() as session:
        show = await session.get(Broadcast, 1)
    assert show is not None
    assert (show.trailer_state, show.live_state) == (PostState.SKIPPED, PostState.SENT)


async def test_a_live_notice_far_too_late_is_skipped(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-03 12:00 Long gone", expect="Scheduled #1")
    await harness.stop()
    harness.clock.set(SHOW_START + timedelta(hours=5))  # past LATE_NOTICE_MINUTES (180)
    await harness.start()
    await harness.settle()
    assert count_in_room(harness, "Long gone") == 1  # only the "Scheduled" reply
    async with harness.running.session_factory() as session:
        show = await session.get(Broadcast, 1)
    assert show is not None
    assert (show.trailer_state, show.live_state) == (PostState.SKIPPED, PostState.SKIPPED)


async def test_two_processes_racing_on_one_database_post_once(harness: Harness) -> None:
    """A second app on the same database stands in for a duplicate scheduler process."""
    await harness.say("/schedule 2030-01-03 12:00 Raced", expect="Scheduled #1")
    other = create_app(harness.settings, harness.clock)
    harness.clock.set(SHOW_START)
    await asyncio.gather(
        *(runner.run_due() for runner in [harness.running.show_poster, other.show_poster] * 10)
    )
    await harness.settle()
    await other.bot.session.close()
    await other.engine.dispose()
    assert count_in_room(harness, "Coming up") == 0  # start time reached: trailer skipped
    assert count_in_room(harness, "We are live: Raced") == 1


async def test_2000_reminders_go_out_once_each_without_a_single_429(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-03 12:00 Crowd show", expect="Scheduled #1")
    fans = [emu.add_user(f"fan{i}") for i in range(2000)]
    for fan in fans:
        fan.started_bot = True
    async with harness.running.session_factory() as session:
        session.add_all(
            TelegramUser(
                id=fan.id,
                first_name=fan.first_name,
                language="en",
                has_private_chat=True,
                blocked_bot=False,
                updated_at=harness.clock.now(),
            )
            for fan in fans
        )
        await session.flush()
        session.add_all(
            Reminder(broadcast_id=1, user_id=fan.id, created_at=harness.clock.now())
            for fan in fans
        )
        await session.commit()

    await harness.advance_to(SHOW_START)
    await harness.running.show_poster.wait_reminders()

    delivered = [m.chat_id for m in emu.sent if m.chat_id > 0 and "Crowd show" in m.text]
    assert len(delivered) == 2000
    assert len(set(delivered)) == 2000
    assert emu.flood_errors == 0
    # The achieved pace stays under the configured cap (500/s in tests).
    times = sorted(m.at for m in emu.sent if m.chat_id > 0)
    assert times[-1] - times[0] >= 1999 / 500 - 0.1
    async with harness.running.session_factory() as session:
        states = dict(
            (
                await session.execute(
                    select(Reminder.state, func.count()).group_by(Reminder.state)
                )
            ).all()
        )
    assert states == {ReminderState.SENT: 2000}


async def test_a_429_is_waited_out_and_the_trailer_still_goes_once(harness: Harness) -> None:
    harness.emulator.inject_error("sendMessage", 429, "Too Many Requests: retry after 1", 1)
    await harness.say("/schedule 2030-01-01 15:00 Flooded", expect="Scheduled #1")
    await harness.emulator.wait_for_message(harness.room, "Coming up: Flooded", timeout=10)
    await harness.settle()
    assert harness.running.outbound.retries_after_429 == 1
    assert count_in_room(harness, "Scheduled #1") == 1
    assert count_in_room(harness, "Coming up") == 1


async def test_a_fan_who_blocked_the_bot_is_skipped_and_others_still_reminded(
    harness: Harness,
) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-01 15:00 Blocked test", expect="Scheduled #1")
    trailer = await emu.wait_for_message(harness.room, "Coming up")
    fans = [harness.fan("Ann"), harness.fan("Ben")]
    for fan in fans:
        emu.start_private(fan)
        await emu.wait_for_message(fan, "Hi")
        await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    # Ann blocks the bot without Telegram telling us (no my_chat_member update arrives).
    fans[0].blocked_bot = True
    await harness.advance_to(datetime(2030, 1, 1, 15, 0, tzinfo=UTC))
    await emu.wait_for_message(fans[1], "is live now")
    await harness.settle()
    async with harness.running.session_factory() as session:
        reminders = dict((await session.execute(select(Reminder.user_id, Reminder.state))).all())
        ann = await session.get(TelegramUser, fans[0].id)
    assert reminders == {fans[0].id: ReminderState.FAILED, fans[1].id: ReminderState.SENT}
    assert ann is not None
    assert ann.blocked_bot is True


async def test_blocking_the_bot_is_recorded_from_my_chat_member(harness: Harness) -> None:
    emu = harness.emulator
    fan = harness.fan("Cai")
    emu.start_private(fan)
    await emu.wait_for_message(fan, "Hi Cai")
    emu.block_bot(fan)
    await harness.settle()
    async with harness.running.session_factory() as session:
        user = await session.get(TelegramUser, fan.id)
    assert user is not None
    assert user.blocked_bot is True


async def test_polling_asks_for_every_update_type_the_handlers_use(harness: Harness) -> None:
    await harness.emulator.wait_until(lambda: harness.emulator.allowed_updates is not None)
    allowed = set(harness.emulator.allowed_updates or [])
    assert {"message", "callback_query", "chat_member", "my_chat_member", "chat_boost"} <= allowed


async def test_remind_me_after_a_show_was_cancelled_says_so(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-01 15:00 Soon cancelled", expect="Scheduled #1")
    trailer = await emu.wait_for_message(harness.room, "Coming up")
    await harness.say("/cancel 1", expect="Cancelled #1")
    fan = harness.fan("Dee")
    answer = await emu.wait_for_answer(emu.press(fan, trailer, "🔔 Remind me"))
    assert answer["text"] == "This show has already started or was cancelled."
    # The deep link, if opened later anyway, says the same instead of failing.
    emu.start_private(fan, "remind_1")
    await emu.wait_for_message(fan, "already started or was cancelled")
    emu.start_private(fan, "remind_x")
    await emu.wait_for_message(fan, "That link has expired or is not valid")


def failing(reason: str) -> Callable[..., Awaitable[None]]:
    """A stand-in for a method that breaks unexpectedly."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(reason)

    return broken


async def test_an_unexpected_failure_gets_a_friendly_reply_and_the_bot_goes_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BroadcastService, "schedule", failing("the disk is on fire"))
    emu = harness.emulator
    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/schedule 2030-01-03 12:00 Show")
    await harness.settle()
    # An update counts as handled only once aiogram is done with it, error reply included:
    # shutdown waits for exactly that (a reply sent later would reopen a closed bot session).
    assert [m.text for m in emu.sent[mark:]] == [
        "Sorry, something went wrong on my side. Please try again in a moment."
    ]
    monkeypatch.undo()
    await harness.say("/schedule 2030-01-03 12:00 Show", expect="Scheduled #1")


async def test_a_failed_chat_count_neither_fails_the_fan_nor_posts_in_the_room(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ActivityRepository, "add_messages", failing("database is locked"))
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    mark = len(emu.sent)
    emu.send(ann, room, "hello everyone")  # the normal pipeline counts it
    await harness.settle()
    await harness.say("/lottery password rose Mug", expect="🎁 Lottery #1")
    right = emu.send(ann, room, "rose")  # the crowd's fast path counts it
    await harness.settle()
    assert emu.reactions[(room.id, right["message_id"])] == ["🎉"]
    assert [entry.user_id for entry in await rows(harness, Entry)] == [ann.id]
    # The lottery card is the only post (beside the host's own password note): no apology for
    # either message.
    posts = [m for m in emu.sent[mark:] if m.chat_id == room.id and m.receiver_id is None]
    assert [m.text.splitlines()[0] for m in posts] == ["🎁 Lottery #1: Mug"]
    assert [m.receiver_id for m in emu.only_for(room)] == [harness.host.id]


async def test_a_failing_room_message_gets_no_apology_but_a_failing_command_does(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RoomLookups, "banned_words", failing("the cache is gone"))
    emu, room = harness.emulator, harness.room
    mark = len(emu.sent)
    emu.send(harness.fan("Ann"), room, "hello everyone")
    await harness.settle()
    assert emu.sent[mark:] == []  # a busy room would get one apology per fan message
    emu.send(harness.host, room, "/top hour")
    await harness.settle()
    assert [m.text for m in emu.sent[mark:]] == [
        "Sorry, something went wrong on my side. Please try again in a moment."
    ]


async def test_a_live_notice_telegram_failed_to_take_goes_out_at_the_next_sweep(
    harness: Harness,
) -> None:
    await harness.say("/schedule 2030-01-03 12:00 Resilient show", expect="Scheduled #1")
    harness.emulator.inject_error("sendMessage", 500, "Internal Server Error")
    await harness.advance_to(SHOW_START)
    assert count_in_room(harness, "We are live: Resilient show") == 0
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.live_state) == (BroadcastStatus.LIVE, PostState.PENDING)

    await harness.advance_to(SHOW_START + timedelta(minutes=1))  # the sweep's next look
    await harness.advance_to(SHOW_START + timedelta(minutes=2))
    assert count_in_room(harness, "We are live: Resilient show") == 1
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.live_state) == (BroadcastStatus.LIVE, PostState.SENT)


async def test_shutdown_waits_one_grace_period_in_all_not_one_per_kind_of_work(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handlers, background work and queued replies that all hang share the 10 s grace:
    three waits of 10 s each made Ctrl+C take 30 s, where systemd's TimeoutStopSec kills."""
    app = harness.running
    now = [1000.0]
    app.monotonic = lambda: now[0]
    waits: list[tuple[str, float]] = []

    def hanging(kind: str, result: object) -> Callable[[float], Awaitable[object]]:
        async def wait(timeout: float) -> object:
            waits.append((kind, timeout))
            now[0] += timeout  # it hung for all the time it was given
            return result

        return wait

    monkeypatch.setattr(app.in_flight, "wait_idle", hanging("handlers", False))
    monkeypatch.setattr(app.background, "close", hanging("background", None))
    monkeypatch.setattr(app.outbox, "close", hanging("replies", None))
    await app.stop()
    assert waits == [("handlers", 10.0), ("background", 0.0), ("replies", 0.0)]
