"""Small things a new host trips over on the first evening, each with a clear answer."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Broadcast, BroadcastStatus, Room
from tests.harness import Harness, rows


async def test_a_greeting_with_an_unknown_placeholder_is_refused(harness: Harness) -> None:
    reply = await harness.say("/welcome text Hi {name}, welcome!")
    assert reply.text == (
        "I don't know {name} in a greeting: the only placeholder is {names}, where the names go."
    )
    (room,) = await rows(harness, Room)
    assert (room.welcome_text, room.welcome_enabled) == (None, False)
    reply = await harness.say("/welcome text Hi {names}!", expect="")
    assert "Hi Hana!" in reply.text


async def test_proof_of_a_cancelled_lottery_says_it_was_cancelled(harness: Harness) -> None:
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    await harness.say("/lottery_cancel", expect="stopped by the host")
    reply = await harness.say("/proof 1")
    assert reply.text == "Lottery #1 was cancelled before its draw, so it has no proof."


async def test_reroll_in_the_private_chat_points_to_the_room(harness: Harness) -> None:
    reply = await harness.say("/reroll 1", chat=harness.host, expect="")
    assert reply.text.startswith("Please send host commands in your live-room group")


async def test_the_wizard_refuses_at_its_first_step_while_a_lottery_runs(harness: Harness) -> None:
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    reply = await harness.say("/lottery")
    assert reply.text.startswith("Lottery #1 is still running in this room.")
    assert reply.buttons() == []


async def test_a_reversed_export_range_is_named(harness: Harness) -> None:
    reply = await harness.say("/export 2030-01-05 2030-01-01")
    assert reply.text == (
        "That range ends before it starts (2030-01-05 to 2030-01-01). Put the earlier date first."
    )


async def test_the_same_show_typed_twice_is_pointed_out(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-03 20:00 Late show", expect="Scheduled #1")
    second = await harness.say("/schedule 2030-01-03 20:00 Late show", expect="Scheduled #2")
    assert second.text.endswith(
        "Note: show #1 is already scheduled at that time with that title. "
        "If this one is a repeat, remove it with /cancel."
    )
    async with harness.running.session_factory() as session:
        assert len((await session.scalars(select(Broadcast))).all()) == 2


async def test_a_wrong_number_names_its_kind_and_where_to_find_it(harness: Harness) -> None:
    expected = {
        "/proof abc": "“abc” is not a lottery number. It is on the lottery's card "
        "(🎁 Lottery #3), and /winners lists past lotteries with theirs.",
        "/export x": "“x” is not a lottery number. It is on the lottery's card "
        "(🎁 Lottery #3), and /winners lists past lotteries with theirs.",
        "/reroll x": "“x” is not a lottery number. It is on the lottery's card "
        "(🎁 Lottery #3), and /winners lists past lotteries with theirs.",
        "/shipped x": "“x” is not a winner number. /winners lists them.",
        "/milestone cancel x": "“x” is not a red envelope number. /milestone lists them.",
        "/milestone cancel": "Which red envelope? Give its number from /milestone, "
        "e.g. /milestone cancel 2",
        "/cancel x": "“x” is not a show number. Show numbers are listed by /broadcasts.",
        "/reschedule x 2030-01-01 20:00": "“x” is not a show number. "
        "Show numbers are listed by /broadcasts.",
    }
    for command, answer in expected.items():
        reply = await harness.say(command, expect="")
        assert reply.text == answer, command
    await harness.say("/language zh", expect="")
    reply = await harness.say("/shipped x", expect="")
    assert reply.text == "“x”不是中奖者编号。中奖者编号见 /winners。"


async def test_cancel_with_a_second_number_cancels_nothing_and_says_why(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-03 20:00 Late show", expect="Scheduled #1")
    await harness.say("/schedule 2030-01-04 20:00 Later show", expect="Scheduled #2")
    reply = await harness.say("/cancel 1 2", expect="")
    assert reply.text == (
        "I cancel one show at a time: /cancel 3 (or /cancel 3 all for a weekly show and all its "
        "next weeks). I did not understand “2”, so nothing was cancelled."
    )
    shows = await rows(harness, Broadcast)
    assert [show.status for show in shows] == [BroadcastStatus.SCHEDULED] * 2
