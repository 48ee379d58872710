"""A lottery's password: set as the host meant it, told to the host alone, never left in the
chat."""

from __future__ import annotations

from domain.vocabulary import LotteryKind
from storage.models import Entry, Lottery
from tests.harness import Harness, rows


async def test_a_password_with_an_unquoted_space_starts_nothing_and_shows_the_quoted_command(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fan = harness.fan("Ann")
    sent = emu.send(harness.host, harness.room, "/lottery password 玫瑰 🌹 x2 玫瑰花束")
    reply = await emu.wait_for_message(harness.room, "Is the password", seen_by=harness.host)
    assert reply.text == (
        "Is the password “玫瑰 🌹”? A password with spaces goes in quotes: "
        '/lottery password "玫瑰 🌹" x2 玫瑰花束\nNo lottery was started.'
    )
    assert reply.receiver_id == harness.host.id
    await harness.settle()
    assert await rows(harness, Lottery) == []
    assert (harness.room.id, sent["message_id"]) in emu.deleted
    assert emu.seen_by(fan, harness.room) == []


async def test_a_quoted_password_with_a_space_is_set_as_typed_and_told_to_the_host_alone(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fan = harness.fan("Ann")
    sent = emu.send(harness.host, harness.room, '/lottery password "玫瑰 🌹" x2 玫瑰花束')
    card = await emu.wait_for_message(harness.room, "🎁 Lottery #1")
    assert card.text.startswith("🎁 Lottery #1: 玫瑰花束\n")
    assert "Winners: 2" in card.text
    told = await emu.wait_for_message(harness.room, "🔑", seen_by=harness.host)
    assert told.receiver_id == harness.host.id
    assert told.text.startswith("🔑 Lottery #1's password is “玫瑰 🌹” (only you see this;")
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.kind, lottery.password, lottery.winners_count) == (
        LotteryKind.PASSWORD,
        "玫瑰🌹",
        2,
    )
    emu.send(fan, harness.room, "玫瑰🌹")
    await harness.settle()
    assert [entry.user_id for entry in await rows(harness, Entry)] == [fan.id]
    assert (harness.room.id, sent["message_id"]) in emu.deleted
    assert not any("玫瑰 🌹" in m.text for m in emu.seen_by(fan, harness.room))


async def test_without_a_message_only_the_host_sees_the_password_goes_to_the_private_chat(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    await emu.wait_for_message(harness.host, "Hi Hana")
    # No longer an administrator, the bot may not send a message for the host alone.
    harness.room.members[emu.bot.id] = "member"
    await harness.say("/lottery password rose Mug", expect="🎁 Lottery #1")
    privately = await emu.wait_for_message(harness.host, "🔑")
    assert privately.text.startswith("🔑 Lottery #1's password is “rose”")
    pointer = await emu.wait_for_message(harness.room, "private chat", seen_by=harness.host)
    assert pointer.text == "I've sent you the lottery's password in our private chat."
    assert all("rose" not in m.text for m in emu.messages_in(harness.room))


async def test_every_command_that_names_a_password_is_taken_down_worked_or_not(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fan = harness.fan("Ann")
    commands = [
        (harness.host, "/milestone 65 password 888 Mug"),
        (harness.host, "/gifts big 100 password 999 Tea set"),
        (harness.host, "/lottery password rose"),  # refused: the prize is missing
        (harness.host, "/lottery PASSWORD 玫瑰 🌹 x2 玫瑰花束"),  # refused: ambiguous
        (fan, "/lottery password tulip Mug"),  # refused: not an admin
    ]
    sent = [emu.send(author, harness.room, text) for author, text in commands]
    await harness.settle()
    assert {(harness.room.id, message["message_id"]) for message in sent} <= emu.deleted
    assert await rows(harness, Lottery) == []
    # An ordinary command stays.
    kept = emu.send(harness.host, harness.room, "/lottery open Mug")
    await emu.wait_for_message(harness.room, "🎁 Lottery #1")
    await harness.settle()
    assert (harness.room.id, kept["message_id"]) not in emu.deleted
