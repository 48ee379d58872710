"""Live lotteries end to end: every way to enter, the draw, its proof, and what can go wrong."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import ManualClock
from domain.draw import Proof, ranking, verify
from domain.vocabulary import ClaimStatus, LotteryStatus
from emulator.server import TelegramEmulator
from emulator.world import ChatEvent, EmuUser, SentMessage
from liveroom.wiring import create_app
from storage.models import Entry, Lottery, RoomMessage, Winner
from tests.databases import empty_redis
from tests.harness import Harness, make_settings, rows

DELAY = timedelta(seconds=60)


async def entrants(harness: Harness) -> set[int]:
    return {entry.user_id for entry in await rows(harness, Entry)}


async def start(harness: Harness, command: str) -> SentMessage:
    return await harness.say(command, expect="🎁 Lottery #")


async def draw(harness: Harness) -> SentMessage:
    """Let the draw delay pass; returns the one new post in the room for everyone (the result).
    Each winner also gets a "you won" in the room that only they see."""
    mark = len(harness.emulator.sent)
    await harness.advance_to(harness.clock.now() + DELAY)
    await harness.settle()
    sent = [
        m
        for m in harness.emulator.sent[mark:]
        if m.chat_id == harness.room.id and m.method == "sendMessage"
    ]
    posts = [m for m in sent if m.receiver_id is None]
    assert len(posts) == 1, [p.text for p in posts]
    winners = {e["user"]["id"] for e in posts[0].entities if e["type"] == "text_mention"}
    taps = [m for m in sent if m.receiver_id is not None]
    assert {m.receiver_id for m in taps} == winners
    assert all(m.text.startswith("🎁 You won") for m in taps)
    return posts[0]


async def join(harness: Harness, fan: EmuUser, card: SentMessage, button: str = "🙋 Join") -> str:
    answer = await harness.emulator.wait_for_answer(harness.emulator.press(fan, card, button))
    return str(answer.get("text") or answer.get("url"))


async def test_open_lottery_from_join_to_verified_result(harness: Harness) -> None:
    emu = harness.emulator
    card = await start(harness, "/lottery open x2 Lip balm set")
    assert card.text.startswith("🎁 Lottery #1: Lip balm set\nHow to enter: press “Join”.\n")
    assert "Winners: 2 · Draw at 10:01:00 (UTC)\nEntrants: 0\nFairness commitment: " in card.text
    await harness.settle()  # the draw is planned right after the card is posted
    (lottery,) = await rows(harness, Lottery)
    assert lottery.commitment in card.text
    assert lottery.seed not in card.text
    assert harness.running.timer.planned()["draw:1"] == lottery.draw_at

    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cai")]
    assert [await join(harness, fan, card) for fan in fans] == ["You're in! Good luck 🍀"] * 3
    assert await join(harness, fans[0], card) == "You're already in: one entry per person."
    assert await join(harness, harness.host, card) == (
        "The room's admins run its lotteries, so they can't enter them."
    )
    emu.start_private(fans[1])  # Ben can be told privately

    await harness.running.lottery_poster.refresh_cards()
    await harness.settle()
    edited = emu.messages_in(harness.room)[-1]
    assert edited.method == "editMessageText"
    assert "Entrants: 3" in edited.text

    result = await draw(harness)
    winners = await rows(harness, Winner)
    assert len(winners) == 2
    assert {w.user_id for w in winners} <= {fan.id for fan in fans}
    expected_ids = ranking(lottery.seed, [fan.id for fan in fans])[:2]
    assert [w.user_id for w in sorted(winners, key=lambda w: w.rank)] == expected_ids
    assert result.text.startswith("🎉 Lottery #1: Lip balm set\nWinners: ")
    mentioned = [e["user"]["id"] for e in result.entities if e["type"] == "text_mention"]
    assert mentioned == expected_ids
    assert f"the seed was {lottery.seed}" in result.text
    assert [b["text"] for b in result.buttons()] == ["🎁 Claim your prize"]
    assert result.buttons()[0]["url"] == "https://t.me/liveroom_bot?start=claim_1"
    closed = [m for m in emu.messages_in(harness.room) if "⏱ Entries closed." in m.text]
    assert len(closed) == 1
    await harness.settle()
    if fans[1].id in expected_ids:
        told = await emu.wait_for_message(fans[1], "You won Lip balm set")
        assert told.buttons()[0]["url"].endswith("start=claim_1")
    # Exactly one group post for everyone per lottery besides the card: the result.
    posts = [
        m
        for m in emu.messages_in(harness.room)
        if m.method == "sendMessage" and m.receiver_id is None
    ]
    assert [p.text.split(":")[0] for p in posts] == ["🎁 Lottery #1", "🎉 Lottery #1"]

    # The proof: anyone can fetch it and the documented verifier recomputes the winners.
    reply = await harness.say("/proof 1", user=fans[2])
    assert reply.document is not None
    assert reply.document[0] == "proof-1.json"
    # For the asker alone, with a caption that says what it is and how to check it.
    assert reply.receiver_id == fans[2].id
    assert reply.text.startswith("🔍 The fairness proof of lottery #1:")
    assert "python -m domain.draw proof-1.json" in reply.text
    assert reply not in emu.seen_by(fans[0], harness.room)
    proof = Proof.from_json(reply.document[1].decode())
    assert verify(proof) == []
    assert proof.entrants == sorted(fan.id for fan in fans)
    assert proof.winners == expected_ids
    # Changing one entry changes the digest: the proof no longer verifies.
    proof.entrants = [*proof.entrants[:-1], 999]
    assert any("digest" in problem for problem in verify(proof))


async def test_no_admin_of_the_room_can_enter_or_win(harness: Harness) -> None:
    emu, room = harness.emulator, harness.room
    moderator = emu.add_user("Moderator")
    room.members[moderator.id] = "administrator"
    ann = harness.fan("Ann")
    card = await start(harness, "/lottery open Mug")
    refused = "The room's admins run its lotteries, so they can't enter them."
    assert await join(harness, moderator, card) == refused
    assert await join(harness, ann, card) == "You're in! Good luck 🍀"
    result = await draw(harness)
    assert [e["user"]["id"] for e in result.entities] == [ann.id]
    # The password path: the co-admin's right guess is no entry (and gets no 🎉).
    await start(harness, "/lottery password rose Tea")
    guess = emu.send(moderator, room, "rose")
    emu.send(ann, room, "rose")
    await harness.settle()
    (lottery, second) = await rows(harness, Lottery)
    entered = await rows(harness, Entry, Entry.lottery_id == second.id)
    assert [entry.user_id for entry in entered] == [ann.id]
    assert (room.id, guess["message_id"]) not in emu.reactions


async def test_password_lottery(harness: Harness) -> None:
    emu = harness.emulator
    card = await start(harness, "/lottery password Rose x3 Mug")
    assert "How to enter: type the password the host says on stream" in card.text
    assert card.buttons() == []
    ann, ben, cai, dee = (harness.fan(name) for name in ("Ann", "Ben", "Cai", "Dee"))
    right = emu.send(ann, harness.room, "rose")
    emu.send(ben, harness.room, "  ROSE ")
    emu.send(cai, harness.room, "tulip")
    emu.send(ann, harness.room, "Rose")  # again: still one entry
    emu.send(harness.host, harness.room, "rose")  # the host can't enter
    # Dee spams eleven wrong guesses (past the cap of ten a minute); a right answer after
    # them still counts: only wrong guesses are capped. (Updates are handled concurrently, so
    # let the guesses land first.)
    for attempt in range(11):
        emu.send(dee, harness.room, f"guess{attempt}")
    await harness.settle()
    emu.send(dee, harness.room, "rose")
    # Full-width letters (a Chinese keyboard), punctuation and spaces do not matter.
    eve = harness.fan("Eve")
    emu.send(eve, harness.room, "ｒ ｏ ｓ ｅ！")
    await harness.settle()
    assert await entrants(harness) == {ann.id, ben.id, dee.id, eve.id}
    dee_messages = [m for m in await rows(harness, RoomMessage) if m.user_id == dee.id]
    assert len(dee_messages) == 11  # ten capped guesses and the right one; the 11th dropped
    assert emu.reactions[(harness.room.id, right["message_id"])] == ["🎉"]
    # No room message per fan: the bot has only posted the card, the host alone hears which
    # password was set, and Dee alone (capped) is told once to slow down.
    assert [m.method for m in emu.messages_in(harness.room)] == ["sendMessage"] * 3
    password_set, hint = emu.only_for(harness.room)
    assert (password_set.receiver_id, password_set.text) == (
        harness.host.id,
        "🔑 Lottery #1's password is “Rose” (only you see this; your message was taken down). "
        "Fans who type it in the chat are in.",
    )
    assert (hint.receiver_id, hint.text.split(":")[0]) == (dee.id, "Slow down, Dee")

    # An update dated after the deadline does not count, even if handled before the draw.
    harness.clock.set(harness.clock.now() + DELAY + timedelta(seconds=1))
    emu.send(cai, harness.room, "rose")
    await harness.settle()
    assert await entrants(harness) == {ann.id, ben.id, dee.id, eve.id}
    await harness.running.lottery_poster.run_due()
    result = await emu.wait_for_message(harness.room, "🎉 Lottery #1")
    assert {e["user"]["id"] for e in result.entities} <= {ann.id, ben.id, dee.id, eve.id}
    assert len(result.entities) == 3


async def test_follow_lottery_checks_the_channel_and_rechecks_winners(harness: Harness) -> None:
    emu = harness.emulator
    reply = await harness.say("/lottery follow Photo book")
    assert (
        reply.text == "A follow lottery needs your channel. Link it first: /channel @yourchannel"
    )
    channel = emu.add_channel("Hana's channel", "hana_channel", admins=[harness.host])
    reply = await harness.say("/channel @hana_channel")
    assert reply.text.startswith("I'm not an admin of @hana_channel")
    channel.members[emu.bot.id] = "administrator"
    reply = await harness.say("/channel @nonexistent")
    assert reply.text.startswith("I can't find @nonexistent")
    reply = await harness.say("/channel @hana_channel")
    assert reply.text == "Linked @hana_channel. Follow lotteries will check that fans follow it."

    card = await start(harness, "/lottery follow Photo book")
    assert "How to enter: follow @hana_channel, then press “Join”." in card.text
    first, second, stranger = harness.fan("Ann"), harness.fan("Ben"), harness.fan("Cai")
    channel.members[first.id] = "member"
    channel.members[second.id] = "restricted"  # restricted but still a member counts
    assert (
        await join(harness, stranger, card)
        == "Follow @hana_channel first, then press “🙋 Join” again."
    )
    assert await join(harness, first, card) == "You're in! Good luck 🍀"
    emu.chats[channel.id].members[second.id] = "member"
    assert await join(harness, second, card) == "You're in! Good luck 🍀"

    # Whoever ranks first unfollows before the draw: the other one wins instead.
    (lottery,) = await rows(harness, Lottery)
    leaver, stayer = ranking(lottery.seed, [first.id, second.id])
    channel.members[leaver] = "left"
    result = await draw(harness)
    assert [e["user"]["id"] for e in result.entities] == [stayer]
    assert "1 drawn entrant no longer followed the channel and was replaced." in result.text
    proof_reply = await harness.say("/proof 1")
    assert proof_reply.document is not None
    proof = Proof.from_json(proof_reply.document[1].decode())
    assert proof.skipped == [leaver]
    assert verify(proof) == []


async def test_share_lottery_counts_only_after_someone_joins_through_the_link(
    harness: Harness,
) -> None:
    emu = harness.emulator
    card = await start(harness, "/lottery share Tote bag")
    sharer, idle, newcomer = harness.fan("Ann"), harness.fan("Ben"), emu.add_user("Neo")
    # Ann has never talked to the bot: her own link is shown right there, to her alone.
    mark = len(emu.sent)
    answer = await join(harness, sharer, card, "🔗 Get my invite link")
    assert answer == "Here is your invite link: only you can see it."
    link_message = await emu.wait_for_message(
        harness.room, "Your invite link: https://t.me/+", after=mark
    )
    assert link_message.receiver_id == sharer.id
    assert link_message not in emu.seen_by(idle, harness.room)
    link = link_message.text.split("\n")[0].removeprefix("Your invite link: ")
    assert emu.invite_links[link] == (harness.room.id, "#1 Ann")
    # Ben's link is his own, shown to him alone.
    assert await join(harness, idle, card, "🔗 Get my invite link") == answer
    await harness.settle()
    (bens,) = [m for m in emu.only_for(harness.room) if m.receiver_id == idle.id]
    assert link not in bens.text
    assert await entrants(harness) == set()  # a link alone is not an entry

    emu.join_via_link(newcomer, link)
    emu.join_via_link(newcomer, link)  # a re-delivered join counts once
    await harness.settle()
    assert await entrants(harness) == {sharer.id}
    mark = len(emu.sent)
    emu.start_private(sharer, "share_1")
    status = await emu.wait_for_message(sharer, "Your share counted", after=mark)
    assert "(1 joined)" in status.text

    result = await draw(harness)
    assert [e["user"]["id"] for e in result.entities] == [sharer.id]


async def test_duplicates_and_redelivered_updates_change_nothing(harness: Harness) -> None:
    emu = harness.emulator
    mark = len(emu.sent)
    command = emu.send(harness.host, harness.room, "/lottery open Sticker")
    card = await emu.wait_for_message(harness.room, "🎁 Lottery #1", after=mark)
    emu.deliver_again({"update_id": 0, "message": command})
    fan = harness.fan("Ann")
    query_id = emu.press(fan, card, "🙋 Join")
    await emu.wait_for_answer(query_id)
    await harness.settle()
    # The same press delivered again (its answer slot is used, as on Telegram).
    press = next(u for u in emu.requests if u[0] == "answerCallbackQuery")
    assert press[1]["callback_query_id"] == query_id
    assert len(await rows(harness, Lottery)) == 1
    assert len([m for m in emu.messages_in(harness.room) if "🎁 Lottery" in m.text]) == 1
    assert await entrants(harness) == {fan.id}

    reply = await harness.say("/lottery open Second prize")
    assert reply.text.startswith("Lottery #1 is still running in this room.")


async def test_cancel_stops_the_draw(harness: Harness) -> None:
    emu = harness.emulator
    reply = await harness.say("/lottery_cancel")
    assert reply.text == "There's no lottery running in this room."
    card = await start(harness, "/lottery open Poster")
    await join(harness, harness.fan("Ann"), card)
    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/lottery_cancel")
    notice = await emu.wait_for_message(harness.room, "was stopped by the host", after=mark)
    assert notice.text == "Lottery #1 (Poster) was stopped by the host. There will be no draw."
    assert any("❌ Stopped by the host." in m.text for m in emu.messages_in(harness.room))
    await harness.advance_to(harness.clock.now() + DELAY * 2)
    await harness.settle()
    assert await rows(harness, Winner) == []
    assert not [m for m in emu.messages_in(harness.room) if "🎉" in m.text]
    # A stopped lottery frees the room for the next one.
    await start(harness, "/lottery open Poster again")


async def test_restart_during_the_minute_draws_once_at_start_up(harness: Harness) -> None:
    card = await start(harness, "/lottery open x1 Keyring")
    fan = harness.fan("Ann")
    await join(harness, fan, card)
    await harness.stop()
    harness.clock.set(harness.clock.now() + DELAY + timedelta(minutes=5))
    await harness.start()
    result = await harness.emulator.wait_for_message(harness.room, "🎉 Lottery #1")
    assert [e["user"]["id"] for e in result.entities] == [fan.id]
    await harness.restart()
    await harness.running.lottery_poster.run_due()
    await harness.settle()
    results = [m for m in harness.emulator.messages_in(harness.room) if "🎉 Lottery" in m.text]
    assert len(results) == 1


async def test_concurrent_draw_triggers_give_one_result(harness: Harness) -> None:
    card = await start(harness, "/lottery open x2 Hoodie")
    for name in ("Ann", "Ben", "Cai", "Dee"):
        await join(harness, harness.fan(name), card)
    other = create_app(harness.settings, harness.clock)
    harness.clock.set(harness.clock.now() + DELAY)
    runners = [harness.running.lottery_poster, other.lottery_poster]
    await asyncio.gather(*(runner.run_due() for runner in runners * 10))
    await asyncio.gather(*(runner.draw(1) for runner in runners * 5))
    await harness.settle()
    await other.bot.session.close()
    await other.engine.dispose()
    results = [m for m in harness.emulator.messages_in(harness.room) if "🎉 Lottery" in m.text]
    assert len(results) == 1
    async with harness.running.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Winner)) == 2


async def test_nobody_entered(harness: Harness) -> None:
    await start(harness, "/lottery open Nothing")
    result = await draw(harness)
    assert result.text == "Lottery #1 (Nothing) is closed: nobody entered, so there is no winner."
    (lottery,) = await rows(harness, Lottery)
    assert lottery.status == LotteryStatus.DRAWN


async def test_bad_lottery_commands_and_non_admins(harness: Harness) -> None:
    cases = [
        ("/lottery raffle Mug", "“raffle” is not a way to enter."),
        ("/lottery open", "Please name the prize, e.g. /lottery open Lip balm"),
        ("/lottery password rose", "Please give the password and then the prize"),
        ("/lottery open x99 Mug", "The number of winners must be from 1 to 50, e.g. x3"),
        ("/lottery open x0 Mug", "The number of winners must be from 1 to 50"),
        ("/lottery open " + "m" * 130, "That prize is 130 characters; please keep it to 120."),
        ("/proof", "Which lottery? e.g. /proof 3"),
        ("/proof 42", "There is no lottery #42 in this room."),
    ]
    for text, expected in cases:
        reply = await harness.say(text)
        assert expected in reply.text, (text, reply.text)
    reply = await harness.say("/lottery open Mug", user=harness.fan("Eve"))
    assert reply.text == "Sorry, only the admins of this room can do that."
    assert await rows(harness, Lottery) == []


async def test_claim_link_is_only_for_the_winner(harness: Harness) -> None:
    card = await start(harness, "/lottery open Badge")
    winner, other = harness.fan("Ann"), harness.fan("Ben")
    await join(harness, winner, card)
    await draw(harness)
    harness.emulator.start_private(other, "claim_1")
    refused = await harness.emulator.wait_for_message(other, "isn't yours")
    assert refused.text == "This prize isn't yours: only the drawn winner can claim it."
    harness.emulator.start_private(winner, "claim_1")
    await harness.emulator.wait_for_message(winner, "You won Badge")
    # The refused fan got nothing: one winner row, the winner's, still waiting for details.
    (only,) = await rows(harness, Winner)
    assert (only.user_id, only.status) == (winner.id, ClaimStatus.WAITING)


async def test_the_wizard_builds_a_lottery_step_by_step(harness: Harness) -> None:
    emu = harness.emulator
    menu = await harness.say("/lottery")
    assert menu.text == "New lottery. How do fans enter?"
    assert [b["text"] for b in menu.buttons()] == [
        "🙋 Press Join",
        "📣 Follow my channel",
        "🔗 Bring a friend",
        "🔑 Password",
        "✖️ Cancel",
    ]
    # The menu is the host's alone: nobody else sees it, so nobody else can press it.
    fan = harness.fan("Eve")
    assert menu.receiver_id == harness.host.id
    assert menu not in emu.seen_by(fan, harness.room)
    with pytest.raises(LookupError):
        emu.press(fan, menu, "🔑 Password")
    # Follow needs a linked channel: said at once, the menu stays.
    no_channel = await emu.wait_for_answer(emu.press(harness.host, menu, "📣 Follow my channel"))
    assert no_channel["text"].startswith("A follow lottery needs your channel.")

    await emu.wait_for_answer(emu.press(harness.host, menu, "🔑 Password"))
    question = emu.messages_in(harness.room)[-1]
    assert question.text.startswith("Reply to this message with the password (one word).")
    # The host's ordinary chat is not an answer: only a reply to the question is.
    hello = emu.send(harness.host, harness.room, "Hello everyone")
    await harness.settle()
    assert (harness.room.id, hello["message_id"]) not in emu.deleted
    assert emu.messages_in(harness.room)[-1] == question
    bad = await harness.say("two words", reply_to=question)
    assert bad.text == "Keep the password to one word of up to 32 characters, e.g. rose"
    winners_menu = await harness.say("Rose", expect="How many winners?", reply_to=question)
    assert [b["text"] for b in winners_menu.buttons()] == ["1", "2", "3", "5", "10", "✖️ Cancel"]
    await emu.wait_for_answer(emu.press(harness.host, winners_menu, "3"))
    prize_question = emu.messages_in(harness.room)[-1]
    assert prize_question.text == "What's the prize? Reply to this message with it."
    emu.send(harness.host, harness.room, "Thanks for coming!")  # chat, not the prize
    await harness.settle()
    assert emu.messages_in(harness.room)[-1] == prize_question
    confirm = await harness.say("Lip balm set", expect="Ready to start", reply_to=prize_question)
    assert confirm.receiver_id == harness.host.id
    assert confirm.text == (
        "Ready to start:\nPrize: Lip balm set\nHow to enter: type the password the host "
        "says on stream, here in the chat.\nWinners: 3\nCountdown: 1 min (pick another below, "
        "or reply with one: 90s, 2m, 1h)\n🔑 Password: Rose (only you see this)"
    )
    assert [b["text"] for b in confirm.buttons()] == [
        "1 min",
        "3 min",
        "5 min",
        "10 min",
        "30 min",
        "▶️ Start",
        "✖️ Cancel",
    ]
    # The host picks 5 minutes, then types 90 seconds instead: the summary follows each.
    await emu.wait_for_answer(emu.press(harness.host, confirm, "5 min"))
    await harness.settle()
    edited = emu.messages_in(harness.room)[-1]
    assert "Countdown: 5 min (" in edited.text and "🔑 Password: Rose" in edited.text
    refused = await harness.say("10s", reply_to=confirm)
    assert refused.text.startswith("“10s”: a countdown is from 30 seconds to 24 hours")
    confirm = await harness.say("90s", expect="Ready to start", reply_to=confirm)
    assert "Countdown: 90 s (" in confirm.text
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(harness.host, confirm, "▶️ Start"))
    card = await emu.wait_for_message(harness.room, "🎁 Lottery #1: Lip balm set", after=mark)
    assert "Winners: 3" in card.text
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.kind, lottery.password, lottery.winners_count) == ("password", "rose", 3)
    assert lottery.draw_at - lottery.created_at == timedelta(seconds=90)
    # What the host typed at the password step is taken down: nobody else reads the password.
    still_there = [
        message
        for key, message in emu.messages.items()
        if key[0] == harness.room.id and message.get("text") in ("two words", "Rose")
    ]
    assert still_there == []
    assert len([key for key in emu.deleted if key[0] == harness.room.id]) == 2
    assert not any("rose" in m.text.lower() for m in emu.seen_by(fan, harness.room))
    # Pressing Start again (a double tap) does not start a second lottery.
    again = await emu.wait_for_answer(emu.press(harness.host, confirm, "▶️ Start"))
    assert again["text"] == "This menu has expired. Send /lottery to start again."
    assert len(await rows(harness, Lottery)) == 1


async def test_the_wizard_can_be_cancelled(harness: Harness) -> None:
    emu = harness.emulator
    menu = await harness.say("/lottery")
    await emu.wait_for_answer(emu.press(harness.host, menu, "✖️ Cancel"))
    assert emu.messages_in(harness.room)[-1].text == "Okay, no lottery."
    assert await rows(harness, Lottery) == []


async def test_a_join_pressed_after_the_deadline_is_refused(harness: Harness) -> None:
    card = await start(harness, "/lottery open Cap")
    harness.clock.set(harness.clock.now() + DELAY + timedelta(seconds=1))
    assert await join(harness, harness.fan("Late"), card) == "This lottery is closed."
    assert await entrants(harness) == set()


async def test_a_fan_without_a_telegram_language_hears_the_default_language_on_every_path(
    emulator: TelegramEmulator, clock: ManualClock, database_url: str
) -> None:
    settings = make_settings(
        emulator, database_url, redis_url=await empty_redis(), default_language="zh"
    )
    harness = Harness(emulator, settings, clock)
    await harness.start()
    try:
        card = await harness.say("/lottery open Mug", expect="🎁 抽奖 #1")
        fan = harness.fan("Ann", language="")
        # The crowd's fast path.
        assert await join(harness, fan, card, "🙋 参加") == "参与成功！祝你好运 🍀"
        # The normal path (a private chat) speaks it too.
        private = await harness.say("/privacy", user=fan, chat=fan, expect="")
        assert private.text.startswith("Liveroom 保存哪些信息、为什么")
    finally:
        await harness.stop()


async def test_proof_goes_privately_where_the_room_cannot_show_it_to_one_person(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    ann = harness.fan("Ann")
    card = await start(harness, "/lottery open Mug")
    await join(harness, ann, card)
    await draw(harness)
    room.members[emu.bot.id] = "member"  # no longer an admin: no message for one person
    emu.start_private(ann)
    await emu.wait_for_message(ann, "Hi Ann")
    told = await harness.say("/proof 1", user=ann, expect="proof file")
    assert told.text == "I've sent you the proof file in our private chat."
    private = await emu.wait_for_message(ann, "fairness proof")
    assert private.document is not None and private.document[0] == "proof-1.json"
    assert not [m for m in emu.messages_in(room) if m.document is not None]


async def test_a_chinese_fan_in_an_english_room_hears_one_language_and_its_buttons_as_shown(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    mei = harness.fan("Mei", language="zh")
    emu.start_private(mei)  # the bot knows her language
    await emu.wait_for_message(mei, "Mei")
    channel = emu.add_channel("Hana's channel", "hana_channel", admins=[harness.host])
    channel.members[emu.bot.id] = "administrator"
    await harness.say("/channel @hana_channel", expect="Linked")
    card = await start(harness, "/lottery follow Mug")
    # The pop-up names the button as it reads on the card (the room's English).
    assert await join(harness, mei, card) == "请先关注 @hana_channel，再点一次“🙋 Join”。"
    channel.members[mei.id] = "member"
    assert await join(harness, mei, card) == "参与成功！祝你好运 🍀"
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + DELAY)
    await harness.settle()
    (tap,) = [m for m in emu.sent[mark:] if m.receiver_id == mei.id and m.chat_id == room.id]
    assert tap.text.startswith("🎁 你")  # "You won", in her language like the pop-ups
    assert [b["text"] for b in tap.buttons()] == ["🎁 领取奖品"]
    # The gift menu, for her alone: header and buttons in her language.
    menu = await harness.say("/gift", user=mei, expect="")
    assert menu.text.startswith("🎁 给 Hana's live room 送份礼物")
    assert [b["text"] for b in menu.buttons()][0].startswith("🌹 玫瑰")


async def test_a_linked_channel_can_be_unlinked(harness: Harness) -> None:
    emu = harness.emulator
    channel = emu.add_channel("Hana's channel", "hana_channel", admins=[harness.host])
    channel.members[emu.bot.id] = "administrator"
    await harness.say("/channel @hana_channel", expect="Linked")
    shown = await harness.say("/channel")
    assert shown.text.endswith("to unlink it: /channel off")
    off = await harness.say("/channel off")
    assert off.text == (
        "Unlinked @hana_channel: follow lotteries need a channel again (/channel @yourchannel)."
    )
    refused = await harness.say("/lottery follow Mug")
    assert refused.text.startswith("A follow lottery needs your channel.")


async def test_a_winner_the_bot_never_met_privately_hears_the_result_in_their_language(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    mei = harness.fan("Mei", language="zh-hans")  # only ever pressed Join in the room
    card = await start(harness, "/lottery open Mug")
    assert await join(harness, mei, card, "🙋 Join") == "参与成功！祝你好运 🍀"
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + DELAY)
    await harness.settle()
    (tap,) = [m for m in emu.sent[mark:] if m.receiver_id == mei.id and m.chat_id == room.id]
    assert tap.text == "🎁 你中了 Mug！点下面的按钮领取。"
    (entry,) = await rows(harness, Entry)
    assert entry.language == "zh-hans"


async def test_a_draw_reaches_the_winners_private_chat_in_three_database_sessions(
    harness: Harness,
) -> None:
    """From the timer firing to the winner's private "you won": one session reads what fell
    due, one closes the draw and claims its result, one records the result and the notice."""
    fan = harness.fan("Ann")
    await harness.say("/start", user=fan, chat=fan, expect="")  # the bot may write to Ann
    card = await start(harness, "/lottery open Mug")
    await join(harness, fan, card)
    await harness.settle()
    app = harness.running
    log: list[str] = []

    class CountedSession(AsyncSession):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            log.append("session")
            super().__init__(*args, **kwargs)

    def heard(event: ChatEvent) -> None:
        if event.chat.id == fan.id and event.kind == "bot":
            log.append(event.text)

    harness.emulator.listeners.append(heard)
    app.session_factory.class_ = CountedSession
    harness.clock.set(harness.clock.now() + DELAY)
    await app.lottery_poster.run_due()
    told = [i for i, entry in enumerate(log) if entry.startswith("🎉 You won Mug")]
    assert len(told) == 1, log
    assert log[: told[0]].count("session") <= 3, log
