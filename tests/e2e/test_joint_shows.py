"""Joint shows end to end: two hosts connect their rooms for one show (each room in its own
language and zone), one lottery both rooms enter with one draw and one proof, a battle of likes
between the rooms, and everything that ends a joint show."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from domain.draw import Proof, verify
from emulator.world import EmuChat, EmuUser, SentMessage
from liveroom.wiring import create_app
from storage.models import Battle, Broadcast, Entry, JointShow
from tests.harness import Harness, rows

# 2030-01-02 12:00 UTC: 20:00 in Shanghai (room B), 12:00 in room A (UTC).
SHOW_START = datetime(2030, 1, 2, 12, 0, tzinfo=UTC)
CODE = re.compile(r"J[A-Za-z0-9_-]{16}")


class RoomB:
    """The second room: Lin's, in Chinese, on Shanghai time."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.host = harness.emulator.add_user("Lin", language_code="zh")
        self.room: EmuChat = harness.emulator.add_group("Lin's room", admins=[self.host])

    async def say(self, text: str, expect: str = "", user: EmuUser | None = None) -> SentMessage:
        return await self.harness.say(text, user=user or self.host, chat=self.room, expect=expect)

    def fan(self, name: str) -> EmuUser:
        fan = self.harness.emulator.add_user(name, language_code="zh")
        self.room.members[fan.id] = "member"
        return fan


async def appointment(harness: Harness) -> RoomB:
    """Room A schedules a show and invites room B, which accepts for the same moment."""
    b = RoomB(harness)
    await b.say("/language zh", expect="中文")
    await b.say("/timezone Asia/Shanghai", expect="Asia/Shanghai")
    await harness.say("/schedule 2030-01-02 12:00 Winter Q&A", expect="Scheduled #1")
    invited = await harness.say("/cohost invite 1", expect="Invite code")
    assert invited.receiver_id == harness.host.id  # the code is for the host's eyes only
    match = CODE.search(invited.text)
    assert match is not None, invited.text
    mark = len(harness.emulator.sent)
    await b.say(f"/cohost accept {match.group(0)}")
    await harness.settle()
    told = [m for m in harness.emulator.sent[mark:] if "🤝" in m.text and m.chat_id < 0]
    # Each host hears it in their room, to them alone (and privately where they can be).
    assert {(m.chat_id, m.receiver_id) for m in told} == {
        (harness.room.id, harness.host.id),
        (b.room.id, b.host.id),
    }
    return b


async def on_air(harness: Harness) -> RoomB:
    """The appointment, then both shows live."""
    b = await appointment(harness)
    await harness.advance_to(SHOW_START)
    await harness.settle()
    return b


async def test_invite_accept_then_trailers_and_live_notices_in_both_rooms(
    harness: Harness,
) -> None:
    emu = harness.emulator
    b = await appointment(harness)
    (joint,) = await rows(harness, JointShow)
    shows = {show.id: show for show in await rows(harness, Broadcast)}
    assert (joint.room_a, joint.room_b) == (harness.room.id, b.room.id)
    assert shows[joint.show_b_id].starts_at == SHOW_START
    assert shows[joint.show_b_id].title == "Winter Q&A"

    mark = len(emu.sent)
    await harness.advance_to(SHOW_START - timedelta(hours=24))
    await harness.settle()
    trailer_a = await emu.wait_for_message(harness.room, "Coming up", after=mark)
    trailer_b = await emu.wait_for_message(b.room, "Winter Q&A", after=mark)
    assert "Wed, Jan 2, 2030 12:00 (UTC)" in trailer_a.text
    assert "🤝 A joint show with Lin's room: https://t.me/" in trailer_a.text
    assert "🕗 2030年1月2日周三 20:00（Asia/Shanghai）" in trailer_b.text
    assert "🤝 与 Hana's live room 联合直播：https://t.me/" in trailer_b.text

    mark = len(emu.sent)
    await harness.advance_to(SHOW_START)
    await harness.settle()
    live_a = await emu.wait_for_message(harness.room, "We are live", after=mark)
    live_b = await emu.wait_for_message(b.room, "🤝 与 Hana's live room 一起直播", after=mark)
    assert "🤝 Live together with Lin's room: https://t.me/" in live_a.text
    assert live_b.receiver_id is None  # for the whole room

    # Either host sees it with /cohost; either may cancel it: both rooms hear so.
    status = await b.say("/cohost", expect="🤝")
    assert "Hana's live room" in status.text
    mark = len(emu.sent)
    await harness.say("/cohost cancel")
    await harness.settle()
    ended = [m.text for m in emu.sent[mark:] if m.receiver_id is None]
    assert sorted(ended) == [
        "🤝 The joint show with Lin's room is off: a host cancelled it.",
        "🤝 与 Hana's live room 的联合直播取消了：一位主播取消了它。",
    ]
    (joint,) = await rows(harness, JointShow)
    assert joint.end_reason == "cancelled"


async def test_a_joint_password_lottery_is_one_draw_for_both_rooms(harness: Harness) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    card_a = await harness.say("/lottery password rose x2 Mug joint", expect="🎁 Lottery #1")
    await harness.settle()
    card_b = await emu.wait_for_message(b.room, "🎁")
    assert "🤝 One lottery for this room and Lin's room, one draw." in card_a.text
    assert "The prize is Hana's live room's." in card_a.text
    assert "🤝 本房间和 Hana's live room 共同的抽奖" in card_b.text
    # Room B runs no lottery of its own meanwhile.
    busy = await b.say("/lottery open Cup")
    assert "#1" in busy.text and "Lottery #2" not in busy.text

    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    mei = b.fan("Mei")
    both = harness.fan("Kai")  # a fan of both rooms
    b.room.members[both.id] = "member"
    for fan, room in ((ann, harness.room), (ben, harness.room), (mei, b.room)):
        emu.send(fan, room, "rose")
    emu.send(both, harness.room, "Rose")
    await harness.settle()
    emu.send(both, b.room, "rose")  # the same fan in the other room: still one entrant
    await harness.settle()
    entries = {e.user_id: e.from_chat_id for e in await rows(harness, Entry)}
    assert entries == {ann.id: None, ben.id: None, mei.id: b.room.id, both.id: None}

    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + timedelta(seconds=60))
    await harness.settle()
    results = [m for m in emu.sent[mark:] if m.receiver_id is None and "🎉" in m.text]
    assert {m.chat_id for m in results} == {harness.room.id, b.room.id}
    assert len(results) == 2
    winners = [
        [e["user"]["id"] for e in m.entities if e["type"] == "text_mention"] for m in results
    ]
    assert winners[0] == winners[1] and len(winners[0]) == 2  # one draw, told in both rooms
    result_b = next(m for m in results if m.chat_id == b.room.id)
    assert "🤝 在 Hana's live room 和 Lin's room 两个房间的粉丝中抽出。" in result_b.text

    reply = await harness.say("/proof 1", user=mei, chat=b.room, expect="🔍")  # from room B
    assert reply.document is not None
    proof = Proof.from_json(reply.document[1].decode())
    assert verify(proof) == []
    assert proof.rooms == {
        str(ann.id): harness.room.id,
        str(ben.id): harness.room.id,
        str(mei.id): b.room.id,
        str(both.id): harness.room.id,
    }

    # The prize is room A's: its host sees the winners' details; room B's, names and status.
    emu.start_private(harness.host)
    emu.start_private(b.host)
    await harness.settle()
    listed_b = await harness.say("/winners", user=b.host, chat=b.host, expect="#1")
    assert "🤝 联合抽奖 #1（Mug，由 Hana's live room 提供）" in listed_b.text
    listed_a = await harness.say("/winners", user=harness.host, chat=harness.host, expect="#1")
    assert "Mug" in listed_a.text


async def test_a_battle_of_likes_is_settled_once_in_both_rooms(harness: Harness) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    live_a = await emu.wait_for_message(harness.room, "We are live")
    live_b = await emu.wait_for_message(b.room, "一起直播")
    mark = len(emu.sent)
    await b.say("/battle 2m likes")
    await harness.settle()
    started = [m.text for m in emu.sent[mark:] if "⚔️" in m.text]
    assert sorted(started) == [
        "⚔️ Battle! Hana's live room vs Lin's room: the most likes in 2 min wins. It ends at "
        "12:02:00 (UTC).",
        "⚔️ PK 开始！Lin's room 对 Hana's live room：2 分钟内点赞最多的一方获胜。20:02:00"
        "（Asia/Shanghai）结束。",
    ]
    again = await harness.say("/battle 5m gifts")
    assert again.text == "A battle is on already: the next one after it ends."

    fans_a = [harness.fan(name) for name in ("Ann", "Ben", "Cai", "Dee")]
    fans_b = [b.fan(name) for name in ("Mei", "Yu")]
    for fan in fans_a:
        emu.react(fan, harness.room, live_a.message_id, ["👍"])
    for fan in fans_b:
        emu.react(fan, b.room, live_b.message_id, ["❤"])
    await harness.settle()

    # Both overlays draw the two bars, each with its own room first.
    async with harness.running.session_factory() as session:
        from services.overlay import OverlayService

        view_a = await OverlayService(session, harness.clock, harness.running.cipher).view(
            harness.room.id
        )
        view_b = await OverlayService(session, harness.clock, harness.running.cipher).view(
            b.room.id
        )
    assert view_a is not None and view_a.battle is not None
    assert view_b is not None and view_b.battle is not None
    assert [(s.title, s.score, s.ours) for s in view_a.battle.sides] == [
        ("Hana's live room", 4, True),
        ("Lin's room", 2, False),
    ]
    assert [(s.title, s.score) for s in view_b.battle.sides] == [
        ("Lin's room", 2),
        ("Hana's live room", 4),
    ]

    # Two processes' timers fire at the end at once: one result still.
    mark = len(emu.sent)
    other = create_app(harness.settings, harness.clock)
    harness.clock.set(SHOW_START + timedelta(minutes=2))
    runners = [harness.running.joint_poster, other.joint_poster]
    await asyncio.gather(*(runner.run_due() for runner in runners * 3))
    await other.bot.session.close()
    await other.engine.dispose()
    await harness.settle()
    results = [m for m in emu.sent[mark:] if "⚔️" in m.text]
    assert len(results) == 2
    result_a = next(m for m in results if m.chat_id == harness.room.id)
    assert result_a.text == (
        "⚔️ Battle over (likes): Hana's live room 4 — 2 Lin's room.\n"
        "🏆 Hana's live room wins! Top fans: Ann, Ben, Cai"
    )
    (battle,) = await rows(harness, Battle)
    assert (battle.winner_chat_id, battle.score_a, battle.score_b) == (harness.room.id, 4, 2)


async def test_bad_codes_and_the_wrong_people_are_refused(harness: Harness) -> None:
    emu = harness.emulator
    b = RoomB(harness)
    await b.say("/language zh", expect="中文")
    await harness.say("/schedule 2030-01-05 12:00 Winter Q&A", expect="Scheduled #1")
    for command, expected in (
        ("/cohost invite", "Joint shows with another host's room"),
        ("/cohost invite 99", "There is no show #99 in this room"),
        ("/cohost dance", "Joint shows with another host's room"),
        ("/cohost cancel", "This room has no joint show"),
        ("/battle 10m likes", "This room has no joint show"),
        ("/battle likes", "/battle <minutes>m"),
        ("/battle 500m likes", "A battle lasts from 1 to 120 minutes"),
    ):
        reply = await harness.say(command)
        assert reply.text.startswith(expected), (command, reply.text)
    invited = await harness.say("/cohost invite 1", expect="Invite code")
    code = CODE.search(invited.text)
    assert code is not None
    # The inviting room cannot accept its own code; a fan of room B cannot accept at all.
    own = await harness.say(f"/cohost accept {code.group(0)}")
    assert own.text == "That code is this room's own: the other host accepts it in their room."
    fan = b.fan("Mei")
    emu.send(fan, b.room, f"/cohost accept {code.group(0)}")
    await harness.settle()
    assert await rows(harness, JointShow) == []
    bad = await b.say("/cohost accept Jnotacodeatall")
    assert bad.text.startswith("这不是邀请码")
    wrong = await b.say("/cohost accept J" + "A" * 16)
    assert wrong.text == "这个邀请码不能用：已经用过了，或者输错了。"
    # Expired after 48 hours.
    harness.clock.set(harness.clock.now() + timedelta(hours=49))
    expired = await b.say(f"/cohost accept {code.group(0)}")
    assert expired.text.startswith("这个邀请码已过期")
    # A fresh code works once; used again, it is refused.
    invited = await harness.say("/cohost invite 1", expect="Invite code")
    code = CODE.search(invited.text)
    assert code is not None
    await b.say(f"/cohost accept {code.group(0)}", expect="🤝")
    other = emu.add_user("Zoe")
    room_c = emu.add_group("Zoe's room", admins=[other])
    reused = await harness.say(f"/cohost accept {code.group(0)}", user=other, chat=room_c)
    assert reused.text == "This code doesn't work: it was used already, or mistyped."
    assert len(await rows(harness, JointShow)) == 1


async def test_removing_the_bot_from_one_room_ends_the_joint_show_in_the_other(
    harness: Harness,
) -> None:
    emu = harness.emulator
    b = await on_air(harness)  # mid-show, a joint lottery running
    await harness.say("/lottery open Mug joint", expect="🎁 Lottery #1")
    await harness.settle()
    mark = len(emu.sent)
    emu.remove_bot(b.room, b.host)
    await harness.settle()
    told = [m for m in emu.sent[mark:] if "🤝" in m.text]
    assert [(m.chat_id, m.text) for m in told] == [
        (
            harness.room.id,
            "🤝 The joint show with Lin's room has ended: Liveroom is no longer in that room.",
        )
    ]
    (joint,) = await rows(harness, JointShow)
    assert joint.end_reason == "removed"
    # The lottery goes on in room A, its draw and result as ever; battles need a joint show.
    ann = harness.fan("Ann")
    card = next(m for m in emu.messages_in(harness.room) if m.text.startswith("🎁 Lottery #1"))
    await emu.wait_for_answer(emu.press(ann, card, "🙋 Join"))
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + timedelta(minutes=1))
    await harness.settle()
    result = await emu.wait_for_message(harness.room, "🎉 Lottery #1", after=mark)
    assert "Ann" in result.text
    refused = await harness.say("/battle 5m likes")
    assert refused.text.startswith("This room has no joint show")


async def test_a_host_who_loses_admin_rights_loses_the_joint_show(harness: Harness) -> None:
    emu = harness.emulator
    b = await appointment(harness)
    mark = len(emu.sent)
    emu.set_member(b.room, b.host, "member")
    await harness.settle()
    told = sorted(m.text for m in emu.sent[mark:] if "🤝" in m.text)
    assert told == [
        "🤝 The joint show with Lin's room has ended: a host is no longer an admin of their room.",
        "🤝 与 Hana's live room 的联合直播结束了：一位主播已不再是房间管理员。",
    ]
    (joint,) = await rows(harness, JointShow)
    assert joint.end_reason == "rights"


async def test_each_rooms_report_puts_both_rooms_figures_side_by_side(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    b = await appointment(harness)
    privately = await emu.wait_for_message(harness.host, "🤝 Joint show: your show #1")
    assert "with Lin's room" in privately.text
    await harness.advance_to(SHOW_START)
    await harness.settle()
    live_b = await emu.wait_for_message(b.room, "一起直播")
    for name in ("Mei", "Yu"):
        emu.react(b.fan(name), b.room, live_b.message_id, ["❤"])
    emu.send(harness.fan("Ann"), harness.room, "hello!")
    await harness.settle()
    harness.clock.set(SHOW_START + timedelta(minutes=30))
    mark = len(emu.sent)
    emu.video_chat(harness.host, harness.room, "ended", duration=30 * 60)
    report = await emu.wait_for_message(harness.host, "📊", after=mark)
    assert report.text.endswith(
        "🤝 Joint show, this room | Lin's room: active fans 1 | 2 · new members 0 | 0 · "
        "entries 0 | 0 · gifts 0⭐ | 0⭐ · popularity 1 | 4"
    )


async def test_a_battle_running_across_a_restart_is_settled_once_at_its_end(
    harness: Harness,
) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    await harness.say("/battle 3m gifts", expect="⚔️")
    await harness.restart()
    await harness.settle()
    assert "battle:1" in harness.running.timer.planned()  # rebuilt from the database
    mark = len(emu.sent)
    await harness.advance_to(SHOW_START + timedelta(minutes=3))
    await harness.settle()
    results = sorted(m.text for m in emu.sent[mark:] if "⚔️" in m.text)
    assert results == [
        "⚔️ Battle over (Stars in gifts): Hana's live room 0 — 0 Lin's room. A tie!",
        "⚔️ PK 结束（礼物星星）：Hana's live room 0 — 0 Lin's room。平局！",
    ]
    assert b.room.id in {m.chat_id for m in emu.sent[mark:]}


async def test_only_the_prizes_host_sees_a_joint_winners_delivery_details(
    harness: Harness,
) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    await harness.say("/lottery open Tea set joint", expect="🎁 Lottery #1")
    await harness.settle()
    card_b = await emu.wait_for_message(b.room, "🎁")
    mei = emu.add_user("Mei")  # a fan of room B only
    b.room.members[mei.id] = "member"
    await emu.wait_for_answer(emu.press(mei, card_b, "🙋 参加"))
    mark = len(emu.sent)
    await harness.advance_to(SHOW_START + timedelta(minutes=1))
    await harness.settle()
    # Told in her own room (she is no member of room A), with the button to claim.
    tap = await emu.wait_for_message(b.room, "You won Tea set", after=mark, seen_by=mei)
    assert tap.receiver_id == mei.id
    emu.follow_link(mei, tap.buttons()[0]["url"])
    # The form says whose prize it is: the room that started the lottery.
    await emu.wait_for_message(mei, "🎉 You won Tea set in Hana's live room!")
    await emu.wait_for_message(mei, "1/4")
    for text, expect in (
        ("Mei Lin", "2/4"),
        ("13800138000", "3/4"),
        ("88 Long Street, Flat 5, Shanghai 200000, China", "4/4"),
        ("Skip", "Please check"),
    ):
        summary = await harness.say(text, user=mei, chat=mei, expect=expect)
    await emu.wait_for_answer(emu.press(mei, summary, "✅ Confirm"))
    await emu.wait_for_message(mei, "Thank you!")

    emu.start_private(harness.host)
    emu.start_private(b.host)
    await harness.settle()
    listed_a = await harness.say("/winners", user=harness.host, chat=harness.host, expect="#1")
    assert "88 Long Street" in listed_a.text and "13800138000" in listed_a.text
    listed_b = await harness.say("/winners", user=b.host, chat=b.host, expect="#1")
    assert "🤝 联合抽奖 #1（Tea set，由 Hana's live room 提供）：Mei" in listed_b.text
    assert "88 Long Street" not in listed_b.text and "13800138000" not in listed_b.text
    exported = await harness.say("/export", user=b.host, chat=b.host)
    assert exported.document is None or b"88 Long Street" not in exported.document[1]


async def test_the_wizard_offers_both_rooms_during_a_joint_show(harness: Harness) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    menu = await harness.say("/lottery", expect="How do fans enter")
    await emu.wait_for_answer(emu.press(harness.host, menu, menu.buttons()[0]["text"]))
    await harness.settle()
    winners = emu.messages_in(harness.room)[-1]
    await emu.wait_for_answer(emu.press(harness.host, winners, "1"))
    await harness.settle()
    question = emu.messages_in(harness.room)[-1]
    summary = await harness.say("Mug", expect="Ready to start", reply_to=question)
    labels = [button["text"] for button in summary.buttons()]
    assert "🤝 Also for Lin's room" in labels
    await emu.wait_for_answer(emu.press(harness.host, summary, "🤝 Also for Lin's room"))
    await harness.settle()
    summary = emu.messages_in(harness.room)[-1]
    assert "🤝 For both rooms: this one and Lin's room, one draw." in summary.text
    assert "🤝 Both rooms ✓ (tap: this room only)" in [b["text"] for b in summary.buttons()]
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(harness.host, summary, "▶️ Start"))
    await harness.settle()
    card_b = await emu.wait_for_message(b.room, "🎁", after=mark)
    assert "Hana's live room" in card_b.text


async def test_a_joint_follow_lottery_checks_each_rooms_own_channel(harness: Harness) -> None:
    emu = harness.emulator
    b = await on_air(harness)
    channel_a = emu.add_channel("Hana's channel", "hana_channel", admins=[harness.host])
    channel_a.members[emu.bot.id] = "administrator"
    await harness.say("/channel @hana_channel", expect="Linked")
    refused = await harness.say("/lottery follow Photo book joint")
    assert refused.text.startswith("Lin's room has no channel linked")
    channel_b = emu.add_channel("Lin's channel", "lin_channel", admins=[b.host])
    channel_b.members[emu.bot.id] = "administrator"
    await b.say("/channel @lin_channel", expect="@lin_channel")
    card_a = await harness.say("/lottery follow Photo book joint", expect="🎁 Lottery #1")
    await harness.settle()
    card_b = await emu.wait_for_message(b.room, "🎁")
    assert "@hana_channel" in card_a.text and "@lin_channel" in card_b.text
    mei = emu.add_user("Mei")
    b.room.members[mei.id] = "member"
    channel_a.members[mei.id] = "member"  # follows the other host's channel, not her own's
    answer = await emu.wait_for_answer(emu.press(mei, card_b, "🙋 参加"))
    assert "@lin_channel" in str(answer["text"])
    channel_b.members[mei.id] = "member"
    channel_a.members[mei.id] = "left"
    answer = await emu.wait_for_answer(emu.press(mei, card_b, "🙋 参加"))
    assert answer["text"] == "You're in! Good luck 🍀"  # in her own language
    # At the draw she is checked against her own room's channel, which she still follows.
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + timedelta(minutes=1))
    await harness.settle()
    result = await emu.wait_for_message(harness.room, "🎉 Lottery #1", after=mark)
    assert [e["user"]["id"] for e in result.entities] == [mei.id]
