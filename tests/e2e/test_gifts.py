"""Gifts in Telegram Stars end to end (issue 16): from the menu through the invoice and its
pre-checkout to the payment, the receipt, the room's thanks, big gifts' red envelopes, refunds,
paid messages, rankings and the report, and every bad input the host can type."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from domain.vocabulary import MilestoneState, MilestoneTrigger
from emulator.world import EmuUser, SentMessage
from storage.models import GiftRecord, Lottery, Milestone
from tests.harness import Harness, rows

THANKS_WAIT = timedelta(seconds=61)


async def gift_menu(harness: Harness, fan: EmuUser) -> SentMessage:
    """`fan` types /gift in the room: the menu, seen by that fan alone."""
    menu = await harness.say("/gift", user=fan, expect="Send")
    assert menu.receiver_id == fan.id
    return menu


def link(menu: SentMessage, emoji: str) -> str:
    return next(str(b["url"]) for b in menu.buttons() if b["text"].startswith(emoji))


async def give(harness: Harness, fan: EmuUser, emoji: str, menu: SentMessage | None = None) -> str:
    """`fan` pays for the gift; returns the payment's charge id (the pre-checkout said yes)."""
    emu = harness.emulator
    query = emu.checkout(fan, link(menu or await gift_menu(harness, fan), emoji))
    await emu.wait_until(lambda: query in emu.till.answered, timeout=10)
    charge = emu.charge_of(query)
    assert charge is not None, emu.till.answered[query]
    return charge


def posts(harness: Harness, start: str, after: int = 0) -> list[SentMessage]:
    return [
        m
        for m in harness.emulator.sent[after:]
        if m.chat_id == harness.room.id and m.receiver_id is None and m.text.startswith(start)
    ]


def pay_again(harness: Harness, fan: EmuUser) -> None:
    """Telegram delivers `fan`'s payment message once more."""
    emu = harness.emulator
    message = next(
        m for (chat, _), m in emu.messages.items() if chat == fan.id and "successful_payment" in m
    )
    emu.deliver_again({"update_id": 0, "message": message})


async def thanks_after_interval(harness: Harness) -> None:
    await harness.settle()
    await harness.advance_to(harness.clock.now() + THANKS_WAIT)
    await harness.settle()


async def test_a_gift_from_the_menu_to_the_rooms_thanks(harness: Harness) -> None:
    emu = harness.emulator
    ana = harness.fan("Ana")
    menu = await gift_menu(harness, ana)
    assert [b["text"] for b in menu.buttons()] == [
        "🌹 Rose — 1⭐",
        "☕ Coffee — 10⭐",
        "🍰 Cake — 50⭐",
        "🚀 Rocket — 500⭐",
    ]
    rose = emu.till.links[link(menu, "🌹")]
    assert (rose.title, rose.stars, rose.payload) == ("🌹 Rose", 1, f"gift:{harness.room.id}:1:🌹")
    charge = await give(harness, ana, "🌹", menu)
    receipt = await emu.wait_for_message(ana, "Thank you for your gift")
    assert charge in receipt.text and "🌹 Rose, 1⭐" in receipt.text
    assert emu.till.balance == 1
    (gift,) = await rows(harness, GiftRecord)
    assert (gift.user_id, gift.first_name, gift.stars, gift.charge_id) == (
        ana.id,
        "Ana",
        1,
        charge,
    )
    assert posts(harness, "Thank you") == []  # thanks wait for the batch
    await thanks_after_interval(harness)
    assert [p.text for p in posts(harness, "Thank you")] == ["Thank you Ana 🌹! 💝"]


async def test_two_hundred_gifts_in_a_minute_are_a_handful_of_posts_naming_everyone(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fans = [harness.fan(f"Fan{i}") for i in range(200)]
    menu = await gift_menu(harness, fans[0])
    rose, coffee = link(menu, "🌹"), link(menu, "☕")
    queries = [emu.checkout(fan, rose if i % 4 else coffee) for i, fan in enumerate(fans)]
    queries += [emu.checkout(fans[1], rose), emu.checkout(fans[1], rose)]  # Fan1 gives 3 roses
    await emu.wait_until(lambda: all(q in emu.till.answered for q in queries), timeout=30)
    await thanks_after_interval(harness)
    thanks = posts(harness, "Thank you")
    assert 1 <= len(thanks) <= 5
    named = " ".join(p.text for p in thanks)
    assert all(re.search(rf"\bFan{i} ", named) for i in range(200))
    assert "Fan1 🌹×3" in named and "Fan0 ☕" in named
    assert len(await rows(harness, GiftRecord)) == 202
    assert emu.till.balance == 150 * 1 + 50 * 10 + 2


async def test_a_payment_delivered_again_is_recorded_receipted_and_thanked_once(
    harness: Harness,
) -> None:
    emu = harness.emulator
    ana = harness.fan("Ana")
    await give(harness, ana, "☕")
    await harness.settle()
    pay_again(harness, ana)
    await harness.settle()
    await thanks_after_interval(harness)
    assert len(await rows(harness, GiftRecord)) == 1
    assert len([m for m in emu.messages_in(ana) if "Receipt" in m.text]) == 1
    assert [p.text for p in posts(harness, "Thank you")] == ["Thank you Ana ☕! 💝"]


async def test_a_burst_of_a_thousand_checkouts_is_answered_within_the_deadline(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fans = [harness.fan(f"Fan{i}") for i in range(1000)]
    menu = await gift_menu(harness, fans[0])
    rose = link(menu, "🌹")
    queries = [emu.checkout(fan, rose) for fan in fans]
    await emu.wait_until(lambda: all(q in emu.till.answered for q in queries), timeout=60)
    assert emu.till.late_answers == 0
    assert max(emu.till.waits) < 10, max(emu.till.waits)
    assert len(emu.till.payments) == 1000
    await harness.settle(timeout=120)  # then every payment is recorded, once
    assert len(await rows(harness, GiftRecord)) == 1000


async def test_a_pre_checkout_answered_after_ten_seconds_charges_nothing(harness: Harness) -> None:
    emu = harness.emulator
    late_fan = harness.fan("Late")
    rose = link(await gift_menu(harness, late_fan), "🌹")
    # Telegram gives the bot 10 seconds: the fan pressed Pay 11 s before the bot answers.
    with emu.earlier(11):
        query = emu.checkout(late_fan, rose)
    await emu.wait_until(lambda: emu.till.late_answers == 1, timeout=10)
    await harness.settle()
    assert emu.charge_of(query) is None
    assert emu.till.payments == {} and emu.till.balance == 0
    assert await rows(harness, GiftRecord) == []


async def test_a_checkout_for_a_gift_no_longer_on_the_menu_is_refused(harness: Harness) -> None:
    emu = harness.emulator
    ana = harness.fan("Ana")
    menu = await gift_menu(harness, ana)
    await harness.say("/gifts remove 🍰", expect="Removed 🍰")
    query = emu.checkout(ana, link(menu, "🍰"))
    await emu.wait_until(lambda: query in emu.till.answered)
    answer = emu.till.answered[query]
    assert answer["ok"] is False
    assert answer["error_message"].startswith("This gift is no longer on the menu")
    assert emu.till.payments == {}


async def test_a_refund_gives_the_stars_back_and_takes_the_gift_out_of_the_rankings(
    harness: Harness,
) -> None:
    emu = harness.emulator
    ana, bo = harness.fan("Ana"), harness.fan("Bo")
    await give(harness, ana, "🍰")
    await give(harness, bo, "☕")
    await harness.settle()
    log = await harness.say("/gifts log", expect="Latest gifts")
    assert re.search(r"#1 .* · Ana 🍰 50⭐", log.text) and re.search(
        r"#2 .* · Bo ☕ 10⭐", log.text
    )
    top = await harness.say("/top hour", expect="Most active")
    assert "💝 Top gifters\n1. Ana — 50⭐\n2. Bo — 10⭐" in top.text
    done = await harness.say("/refund 1", expect="Refunded")
    assert done.text == "Refunded gift #1: 50⭐ back to Ana. It no longer counts in rankings."
    assert emu.till.balance == 10
    told = await emu.wait_for_message(ana, "↩️")
    assert told.text == (
        "↩️ Your gift to Hana's live room, 🍰 Cake (50⭐), was refunded by the host: the Stars "
        "are back in your balance."
    )
    again = await harness.say("/refund 1")
    assert again.text == "Gift #1 was refunded already."
    top = await harness.say("/top hour", expect="Most active")
    assert "💝 Top gifters\n1. Bo — 10⭐" in top.text and "Ana — 50⭐" not in top.text
    # Telegram refuses: the host hears why and nothing changes.
    emu.inject_error("refundStarPayment", 400, "Bad Request: CHARGE_NOT_FOUND")
    refused = await harness.say("/refund 2")
    assert refused.text == (
        "Telegram refused to refund gift #2 (Bad Request: CHARGE_NOT_FOUND). Nothing changed."
    )
    bos = (await rows(harness, GiftRecord, GiftRecord.id == 2))[0]
    assert bos.refunded_at is None and emu.till.balance == 10
    for reply in (done, again, refused):
        assert reply.receiver_id == harness.host.id


async def test_a_big_gift_is_thanked_at_once_and_opens_its_envelope_once(
    harness: Harness,
) -> None:
    emu = harness.emulator
    armed = await harness.say("/gifts big 500 open x1 Lip balm", expect="Armed")
    assert armed.text == "🧧 Armed #1: every gift of 500⭐ or more opens a lottery for “Lip balm”."
    listed = await harness.say("/milestone", expect="#1")
    assert "#1 at every gift of 500⭐ or more: Lip balm" in listed.text
    ana, bo = harness.fan("Ana"), harness.fan("Bo")
    await give(harness, bo, "🌹")  # small: waits for the batch
    mark = len(emu.sent)
    await give(harness, ana, "🚀")
    await harness.settle()
    assert [p.text for p in posts(harness, "🎉 Wow", mark)] == [
        "🎉 Wow, thank you Ana for the 🚀 Rocket (500⭐)! 💝"
    ]
    assert [p.text for p in posts(harness, "Thank you", mark)] == ["Thank you Bo 🌹! 💝"]
    assert len(posts(harness, "🧧 A big gift opens", mark)) == 1
    assert len(posts(harness, "🎁 Lottery #1: Lip balm", mark)) == 1
    # A second big gift while that lottery runs: its envelope waits its turn.
    await give(harness, bo, "🚀")
    await harness.settle()
    envelopes = await rows(harness, Milestone, Milestone.trigger == MilestoneTrigger.GIFT)
    assert sorted(m.state for m in envelopes) == [
        MilestoneState.ARMED,
        MilestoneState.REACHED,
        MilestoneState.STARTED,
    ]
    assert len(await rows(harness, Lottery)) == 1
    # The same payment delivered again opens nothing more.
    pay_again(harness, ana)
    await harness.settle()
    assert len(await rows(harness, Milestone, Milestone.trigger == MilestoneTrigger.GIFT)) == 3


async def test_a_paid_message_is_a_gift_of_its_stars(harness: Harness) -> None:
    emu = harness.emulator
    ana = harness.fan("Ana")
    emu.send(ana, harness.room, "hello from a paid message", paid_stars=25)
    await thanks_after_interval(harness)
    (gift,) = await rows(harness, GiftRecord)
    assert (gift.stars, gift.paid_message, gift.emoji) == (25, True, "⭐")
    assert [p.text for p in posts(harness, "Thank you")] == ["Thank you Ana ⭐! 💝"]
    refund = await harness.say("/refund 1")
    assert refund.text == "Gift #1 was a paid message: Telegram does not let bots refund those."


async def test_forget_takes_the_givers_name_off_their_gifts(harness: Harness) -> None:
    emu = harness.emulator
    ana = harness.fan("Ana")
    await give(harness, ana, "☕")
    await harness.settle()
    await harness.say("/forget", user=ana, chat=ana)
    (gift,) = await rows(harness, GiftRecord)
    assert (gift.user_id, gift.first_name, gift.stars) == (None, None, 10)
    log = await harness.say("/gifts log", expect="Latest gifts")
    assert "someone ☕ 10⭐" in log.text
    assert emu.till.balance == 10


async def test_the_host_changes_the_menu_and_every_bad_input_is_answered(
    harness: Harness,
) -> None:
    added = await harness.say("/gifts add 🧸 Teddy bear 100", expect="On the menu")
    assert added.text == "On the menu: 🧸 Teddy bear for 100⭐."
    menu = await harness.say("/gifts", expect="The gift menu")
    assert "🧸 Teddy bear — 100⭐" in menu.text and "🌹 Rose — 1⭐" in menu.text
    replies = {
        "/gifts add": "Give an emoji, a name and a price",
        "/gifts add 🧸 Teddy": "Give an emoji, a name and a price",
        "/gifts add x Teddy 5": "“x” is not an emoji.",
        "/gifts add 🧸 Teddy 0": "“0” is not a price",
        "/gifts add 🧸 Teddy 99999": "“99999” is not a price",
        "/gifts add 🧸 Teddy lots": "“lots” is not a price",
        "/gifts add 🧸 " + "x" * 30 + " 5": "Keep the gift's name to 24 characters.",
        "/gifts ad 🧸 Bear 5": "“ad” is not something /gifts does",
        "/gifts remove": "Which gift?",
        "/gifts remove 🦄": "There is no 🦄 on the menu.",
        "/gifts big abc open Mug": "“abc” is not a price",
        "/gifts big 500": "A red envelope for big gifts",
        "/gifts big 500 raffle Mug": "“raffle” is not a way to enter",
        "/gifts big": "No red envelope waits for big gifts.",
        "/gifts big off": "Big gifts no longer open a red envelope.",
        "/gifts log": "No gifts yet.",
        "/refund": "Which gift?",
        "/refund abc": "“abc” is not a gift number.",
        "/refund 7": "There is no gift #7 in this room.",
    }
    for command, expected in replies.items():
        reply = await harness.say(command)
        assert reply.text.startswith(expected), (command, reply.text)
        assert reply.receiver_id == harness.host.id
    fan = harness.fan("Ana")
    refused = await harness.say("/gifts add 🧸 Bear 5", user=fan, expect="only the admins")
    assert refused.receiver_id == fan.id
    assert refused.text == (
        "Sorry, only the admins of this room can do that. To send the host a gift, use /gift."
    )
    other = await harness.say("/lottery open Mug", user=fan, expect="only the admins")
    assert other.text == "Sorry, only the admins of this room can do that."


async def test_a_show_with_gifts_from_the_live_notice_to_the_report(harness: Harness) -> None:
    emu, room, host = harness.emulator, harness.room, harness.host
    emu.start_private(host)
    await harness.settle()
    emu.video_chat(host, room, "started")
    notice = await emu.wait_for_message(room, "We are live")
    assert [b["text"] for b in notice.buttons()] == ["✋ Check in", "🎁 Send a gift"]
    ana, bo = harness.fan("Ana"), harness.fan("Bo")
    # Ana presses it: the menu is shown to her alone, right there.
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(ana, notice, "🎁 Send a gift"))
    menu = await emu.wait_for_message(room, "Send Hana's live room a gift", after=mark)
    assert menu.receiver_id == ana.id
    await give(harness, ana, "🍰", menu)
    # Bo's press reaches the bot too late for the room (15 s): the button opens the private
    # chat, where the menu waits.
    with emu.earlier(16):
        press = emu.press(bo, notice, "🎁 Send a gift")
    answer = await emu.wait_for_answer(press)
    assert answer["url"] == f"https://t.me/liveroom_bot?start=gifts_{-room.id}"
    emu.follow_link(bo, str(answer["url"]))
    private_menu = await emu.wait_for_message(bo, "Send Hana's live room a gift")
    await give(harness, bo, "☕", private_menu)
    await thanks_after_interval(harness)
    assert [p.text for p in posts(harness, "Thank you")] == ["Thank you Ana 🍰, Bo ☕! 💝"]
    mark = len(emu.sent)
    emu.video_chat(host, room, "ended", duration=30 * 60)
    report = await emu.wait_for_message(host, "📊", after=mark)
    assert report.text.endswith("Gifts: 60⭐ · top gifters: Ana 50⭐, Bo 10⭐")


async def test_a_payment_that_meets_a_busy_database_is_recorded_on_the_next_try(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import exc

    from services.gifts import GiftService

    record = GiftService.record
    failures = []

    async def busy_once(self: GiftService, *args: object, **kwargs: object) -> object:
        if not failures:
            failures.append(1)
            raise exc.OperationalError("INSERT INTO gifts", {}, Exception("database is locked"))
        return await record(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(GiftService, "record", busy_once)
    emu = harness.emulator
    ana = harness.fan("Ana")
    await give(harness, ana, "☕")
    await emu.wait_for_message(ana, "Thank you for your gift", timeout=10)
    await harness.settle()
    assert failures == [1]
    (gift,) = await rows(harness, GiftRecord)
    assert (gift.user_id, gift.stars) == (ana.id, 10)
    assert [m.text for m in emu.messages_in(ana) if "went wrong" in m.text] == []


async def test_help_names_the_gift_commands_and_gift_works_in_the_private_chat(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/gifts", expect="🎁 The gift menu")  # the room is set up
    host_help = await harness.say("/help", expect="Liveroom for hosts")
    assert (
        "/gifts — your gift menu in Stars (add, remove, big, log); /refund <no.> — give a "
        "gift's Stars back\n" in host_help.text
    )
    ann = harness.fan("Ann")
    fan_help = await harness.say("/help", user=ann, expect="Liveroom runs this room")
    assert "/gift — send the host a gift in Telegram Stars.\n" in fan_help.text
    emu.start_private(ann)
    await emu.wait_for_message(ann, "Hi Ann")
    private_help = await harness.say("/help", user=ann, chat=ann, expect="Fans:")
    assert "/gift — send a host a gift in Telegram Stars.\n" in private_help.text
    assert "/reminders — the shows I'll remind you of" in private_help.text
    # /gift in the private chat: the menu of the room Ann is in, ready to pay.
    menu = await harness.say("/gift", user=ann, chat=ann, expect="Send Hana's live room a gift")
    assert menu.buttons()
    charge = await give(harness, ann, "☕", menu)
    assert charge
    # Someone in no room of the bot's is told where /gift works.
    stranger = emu.add_user("Zed")
    emu.start_private(stranger)
    await emu.wait_for_message(stranger, "Hi Zed")
    told = await harness.say("/gift", user=stranger, chat=stranger, expect="")
    assert told.text.startswith("I don't see you in any live room I run.")
    assert room.members.get(stranger.id) is None


async def test_the_host_menu_is_sorted_by_price_and_names_its_red_envelope(
    harness: Harness,
) -> None:
    await harness.say("/gifts add 🧸 Bear 5", expect="On the menu")
    await harness.say("/gifts big 100 open Lip balm", expect="Armed")
    menu = await harness.say("/gifts", expect="🎁 The gift menu")
    assert menu.text.splitlines()[:7] == [
        "🎁 The gift menu:",
        "🌹 Rose — 1⭐",
        "🧸 Bear — 5⭐",
        "☕ Coffee — 10⭐",
        "🍰 Cake — 50⭐",
        "🚀 Rocket — 500⭐",
        "🧧 Red envelope #1: every gift of 100⭐ or more opens a lottery for “Lip balm” "
        "(/gifts big off stops it).",
    ]
    await harness.say("/language zh", expect="")
    zh = await harness.say("/gifts", expect="")
    assert "🧸 Bear：5⭐" in zh.text and "星\n" not in zh.text
