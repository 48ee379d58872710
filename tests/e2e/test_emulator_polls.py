"""The emulator keeps Telegram's rules for native polls, for the real aiogram Bot: what a poll may
be, who may vote how, who hears of the votes, and stopping one."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import GetUpdates
from aiogram.types import InputPollOption, Update

from emulator.polls import VoteRefused
from emulator.server import TelegramEmulator
from emulator.world import SentMessage


async def updates(bot: Bot) -> list[Update]:
    """Every update waiting, confirmed as read."""
    got = await bot(GetUpdates(timeout=0))
    if got:
        await bot(GetUpdates(offset=got[-1].update_id + 1, timeout=0))
    return got


def sent_poll(emu: TelegramEmulator) -> SentMessage:
    return next(m for m in reversed(emu.sent) if m.method == "sendPoll")


async def test_a_poll_is_refused_as_telegram_refuses_it(world: tuple) -> None:
    emu, bot, room, _, _ = world

    async def refusal(question: str, options: list[str]) -> str:
        with pytest.raises(TelegramBadRequest) as caught:
            await bot.send_poll(room.id, question, [InputPollOption(text=o) for o in options])
        return caught.value.message

    assert [
        await refusal("Next theme?", []),
        await refusal("Next theme?", [f"theme {i}" for i in range(13)]),
        await refusal("Next theme?", ["ok", "x" * 101]),
        await refusal("Next theme?", ["ok", "   "]),
        await refusal("   ", ["a", "b"]),
        await refusal("q" * 301, ["a", "b"]),
    ] == [
        "Bad Request: poll must have at least one answer option",
        "Bad Request: poll can't have more than 12 options",
        "Bad Request: poll options length must not exceed 100",
        "Bad Request: text must be non-empty",
        "Bad Request: text must be non-empty",
        "Bad Request: poll question length must not exceed 300",
    ]
    assert [m for m in emu.sent if m.method == "sendPoll"] == []
    # The limits themselves are allowed: one option, twelve, 100 characters, 300 (in characters).
    one = await bot.send_poll(room.id, "🌸" * 300, [InputPollOption(text="x" * 100)])
    twelve = await bot.send_poll(room.id, "Q", [InputPollOption(text=str(i)) for i in range(12)])
    assert one.poll is not None and twelve.poll is not None
    assert one.poll.is_anonymous is True  # Telegram's default
    assert len(twelve.poll.options) == 12


async def test_votes_reach_the_bot_that_sent_a_poll_that_is_not_anonymous(world: tuple) -> None:
    emu, bot, room, ann, ben = world
    themes = ["Skincare", "Try-on", "Q&A"]
    message = await bot.send_poll(
        room.id, "Next show?", [InputPollOption(text=t) for t in themes], is_anonymous=False
    )
    await updates(bot)
    poll = sent_poll(emu)
    assert poll.text == "Next show?"
    emu.vote(ann, poll, [1])
    emu.vote(ben, poll, [1])
    emu.vote(ben, poll, [1])  # the same again: nothing changes, no update
    emu.vote(ben, poll, [2])  # changed: a regular poll allows it by default
    got = await updates(bot)
    answers = [
        (u.poll_answer.user.first_name, u.poll_answer.option_ids) for u in got if u.poll_answer
    ]
    assert answers == [("Ann", [1]), ("Ben", [1]), ("Ben", [2])]
    last = [u.poll for u in got if u.poll][-1]
    assert last is not None and message.poll is not None and last.id == message.poll.id
    assert [o.voter_count for o in last.options] == [0, 1, 1]
    assert last.total_voter_count == 2
    with pytest.raises(VoteRefused, match="one answer only"):
        emu.vote(ann, poll, [0, 1])
    with pytest.raises(VoteRefused, match="no such option"):
        emu.vote(ann, poll, [3])


async def test_an_anonymous_poll_tells_counts_but_never_who(world: tuple) -> None:
    emu, bot, room, ann, _ = world
    await bot.send_poll(
        room.id, "Next show?", [InputPollOption(text="A"), InputPollOption(text="B")]
    )
    await updates(bot)
    emu.vote(ann, sent_poll(emu), [0])
    got = await updates(bot)
    assert [u.poll_answer for u in got if u.poll_answer] == []
    assert [[o.voter_count for o in u.poll.options] for u in got if u.poll] == [[1, 0]]


async def test_a_poll_without_revoting_keeps_the_first_answer(world: tuple) -> None:
    emu, bot, room, ann, _ = world
    await bot.send_poll(
        room.id,
        "Next show?",
        [InputPollOption(text="A"), InputPollOption(text="B")],
        is_anonymous=False,
        allows_revoting=False,
    )
    poll = sent_poll(emu)
    emu.vote(ann, poll, [0])
    with pytest.raises(VoteRefused, match="can't be changed"):
        emu.vote(ann, poll, [1])
    with pytest.raises(VoteRefused, match="can't be retracted"):
        emu.vote(ann, poll, [])


async def test_only_the_bots_own_open_poll_can_be_stopped_and_then_takes_no_vote(
    world: tuple,
) -> None:
    emu, bot, room, ann, ben = world
    message = await bot.send_poll(
        room.id, "Next show?", [InputPollOption(text="A"), InputPollOption(text="B")]
    )
    emu.vote(ann, sent_poll(emu), [0])
    await updates(bot)
    text = await bot.send_message(room.id, "not a poll")
    emu.send(ben, room, "mine")
    fan_text = max(key[1] for key in emu.messages if key[0] == room.id)
    fan_poll = emu.post_poll(ben, room, "Lunch?", ["Noodles", "Rice"])["message_id"]

    async def refusal(message_id: int) -> str:
        with pytest.raises(TelegramBadRequest) as caught:
            await bot.stop_poll(room.id, message_id)
        return caught.value.message

    assert [
        await refusal(999),
        await refusal(text.message_id),
        await refusal(fan_text),
        await refusal(fan_poll),
    ] == [
        "Bad Request: message with poll to stop not found",
        "Bad Request: message is not a poll",
        "Bad Request: message is not a poll",
        "Bad Request: poll can't be stopped",
    ]
    stopped = await bot.stop_poll(room.id, message.message_id)
    assert stopped.is_closed and [o.voter_count for o in stopped.options] == [1, 0]
    assert [u.poll.is_closed for u in await updates(bot) if u.poll] == [True]
    assert await refusal(message.message_id) == "Bad Request: poll has already been closed"
    with pytest.raises(VoteRefused, match="closed"):
        emu.vote(ben, sent_poll(emu), [1])


async def test_people_add_options_only_where_the_poll_allows_and_the_bot_hears_of_them(
    world: tuple,
) -> None:
    emu, bot, room, ann, ben = world
    themes = [InputPollOption(text=t) for t in ("Spring looks", "Night routine")]
    with pytest.raises(TelegramBadRequest, match="can't allow adding options to anonymous"):
        await bot.send_poll(room.id, "Next theme?", themes, allow_adding_options=True)
    closed_to_adding = await bot.send_poll(room.id, "Closed list?", themes, is_anonymous=False)
    with pytest.raises(VoteRefused, match="can't be added"):
        emu.add_option(ann, sent_poll(emu), "Hair care")
    await updates(bot)
    assert closed_to_adding.poll is not None

    await bot.send_poll(
        room.id, "Next theme?", themes, is_anonymous=False, allow_adding_options=True
    )
    message = sent_poll(emu)
    assert emu.add_option(ann, message, "  Hair care ") == 2
    with pytest.raises(VoteRefused, match="there already"):
        emu.add_option(ben, message, "hair CARE")
    with pytest.raises(VoteRefused, match="1-100"):
        emu.add_option(ben, message, "x" * 101)
    emu.vote(ben, message, [2])
    got = await updates(bot)
    service, poll_after_adding, answer, poll_after_vote = got
    assert service.message is not None and service.message.poll_option_added is not None
    assert service.message.from_user is not None and service.message.from_user.id == ann.id
    assert service.message.poll_option_added.option_text == "Hair care"
    assert poll_after_adding.poll is not None
    added = poll_after_adding.poll.options[2]
    assert (added.text, added.voter_count) == ("Hair care", 0)
    assert added.added_by_user is not None and added.added_by_user.id == ann.id
    assert answer.poll_answer is not None and answer.poll_answer.option_ids == [2]
    assert poll_after_vote.poll is not None
    assert [o.voter_count for o in poll_after_vote.poll.options] == [0, 0, 1]
    for n in range(9):
        emu.add_option(ann, message, f"Idea {n}")
    with pytest.raises(VoteRefused, match="12 options"):
        emu.add_option(ben, message, "One too many")
    stopped = await bot.stop_poll(room.id, message.message_id)
    assert len(stopped.options) == 12 and stopped.is_closed
    with pytest.raises(VoteRefused, match="closed"):
        emu.add_option(ben, message, "Late idea")


async def test_a_poll_with_a_closing_time_closes_by_itself_within_telegrams_limits(
    world: tuple,
) -> None:
    emu, bot, room, ann, _ = world
    themes = [InputPollOption(text=t) for t in ("A", "B")]
    for bad in ({"open_period": 4}, {"open_period": 2_628_001}):
        with pytest.raises(TelegramBadRequest, match="open_period"):
            await bot.send_poll(room.id, "Soon?", themes, **bad)
    with pytest.raises(TelegramBadRequest, match="together"):
        await bot.send_poll(room.id, "Soon?", themes, open_period=60, close_date=10**10)
    sent = await bot.send_poll(room.id, "Soon?", themes, is_anonymous=False, open_period=60)
    assert sent.poll is not None and sent.poll.open_period == 60
    message = sent_poll(emu)
    emu.vote(ann, message, [1])
    await updates(bot)
    emu.now = lambda: sent.date.timestamp() + 61  # a minute later
    emu.close_due_polls()
    (closed,) = await updates(bot)
    assert closed.poll is not None and closed.poll.is_closed
    assert [o.voter_count for o in closed.poll.options] == [0, 1]
    with pytest.raises(VoteRefused, match="closed"):
        emu.vote(ann, message, [0])
    with pytest.raises(TelegramBadRequest, match="already been closed"):
        await bot.stop_poll(room.id, message.message_id)
