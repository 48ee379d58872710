"""The next show's theme, chosen by the fans: the goodbye poll, their votes and own themes, the
host's private results, scheduling the winner, and "Remind me" offered to those who chose it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.world import SentMessage
from storage.models import Broadcast, Reminder, WishPoll, WishVote
from tests.harness import Harness, rows

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


async def end_show_with_goodbye(harness: Harness) -> SentMessage:
    """Live at noon, its video chat ends at 12:30: the goodbye, then the poll."""
    emu, host, room = harness.emulator, harness.host, harness.room
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live")
    harness.clock.set(NOON + timedelta(minutes=30))
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=1800)
    goodbye = await emu.wait_for_message(room, "👋", after=mark)
    assert goodbye.text.endswith(
        "\n🗳 What should the next show be about? Vote below, or add your own idea."
    )
    await harness.settle()
    (poll,) = [m for m in emu.sent[mark:] if m.method == "sendPoll"]
    assert poll.text == "What should the next show be about?" and poll.chat_id == room.id
    assert emu.sent.index(poll) > emu.sent.index(goodbye)
    return poll


async def test_the_fans_choose_the_next_theme_and_its_choosers_are_offered_a_reminder(
    harness: Harness,
) -> None:
    emu, host = harness.emulator, harness.host
    emu.start_private(host)
    ann, ben, cid, dan = (harness.fan(name) for name in ("Ann", "Ben", "Cid", "Dan"))
    for fan in (ann, ben, dan):
        emu.start_private(fan)  # Cid never opened the bot's chat: no offer can reach him
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    told = await harness.say("/wishes Spring looks; Night routine; Hair care", expect="🗳")
    assert told.text == (
        "🗳 At the goodbye of #1 “Noon show” I'll ask the fans what the next show should be "
        "about: Spring looks, Night routine, Hair care. They may add their own; the poll is "
        "open for 12 h, then you get the results."
    )
    poll_message = await end_show_with_goodbye(harness)
    poll = emu.poll_of(poll_message)
    assert (poll.options, poll.is_anonymous, poll.allow_adding_options) == (
        ["Spring looks", "Night routine", "Hair care"],
        False,
        True,
    )
    emu.vote(ann, poll_message, [0])
    emu.vote(cid, poll_message, [0])
    emu.add_option(ben, poll_message, "Makeup for beginners")
    emu.vote(ben, poll_message, [3])
    emu.vote(dan, poll_message, [1])
    emu.vote(dan, poll_message, [0])  # changed his mind
    await harness.settle()
    votes = {vote.user_id: vote.options for vote in await rows(harness, WishVote)}
    assert votes == {ann.id: [0], cid.id: [0], ben.id: [3], dan.id: [0]}

    mark = len(emu.sent)
    await harness.advance_to(NOON + timedelta(hours=12, minutes=29))
    await harness.settle()
    assert not [m for m in emu.sent[mark:] if m.chat_id == host.id and "🗳" in m.text]
    await harness.advance_to(NOON + timedelta(hours=12, minutes=30))
    results = await emu.wait_for_message(host, "🗳 The fans chose", after=mark)
    assert results.text == (
        "🗳 The fans chose the next theme (goodbye poll of “Noon show”, 4 voted):\n"
        "1. Spring looks — 3 (75%)\n"
        "2. Makeup for beginners — 1 (25%), added by Ben\n"
        "3. Night routine — 0 (0%)\n"
        "4. Hair care — 0 (0%)\n"
        "Tap below to schedule the winner; you choose the time."
    )
    assert emu.poll_of(poll_message).is_closed
    with_late_vote = emu.poll_of(poll_message)
    assert with_late_vote.votes[ann.id] == [0]

    await emu.wait_for_answer(emu.press(host, results, "📅 Schedule “Spring looks”"))
    asked = await emu.wait_for_message(host, "When should “Spring looks” go on?")
    assert "UTC" in asked.text
    vague = await harness.say("soon", chat=host, expect="Send the date and the time")
    assert vague.text == (
        "Send the date and the time, e.g. 2030-01-09 20:00 or tomorrow 20:00 (/cancel to "
        "leave it)."
    )
    await harness.say("next friday", chat=host, expect="I couldn't read the date “next”")
    mark = len(emu.sent)
    done = await harness.say("2030-01-08 20:00", chat=host, expect="📅 Scheduled #2")
    assert done.text == (
        "📅 Scheduled #2 “Spring looks” in Hana's live room: Tue, Jan 8, 2030 20:00 (UTC). "
        "The fans who chose it get “Remind me” from me privately."
    )
    await harness.settle()
    offers = [m for m in emu.sent[mark:] if m.text.startswith("🗳 The theme you voted for")]
    assert sorted(m.chat_id for m in offers) == sorted([ann.id, dan.id])
    assert offers[0].text == (
        "🗳 The theme you voted for is on: “Spring looks” in Hana's live room, "
        "Tue, Jan 8, 2030 20:00 (UTC). Want a reminder when it starts?"
    )
    (ann_offer,) = [m for m in offers if m.chat_id == ann.id]
    await emu.wait_for_answer(emu.press(ann, ann_offer, "🔔 Remind me"))
    reminders = await rows(harness, Reminder)
    assert [(r.broadcast_id, r.user_id) for r in reminders] == [(2, ann.id)]
    shows = {show.id: show.title for show in await rows(harness, Broadcast)}
    assert shows == {1: "Noon show", 2: "Spring looks"}
    (wish_poll,) = await rows(harness, WishPoll)
    assert wish_poll.scheduled_broadcast_id == 2

    # The same tap again schedules nothing more.
    answer = await emu.wait_for_answer(emu.press(host, results, "📅 Schedule “Spring looks”"))
    assert answer["text"] == "You've scheduled it already: show #2."
    assert len(await rows(harness, Broadcast)) == 2


async def test_an_open_question_poll_and_a_poll_nobody_answers(harness: Harness) -> None:
    emu, host, _ = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    told = await harness.say("/wishes", expect="🗳")
    assert "an open question" in told.text
    poll_message = await end_show_with_goodbye(harness)
    assert emu.poll_of(poll_message).options == ["🎲 Surprise us"]
    mark = len(emu.sent)
    await harness.advance_to(NOON + timedelta(hours=13))
    result = await emu.wait_for_message(host, "🗳", after=mark)
    assert result.text == "🗳 Nobody voted in the goodbye poll of “Noon show”."
    assert result.reply_markup is None


async def test_bad_themes_are_refused_clearly(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    eleven = "; ".join(f"Theme {n}" for n in range(1, 12))
    assert (await harness.say(f"/wishes {eleven}", expect="up to 10")).text == (
        "A poll takes up to 10 themes; you gave 11. Keep the ones fans most likely want."
    )
    long_theme = "x" * 200
    refused = await harness.say(f"/wishes Short; {long_theme}", expect="200 characters")
    assert refused.text.endswith("is 200 characters; a poll's theme takes up to 100.")
    assert (await harness.say("/wishes Spring; spring", expect="twice")).text == (
        "“Spring” is there twice."
    )
    assert await rows(harness, WishPoll) == []
