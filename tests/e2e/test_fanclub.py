"""The fan club: check-in once per show with a streak, points per show and levels, a pause
after the idle days, /me and /fans."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.draw import Proof, verify
from emulator.world import EmuUser, SentMessage
from storage.models import CheckIn, Entry, FanPoints
from tests.harness import Harness, rows


def day(n: int, minutes: int = 0) -> datetime:
    return datetime(2030, 1, n, 12, minutes, tzinfo=UTC)


async def go_live(harness: Harness, n: int) -> SentMessage:
    emu = harness.emulator
    harness.clock.set(day(n))
    mark = len(emu.sent)
    emu.video_chat(harness.host, harness.room, "started")
    return await emu.wait_for_message(harness.room, "🔴", after=mark)


async def end_show(harness: Harness, n: int) -> None:
    harness.clock.set(day(n, 30))
    harness.emulator.video_chat(harness.host, harness.room, "ended", duration=1800)
    await harness.settle()


async def check_in(harness: Harness, fan: EmuUser, notice: SentMessage) -> str:
    check_in_button = notice.buttons()[0]["text"]  # "✋ Check in", in the room's language
    answer = await harness.emulator.wait_for_answer(
        harness.emulator.press(fan, notice, check_in_button)
    )
    return str(answer["text"])


async def test_check_ins_streaks_points_levels_and_a_pause(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    emu.start_private(ann)  # Ann can be written to privately; Ben never opened the bot's chat
    assert (await harness.say("/checkin", user=ann, expect="No show")).text == (
        "No show is on air: check in when the next one starts."
    )
    notice = await go_live(harness, 2)
    assert await check_in(harness, ann, notice) == "✋ Checked in, Ann! 1 show in a row."
    assert await check_in(harness, ann, notice) == (
        "You're checked in to this show already (1 show in a row)."
    )
    harness.clock.set(day(2, 1))
    emu.send(ann, room, "hi")
    emu.send(ann, room, "hi again")  # the same minute: one chatting minute
    harness.clock.set(day(2, 2))
    emu.send(ann, room, "love it")
    by_command = await harness.say("/checkin", user=ben, expect="Checked in")
    assert by_command.text == "✋ Checked in, Ben! 1 show in a row."
    assert by_command.receiver_id == ben.id
    await end_show(harness, 2)

    notice = await go_live(harness, 3)
    assert await check_in(harness, ann, notice) == "✋ Checked in, Ann! 2 shows in a row."
    await end_show(harness, 3)
    notice = await go_live(harness, 4)
    assert await check_in(harness, ann, notice) == "✋ Checked in, Ann! 3 shows in a row."
    assert await check_in(harness, ben, notice) == "✋ Checked in, Ben! 1 show in a row."
    await end_show(harness, 4)

    assert len(await rows(harness, CheckIn)) == 5
    points = {(p.broadcast_id, p.user_id): p.points for p in await rows(harness, FanPoints)}
    assert points == {
        (1, ann.id): 12,
        (1, ben.id): 10,
        (2, ann.id): 10,
        (3, ann.id): 10,
        (3, ben.id): 10,
    }
    me = await harness.say("/me", user=ann, expect="Fan club")
    assert me.receiver_id == ann.id
    assert me.text == (
        "Fan club: level 1, 32 points; 18 more for the next level.\n"
        "Streak: 3 shows in a row · shows attended: 3 · this week: 0 likes, 0 Stars"
    )
    fans = await harness.say("/fans", expect="👥")
    assert fans.text == (
        "👥 Fan club: level 1: 2\n1. Ann — 32 points, level 1\n2. Ben — 20 points, level 1"
    )
    private = await harness.say("/me", user=ann, chat=ann, expect="Hana's live room")
    assert private.text == (
        "Hana's live room\n"
        "Fan club: level 1, 32 points; 18 more for the next level.\n"
        "Streak: 3 shows in a row · shows attended: 3 · this week: 0 likes, 0 Stars"
    )
    dan = harness.fan("Dan")
    assert (await harness.say("/me", user=dan, chat=dan, expect="fan club")).text == (
        "You aren't in a fan club yet: check in (✋) at a show. Each room has its own; /me "
        "there tells you yours."
    )
    blank = await harness.say("/fans levels", expect="rising order")
    assert blank.text.startswith("“”: give the points of each level in rising order")
    changed = await harness.say("/fans levels 5, 25, 100", expect="✅")
    assert changed.text == "✅ Fan club levels from now on: 5, 25, 100 points."
    refused = await harness.say("/fans levels 50, 10", expect="rising order")
    assert refused.text.startswith("“50, 10”: give the points of each level in rising order")

    # A week and a day without a show: members are paused, never silently dropped.
    await harness.advance_to(day(12))
    await harness.settle()
    told = [m.text for m in emu.messages_in(ann) if m.text.startswith("⏸")]
    assert told == [
        "⏸ Your fan club membership in Hana's live room is paused: no show for a while. Your "
        "level 2 and 32 points are kept — come to a show and check in (✋) to pick up where "
        "you left off."
    ]
    await harness.advance_to(day(13))  # told once
    await harness.settle()
    assert len([m for m in emu.messages_in(ann) if m.text.startswith("⏸")]) == 1
    assert (await harness.say("/fans", expect="👥")).text == (
        "👥 Fan club: no active members\nPaused (no show lately): Ann, Ben"
    )
    me = await harness.say("/me", user=ann, expect="Fan club")
    assert me.text.splitlines()[:2] == [
        "Fan club: level 2, 32 points; 68 more for the next level.",
        "Paused: come to a show (and check in) to pick up where you left off.",
    ]


async def test_a_lottery_for_the_fan_club_refuses_others_clearly_and_its_proof_says_so(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    notice = await go_live(harness, 2)
    assert await check_in(harness, ann, notice) == "✋ Checked in, Ann! 1 show in a row."
    await end_show(harness, 2)  # Ann: 10 points, level 1; Ben: nothing
    notice = await go_live(harness, 3)
    await check_in(harness, ann, notice)

    card = await harness.say("/lottery open level>=1 Mug", expect="🎁 Lottery #1")
    assert card.text.splitlines()[-1] == "🔒 fan club level 1 and up"
    refused = await emu.wait_for_answer(emu.press(ben, card, "🙋 Join"))
    assert refused["text"] == (
        "🔒 This lottery is for fan club members who meet its condition (see the card). "
        "Check in (✋) at shows to earn points and level up."
    )
    entered = await emu.wait_for_answer(emu.press(ann, card, "🙋 Join"))
    assert str(entered["text"]).startswith("You're in")
    await harness.advance_to(day(3, 2))  # the draw
    await harness.settle()
    proof_reply = await harness.say("/proof 1", user=ann, expect="fairness proof")
    assert proof_reply.document is not None
    proof = Proof.from_json(proof_reply.document[1].decode())
    assert (proof.condition, proof.entrants) == ("level>=1", [ann.id])
    assert verify(proof) == []

    # A password lottery for fans who came to 2 of the last 10 shows: Ben's right guess is
    # refused, to him alone; Ann's is entered.
    harness.clock.set(day(3, 10))
    await harness.say("/lottery password rose checkins>=2 Tea", expect="🎁 Lottery #2")
    mark = len(emu.sent)
    emu.send(ben, room, "rose")
    emu.send(ann, room, "rose")
    await harness.settle()
    told = [m for m in emu.sent[mark:] if m.receiver_id == ben.id]
    assert [m.text.startswith("🔒 This lottery is for fan club members") for m in told] == [True]
    assert [e.user_id for e in await rows(harness, Entry) if e.lottery_id == 2] == [ann.id]


async def test_lottery_conditions_refuse_bad_input(harness: Harness) -> None:
    for command, answer in [
        ("/lottery open level>=0 Mug", "“level>=0”: a condition is level>=N or checkins>=N"),
        ("/lottery open checkins>=11 Mug", "“checkins>=11”: a condition is"),
        ("/lottery open level>=2 level>=3 Mug", "“level>=3”: a condition is"),
    ]:
        reply = await harness.say(command, expect="condition")
        assert reply.text.startswith(answer), reply.text
    assert await rows(harness, Entry) == []


async def test_members_wear_their_level_as_a_tag_where_the_bot_may_set_tags(
    harness: Harness,
) -> None:
    emu, room, host = harness.emulator, harness.room, harness.host
    emu.start_private(host)
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    # Without the right to manage tags: no tag, and the show ends as ever (the report).
    notice = await go_live(harness, 2)
    await check_in(harness, ann, notice)
    await end_show(harness, 2)
    await emu.wait_for_message(host, "📊")
    assert room.tags == {}
    # With it: each member of the show gets their level, in the room's language; the host
    # (an admin, whom Telegram gives no tag) keeps none, and nothing else changes.
    room.bot_can_manage_tags = True
    notice = await go_live(harness, 3)
    for person in (ann, ben, host):
        await check_in(harness, person, notice)
    await end_show(harness, 3)
    assert room.tags == {ann.id: "Lv1 fan", ben.id: "Lv1 fan"}
    await harness.say("/language zh", expect="简体中文")
    notice = await go_live(harness, 4)
    await check_in(harness, ann, notice)
    await end_show(harness, 4)
    assert room.tags[ann.id] == "1级粉丝"
    assert all(len(tag) <= 16 for tag in room.tags.values())
