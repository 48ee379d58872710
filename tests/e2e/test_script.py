"""The run-of-show: a host writes a show's segments, and while the show is live the bot cues the
host alone through them, starts a lottery segment's lottery at its cue, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.world import SentMessage
from storage.models import Lottery, Segment
from tests.harness import Harness, rows

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
SCRIPT = (
    "/script 1\n"
    "10m Welcome\n"
    "20m Q&A: winter skincare\n"
    "5m lottery password rose x3 Lip balm\n"
    "15m Try-on"
)


def minutes(n: float) -> datetime:
    return NOON + timedelta(minutes=n)


async def test_a_script_cues_its_host_alone_and_starts_its_lottery_once_across_a_restart(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    fan = harness.fan("Mia")
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Skincare night", expect="Scheduled #1")
    listing = await harness.say(SCRIPT, expect="✅ Saved.")
    assert listing.text == (
        "✅ Saved.\n"
        "📋 Run-of-show of #1 “Skincare night”, Tue, Jan 1, 2030 12:00 (UTC):\n"
        "1. 12:00 · 10 min · Welcome\n"
        "2. 12:10 · 20 min · Q&A: winter skincare\n"
        "3. 12:30 · 5 min · 🎁 lottery password rose x3 Lip balm\n"
        "4. 12:35 · 15 min · Try-on\n"
        "In all: 50 min\n"
        "Change: /script 1 add|edit <no.>|move <no.> <to>|remove <no.>|clear. "
        "The cues come to you alone while the show is live."
    )
    # The script holds a password: only the host sees it, and the command is taken down.
    assert listing.receiver_id == host.id
    assert not any("rose" in m.text for m in emu.seen_by(fan, room))
    await harness.settle()
    assert len([key for key in emu.deleted if key[0] == room.id]) == 1

    def cues(after: int) -> list[str]:
        return [m.text for m in emu.sent[after:] if m.chat_id == room.id and m.receiver_id]

    mark = len(emu.sent)
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live: Skincare night", after=mark)
    await harness.settle()
    assert cues(mark) == ["🎬 Now (1/4): Welcome — 10 min\nNext: Q&A: winter skincare (20 min)"]
    assert all(m.receiver_id == host.id for m in emu.sent[mark:] if "🎬" in m.text)

    mark = len(emu.sent)
    await harness.advance_to(minutes(9))
    await harness.settle()
    assert cues(mark) == ["⏱ One minute left: Welcome\nNext: Q&A: winter skincare (20 min)"]

    mark = len(emu.sent)
    await harness.advance_to(minutes(10))
    await harness.settle()
    assert cues(mark) == [
        "🎬 Now (2/4): Q&A: winter skincare — 20 min\nNext: 🎁 Lottery: Lip balm (5 min)"
    ]

    # Five minutes early the host moves on: the lottery segment starts, and its lottery.
    harness.clock.set(minutes(15))
    mark = len(emu.sent)
    emu.send(host, room, "/next")
    await harness.settle()
    assert cues(mark) == [
        "🎬 Now (3/4): 🎁 Lottery: Lip balm — 5 min\n"
        "Lottery #1 has started (password rose x3 Lip balm).\n"
        "Next: Try-on (15 min)"
    ]
    card = await emu.wait_for_message(room, "🎁 Lottery #1", after=mark)
    assert card.receiver_id is None and "rose" not in card.text
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.prize, lottery.winners_count, lottery.password) == ("Lip balm", 3, "rose")

    # A restart mid-segment neither cues it again nor starts a second lottery.
    await harness.restart()
    mark = len(emu.sent)
    await harness.advance_to(minutes(17))
    await harness.settle()
    assert cues(mark) == []
    assert len(await rows(harness, Lottery)) == 1

    mark = len(emu.sent)
    await harness.advance_to(minutes(20))
    await harness.settle()
    assert cues(mark) == ["🎬 Now (4/4): Try-on — 15 min\nThis is the last segment."]
    mark = len(emu.sent)
    await harness.advance_to(minutes(35))
    await harness.settle()
    assert cues(mark) == [
        "⏰ The run-of-show's 50 min are over and you are still live. Time for the goodbye."
    ]
    segments = await rows(harness, Segment)
    assert [(s.started_at, s.ended_at) for s in sorted(segments, key=lambda s: s.position)] == [
        (NOON, minutes(10)),
        (minutes(10), minutes(15)),
        (minutes(15), minutes(20)),
        (minutes(20), None),
    ]


async def test_pause_holds_the_clock_and_resume_runs_it_on(harness: Harness) -> None:
    emu, host = harness.emulator, harness.host
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Night", expect="Scheduled #1")
    await harness.say("/script 1\n10m Welcome\n10m Outro", expect="✅ Saved.")
    await harness.advance_to(NOON)
    await harness.settle()
    harness.clock.set(minutes(4))
    paused = await harness.say("/pause", expect="⏸")
    assert paused.text == "⏸ Paused: “Welcome”, 6 min left. /resume when you're ready."
    assert paused.receiver_id == host.id
    mark = len(emu.sent)
    await harness.advance_to(minutes(30))  # paused: no cue however long
    await harness.settle()
    assert not [m for m in emu.sent[mark:] if m.receiver_id]
    again = await harness.say("/pause", expect="already paused")
    assert again.receiver_id == host.id
    resumed = await harness.say("/resume", expect="▶️")
    assert resumed.text == "▶️ Running again: “Welcome”, 6 min left."
    mark = len(emu.sent)
    await harness.advance_to(minutes(36))
    await harness.settle()
    assert [m.text for m in emu.sent[mark:] if m.receiver_id] == [
        "🎬 Now (2/2): Outro — 10 min\nThis is the last segment."
    ]


async def test_a_weekly_show_inherits_its_script_and_a_script_can_be_copied(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    harness.clock.set(datetime(2029, 12, 30, 9, 0, tzinfo=UTC))  # a Sunday
    await harness.say("/schedule weekly tue 12:00 Weekly", expect="#1")
    await harness.say("/script 1\n10m Hello\n20m Main", expect="✅ Saved.")
    await harness.advance_to(NOON)
    await emu.wait_for_message(room, "We are live: Weekly")
    await harness.settle()
    shown = await harness.say("/script 2", expect="📋")
    assert shown.text.splitlines()[1:4] == [
        "1. 12:00 · 10 min · Hello",
        "2. 12:10 · 20 min · Main",
        "In all: 30 min",
    ]
    await harness.say("/schedule 2030-01-03 18:00 Extra", expect="Scheduled #3")
    copied = await harness.say("/script 3 copy 2", expect="✅ Saved.")
    assert copied.text.splitlines()[2:4] == [
        "1. 18:00 · 10 min · Hello",
        "2. 18:10 · 20 min · Main",
    ]
    moved = await harness.say("/script 3 move 2 1", expect="✅ Saved.")
    assert moved.text.splitlines()[2:4] == [
        "1. 18:00 · 20 min · Main",
        "2. 18:20 · 10 min · Hello",
    ]
    edited = await harness.say("/script 3 edit 2 15m Goodbye", expect="✅ Saved.")
    assert edited.text.splitlines()[3] == "2. 18:20 · 15 min · Goodbye"
    removed = await harness.say("/script 3 remove 1", expect="✅ Saved.")
    assert removed.text.splitlines()[2:4] == ["1. 18:00 · 15 min · Goodbye", "In all: 15 min"]
    # The live show's script is its plan of record: it no longer changes.
    refused = await harness.say("/script 1 add 5m More", expect="already started")
    assert refused.receiver_id == host.id


async def test_bad_scripts_are_refused_clearly_and_change_nothing(harness: Harness) -> None:
    emu, host = harness.emulator, harness.host
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Night", expect="Scheduled #1")

    async def refusal(text: str, expect: str) -> str:
        reply: SentMessage = await harness.say(text, expect=expect)
        assert reply.receiver_id == host.id
        return reply.text

    assert await refusal("/script 1\n10m Welcome\n0m Nothing", "Line 2") == (
        "Line 2 (“0m Nothing”) can't be read:\n"
        "A segment lasts from 1 to 360 minutes; this one says 0."
    )
    assert (await refusal("/script 1\n900m Marathon", "Line 1")).endswith(
        "A segment lasts from 1 to 360 minutes; this one says 900."
    )
    assert await refusal("/script 1\n4h Part one\n3h Part two", "longer") == (
        "This run-of-show lasts 420 min, longer than a show may (360 min, after which I end "
        "it). Shorten or remove a segment. Nothing was changed."
    )
    bad_lottery = await refusal("/script 1\n10m Hi\n5m lottery raffle Mug", "Line 2")
    assert bad_lottery.startswith("Line 2 (“5m lottery raffle Mug”) can't be read:\n")
    assert "raffle" in bad_lottery.splitlines()[1]
    assert (await refusal("/script 1\nWelcome everyone", "Line 1")).endswith(
        "A segment starts with its length, then what happens: “10m Welcome”, “1h30m Q&A”, "
        "“5m lottery open Mug”."
    )
    assert await refusal("/script 9", "no show #9") == (
        "There is no show #9 in this room. See /broadcasts."
    )
    assert (await refusal("/script", "/script 7")).startswith("Write a show's run-of-show")
    no_script = await refusal("/script 1 move 1 5", "no run-of-show yet")
    assert no_script == "Show #1 has no run-of-show yet."
    assert await refusal("/next", "No run-of-show") == (
        "No run-of-show is running: it starts when a show with one goes live."
    )
    assert await rows(harness, Segment) == []
    fan = harness.fan("Leo")
    refused = await harness.say("/script 1\n10m Hi", user=fan, expect="only the admins")
    assert refused.text == "Sorry, only the admins of this room can do that."


async def test_the_script_follows_a_video_chat_that_starts_early(harness: Harness) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Night", expect="Scheduled #1")
    await harness.say("/script 1\n10m Welcome\n10m Outro", expect="✅ Saved.")
    harness.clock.set(minutes(-5))  # the host goes live five minutes early
    mark = len(emu.sent)
    emu.video_chat(host, room, "started")
    await emu.wait_for_message(room, "We are live", after=mark)
    await harness.settle()
    assert [m.text for m in emu.sent[mark:] if m.receiver_id == host.id] == [
        "🎬 Now (1/2): Welcome — 10 min\nNext: Outro (10 min)"
    ]
    mark = len(emu.sent)
    await harness.advance_to(minutes(5))  # ten minutes after the video chat began
    await harness.settle()
    assert [m.text for m in emu.sent[mark:] if m.receiver_id == host.id] == [
        "🎬 Now (2/2): Outro — 10 min\nThis is the last segment."
    ]


async def test_a_lottery_segment_waits_for_a_running_lottery_and_cues_go_private_without_admin(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-01 12:00 Night", expect="Scheduled #1")
    await harness.say("/script 1\n5m Hi\n10m lottery open Mug\n10m Outro", expect="✅ Saved.")
    await harness.advance_to(NOON)
    await harness.settle()
    harness.clock.set(minutes(4.5))  # it draws a minute later, after the segment's cue
    await harness.say("/lottery open Tea set", expect="🎁 Lottery #1")
    # The bot is no admin any more: Telegram refuses it messages for one member.
    room.members[emu.bot.id] = "member"
    mark = len(emu.sent)
    await harness.advance_to(minutes(5))
    await harness.settle()
    cue = await emu.wait_for_message(host, "🎬", after=mark)
    assert cue.chat_id == host.id and cue.receiver_id is None
    assert cue.text == (
        "🎬 Now (2/3): 🎁 Lottery: Mug — 10 min\n"
        "Its lottery starts once lottery #1 is drawn.\n"
        "Next: Outro (10 min)"
    )
    assert [lottery.prize for lottery in await rows(harness, Lottery)] == ["Tea set"]
    # Lottery #1 draws a minute after its card; the segment's lottery starts at the next look.
    await harness.advance_to(minutes(5.5))
    await harness.settle()
    lotteries = sorted(await rows(harness, Lottery), key=lambda lottery: lottery.id)
    assert [lottery.prize for lottery in lotteries] == ["Tea set", "Mug"]
    assert not [m for m in emu.sent[mark:] if m.receiver_id is not None]
