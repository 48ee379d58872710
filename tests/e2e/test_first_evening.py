"""Small things a new host trips over on the first evening, each with a clear answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from domain.vocabulary import BroadcastStatus
from emulator.world import EmuUser, SentMessage
from storage.models import Broadcast, Milestone, Reminder, Room, WeeklySlot
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
    assert "Tip:" not in reply.text
    # Without {names}: saved, and the host hears where the names go and how to place them.
    reply = await harness.say("/welcome text Welcome to the show!", expect="")
    assert reply.text == (
        "New greeting saved. It reads:\nWelcome to the show!\nHana\n\n"
        "Tip: the names go after your text. To place them, write {names} where they belong, "
        "e.g. /welcome text Hi {names}, welcome!"
    )


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


async def test_a_second_show_at_the_same_time_with_another_title_is_refused(
    harness: Harness,
) -> None:
    await harness.say("/schedule 2030-01-03 20:00 Late show", expect="Scheduled #1")
    reply = await harness.say("/schedule 2030-01-03 20:00 Other show", expect="")
    assert reply.text == (
        "Show #1 “Late show” already starts at that time in this room, and a room streams one "
        "show at a time. Pick another time, or move #1 with /reschedule first. Nothing was "
        "scheduled."
    )
    weekly = await harness.say("/schedule weekly thu 20:00 Weekly", expect="")
    assert weekly.text.startswith("Show #1 “Late show” already starts at that time")
    (show,) = await rows(harness, Broadcast)
    assert show.title == "Late show"
    async with harness.running.session_factory() as session:
        assert (await session.scalars(select(WeeklySlot))).all() == []


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


async def _trailer_with_a_listener(harness: Harness, command: str) -> tuple[SentMessage, EmuUser]:
    """Schedule within the trailer lead (posted at once); Lin asks to be reminded."""
    emu = harness.emulator
    await harness.say(command, expect="")
    trailer = await emu.wait_for_message(harness.room, "Coming up")
    lin = harness.fan("Lin")
    emu.start_private(lin)
    await emu.wait_for_message(lin, "Hi Lin")
    added = await emu.wait_for_answer(emu.press(lin, trailer, "🔔 Remind me"))
    assert added["text"].startswith("Done! I'll message you privately when it starts.")
    return trailer, lin


async def test_moving_and_cancelling_a_show_corrects_its_trailer_and_tells_the_list(
    harness: Harness,
) -> None:
    emu = harness.emulator
    trailer, lin = await _trailer_with_a_listener(harness, "/schedule 2030-01-02 08:00 Show A")

    mark = len(emu.sent)
    reply = await harness.say("/reschedule 1 2030-01-02 21:00", expect="Moved #1")
    assert reply.text.endswith("Trailer: already in the room, now showing the new time")
    edited = await emu.wait_for_message(harness.room, "Coming up", after=mark)
    assert edited.message_id == trailer.message_id
    assert edited.text == (
        "📺 Coming up: Show A\n🕗 Wed, Jan 2, 2030 21:00 (UTC)\n"
        "Press “Remind me” and I'll message you privately when we go live."
    )
    assert [b["text"] for b in edited.buttons()] == ["🔔 Remind me"]
    moved = await emu.wait_for_message(lin, "has moved", after=mark)
    assert moved.text == (
        "🕗 “Show A” in Hana's live room has moved to Wed, Jan 2, 2030 21:00 (UTC). You're still "
        "on the list: I'll message you when it starts."
    )

    mark = len(emu.sent)
    reply = await harness.say("/cancel 1", expect="Cancelled #1")
    assert reply.text == (
        "Cancelled #1: Show A. Its trailer in the room now says so, and everyone who asked to "
        "be reminded is told privately."
    )
    cancelled = await emu.wait_for_message(harness.room, "Cancelled: Show A", after=mark)
    assert cancelled.message_id == trailer.message_id
    assert (
        cancelled.text
        == "❌ Cancelled: Show A\n🕗 It was planned for Wed, Jan 2, 2030 21:00 (UTC)."
    )
    assert cancelled.buttons() == []
    told = await emu.wait_for_message(lin, "is cancelled", after=mark)
    assert told.text == (
        "❌ “Show A” in Hana's live room, planned for Wed, Jan 2, 2030 21:00 (UTC), is "
        "cancelled. Sorry!"
    )
    # The old and the new time pass: no second trailer, no live notice, no reminder.
    await harness.advance_to(datetime(2030, 1, 2, 22, 0, tzinfo=UTC))
    await harness.settle()
    room_posts = [m for m in emu.messages_in(harness.room) if m.method == "sendMessage"]
    assert sum("Coming up" in m.text for m in room_posts) == 1
    assert not [m for m in room_posts if "We are live" in m.text]
    assert not [m for m in emu.messages_in(lin) if "is live now" in m.text]


async def test_a_skipped_week_says_so_and_keeps_the_list_for_the_next_week(
    harness: Harness,
) -> None:
    emu = harness.emulator
    trailer, lin = await _trailer_with_a_listener(harness, "/schedule weekly wed 08:00 Weekly")
    mark = len(emu.sent)
    reply = await harness.say("/cancel 1", expect="Cancelled #1")
    assert "next is #2 on Wed, Jan 9, 2030 08:00" in reply.text
    skipped = await emu.wait_for_message(harness.room, "No show this week", after=mark)
    assert skipped.message_id == trailer.message_id
    assert skipped.text == (
        "⏭ No show this week: Weekly on Wed, Jan 2, 2030 08:00 is skipped.\n"
        "🕗 The next one: Wed, Jan 9, 2030 08:00 (UTC)."
    )
    told = await emu.wait_for_message(lin, "skips this week", after=mark)
    assert told.text == (
        "⏭ “Weekly” in Hana's live room skips this week (Wed, Jan 2, 2030 08:00). The next one "
        "is on Wed, Jan 9, 2030 08:00 (UTC), and you're on its list: I'll message you when it "
        "starts."
    )
    reminders = await rows(harness, Reminder)
    assert sorted((r.broadcast_id, r.user_id) for r in reminders) == [(1, lin.id), (2, lin.id)]


async def test_a_show_live_by_its_timer_ends_by_itself_and_the_next_video_chat_is_its_own(
    harness: Harness,
) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    await harness.advance_to(datetime(2030, 1, 1, 12, 0, tzinfo=UTC))
    await emu.wait_for_message(harness.room, "We are live: Noon show")
    # No video chat ever says it ended. Two days later the host streams unscheduled.
    await harness.advance_to(datetime(2030, 1, 3, 12, 0, tzinfo=UTC))
    mark = len(emu.sent)
    emu.video_chat(harness.host, harness.room, "started")
    notice = await emu.wait_for_message(harness.room, "We are live", after=mark)
    assert notice.text == "🔴 We are live! Come and join us now."
    harness.clock.set(datetime(2030, 1, 3, 12, 40, tzinfo=UTC))
    emu.start_private(harness.host)
    emu.video_chat(harness.host, harness.room, "ended", duration=40 * 60)
    report = await emu.wait_for_message(harness.host, "📊", after=mark)
    assert report.text.startswith("📊 Show report, Hana's live room: Live stream\nDuration:")
    first, second = await rows(harness, Broadcast)
    assert (first.status, first.ended_at) == (
        BroadcastStatus.ENDED,
        datetime(2030, 1, 1, 18, 0, tzinfo=UTC),  # SHOW_MAX_HOURS (6) after it went live
    )
    assert (second.status, second.started_at, second.ended_at) == (
        BroadcastStatus.ENDED,
        datetime(2030, 1, 3, 12, 0, tzinfo=UTC),
        datetime(2030, 1, 3, 12, 40, tzinfo=UTC),
    )


async def test_the_next_show_starting_ends_the_one_before(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/schedule 2030-01-01 12:00 First", expect="Scheduled #1")
    await harness.say("/schedule 2030-01-01 13:00 Second", expect="Scheduled #2")
    await harness.advance_to(datetime(2030, 1, 1, 12, 0, tzinfo=UTC))
    await emu.wait_for_message(harness.room, "We are live: First")
    await harness.advance_to(datetime(2030, 1, 1, 13, 0, tzinfo=UTC))
    await emu.wait_for_message(harness.room, "We are live: Second")
    await harness.settle()
    first, second = await rows(harness, Broadcast)
    assert (first.status, first.ended_at) == (
        BroadcastStatus.ENDED,
        datetime(2030, 1, 1, 13, 0, tzinfo=UTC),
    )
    assert second.status is BroadcastStatus.LIVE
    assert emu.invite_links == {}  # nobody asked to be reminded: no link to the room is made


async def test_a_passed_milestone_is_refused_and_envelopes_open_in_order_with_real_counts(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    # The room has two members (the host and the bot): an envelope at 2 would open at once.
    refused = await harness.say("/milestone 2 open Mug", expect="")
    assert refused.text == (
        "The room already has 2 members, so a red envelope at 2 would open at once. Choose a "
        "number above 2, or start the lottery now: /lottery open Mug"
    )
    assert await rows(harness, Milestone) == []

    await harness.say("/milestone 4 open Tea set", expect="🧧 Red envelope #1")
    await harness.say("/milestone 3 open Mug", expect="🧧 Red envelope #2")
    mark = len(emu.sent)
    for name in ("Ann", "Ben", "Cai"):  # a raid: the room jumps from 2 to 5 at once
        emu.join(emu.add_user(name), room)
    await harness.settle()
    openings = [p.text for p in emu.messages_in(room)[mark:] if p.text.startswith("🧧 We are")]
    assert openings == ["🧧 We are 5 strong! A red envelope opens: a lottery for “Mug”."]
    await harness.advance_to(harness.clock.now() + timedelta(seconds=61))  # Mug is drawn
    await harness.settle()
    openings = [p.text for p in emu.messages_in(room)[mark:] if p.text.startswith("🧧 We are")]
    assert openings[1:] == ["🧧 We are 5 strong! A red envelope opens: a lottery for “Tea set”."]


async def test_small_replies_say_what_happened(harness: Harness) -> None:
    reply = await harness.say("/banword add a", expect="")
    assert reply.text == (
        "“a” is too short: it would delete every message containing it. A banned word needs "
        "at least 2 letters (one Chinese character is enough)."
    )
    reply = await harness.say("/announce off", expect="")
    assert reply.text == "There is no announcement to remove. To pin one: /announce <text>"
    await harness.say("/timezone Europe/Berlin", expect="")
    reply = await harness.say("/schedule 2030-03-31 02:30 Night show", expect="")
    assert reply.text == (
        "02:30 does not exist on 2030-03-31 in Europe/Berlin: the clocks jump forward that "
        "night. Pick another time, e.g. 03:30."
    )
    assert await rows(harness, Broadcast) == []


async def test_a_draw_with_fewer_entrants_than_prizes_says_what_was_not_awarded(
    harness: Harness,
) -> None:
    emu = harness.emulator
    card = await harness.say("/lottery open Mug x3", expect="🎁 Lottery #1")
    ann = harness.fan("Ann")
    await emu.wait_for_answer(emu.press(ann, card, "🙋 Join"))
    await harness.advance_to(harness.clock.now() + timedelta(seconds=61))
    result = await emu.wait_for_message(harness.room, "🎉 Lottery #1")
    assert "; 1 entrant, list digest" in result.text
    assert result.text.endswith(
        "2 prizes were not awarded: fewer people entered than there were prizes."
    )


async def _entry_answers(harness: Harness, command: str, fan: EmuUser) -> list[str]:
    """Join, Join again, the host's Join, and Join once closed: what each press is told."""
    emu = harness.emulator
    card = await harness.say(command, expect="🎁 Lottery #")
    presses = [fan, fan, harness.host]
    answers = [
        str((await emu.wait_for_answer(emu.press(who, card, "🙋 Join")))["text"])
        for who in presses
    ]
    await harness.advance_to(harness.clock.now() + timedelta(seconds=61))  # drawn: closed
    await harness.settle()
    lottery_id = card.text.split("#", 1)[1].split(":", 1)[0]
    late = emu.press_forged(fan, card, f"lj:{lottery_id}")
    answers.append(str((await emu.wait_for_answer(late))["text"]))
    return answers


async def test_every_entry_path_gives_the_same_answers_in_the_fans_language(
    harness: Harness,
) -> None:
    emu = harness.emulator
    channel = emu.add_channel("Hana news", "hana_news", [harness.host])
    channel.members[emu.bot.id] = "administrator"
    await harness.say("/channel @hana_news", expect="")
    mei = harness.fan("Mei", language="zh")
    channel.members[mei.id] = "member"
    # An open lottery's Join is answered by the crowd fast path; a follow lottery's by the
    # router's handler (it asks Telegram whether the fan follows).
    fast = await _entry_answers(harness, "/lottery open Mug", mei)
    slow = await _entry_answers(harness, "/lottery follow Tea", mei)
    expected = [
        "参与成功！祝你好运 🍀",
        "你已经参与了：每人只能参与一次。",
        "The room's admins run its lotteries, so they can't enter them.",  # the host's language
        "本次抽奖已截止。",
    ]
    assert fast == slow == expected


async def test_an_offset_typed_for_a_time_zone_gets_the_zones_at_that_offset(
    harness: Harness,
) -> None:
    reply = await harness.say("/timezone UTC+8", expect="")
    assert reply.text == (
        "“UTC+8” is an offset from UTC; a time zone also knows when clocks change. At that "
        "offset today: Asia/Shanghai, Asia/Hong_Kong, Asia/Taipei, Asia/Singapore, "
        "Australia/Perth. For example: /timezone Asia/Shanghai"
    )
    reply = await harness.say("/timezone GMT-5", expect="")
    assert reply.text.endswith(
        "offset today: America/New_York. For example: /timezone America/New_York"
    )
    reply = await harness.say("/timezone Mars/Base", expect="")
    assert reply.text.startswith("I don't know the time zone “Mars/Base”.")
    (room,) = await rows(harness, Room)
    assert room.timezone == "UTC"


async def test_a_lottery_that_does_not_exist_is_named_in_export_and_claim_links(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    reply = await harness.say("/export 99", expect="")
    assert reply.text == (
        "Lottery #99 is not among the drawn lotteries of your rooms. /winners lists them with "
        "their numbers."
    )
    zed = harness.fan("Zed")
    mark = len(emu.sent)
    emu.start_private(zed, "claim_999")
    told = await emu.wait_for_message(zed, "", after=mark)
    assert told.text == (
        "That link has expired or is not valid. Press the button in the room again."
    )


async def test_a_past_time_in_reschedule_gets_a_reschedule_example(harness: Harness) -> None:
    await harness.say("/schedule 2030-01-03 20:00 Show A", expect="Scheduled #1")
    reply = await harness.say("/reschedule 1 2029-01-01 20:00", expect="")
    assert reply.text == (
        "That time has already passed in this room's time zone. Pick a future time, e.g. "
        "/reschedule 1 2030-01-08 20:00"
    )


async def test_winners_skips_lotteries_nobody_entered_and_points_to_export_for_older_ones(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    ann = harness.fan("Ann")
    for n in range(12):
        card = await harness.say(f"/lottery open Prize {n}", expect="🎁 Lottery")
        if n % 2 == 0:
            await emu.wait_for_answer(emu.press(ann, card, "🙋 Join"))
        await harness.advance_to(harness.clock.now() + timedelta(seconds=61))
        await harness.settle()
    mark = len(emu.sent)
    await harness.say("/winners", expect="private chat")
    listing = await emu.wait_for_message(harness.host, "🎁 #", after=mark)
    headers = [line for line in listing.text.splitlines() if line.startswith("🎁 #")]
    # The newest ten are #3..#12; of them the even-numbered prizes (odd ids) had an entrant.
    assert [h.split()[1] for h in headers] == ["#11", "#9", "#7", "#5", "#3"]
    assert listing.text.endswith(
        "Only the newest 10 lotteries are listed here. Every lottery, older ones too: /export"
    )


async def test_a_fan_can_leave_a_reminder_list_from_the_private_chat(harness: Harness) -> None:
    emu = harness.emulator
    trailer, lin = await _trailer_with_a_listener(harness, "/schedule 2030-01-02 08:00 Show A")
    listing_mark = len(emu.sent)
    emu.send(lin, lin, "/reminders")
    item = await emu.wait_for_message(lin, "🔔 Show A", after=listing_mark)
    assert item.text == "🔔 Show A — Wed, Jan 2, 2030 08:00 (UTC)"
    left = await emu.wait_for_answer(emu.press(lin, item, "🔕 Don't remind me"))
    assert left["text"] == "Okay, no reminder for this show."
    await harness.settle()
    assert await rows(harness, Reminder) == []
    edited = emu.messages_in(lin)[-1]
    assert (edited.message_id, edited.text) == (
        item.message_id,
        "Okay, no reminder for this show.",
    )
    again = await harness.say("/reminders", user=lin, chat=lin, expect="")
    assert again.text.startswith("You're on no show's reminder list.")
    await harness.advance_to(datetime(2030, 1, 2, 8, 0, tzinfo=UTC))
    await harness.settle()
    assert not [m for m in emu.messages_in(lin) if "is live now" in m.text]
