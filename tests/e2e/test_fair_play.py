"""Fair play end to end: the host's rules for who may win, each one in the proof, which the
documented verifier re-checks (and refuses once edited by hand)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from domain.draw import Proof, ranking, verify
from domain.fairplay import check_choices, check_emoji
from emulator.world import EmuUser, SentMessage
from storage.models import Block, Exclusion, Lottery, Winner
from tests.harness import Harness, rows

DELAY = timedelta(seconds=60)


async def start(harness: Harness, command: str) -> SentMessage:
    return await harness.say(command, expect="🎁 Lottery #")


async def join(harness: Harness, fan: EmuUser, card: SentMessage, button: str = "🙋 Join") -> str:
    answer = await harness.emulator.wait_for_answer(harness.emulator.press(fan, card, button))
    return str(answer.get("text") or answer.get("url"))


async def result_after(harness: Harness, delay: timedelta = DELAY) -> SentMessage:
    mark = len(harness.emulator.sent)
    await harness.advance_to(harness.clock.now() + delay)
    await harness.settle()
    return await harness.emulator.wait_for_message(harness.room, "🎉 Lottery #", after=mark)


def winners_of(result: SentMessage) -> list[int]:
    return [e["user"]["id"] for e in result.entities if e["type"] == "text_mention"]


async def proof_of(harness: Harness, lottery_id: int) -> Proof:
    reply = await harness.say(f"/proof {lottery_id}", expect="🔍")
    assert reply.document is not None
    return Proof.from_json(reply.document[1].decode())


def verifier(path: Path) -> subprocess.CompletedProcess[str]:
    """The documented verifier, as anyone would run it."""
    return subprocess.run(
        [sys.executable, "-m", "domain.draw", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


async def won_once(harness: Harness, fan: EmuUser, prize: str = "Badge") -> None:
    """`fan` alone enters a lottery and wins it."""
    card = await start(harness, f"/lottery open {prize}")
    await join(harness, fan, card)
    assert winners_of(await result_after(harness)) == [fan.id]


async def test_a_five_minute_countdown_is_drawn_on_time_across_a_restart(
    harness: Harness,
) -> None:
    card = await start(harness, "/lottery open Mug 5m")
    assert "Draw at 10:05:00 (UTC)" in card.text
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.draw_at - lottery.created_at, lottery.countdown_seconds) == (
        timedelta(minutes=5),
        300,
    )
    ann = harness.fan("Ann")
    await join(harness, ann, card)
    await harness.settle()
    assert harness.running.timer.planned()["draw:1"] == lottery.draw_at
    await harness.restart()
    await harness.settle()
    # Rebuilt from the database: the draw is still planned at five minutes, not one.
    assert harness.running.timer.planned()["draw:1"] == lottery.draw_at
    await harness.advance_to(harness.clock.now() + timedelta(minutes=4))
    assert (await rows(harness, Lottery))[0].status == "open"
    result = await result_after(harness, timedelta(minutes=1))
    assert winners_of(result) == [ann.id]
    assert (await proof_of(harness, 1)).rules == {"countdown_seconds": 300}


async def test_bad_countdowns_and_minimums_are_refused_and_start_nothing(
    harness: Harness,
) -> None:
    for command, expected in (
        ("/lottery open Mug 10s", "“10s”: a countdown is from 30 seconds to 24 hours"),
        ("/lottery open Mug 25h", "“25h”: a countdown is from 30 seconds to 24 hours"),
        ("/lottery open Mug min1", "“min1”: a minimum of entrants is min2 to min100000"),
    ):
        reply = await harness.say(command)
        assert reply.text.startswith(expected), reply.text
    assert await rows(harness, Lottery) == []


async def test_a_cap_keeps_last_weeks_winner_out_until_the_window_passes(
    harness: Harness,
) -> None:
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    reply = await harness.say("/fairplay cap 1 30")
    assert "• At most 1 win per fan in 30 days" in reply.text
    await won_once(harness, ann)
    harness.clock.set(harness.clock.now() + timedelta(days=7))

    card = await start(harness, "/lottery open Mug")
    assert "⚖️ won 1 prize here in 30 days: can't win" in card.text
    for fan in (ann, ben):
        assert await join(harness, fan, card) == "You're in! Good luck 🍀"
    result = await result_after(harness)
    assert winners_of(result) == [ben.id]  # whatever the seed: Ann is out
    assert "⚖️ Fair play: 1 kept out, 0 moved behind" in result.text
    proof = await proof_of(harness, 2)
    assert proof.excluded == {str(ann.id): "cap"}
    assert proof.rules is not None and proof.rules["cap_wins"] == 1
    assert verify(proof) == []

    # 31 days after her win, Ann may win again (the window has passed).
    harness.clock.set(harness.clock.now() + timedelta(days=24))
    card = await start(harness, "/lottery open Cap")
    await join(harness, ann, card)
    result = await result_after(harness)
    assert winners_of(result) == [ann.id]
    assert (await proof_of(harness, 3)).excluded == {}


async def test_fresh_first_ranks_recent_winners_behind_everyone_else(harness: Harness) -> None:
    ann, ben, cai = harness.fan("Ann"), harness.fan("Ben"), harness.fan("Cai")
    await harness.say("/fairplay fresh on")
    await won_once(harness, ann)
    harness.clock.set(harness.clock.now() + timedelta(days=3))
    card = await start(harness, "/lottery open x2 Mug")
    assert "fans who haven't won in 30 days first" in card.text
    for fan in (ann, ben, cai):
        await join(harness, fan, card)
    result = await result_after(harness)
    # Ben and Cai, in ranking order, before Ann whatever her score.
    (lottery,) = [lot for lot in await rows(harness, Lottery) if lot.id == 2]
    assert winners_of(result) == ranking(lottery.seed, [ben.id, cai.id])
    proof = await proof_of(harness, 2)
    assert (proof.demoted, proof.excluded) == ([ann.id], {})
    assert verify(proof) == []
    # Three prizes: Ann wins one too, drawn last.
    proof.winners_count = 3
    proof.winners = [*proof.winners, ann.id]
    assert verify(proof) == []


async def test_a_blocked_fan_is_refused_neutrally_and_unblocked_may_enter(
    harness: Harness,
) -> None:
    emu = harness.emulator
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    hello = emu.send(ann, harness.room, "hello")
    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/block", reply_to=hello)  # replying to her message
    reply = await emu.wait_for_message(harness.room, "Ann", after=mark, seen_by=harness.host)
    assert reply.receiver_id == harness.host.id  # the host alone hears it
    assert reply.text == "🚫 Ann is blocked from this room's lotteries. /unblock undoes it."
    reply = await harness.say(f"/block {ann.id}")
    assert reply.text == "Ann was blocked already."
    for bad in ("/block", "/block someone", "/unblock 0"):
        reply = await harness.say(bad)
        assert reply.text.startswith("Reply to a fan's message with /block"), reply.text
    assert [(b.user_id, b.first_name) for b in await rows(harness, Block)] == [(ann.id, "Ann")]
    listed = await harness.say("/blocked")
    assert f"• Ann (id {ann.id})" in listed.text

    card = await start(harness, "/lottery open Mug")
    assert await join(harness, ann, card) == "Sorry, you can't enter this lottery."
    assert await join(harness, ben, card) == "You're in! Good luck 🍀"
    result = await result_after(harness)
    assert winners_of(result) == [ben.id]

    reply = await harness.say(f"/unblock {ann.id}")
    assert reply.text == "✅ Ann may enter this room's lotteries again."
    card = await start(harness, "/lottery open Cup")
    assert await join(harness, ann, card) == "You're in! Good luck 🍀"
    # The host's own admins cannot be blocked (they never win anyway).
    reply = await harness.say(f"/block {harness.host.id}")
    assert "runs this room" in reply.text


async def test_a_fan_blocked_after_entering_is_kept_out_of_the_draw(harness: Harness) -> None:
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    card = await start(harness, "/lottery open Mug")
    for fan in (ann, ben):
        await join(harness, fan, card)
    await harness.say(f"/block {ann.id}")
    result = await result_after(harness)
    assert winners_of(result) == [ben.id]
    proof = await proof_of(harness, 1)
    assert proof.excluded == {str(ann.id): "blocked"}
    assert proof.rules is not None and len(proof.rules["block_list_digest"]) == 64
    assert verify(proof) == []


async def test_newcomers_off_keeps_out_who_joined_after_the_start(harness: Harness) -> None:
    emu = harness.emulator
    await harness.say("/fairplay newcomers off")
    ann = harness.fan("Ann")  # a member from before
    card = await start(harness, "/lottery open Mug")
    assert "members from before 10:00:00 only" in card.text
    new = emu.add_user("Neo")
    harness.clock.set(harness.clock.now() + timedelta(seconds=5))
    emu.join(new, harness.room)
    await harness.settle()
    for fan in (ann, new):
        await join(harness, fan, card)
    result = await result_after(harness)
    assert winners_of(result) == [ann.id]
    proof = await proof_of(harness, 1)
    assert proof.excluded == {str(new.id): "newcomer"}
    assert proof.rules is not None and proof.rules["members_only"] is True
    assert verify(proof) == []


async def test_below_its_minimum_a_lottery_is_extended_once_then_cancelled(
    harness: Harness,
) -> None:
    emu = harness.emulator
    card = await start(harness, "/lottery open Mug 2m min3")
    assert "needs 3 entrants" in card.text
    for name in ("Ann", "Ben"):
        await join(harness, harness.fan(name), card)
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + timedelta(minutes=2))
    await harness.settle()
    extended = await emu.wait_for_message(harness.room, "⏳ Lottery #1", after=mark)
    assert extended.text == (
        "⏳ Lottery #1 (Mug) has 2 of the 3 entrants it needs: one more round. The draw is now "
        "at 10:04:00 (UTC)."
    )
    (lottery,) = await rows(harness, Lottery)
    assert (lottery.status, lottery.extended, lottery.draw_at - lottery.created_at) == (
        "open",
        True,
        timedelta(minutes=4),
    )
    # Entries still count during the extra round (the cached lottery was forgotten).
    cai = harness.fan("Cai")
    assert await join(harness, cai, card) == "You're in! Good luck 🍀"
    await harness.say(f"/block {cai.id}")  # … but a blocked one does not count toward it
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + timedelta(minutes=2))
    await harness.settle()
    cancelled = await emu.wait_for_message(harness.room, "is cancelled", after=mark)
    assert cancelled.text == (
        "Lottery #1 (Mug) is cancelled: 2 entered, 3 were needed. Nobody wins this time."
    )
    (lottery,) = await rows(harness, Lottery)
    assert lottery.status == "cancelled"
    assert await rows(harness, Winner) == []
    assert [m for m in emu.messages_in(harness.room) if "🎉 Lottery" in m.text] == []


async def test_a_lottery_that_reaches_its_minimum_is_drawn_at_its_deadline(
    harness: Harness,
) -> None:
    card = await start(harness, "/lottery open Mug min2")
    fans = [harness.fan("Ann"), harness.fan("Ben")]
    for fan in fans:
        await join(harness, fan, card)
    result = await result_after(harness)
    assert set(winners_of(result)) <= {fan.id for fan in fans}
    proof = await proof_of(harness, 1)
    assert proof.rules is not None
    assert (proof.rules["minimum"], proof.rules["extended"]) == (2, False)


async def test_the_human_check_passed_and_failed(harness: Harness) -> None:
    emu = harness.emulator
    reply = await harness.say("/fairplay check on")
    assert "• Join asks a quick human check" in reply.text
    card = await start(harness, "/lottery open Mug")
    (lottery,) = await rows(harness, Lottery)
    target = check_emoji(lottery.commitment)
    assert f"🙂 Joining asks you to tap {target}" in card.text
    ann, ben = harness.fan("Ann"), harness.fan("Ben")

    async def challenge(fan: EmuUser) -> SentMessage:
        mark = len(emu.sent)
        answer = await join(harness, fan, card)
        assert answer == "One quick check first: see the message only you can see."
        asked = await emu.wait_for_message(harness.room, "Quick check", after=mark, seen_by=fan)
        assert asked.receiver_id == fan.id  # nobody else sees it
        assert [b["text"] for b in asked.buttons()] == check_choices(lottery.commitment, fan.id)
        return asked

    asked = await challenge(ann)
    answer = await harness.emulator.wait_for_answer(emu.press(ann, asked, target))
    assert answer["text"] == "You're in! Good luck 🍀"
    await harness.settle()
    assert await join(harness, ann, card) == "You're already in: one entry per person."

    # Ben taps wrong: not in; three taps a minute, then even the right one waits.
    asked = await challenge(ben)
    wrong = [e for e in check_choices(lottery.commitment, ben.id) if e != target]
    for emoji in wrong[:3]:
        answer = await harness.emulator.wait_for_answer(emu.press(ben, asked, emoji))
        assert answer["text"] == "Not that one: look at the card and try again."
    answer = await harness.emulator.wait_for_answer(emu.press(ben, asked, target))
    assert answer["text"] == "Too many tries. Please wait a few minutes."
    result = await result_after(harness)
    assert winners_of(result) == [ann.id]


async def test_an_entrant_removed_with_a_reason_is_recorded_in_the_proof(
    harness: Harness,
) -> None:
    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cai")]
    card = await start(harness, "/lottery open x3 Mug")
    for fan in fans:
        await join(harness, fan, card)
    await harness.settle()
    listed = await harness.say("/entrants")
    assert listed.receiver_id == harness.host.id
    assert listed.text.startswith("Lottery #1: 3 entrants. The newest, by number:\n1. Ann (id ")
    assert f"\n2. Ben (id {fans[1].id}) 10:00:00\n3. Cai" in listed.text

    for command, expected in (
        ("/entrants remove 2", "Please give a reason"),
        ("/entrants remove 9 dup", "Lottery #1 has no entrant no. 9"),
        ("/entrants remove x dup", "/entrants lists who is in"),
        ("/entrants kick 2", "/entrants lists who is in"),
    ):
        reply = await harness.say(command)
        assert reply.text.startswith(expected), reply.text
    reply = await harness.say("/entrants remove 2 same person as no. 1")
    assert reply.text == (
        "✂️ No. 2, Ben, is out of lottery #1's draw: “same person as no. 1”. The proof will say so."
    )
    again = await harness.say("/entrants remove 2 again")
    assert again.text == "No. 2, Ben, is out of the draw already."
    listed = await harness.say("/entrants")
    assert f"2. Ben (id {fans[1].id}) 10:00:00 — removed: same person as no. 1" in listed.text

    result = await result_after(harness)
    assert set(winners_of(result)) == {fans[0].id, fans[2].id}
    assert "1 prize was not awarded" in result.text
    proof = await proof_of(harness, 1)
    assert proof.excluded == {str(fans[1].id): "removed"}
    assert proof.rules is not None
    assert proof.rules["removed"] == {str(fans[1].id): "same person as no. 1"}
    assert [(e.user_id, e.rule, e.reason) for e in await rows(harness, Exclusion)] == [
        (fans[1].id, "removed", "same person as no. 1")
    ]
    assert verify(proof) == []


async def test_the_verifier_accepts_fair_proofs_and_rejects_one_edited_by_hand(
    harness: Harness, tmp_path: Path
) -> None:
    ann, ben, cai = harness.fan("Ann"), harness.fan("Ben"), harness.fan("Cai")
    await harness.say("/fairplay cap 1 30")
    await won_once(harness, ann)
    card = await start(harness, "/lottery open Mug")
    for fan in (ann, ben, cai):
        await join(harness, fan, card)
    await harness.say("/entrants remove 3 a second account")
    await result_after(harness)
    proof = await proof_of(harness, 2)
    path = tmp_path / "proof.json"
    path.write_text(proof.to_json())
    checked = verifier(path)
    assert checked.returncode == 0, checked.stdout
    assert f"excluded {ann.id} (cap)" in checked.stdout
    assert f"excluded {cai.id} (removed: a second account)" in checked.stdout
    assert checked.stdout.endswith(f"winners [{ben.id}] recomputed.\n")

    # Edited by hand: Ann's exclusion dropped (she would then be ranked), or a rule not in force.
    edited = json.loads(proof.to_json())
    del edited["excluded"][str(ann.id)]
    path.write_text(json.dumps(edited))
    checked = verifier(path)
    if ranking(proof.seed, [ann.id, ben.id])[0] == ann.id:
        assert checked.returncode == 1 and "FAILED: winners should be" in checked.stdout
    edited = json.loads(proof.to_json())
    edited["excluded"][str(ben.id)] = "newcomer"
    path.write_text(json.dumps(edited))
    checked = verifier(path)
    assert checked.returncode == 1
    assert f"FAILED: {ben.id} is excluded by 'newcomer', a rule not in force" in checked.stdout
