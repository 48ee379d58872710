"""The live room end to end: video chats (go-live, goodbye, report), welcomes, boosts, red
envelopes, announcements, banned words and rankings, all over the Bot API emulator."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.vocabulary import BroadcastStatus, LotteryStatus, MilestoneState
from emulator.world import SentMessage
from storage.models import Broadcast, Entry, Lottery, Milestone, RoomJoin, RoomMessage, Strike
from tests.harness import Harness, rows


def room_posts(harness: Harness, mark: int = 0) -> list[SentMessage]:
    return [
        m
        for m in harness.emulator.sent[mark:]
        if m.chat_id == harness.room.id and m.method == "sendMessage"
    ]


# --- video chats ----------------------------------------------------------------------------
async def test_video_chat_from_scheduled_to_goodbye_and_private_report(harness: Harness) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    t0 = harness.clock.now()
    emu.start_private(host)  # the host can be written to privately
    await harness.settle()

    start = t0 + timedelta(hours=2)
    emu.video_chat(host, room, "scheduled", start_date=int(start.timestamp()))
    confirmation = await emu.wait_for_message(room, "Scheduled #1")
    assert confirmation.text.startswith(
        "Scheduled #1: Live stream\nStarts: Tue, Jan 1, 2030 12:00"
    )
    trailer = await emu.wait_for_message(room, "Coming up")
    assert [b["text"] for b in trailer.buttons()] == ["🔔 Remind me"]
    (show,) = await rows(harness, Broadcast)
    assert (show.title, show.starts_at, show.status) == ("Live stream", start, "scheduled")

    await harness.say("/announce Free shipping on every order tonight!", expect="📌")
    await harness.settle()
    announcement = room_posts(harness)[-1]
    assert announcement.text == "📌 Free shipping on every order tonight!"
    assert room.pinned == [announcement.message_id]

    # The host goes live 5 minutes early: the notice goes out now and repeats the announcement.
    harness.clock.set(start - timedelta(minutes=5))
    started = emu.video_chat(host, room, "started")
    notice = await emu.wait_for_message(room, "We are live")
    assert notice.text == (
        "🔴 We are live! Come and join us now.\n\n📌 Free shipping on every order tonight!"
    )
    await harness.settle()
    assert room.pinned[-1] == notice.message_id
    emu.deliver_again({"update_id": 0, "message": started})  # Telegram sends it twice
    await harness.settle()
    assert sum("We are live" in post.text for post in room_posts(harness)) == 1

    fans = [harness.fan(name) for name in ("Ann", "Ben")]
    harness.clock.set(start + timedelta(minutes=1))
    emu.join(emu.add_user("Cai"), room)
    for fan in fans:
        emu.send(fan, room, f"hello from {fan.first_name}")
    await harness.say("/lottery open Lip balm", expect="🎁 Lottery #1")
    card = room_posts(harness)[-1]
    harness.clock.set(start + timedelta(minutes=2))
    emu.press(fans[0], card, "🙋 Join")
    await harness.settle()
    await harness.advance_to(start + timedelta(minutes=3))  # the draw
    await harness.settle()
    mark = len(emu.sent)

    harness.clock.set(start + timedelta(minutes=30))
    ended = emu.video_chat(host, room, "ended", duration=35 * 60)
    goodbye = await emu.wait_for_message(room, "👋", after=mark)
    assert goodbye.text == (
        "👋 That's all for today: thank you for watching and chatting! See you next time."
    )
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert report.method == "sendPhoto"
    assert report.text == (
        "📊 Show report, Hana's live room: Live stream\n"
        "Duration: 35 min\n"
        "New members: 1\n"
        "Messages: 2\n"
        "Lottery entries: 1\n"
        "Winners: 1\n"
        # Cai joined, Ann and Ben wrote (Ann entered too), all in the show's second minute.
        "Active fans: 3 (at most 3 in one minute)\n"
        # Two fans' chatting minutes (1 point each) and a newcomer (5).
        "Popularity: 7\n"
        "Video chat: 35 min"
    )
    assert report.document is not None
    assert report.document[1].startswith(b"\x89PNG")
    ask = await emu.wait_for_message(host, "Nothing is scheduled", after=mark)
    assert "/schedule" in ask.text
    (show,) = await rows(harness, Broadcast)
    assert show.status == BroadcastStatus.ENDED
    assert (show.started_at, show.ended_at) == (
        start - timedelta(minutes=5),
        start + timedelta(minutes=30),
    )

    emu.deliver_again({"update_id": 0, "message": ended})
    await harness.settle()
    assert len(emu.sent) == mark + 3  # goodbye, report, ask: nothing twice
    assert [m.text for m in room_posts(harness, mark)] == [goodbye.text]


async def test_goodbye_names_the_next_show_and_an_unseen_show_is_still_reported(
    harness: Harness,
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    await harness.say("/schedule 2030-01-08 20:00 Winter skincare Q&A", expect="Scheduled #1")
    # The bot never saw this video chat start (it was added mid-show): it still says goodbye.
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=600)
    goodbye = await emu.wait_for_message(room, "👋", after=mark)
    assert goodbye.text == (
        "👋 That's all for today: thank you for watching and chatting! "
        "Next show: “Winter skincare Q&A”, Tue, Jan 8, 2030 20:00 (UTC). See you there!"
    )
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert "Duration: 10 min" in report.text
    await harness.settle()
    assert not [m for m in emu.messages_in(host)[-2:] if "Nothing is scheduled" in m.text]


async def test_a_video_chat_started_without_a_schedule_is_announced(harness: Harness) -> None:
    emu = harness.emulator
    emu.video_chat(harness.host, harness.room, "started")
    notice = await emu.wait_for_message(harness.room, "We are live")
    assert notice.text == "🔴 We are live! Come and join us now."
    await harness.settle()
    assert harness.room.pinned == []  # nothing to pin without an announcement
    (show,) = await rows(harness, Broadcast)
    assert (show.status, show.started_at) == (BroadcastStatus.LIVE, harness.clock.now())


# --- welcomes -------------------------------------------------------------------------------
WELCOME = re.compile(r"^👋 Welcome to the room, (.*)! Say hi and enjoy the show\.$")


def welcomed_names(posts: list[SentMessage]) -> int:
    total = 0
    for post in posts:
        match = WELCOME.match(post.text)
        assert match, post.text
        names = match.group(1)
        more = re.search(r" and (\d+) more$", names)
        shown = names[: more.start()] if more else names
        total += len(shown.split(", ")) + (int(more.group(1)) if more else 0)
    return total


async def test_a_chinese_welcome_counts_the_newcomers_it_does_not_name(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/language zh", expect="")
    await harness.say("/welcome on", expect="")
    mark = len(emu.sent)
    for n in range(12):
        emu.join(emu.add_user(f"F{n:02d}"), room)
    await harness.settle()
    await harness.advance_to(harness.clock.now() + timedelta(minutes=2))
    post = await emu.wait_for_message(room, "👋", after=mark)
    match = re.match(r"^👋 欢迎 (.*) 以及另外 2 位朋友 来到直播间！", post.text)
    assert match, post.text
    assert len(match.group(1).split("、")) == 10  # ten named, and the other two counted


async def test_300_joins_in_a_minute_make_a_handful_of_welcome_posts(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    t0 = harness.clock.now()
    await harness.say("/welcome on", expect="Welcomes are on")
    # A red envelope waits for a member count the raid does not reach.
    await harness.say("/milestone 1000 open Mug", expect="🧧")
    mark, asked = len(emu.sent), len(emu.requests)
    newcomers = [emu.add_user(f"Fan{i}") for i in range(300)]
    for index, newcomer in enumerate(newcomers):
        harness.clock.set(t0 + timedelta(seconds=index * 0.2))  # 300 in 60 seconds
        emu.join(newcomer, room)
        if index % 50 == 49:  # the bot's welcome wake-ups come as time passes
            await harness.settle(30)
            await harness.advance_to(harness.clock.now())
    await harness.settle(30)
    await harness.advance_to(t0 + timedelta(seconds=125))
    await harness.settle()
    posts = room_posts(harness, mark)
    assert 1 <= len(posts) <= 3, [p.text for p in posts]
    assert welcomed_names(posts) == 300
    # The first post names the first ten to arrive (in the order the bot took them in).
    first_ten = posts[0].text.removeprefix("👋 Welcome to the room, ").split(" and ")[0]
    assert set(first_ten.split(", ")) == {f"Fan{i}" for i in range(10)}
    assert all(join.welcomed for join in await rows(harness, RoomJoin))
    # The member count is asked for when stale (every 15 s), not once per newcomer.
    counts = [m for m, _ in emu.requests[asked:] if m == "getChatMemberCount"]
    assert 1 <= len(counts) <= 5, len(counts)


async def test_welcome_text_is_the_hosts_and_off_means_silence(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    reply = await harness.say("/welcome text Hi {names}! Grab a seat 🍵", expect="New greeting")
    assert reply.text == "New greeting saved. It reads:\nHi Hana! Grab a seat 🍵"
    mark = len(emu.sent)
    ann = emu.add_user("Ann")
    emu.join(ann, room)
    harness.clock.set(harness.clock.now() + timedelta(seconds=1))
    emu.join(emu.add_user("Ben"), room)
    await harness.settle()
    joins = [join for join in await rows(harness, RoomJoin) if join.user_id == ann.id]
    emu.deliver_again(
        {
            "update_id": 0,
            "chat_member": {
                "chat": room.as_json(),
                "from": ann.as_json(),
                "date": int(joins[0].joined_at.timestamp()),
                "old_chat_member": {"status": "left", "user": ann.as_json()},
                "new_chat_member": {"status": "member", "user": ann.as_json()},
            },
        }
    )
    await harness.settle()
    await harness.advance_to(harness.clock.now() + timedelta(seconds=60))
    await harness.settle()
    assert [p.text for p in room_posts(harness, mark)] == ["Hi Ann, Ben! Grab a seat 🍵"]

    assert (await harness.say("/welcome off")).text.startswith("Welcomes are off.")
    mark = len(emu.sent)
    emu.join(emu.add_user("Cai"), room)
    await harness.settle()
    await harness.advance_to(harness.clock.now() + timedelta(seconds=120))
    await harness.settle()
    assert room_posts(harness, mark) == []
    assert (await harness.say("/welcome maybe")).text.startswith("Use /welcome on")


# --- boosts and red envelopes ---------------------------------------------------------------
async def test_a_boost_is_thanked_once_and_opens_an_armed_red_envelope(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    update = emu.boost(ann, room)
    thanks = await emu.wait_for_message(room, "🚀")
    assert thanks.text == "🚀 Thank you, Ann, for boosting the room!"
    emu.deliver_again({"update_id": 0, "chat_boost": update})
    await harness.settle()
    assert [p.text for p in room_posts(harness) if "🚀" in p.text] == [thanks.text]

    reply = await harness.say("/milestone boost open Lip balm", expect="🧧")
    assert reply.text == (
        "🧧 Red envelope #1 is armed: the next boost of the room starts a lottery for “Lip balm”."
    )
    mark = len(emu.sent)
    emu.boost(harness.fan("Ben"), room)
    card = await emu.wait_for_message(room, "🎁 Lottery #1", after=mark)
    assert card.text.startswith("🎁 Lottery #1: Lip balm\nHow to enter: press “Join”.")
    assert [p.text for p in room_posts(harness, mark)][:2] == [
        "🚀 Thank you, Ben, for boosting the room!",
        "🧧 A boost opens a red envelope: a lottery for “Lip balm”.",
    ]
    (milestone,) = await rows(harness, Milestone)
    assert (milestone.state, milestone.lottery_id) == (MilestoneState.STARTED, 1)


async def test_member_milestone_opens_once_reached_and_waits_for_a_running_lottery(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    # The room: the bot and the host. The envelope opens at 4 members.
    reply = await harness.say("/milestone 4 password hi x2 Tea set", expect="🧧")
    assert reply.text == (
        "🧧 Red envelope #1 is armed: when the room reaches 4 members, a lottery for "
        "“Tea set” starts by itself. The room has 2 members now."
    )
    listing = await harness.say("/milestone")
    assert listing.text == "Armed red envelopes:\n#1 at 4 members: Tea set"
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    mark = len(emu.sent)
    emu.join(emu.add_user("Ann"), room)
    emu.join(emu.add_user("Ben"), room)
    await harness.settle()
    assert room_posts(harness, mark) == []  # Mug's lottery is still running
    (milestone,) = await rows(harness, Milestone)
    assert milestone.state == MilestoneState.REACHED
    listing = await harness.say("/milestone")
    assert "#1 reached, starts when the current lottery is drawn: Tea set" in listing.text

    await harness.advance_to(harness.clock.now() + timedelta(seconds=61))  # Mug is drawn
    await harness.settle()
    texts = [p.text for p in room_posts(harness, mark)]
    assert "🧧 We are 4 strong! A red envelope opens: a lottery for “Tea set”." in texts
    lotteries = sorted(await rows(harness, Lottery), key=lambda lottery: lottery.id)
    assert [(lot.prize, lot.status, lot.winners_count) for lot in lotteries] == [
        ("Mug", LotteryStatus.DRAWN, 1),
        ("Tea set", LotteryStatus.OPEN, 2),
    ]
    emu.join(emu.add_user("Cai"), room)
    await harness.settle()
    assert len(await rows(harness, Lottery)) == 2  # it opened once
    assert (await harness.say("/milestone")).text.startswith("No red envelopes armed.")


async def test_milestone_mistakes_and_cancel(harness: Harness) -> None:
    bad = await harness.say("/milestone lots open Mug")
    assert (
        bad.text
        == "“lots” is not a member count or “boost”. Example: /milestone 500 open Lip balm"
    )
    usage = await harness.say("/milestone 500")
    assert usage.text.startswith("Arm a red envelope")
    await harness.say("/milestone 500 open Mug", expect="🧧")
    assert (await harness.say("/milestone cancel 1")).text == "Red envelope #1 disarmed."
    missing = await harness.say("/milestone cancel 1")
    assert missing.text == "There is no armed red envelope #1 in this room."
    fan = harness.fan("Ann")
    refused = await harness.say("/milestone 500 open Mug", user=fan)
    assert refused.text == "Sorry, only the admins of this room can do that."


# --- announcements --------------------------------------------------------------------------
async def test_announce_replaces_and_removes_the_pinned_announcement(harness: Harness) -> None:
    room = harness.room
    usage = await harness.say("/announce")
    assert usage.text.startswith("Use /announce <text>")
    first = await harness.say("/announce Show starts at 8", expect="📌")
    second = await harness.say("/announce Show starts at 9 instead", expect="📌 Show starts at 9")
    await harness.settle()
    assert room.pinned == [second.message_id]
    assert first.message_id not in room.pinned
    current = await harness.say("/announce")
    assert current.text == (
        "The announcement now:\nShow starts at 9 instead\n\n/announce off removes it."
    )
    assert (await harness.say("/announce off")).text == "Announcement removed."
    assert room.pinned == []
    too_long = await harness.say("/announce " + "x" * 1001)
    assert too_long.text == "Please keep the announcement under 1000 characters."


# --- banned words ---------------------------------------------------------------------------
async def test_a_muted_fan_is_still_moderated_and_ranked(harness: Harness) -> None:
    """Telegram describes a muted member with every right (reactions and tags included):
    the bot must read that answer, not fail on it."""
    emu, room = harness.emulator, harness.room
    await harness.say("/banword add spam", expect="Banned")
    ann = harness.fan("Ann")
    room.members[ann.id] = "restricted"  # muted earlier, and still writing once it lifts
    emu.send(ann, room, "hello all")
    mark = len(emu.sent)
    again = emu.send(ann, room, "spam again")
    warning = await emu.wait_for_message(room, "⚠️", after=mark)
    assert warning.text.startswith("⚠️ Ann, I removed your message")
    assert (room.id, again["message_id"]) in emu.deleted
    top = await harness.say("/top hour", expect="🏆")
    assert "Ann" in top.text
    refused = await harness.say("/lottery open Mug", user=ann)
    assert refused.text.startswith("Sorry")
    assert not [m for m in emu.sent[mark:] if "went wrong" in m.text]


async def test_banned_words_delete_warn_and_mute_on_the_third_strike(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    added = await harness.say("/banword add spam, 刷单", expect="Banned")
    assert added.text.startswith("Banned: spam, 刷单. I delete messages with them;")
    ann = harness.fan("Ann")

    mark = len(emu.sent)
    first = emu.send(ann, room, "Cheap SPAM here")
    warning = await emu.wait_for_message(room, "⚠️", after=mark)
    assert warning.text == (
        "⚠️ Ann, I removed your message: it had a word that isn't allowed here "
        "(strike 1 of 3 in 24 hours)."
    )
    assert (room.id, first["message_id"]) in emu.deleted

    kept = emu.send(ann, room, "I love spammers' stories")  # not the whole word
    chinese = emu.send(ann, room, "我们这里不刷单的哦，放心买")  # inside a longer sentence
    await emu.wait_for_message(room, "strike 2 of 3", after=mark)
    await harness.settle()
    assert (room.id, kept["message_id"]) not in emu.deleted
    assert (room.id, chinese["message_id"]) in emu.deleted
    emu.deliver_again({"update_id": 0, "message": chinese})  # counted once
    await harness.settle()
    assert len(await rows(harness, Strike)) == 2

    admin_spam = emu.send(harness.host, room, "no spam please")  # admins are exempt
    emu.send(ann, room, "spam again")
    muted = await emu.wait_for_message(room, "🔇", after=mark)
    assert muted.text == "🔇 Ann can't write for 10 minutes after 3 removed messages in 24 hours."
    assert room.members[ann.id] == "restricted"
    assert room.muted_until[ann.id] == int(
        (harness.clock.now() + timedelta(minutes=10)).timestamp()
    )
    assert (room.id, admin_spam["message_id"]) not in emu.deleted

    listing = await harness.say("/banword list")
    assert listing.text == "Banned words (2): spam, 刷单"
    removed = await harness.say("/banword remove Spam, eggs")
    assert removed.text == "No longer banned: spam."
    mark = len(emu.sent)
    ben = harness.fan("Ben")
    fine = emu.send(ben, room, "spam is fine now")
    await harness.settle()
    assert (room.id, fine["message_id"]) not in emu.deleted
    assert room_posts(harness, mark) == []
    usage = await harness.say("/banword")
    assert usage.text.startswith("Use /banword add <word>")


async def test_a_spam_raid_is_deleted_without_flooding_the_room_with_warnings(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/banword add spam", expect="Banned")
    mark = len(emu.sent)
    raiders = [harness.fan(f"Bot{i}") for i in range(12)]
    raid = [emu.send(raider, room, "spam spam") for _ in range(3) for raider in raiders]
    await harness.settle()
    assert all((room.id, message["message_id"]) in emu.deleted for message in raid)
    assert all(room.members[raider.id] == "restricted" for raider in raiders)  # 3 strikes each
    notices = room_posts(harness, mark)
    # The minute's other posts stay free for the show: 5 notices (warnings or mutes), each
    # about its own strike (a raider's messages handled at once never share a strike number).
    assert len(notices) == 5
    assert all(post.text.startswith(("⚠️", "🔇")) for post in notices)
    assert len({post.text for post in notices}) == 5
    # free for the show: 36 deletions and 12 mutes, but only 5 notices


async def test_during_a_password_lottery_banned_words_still_go_and_guesses_count_as_chat(
    harness: Harness,
) -> None:
    # While a password lottery runs, room messages take the crowd's fast path (issue 7): it
    # must not become a way around the banned words, nor hide the chat from the rankings.
    emu, room = harness.emulator, harness.room
    await harness.say("/banword add 加微信", expect="Banned")
    await harness.say("/lottery password rose Mug", expect="🎁 Lottery #1")
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    mark = len(emu.sent)
    spam = emu.send(ben, room, "rose 想要优惠的加微信abc123")
    warning = await emu.wait_for_message(room, "⚠️", after=mark)
    assert warning.text.startswith("⚠️ Ben, I removed your message")
    wrong = emu.send(ann, room, "tulip")  # a wrong guess: no answer, but it is chat
    right = emu.send(ann, room, "Rose")
    await harness.settle()
    assert (room.id, spam["message_id"]) in emu.deleted
    assert emu.reactions[(room.id, right["message_id"])] == ["🎉"]
    assert [(e.user_id, e.lottery_id) for e in await rows(harness, Entry)] == [(ann.id, 1)]
    assert sorted((m.user_id, m.message_id) for m in await rows(harness, RoomMessage)) == [
        (ann.id, wrong["message_id"]),
        (ann.id, right["message_id"]),
    ]
    top = await harness.say("/top hour", expect="🏆")
    assert top.text.splitlines()[1] == (
        "1. Ann — 1 pt (chat minutes: 1, likes: 0, invited: 0, Stars: 0)"
    )


# --- rankings -------------------------------------------------------------------------------
async def test_top_ranks_fans_by_the_popularity_they_brought(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    t0 = harness.clock.now()
    ann, ben, dan = (harness.fan(name) for name in ("Ann", "Ben", "Dan"))
    # Two days ago: Dan was very chatty (counts for the week, not the hour).
    harness.clock.set(t0 - timedelta(days=2))
    for _ in range(6):
        emu.send(dan, room, "hi all")
    await harness.settle()
    harness.clock.set(t0)
    for _ in range(3):
        emu.send(ann, room, "so pretty!")
    emu.send(ben, room, "hello")
    emu.send(harness.host, room, "thanks everyone")  # the host is not ranked
    await harness.settle()
    card = await harness.say("/lottery share Mug", expect="🎁 Lottery #1")
    emu.press(ben, card, "🔗 Get my invite link")
    link_message = await emu.wait_for_message(harness.room, "https://t.me/+", seen_by=ben)
    link = re.search(r"https://t\.me/\+\S+", link_message.text)
    assert link
    emu.join_via_link(emu.add_user("Eve"), link.group(0))
    await harness.settle()

    hour = await harness.say("/top hour", expect="🏆")
    assert hour.text == (
        "🏆 Most active fans, last hour\n"
        "1. Ben — 11 pts (chat minutes: 1, likes: 0, invited: 1, Stars: 0)\n"
        # Three messages in a minute are one chatting minute: a flood earns no more.
        "2. Ann — 1 pt (chat minutes: 1, likes: 0, invited: 0, Stars: 0)\n"
        "\n"
        "Points as /popularity counts them: chat=1 like=2 share=10 star=1."
    )
    week = await harness.say("/top week", expect="🏆")
    assert week.text.splitlines()[1:4] == [
        "1. Ben — 11 pts (chat minutes: 1, likes: 0, invited: 1, Stars: 0)",
        "2. Ann — 1 pt (chat minutes: 1, likes: 0, invited: 0, Stars: 0)",
        "3. Dan — 1 pt (chat minutes: 1, likes: 0, invited: 0, Stars: 0)",
    ]
    assert (await harness.say("/top month")).text == "Use /top hour or /top week."
    harness.clock.set(t0 + timedelta(days=30))
    empty = await harness.say("/top week")
    assert (
        empty.text == "🏆 Most active fans, last 7 days\nNo activity from fans in this period yet."
    )


async def test_waiting_welcomes_and_reached_envelopes_survive_a_restart(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/welcome on", expect="Welcomes are on")
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    await harness.say("/milestone 3 open Tea set", expect="🧧")
    mark = len(emu.sent)
    emu.join(emu.add_user("Ann"), room)  # 3 members: reached, but Mug is still running
    await harness.settle()
    await harness.restart()
    await harness.advance_to(harness.clock.now() + timedelta(seconds=61))
    await harness.settle()
    texts = [p.text for p in room_posts(harness, mark)]
    assert "👋 Welcome to the room, Ann! Say hi and enjoy the show." in texts
    assert "🧧 We are 3 strong! A red envelope opens: a lottery for “Tea set”." in texts
    assert sum(text.startswith("🎁 Lottery #2: Tea set") for text in texts) == 1
