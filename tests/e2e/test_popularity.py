"""Popularity: fans' reactions are likes (one per fan and message, taken back when removed),
counted as Telegram sends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.models import Like, Lottery
from tests.harness import Harness, rows

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


async def live_show(harness: Harness) -> int:
    """A show live at noon; returns its live notice's message id."""
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    await harness.advance_to(NOON)
    notice = await harness.emulator.wait_for_message(harness.room, "We are live")
    return notice.message_id


async def test_a_like_is_one_per_fan_and_message_and_taken_back_when_removed(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    notice = await live_show(harness)
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    emu.send(ben, room, "so pretty!")
    ben_message = max(key[1] for key in emu.messages if key[0] == room.id)
    assert emu.react(ann, room, notice, ["🔥"])
    assert emu.react(ann, room, notice, ["👍"])  # another emoji: still one like
    assert emu.react(ann, room, ben_message, ["❤"])
    assert emu.react(ben, room, notice, ["❤"])
    assert emu.react(ben, room, notice, [])  # taken back
    await harness.settle()
    likes = {(like.message_id, like.user_id): like.active for like in await rows(harness, Like)}
    assert likes == {
        (notice, ann.id): True,
        (ben_message, ann.id): True,
        (notice, ben.id): False,
    }
    assert emu.react(ben, room, notice, ["🎉"])  # and given again
    await harness.settle()
    active = sorted((x.message_id, x.user_id) for x in await rows(harness, Like) if x.active)
    assert active == sorted([(notice, ann.id), (ben_message, ann.id), (notice, ben.id)])


async def test_popularity_weighs_capped_chat_likes_newcomers_and_boosts(harness: Harness) -> None:
    emu, room, host = harness.emulator, harness.room, harness.host
    emu.start_private(host)
    notice = await live_show(harness)
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    harness.clock.set(NOON + timedelta(seconds=30))
    for n in range(5):  # a flood: one chatting minute
        emu.send(ann, room, f"buy buy buy {n}")
    emu.send(ben, room, "hello")
    harness.clock.set(NOON + timedelta(minutes=1, seconds=10))
    emu.send(ben, room, "love it")
    emu.react(ann, room, notice, ["🔥"])
    emu.react(ben, room, notice, ["❤"])
    emu.join(emu.add_user("Cai"), room)
    emu.boost(ben, room)
    await harness.settle()
    shown = await harness.say("/popularity", expect="🔥 Popularity")
    assert shown.text == (
        "🔥 Popularity of “Noon show” so far: 32\n"
        "Chatting minutes 3 · likes 2 · shares 0 · new members 1 · boosts 1 · Stars 0\n"
        "Points each: chat=1 like=2 share=10 member=5 boost=20 star=1. Change them: "
        "/popularity like=3"
    )
    changed = await harness.say("/popularity like=3, boost=0", expect="✅")
    assert changed.text == (
        "✅ Popularity now counts: chat=1 like=3 share=10 member=5 boost=0 star=1."
    )
    for bad, answer in [
        ("/popularity likes=2", "“likes=2” isn't a weight"),
        ("/popularity like=-1", "“like=-1”: points are a whole number from 0 to 1000."),
        ("/popularity like=5000", "“like=5000”: points are a whole number from 0 to 1000."),
    ]:
        assert (await harness.say(bad, expect="“")).text.startswith(answer)
    assert "so far: 14\n" in (await harness.say("/popularity", expect="🔥")).text
    top = await harness.say("/top hour", expect="🏆")
    assert top.text.splitlines()[:2] == [
        "🔥 The show's popularity so far: 14",
        "🏆 Most active fans, last hour",
    ]
    harness.clock.set(NOON + timedelta(minutes=30))
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=1800)
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert "\nPopularity: 14\n" in report.text
    fan_try = await harness.say("/popularity", user=ann, expect="only the admins")
    assert fan_try.receiver_id == ann.id


async def test_a_goal_of_likes_tells_the_room_at_half_way_and_starts_its_lottery_once(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    armed = await harness.say("/goal 4 likes open Lip balm", expect="🎯")
    assert armed.text == (
        "🎯 Goal #1 for “Noon show”: at 4 likes a lottery for Lip balm starts by itself. "
        "I'll tell the room at 50% and 90%."
    )
    await harness.advance_to(NOON)
    notice = (await emu.wait_for_message(room, "We are live")).message_id
    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cid", "Dan", "Eve")]

    async def like(fan_index: int, seconds: int) -> list[str]:
        mark = len(emu.sent)
        emu.react(fans[fan_index], room, notice, ["❤"])
        await harness.settle()
        await harness.advance_to(NOON + timedelta(seconds=seconds))  # the look a moment later
        await harness.settle()
        return [m.text for m in emu.sent[mark:] if m.chat_id == room.id and "🎯" in m.text]

    assert await like(0, 10) == []
    # Likes plan a look at the room's goals (a storm of them, one look).
    assert harness.running.timer.is_planned(f"goals:{room.id}")
    assert await like(1, 20) == ["🎯 50% of the way: 2 of 4 likes — then a lottery for Lip balm!"]
    assert (await harness.say("/goal", expect="🎯 Goals")).text == (
        "🎯 Goals:\n#1: 2 of 4 likes → Lip balm"
    )
    assert await like(2, 30) == []  # 75%: nothing new to say
    assert await like(3, 40) == ["🎯 Goal reached: 4 likes! The lottery for Lip balm starts now."]
    card = await emu.wait_for_message(room, "🎁 Lottery #1: Lip balm")
    assert card.receiver_id is None
    assert await like(4, 50) == []
    await harness.restart()
    await harness.advance_to(NOON + timedelta(minutes=1, seconds=30))
    await harness.settle()
    assert [lottery.prize for lottery in await rows(harness, Lottery)] == ["Lip balm"]
    assert (await harness.say("/goal", expect="No goals")).text == (
        "No goals armed. /goal 500 likes open Lip balm arms one."
    )


async def test_goals_refuse_bad_input_and_can_be_cancelled(harness: Harness) -> None:
    for command, answer in [
        ("/goal 500 likes open Mug", "A goal counts during a show: /schedule one first"),
    ]:
        assert (await harness.say(command, expect="goal")).text.startswith(answer)
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    for command, answer in [
        ("/goal 0 likes open Mug", "“0” isn't a goal: a whole number from 1 to 10000000"),
        ("/goal 10 hugs open Mug", "“hugs”: a goal counts likes, popularity, stars or members."),
        ("/goal 10 likes raffle Mug", "“raffle” is not a way to enter."),
        ("/goal 10 likes", "/goal <number> likes|popularity|stars|members <lottery>"),
        ("/goal cancel 9", "There is no armed goal #9 here."),
    ]:
        reply = await harness.say(command, expect=answer.split()[0])
        assert reply.text.startswith(answer), reply.text
    await harness.say("/goal 100 stars open Mug", expect="Goal #1")
    assert (await harness.say("/goal cancel 1", expect="cancelled")).text == (
        "Goal #1 is cancelled."
    )
    assert (await harness.say("/goal", expect="No goals")).text.startswith("No goals armed.")


async def test_two_rooms_in_the_charts_and_the_weekly_top(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    leo = emu.add_user("Leo")
    other = emu.add_group("Leo's room", admins=[leo])
    joined = await harness.say("/charts join", expect="✅")
    assert joined.text.startswith(
        "✅ This room is in the charts of rooms by popularity, with its link https://t.me/+"
    )
    await harness.say("/charts join", user=leo, chat=other, expect="✅")
    # Hana's room is busier: two fans chat; one fan in Leo's.
    await live_show(harness)
    for name in ("Ann", "Ben"):
        emu.send(harness.fan(name), room, "hello")
    cid = emu.add_user("Cid")
    other.members[cid.id] = "member"
    emu.send(cid, other, "hi")
    await harness.settle()
    charts = await harness.say("/charts", expect="📈")
    lines = charts.text.splitlines()
    assert lines[0] == "📈 Rooms by popularity, last hour:"
    assert [line.split(" · ")[0] for line in lines[1:3]] == [
        "1. Hana's live room — 2",
        "2. Leo's room — 1",
    ]
    assert lines[5].startswith("1. Hana's live room — 2 · https://t.me/+")
    # The week's top is announced once in each room, from the next week on.
    mark = len(emu.sent)
    await harness.advance_to(datetime(2030, 1, 7, 0, 1, tzinfo=UTC))
    await harness.advance_to(datetime(2030, 1, 7, 0, 2, tzinfo=UTC))
    await harness.settle()
    weekly = [m for m in emu.sent[mark:] if m.text.startswith("🏆 This week's top rooms")]
    assert sorted(m.chat_id for m in weekly) == sorted([room.id, other.id])
    assert weekly[0].text.splitlines()[1].startswith("1. Hana's live room — 2 · ")
    usage = await harness.say("/charts please", expect="/charts join")
    assert usage.text.startswith("/charts shows the charts of rooms;")
    left = await harness.say("/charts leave", expect="out of the charts")
    assert left.text == "This room is out of the charts."
    assert "/charts join" in (await harness.say("/charts", expect="📈")).text
