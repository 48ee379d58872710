"""An attacker's evening: garbage arguments to every command, forged and stale buttons. Each gets
a clear answer, none has an effect, and the log holds no traceback."""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator

import pytest

from domain.clock import ManualClock
from emulator.server import TelegramEmulator
from emulator.world import FloodLimits, SentMessage
from storage.models import Entry, Lottery, Reminder, Winner
from tests.databases import empty_redis
from tests.harness import Harness, make_settings, rows


@pytest.fixture
async def harness(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> AsyncIterator[Harness]:
    # Hundreds of replies in one room: flood limits far above Telegram's, so the test measures
    # what each input does, not the room's budget.
    emulator.limits = FloodLimits(
        global_per_second=100_000, per_chat_per_second=100_000, group_per_minute=1_000_000
    )
    settings = make_settings(
        emulator,
        database_url,
        redis_url=await empty_redis(),
        rate_global_per_second=90_000,
        rate_private_per_second=90_000,
        rate_group_per_minute=900_000,
    )
    world = Harness(emulator, settings, clock)
    await world.start()
    yield world
    await world.stop()


COMMANDS = [
    "announce",
    "banword",
    "broadcasts",
    "cancel",
    "channel",
    "export",
    "forget",
    "help",
    "language",
    "lottery",
    "lottery_cancel",
    "milestone",
    "privacy",
    "proof",
    "reroll",
    "reschedule",
    "schedule",
    "shipped",
    "timezone",
    "top",
    "welcome",
    "winners",
    "start",
]
NASTY = [
    "",
    "99999999999999999999",  # past the database's integers
    "-3",
    "#²",  # a digit to Python, not to int()
    "Asia",  # a folder of the zone database
    "9999-12-31 9999-12-31",  # a day after it overflows
    "9999-12-31 23:59 Far future",
    "password ² x99999999999999999999 Mug",
    "x" * 4000,  # echoed back, past Telegram's 4,096
    "text {names} {0} {x!r} %s 🦄",
]


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if record.exc_info is not None or record.levelno >= logging.ERROR
    ]


async def test_every_command_with_garbage_gets_a_reply_and_no_traceback(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    emu = harness.emulator
    fan = harness.fan("Mallory")
    emu.start_private(fan)
    emu.start_private(harness.host)
    await harness.settle()
    silent = []
    for command in COMMANDS:
        for argument in NASTY:
            text = f"/{command} {argument}".strip()[:4096]
            for user, chat in (
                (harness.host, harness.room),
                (fan, harness.room),
                (harness.host, harness.host),
                (fan, fan),
            ):
                mark = len(emu.sent)
                emu.send(user, chat, text)
                try:
                    await harness.settle()
                except TimeoutError:
                    raise AssertionError(f"no end to {text[:60]!r} by {user.first_name}") from None
                if command == "lottery_cancel" or len(emu.sent) > mark:
                    continue
                if command == "help" and chat is harness.room:
                    continue  # the room's help, posted a moment ago, is right above

                silent.append((user.first_name, chat.id, text[:40]))
    # Every command typed got an answer somewhere (the wizard's /lottery too); none crashed.
    assert tracebacks(caplog) == []
    assert silent == [], "\n".join(map(str, silent))
    for message in emu.sent:
        assert 0 < len(message.text) <= 4096


def forged_data(generator: random.Random) -> str:
    kind = generator.randrange(6)
    if kind == 0:  # random bytes of any sort
        alphabet = "abcdefghijklmnopqrstuvwxyz:0123456789-_²🦄"
        return "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 30)))
    return generator.choice(
        [
            "cl:garbage",
            "rm:garbage",
            "lj:garbage",
            "lj:99999999999999999999",
            "lj:-1",
            "rm:99999999999999999999",
            "rm:0",
            "cl:confirm:99999999999999999999",
            "cl:delete:1",
            "lw:winners:-3",
            "lw:winners:999999",
            "lw:winners:²",
            "lw:kind:bogus",
            "lw:start",
            "lw:bogus:1",
        ]
    )


async def test_forged_and_random_buttons_are_all_answered_and_change_nothing(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    emu = harness.emulator
    trailer = await harness.say("/schedule tomorrow 20:00 Late show", expect="Scheduled #1")
    # The wizard first: once a lottery runs, /lottery refuses at its first step.
    wizard = await harness.say("/lottery", expect="How do fans enter")
    card = await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    fans = [harness.fan(f"Fan{i}") for i in range(20)]
    for fan in fans:
        emu.start_private(fan)
    await harness.settle()
    welcome = emu.messages_in(fans[0])[-1]
    targets: list[SentMessage] = [trailer, card, wizard, welcome]
    generator = random.Random(12)
    presses = []
    for _ in range(500):
        fan = generator.choice([*fans, harness.host])
        target = generator.choice(targets)
        if target.chat_id > 0:
            fan = fans[0]  # only Fan0 sees their own private chat
        elif target.receiver_id is not None:
            fan = harness.host  # the wizard is the host's alone (ephemeral)
        presses.append(emu.press_forged(fan, target, forged_data(generator)))
    # A quarter of the presses are the host's (the wizard is theirs alone), and one person's
    # updates are handled one at a time (with Redis, across replicas): give them the time.
    await harness.settle(timeout=40)
    unanswered = [query for query in presses if query not in emu.callback_answers]
    assert unanswered == []
    assert tracebacks(caplog) == []
    assert await rows(harness, Entry) == []
    assert await rows(harness, Reminder) == []
    assert await rows(harness, Winner) == []
    (lottery,) = await rows(harness, Lottery)
    assert lottery.winners_count == 1


async def test_a_join_counts_only_from_the_lotterys_own_room(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    outsider = emu.add_user("Outsider")  # never in the room
    emu.start_private(outsider)
    await harness.settle()
    private = emu.messages_in(outsider)[-1]
    query = emu.press_forged(outsider, private, "lj:1")
    answer = await emu.wait_for_answer(query)
    assert answer["text"] == "This button has expired."
    assert await rows(harness, Entry) == []


async def test_forged_wizard_values_are_refused_like_typed_ones(harness: Harness) -> None:
    emu = harness.emulator
    wizard = await harness.say("/lottery", expect="How do fans enter")
    emu.press(harness.host, wizard, "🙋 Press Join")
    await harness.settle()
    step = emu.messages_in(harness.room)[-1]
    assert "How many winners" in step.text
    for forged in ("lw:winners:-3", "lw:winners:999999", "lw:winners:²"):
        answer = await emu.wait_for_answer(emu.press_forged(harness.host, step, forged))
        assert answer["text"] == "The number of winners must be from 1 to 50, e.g. x3"
    emu.press(harness.host, step, "3")
    await harness.settle()
    question = emu.messages_in(harness.room)[-1]
    await harness.say("Tea set", expect="Ready to start", reply_to=question)
    confirm = emu.messages_in(harness.room)[-1]
    emu.press(harness.host, confirm, "▶️ Start")
    await emu.wait_for_message(harness.room, "🎁 Lottery #1")
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.prize, lottery.winners_count) == ("Tea set", 3)


async def test_the_wizard_takes_more_winners_than_its_buttons_as_a_typed_reply(
    harness: Harness,
) -> None:
    emu = harness.emulator
    wizard = await harness.say("/lottery", expect="How do fans enter")
    emu.press(harness.host, wizard, "🙋 Press Join")
    await harness.settle()
    step = emu.messages_in(harness.room)[-1]
    assert step.text == "How many winners? Pick one, or reply with a number up to 50."
    refused = await harness.say("x51", reply_to=step)
    assert refused.text == "The number of winners must be from 1 to 50, e.g. x3"
    question = await harness.say("x20", reply_to=step, expect="What's the prize?")
    confirm = await harness.say("Mugs", reply_to=question, expect="Ready to start")
    assert "Winners: 20" in confirm.text
