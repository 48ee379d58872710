"""Winners claim in private; hosts see, export and ship; privacy holds."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from domain.draw import Proof, verify
from domain.vocabulary import ClaimStatus
from emulator.world import EmuUser, SentMessage
from services.crypto import Cipher
from storage.models import FsmRecord, Winner
from tests.databases import ON_POSTGRES
from tests.harness import Harness

ADDRESS = "88 Century Avenue, Pudong, Shanghai 200120, China"
DELAY = timedelta(seconds=60)


async def winners(harness: Harness) -> list[Winner]:
    async with harness.running.session_factory() as session:
        return list((await session.scalars(select(Winner).order_by(Winner.rank))).all())


async def run_lottery(harness: Harness, fans: list[EmuUser], command: str) -> SentMessage:
    """Start a lottery, let every fan join, draw it; returns the result message."""
    emu = harness.emulator
    card = await harness.say(command, expect="🎁 Lottery #")
    for fan in fans:
        await emu.wait_for_answer(emu.press(fan, card, "🙋 Join"))
    mark = len(emu.sent)
    await harness.advance_to(harness.clock.now() + DELAY)
    return await emu.wait_for_message(harness.room, "🎉 Lottery #", after=mark)


async def reply_to(harness: Harness, fan: EmuUser, text: str, expect: str = "") -> SentMessage:
    return await harness.say(text, user=fan, chat=fan, expect=expect)


async def claim_until_address(harness: Harness, fan: EmuUser, url: str) -> None:
    emu = harness.emulator
    mark = len(emu.sent)
    emu.follow_link(fan, url)
    await emu.wait_for_message(fan, "1/4 · Recipient's full name?", after=mark)
    await reply_to(harness, fan, "Mei Lin", expect="2/4 · Phone number")


async def test_a_new_fan_claims_with_the_button_and_fills_the_form(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emu = harness.emulator
    mei = harness.fan("Mei")
    result = await run_lottery(harness, [mei], "/lottery open Lip balm set")
    url = result.buttons()[0]["url"]
    assert url == "https://t.me/liveroom_bot?start=claim_1"

    # Someone else cannot claim it.
    other = harness.fan("Bo")
    emu.follow_link(other, url)
    refused = await emu.wait_for_message(other, "isn't yours")
    assert refused.text == "This prize isn't yours: only the drawn winner can claim it."

    mark = len(emu.sent)
    emu.follow_link(mei, url)
    intro = await emu.wait_for_message(mei, "You won Lip balm set", after=mark)
    assert intro.text.startswith("🎉 You won Lip balm set in Hana's live room!")
    assert "Claim by Thu, Jan 3, 2030 10:01 (UTC)." in intro.text
    await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)
    phone_question = await reply_to(harness, mei, "Mei Lin", expect="2/4")
    keyboard = phone_question.reply_markup or {}
    assert keyboard["keyboard"][0][0] == {"text": "📱 Share my phone", "request_contact": True}

    bad = await reply_to(harness, mei, "call me maybe")
    assert bad.text == (
        "That doesn't look like a phone number. Type it with the country code, e.g. +86 138 0013 "
        "8000, or press the button.\n\n2/4 · Phone number for the courier? Press the button to "
        "share yours, or type it."
    )
    mark = len(emu.sent)
    emu.send_contact(mei, mei, "8613800138000")
    await emu.wait_for_message(mei, "3/4 · Full delivery address", after=mark)
    short = await reply_to(harness, mei, "Shanghai")
    assert short.text.startswith("That address looks too short for a courier.")
    assert short.text.endswith(
        "3/4 · Full delivery address (street, number, city, postcode, country)?"
    )
    note_question = await reply_to(harness, mei, ADDRESS, expect="4/4")
    assert (note_question.reply_markup or {})["keyboard"][0][0]["text"] == "Skip"
    summary = await reply_to(harness, mei, "Skip", expect="Please check")
    assert summary.text == (
        "Please check:\nPrize: Lip balm set\nRecipient: Mei Lin\nPhone: +8613800138000\n"
        f"Address: {ADDRESS}\nNote: —"
    )
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, summary, "✅ Confirm"))
    await emu.wait_for_message(mei, "Thank you! Your details are saved.", after=mark)
    await harness.settle()

    (winner,) = await winners(harness)
    assert winner.status is ClaimStatus.SUBMITTED
    assert winner.address_enc is not None
    assert ADDRESS not in winner.address_enc
    cipher = Cipher(harness.settings.data_keys)
    assert cipher.decrypt(winner.address_enc) == ADDRESS
    assert cipher.decrypt(winner.phone_enc or "") == "+8613800138000"  # Telegram omits the +
    assert winner.note_enc is None

    # The database files (including the WAL) never hold the address in plain text.
    db_path = Path(harness.settings.database_url.removeprefix("sqlite+aiosqlite:///"))
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if not ON_POSTGRES and path.exists():
            assert ADDRESS.encode() not in path.read_bytes()
            assert b"Century Avenue" not in path.read_bytes()
    async with harness.running.session_factory() as session:
        assert (await session.scalars(select(FsmRecord))).all() == []  # the draft is gone
    # Even at DEBUG level, no log line carries the address or the phone number.
    assert caplog.records
    assert "Century Avenue" not in caplog.text
    assert "13800138000" not in caplog.text

    # Reviewing later shows the details, with Edit.
    mark = len(emu.sent)
    emu.follow_link(mei, url)
    review = await emu.wait_for_message(mei, "Your details for Lip balm set", after=mark)
    assert f"Address: {ADDRESS}" in review.text
    assert [b["text"] for b in review.buttons()] == ["✏️ Edit"]


async def test_a_restart_mid_dialog_resumes_it(harness: Harness) -> None:
    emu = harness.emulator
    mei = harness.fan("Mei")
    result = await run_lottery(harness, [mei], "/lottery open Mug")
    await claim_until_address(harness, mei, result.buttons()[0]["url"])
    await reply_to(harness, mei, "+86 138 0013 8000", expect="3/4")
    await harness.restart()
    await reply_to(harness, mei, ADDRESS, expect="4/4")
    summary = await reply_to(harness, mei, "Leave it with the doorman", expect="Please check")
    assert "Recipient: Mei Lin\nPhone: +8613800138000" in summary.text
    assert "Note: Leave it with the doorman" in summary.text
    # Edit asks which field; cancel leaves, and nothing is saved.
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, summary, "✏️ Edit"))
    fields = await emu.wait_for_message(mei, "Please check", after=mark)
    assert fields.method == "editMessageReplyMarkup"
    field_names = ["👤 Name", "📱 Phone", "🏠 Address", "📝 Note"]
    assert [b["text"] for b in fields.buttons()] == field_names
    cancelled = await reply_to(harness, mei, "/cancel")
    assert (
        cancelled.text
        == "Stopped; nothing was saved. Press the Claim button whenever you're ready."
    )
    (winner,) = await winners(harness)
    assert winner.status is ClaimStatus.WAITING
    assert winner.recipient_enc is None


async def test_host_lists_exports_and_ships(harness: Harness) -> None:
    emu = harness.emulator
    mei, bo = harness.fan("Mei"), harness.fan("Bo")
    result = await run_lottery(harness, [mei, bo], "/lottery open x2 Photo book")
    url = result.buttons()[0]["url"]
    await claim_until_address(harness, mei, url)
    await reply_to(harness, mei, "13800138000", expect="3/4")
    await reply_to(harness, mei, ADDRESS, expect="4/4")
    summary = await reply_to(harness, mei, "Ring twice, 谢谢", expect="Please check")
    await emu.wait_for_answer(emu.press(mei, summary, "✅ Confirm"))
    await emu.wait_for_message(mei, "Thank you!")
    await harness.settle()
    mei_winner, bo_winner = sorted(await winners(harness), key=lambda w: w.user_id != mei.id)

    # In the room the list is never shown: it goes to the host's private chat.
    reply = await harness.say("/winners")
    assert (
        reply.text
        == "I can only send this privately, and you haven't opened a chat with me yet: https://t.me/liveroom_bot?start=hello"
    )
    emu.start_private(harness.host)
    await emu.wait_for_message(harness.host, "Hi Hana")
    reply = await harness.say("/winners")
    assert reply.text == "I've sent it to you in our private chat."
    listing = await emu.wait_for_message(harness.host, "🎁 #1 Photo book")
    assert f"winner {mei_winner.id}: Mei — submitted" in listing.text
    assert f"    Mei Lin · 13800138000 · {ADDRESS} · Ring twice, 谢谢" in listing.text
    assert (
        f"winner {bo_winner.id}: Bo — waiting for details, until Thu, Jan 3, 2030 10:01 (UTC)"
        in listing.text
    )
    assert not [m for m in emu.messages_in(harness.room) if ADDRESS in m.text]

    # A fan (not an admin) asking privately sees nothing.
    nosy = await reply_to(harness, bo, "/winners")
    assert nosy.text == "No lotteries with winners yet in rooms where you are an admin."

    mark = len(emu.sent)
    emu.send(harness.host, harness.host, "/export 1")
    export = await emu.wait_for_message(harness.host, "Winners and delivery details", after=mark)
    assert export.document is not None
    assert export.document[0] == "winners-1.csv"
    content = export.document[1]
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Lottery",
        "Drawn at",
        "Prize",
        "Winner no.",
        "Telegram name",
        "Telegram id",
        "Status",
        "Recipient",
        "Phone",
        "Address",
        "Note",
        "Submitted at",
        "Shipped at",
        "Time zone",
    ]
    by_name = {row[4]: row for row in rows[1:]}
    assert by_name["Mei"] == [
        "1",
        "2030-01-01 10:01",
        "Photo book",
        str(mei_winner.id),
        "Mei",
        str(mei.id),
        "submitted",
        "Mei Lin",
        '="13800138000"',
        ADDRESS,
        "Ring twice, 谢谢",
        "2030-01-01 10:01",
        "",
        "UTC",
    ]
    assert by_name["Bo"] == [
        "1",
        "2030-01-01 10:01",
        "Photo book",
        str(bo_winner.id),
        "Bo",
        str(bo.id),
        "waiting",
        "",
        "",
        "",
        "",
        "",
        "",
        "UTC",
    ]
    assert len(rows) == 3
    # A date range (in the room's zone, both days included) finds the same; another finds none.
    mark = len(emu.sent)
    emu.send(harness.host, harness.host, "/export 2030-01-01 2030-01-01")
    ranged = await emu.wait_for_message(harness.host, "(2 rows)", after=mark)
    assert ranged.document is not None
    assert ranged.document[0] == "winners.csv"
    assert list(csv.reader(io.StringIO(ranged.document[1].decode("utf-8-sig")))) == rows
    empty = await reply_to(harness, harness.host, "/export 2030-02-01 2030-02-28")
    assert empty.text == "Nothing to export for that choice."

    # Shipping: only submitted prizes; the winner is told.
    refused = await reply_to(harness, harness.host, f"/shipped {bo_winner.id}")
    assert (
        refused.text
        == f"Winner {bo_winner.id} hasn't sent delivery details yet, so it can't ship."
    )
    done = await reply_to(harness, harness.host, f"/shipped {mei_winner.id}")
    assert done.text == f"Marked winner {mei_winner.id} (Mei) as shipped; they have been told."
    await emu.wait_for_message(mei, "📦 Good news: your prize Photo book has been shipped!")
    mark = len(emu.sent)
    emu.follow_link(mei, url)
    await emu.wait_for_message(mei, "📦 Photo book was shipped on", after=mark)

    # Retention: the details are deleted RETENTION_DAYS (30) after shipping, not before.
    shipped_at = harness.clock.now()
    await harness.advance_to(shipped_at + timedelta(days=29, hours=23))
    kept = next(w for w in await winners(harness) if w.user_id == mei.id)
    assert kept.address_enc is not None
    await harness.advance_to(shipped_at + timedelta(days=31))
    shipped = next(w for w in await winners(harness) if w.user_id == mei.id)
    assert shipped.status is ClaimStatus.SHIPPED
    assert (shipped.recipient_enc, shipped.phone_enc, shipped.address_enc) == (None, None, None)


async def test_reroll_of_a_lottery_not_drawn_or_cancelled_says_so(harness: Harness) -> None:
    await harness.say("/lottery open Mug", expect="🎁 Lottery #1")
    reply = await harness.say("/reroll 1")
    assert reply.text == (
        "Lottery #1 is not drawn yet: its draw is at Tue, Jan 1, 2030 10:01 (UTC). /reroll "
        "re-draws prizes whose winners did not claim them in time."
    )
    await harness.say("/lottery_cancel", expect="stopped")
    reply = await harness.say("/reroll 1")
    assert reply.text == ("Lottery #1 was cancelled before its draw: it has no prizes to re-draw.")


async def test_unclaimed_prize_is_reminded_expires_and_is_rerolled(harness: Harness) -> None:
    emu = harness.emulator
    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cai", "Dee")]
    for fan in fans:
        emu.start_private(fan)
        await emu.wait_for_message(fan, "Hi")
    await run_lottery(harness, fans, "/lottery open x1 Scarf")
    (first,) = await winners(harness)
    winner_fan = next(f for f in fans if f.id == first.user_id)
    await emu.wait_for_message(winner_fan, "You won Scarf")

    reply = await harness.say("/reroll 1")
    assert reply.text == (
        "Lottery #1's winners still have time to claim their prizes: the first deadline is "
        "Thu, Jan 3, 2030 10:01 (UTC). After it, /reroll 1 re-draws every prize left unclaimed."
    )
    # 12 hours before the 48-hour deadline: a private reminder.
    await harness.advance_to(harness.clock.now() + timedelta(hours=36, minutes=1))
    reminder = await emu.wait_for_message(winner_fan, "⏰ Don't forget your prize Scarf")
    assert "by Thu, Jan 3, 2030 10:01 (UTC)" in reminder.text
    await harness.advance_to(harness.clock.now() + timedelta(hours=13))
    (expired,) = await winners(harness)
    assert expired.status is ClaimStatus.EXPIRED
    mark = len(emu.sent)
    emu.follow_link(winner_fan, "https://t.me/liveroom_bot?start=claim_1")
    await emu.wait_for_message(winner_fan, "The time to claim Scarf ended on", after=mark)

    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/reroll 1")
    redraw = await emu.wait_for_message(harness.room, "🔁 Lottery #1: Scarf", after=mark)
    old, new = await winners(harness)
    assert (old.user_id, old.replaced) == (first.user_id, True)
    assert new.user_id != first.user_id
    assert [e["user"]["id"] for e in redraw.entities] == [new.user_id]
    assert redraw.buttons()[0]["url"] == "https://t.me/liveroom_bot?start=claim_1"
    new_fan = next(f for f in fans if f.id == new.user_id)
    await emu.wait_for_message(new_fan, "You won Scarf")
    again = await harness.say("/reroll 1")
    assert again.text.startswith("Lottery #1's winners still have time to claim their prizes")

    # The re-draw is checkable the same way as the draw.
    proof_reply = await harness.say("/proof 1")
    assert proof_reply.document is not None
    proof = Proof.from_json(proof_reply.document[1].decode())
    assert proof.rerolled == [first.user_id]
    assert proof.winners == [first.user_id, new.user_id]
    assert verify(proof) == []


async def win_and_submit(harness: Harness, fan: EmuUser, command: str) -> None:
    """`fan` alone enters, wins and sends the whole delivery form."""
    emu = harness.emulator
    result = await run_lottery(harness, [fan], command)
    await claim_until_address(harness, fan, result.buttons()[0]["url"])
    await reply_to(harness, fan, "13800138000", expect="3/4")
    await reply_to(harness, fan, ADDRESS, expect="4/4")
    summary = await reply_to(harness, fan, "Skip", expect="Please check")
    await emu.wait_for_answer(emu.press(fan, summary, "✅ Confirm"))
    await emu.wait_for_message(fan, "Thank you!")


async def test_forget_deletes_delivery_data(harness: Harness) -> None:
    mei = harness.fan("Mei")
    await win_and_submit(harness, mei, "/lottery open Tea set")
    privacy = await reply_to(harness, mei, "/privacy")
    assert "deleted 30 days after the prize is shipped, or at once with /forget" in privacy.text
    done = await reply_to(harness, mei, "/forget")
    assert done.text.startswith(
        "Done: your delivery details and any unfinished form are deleted.\n\n"
        "Your prize “Tea set” has not been shipped yet"
    )
    (winner,) = await winners(harness)
    assert (winner.recipient_enc, winner.phone_enc, winner.address_enc) == (None, None, None)


async def test_forget_before_shipping_warns_the_fan_and_the_prize_cannot_ship_to_nowhere(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    mei = harness.fan("Mei")
    await win_and_submit(harness, mei, "/lottery open Tea set")
    done = await reply_to(harness, mei, "/forget", expect="Done")
    assert done.text == (
        "Done: your delivery details and any unfinished form are deleted.\n\n"
        "Your prize “Tea set” has not been shipped yet, and without an address it can't be. To "
        "still receive it, press “Claim your prize” in the room again before Thu, Jan 3, 2030 "
        "10:01 (UTC) and fill in the form."
    )
    (winner,) = await winners(harness)
    assert (winner.status, winner.address_enc) == (ClaimStatus.WAITING, None)
    refused = await harness.say(f"/shipped {winner.id}", chat=harness.host, expect="")
    assert (
        refused.text == f"Winner {winner.id} hasn't sent delivery details yet, so it can't ship."
    )
    assert not [m for m in emu.messages_in(mei) if m.text.startswith("📦")]


async def test_a_shipped_mark_made_by_mistake_can_be_undone(harness: Harness) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)
    mei = harness.fan("Mei")
    await win_and_submit(harness, mei, "/lottery open Tea set")
    (winner,) = await winners(harness)
    host = harness.host
    await harness.say(f"/shipped {winner.id}", chat=host, expect="Marked winner")
    again = await harness.say(f"/shipped {winner.id}", chat=host, expect="already")
    assert again.text.endswith(f"Marked by mistake? /shipped {winner.id} undo")
    undone = await harness.say(f"/shipped {winner.id} undo", chat=host, expect="")
    assert undone.text == (
        f"Winner {winner.id} (Mei) is no longer marked as shipped; their details are kept."
    )
    (winner,) = await winners(harness)
    assert (winner.status, winner.shipped_at) == (ClaimStatus.SUBMITTED, None)
    assert winner.address_enc is not None
    nothing = await harness.say(f"/shipped {winner.id} undo", chat=host, expect="")
    assert nothing.text == (
        f"Winner {winner.id} is not marked as shipped, so there is nothing to undo."
    )


async def test_commands_typed_in_the_form_are_commands_never_answers(harness: Harness) -> None:
    emu = harness.emulator
    mei = harness.fan("Mei")
    result = await run_lottery(harness, [mei], "/lottery open Tea set")
    url = result.buttons()[0]["url"]
    mark = len(emu.sent)
    emu.follow_link(mei, url)
    await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)

    # /privacy answers, then the same question again; nothing is stored.
    mark = len(emu.sent)
    emu.send(mei, mei, "/privacy")
    await emu.wait_for_message(mei, "What Liveroom stores", after=mark)
    again = await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)
    assert again.text.startswith("1/4")
    # /help and /start answer as themselves, then the same question again.
    mark = len(emu.sent)
    emu.send(mei, mei, "/help")
    helped = await emu.wait_for_message(mei, "Fans: press", after=mark)
    assert helped.text.startswith("Fans: press 🔔 Remind me")
    await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)
    mark = len(emu.sent)
    emu.send(mei, mei, "/start")
    resumed = await emu.wait_for_message(mei, "You're filling in", after=mark)
    assert resumed.text.startswith("You're filling in the delivery form for your prize.")
    await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)
    # Any other command: a hint and the same question.
    hint = await reply_to(harness, mei, "/lottery open Mug", expect="1/4")
    assert hint.text.startswith("That's a command, not an answer.")
    await reply_to(harness, mei, "Mei Lin", expect="2/4")
    # Full-width digits and plus (a Chinese keyboard) are a phone number like any other.
    await reply_to(harness, mei, "＋８６ １３９ ００１３ ９０００", expect="3/4")
    draft = await harness.running.dispatcher.storage.get_data(
        StorageKey(bot_id=emu.bot.id, chat_id=mei.id, user_id=mei.id)
    )
    assert draft["phone"] == "+8613900139000"
    await reply_to(harness, mei, "/start", expect="3/4")
    hint = await reply_to(harness, mei, "/winners", expect="3/4")
    assert hint.text.startswith("That's a command, not an answer.")

    # /forget leaves the form and deletes the draft (with the name typed so far).
    done = await reply_to(harness, mei, "/forget", expect="Done")
    assert done.text == (
        "Done: no delivery details of yours were stored, and any unfinished form is deleted."
    )
    async with harness.running.session_factory() as session:
        assert (await session.scalars(select(FsmRecord))).all() == []
    after = await reply_to(harness, mei, "88 Century Avenue, Shanghai 200120")
    assert after.text == "I didn't catch that. /help lists what I can do."
    (winner,) = await winners(harness)
    assert winner.status is ClaimStatus.WAITING
    assert winner.recipient_enc is None

    # /cancel leaves too; the button brings the winner back to the first question.
    mark = len(emu.sent)
    emu.follow_link(mei, url)
    await emu.wait_for_message(mei, "1/4 · Recipient's full name?", after=mark)
    left = await reply_to(harness, mei, "/cancel", expect="Stopped")
    assert left.text.startswith("Stopped; nothing was saved.")


async def test_room_posts_use_the_rooms_language_and_private_ones_the_hosts(
    harness: Harness,
) -> None:
    emu = harness.emulator
    emu.start_private(harness.host)  # the host's Telegram is in English
    mei = harness.fan("Mei")
    await win_and_submit(harness, mei, "/lottery open Tea set")

    await harness.say("/language zh", expect="")
    mark = len(emu.sent)
    in_room = await harness.say("/winners", expect="")
    assert in_room.text == "我已私信发给你了。"
    listing = await emu.wait_for_message(harness.host, "🎁 #1 Tea set", after=mark)
    assert "winner 1: Mei" in listing.text  # the host's own language in private
    (winner,) = await winners(harness)
    shipped = await harness.say(f"/shipped {winner.id}", expect="")
    assert shipped.text == f"已将中奖编号 {winner.id}（Mei）标记为已寄出，并已通知对方。"


async def test_the_form_answers_every_step_and_changes_one_field_at_a_time(
    harness: Harness,
) -> None:
    emu = harness.emulator
    mei = harness.fan("Mei")
    result = await run_lottery(harness, [mei], "/lottery open Mug")
    url = result.buttons()[0]["url"]
    await claim_until_address(harness, mei, url)
    # 0086 is the international prefix: stored in international form.
    await reply_to(harness, mei, "0086-138-0013-8000", expect="3/4")
    refused = await reply_to(harness, mei, "+86 138 0013 8000")
    assert refused.text.startswith("That looks like a number, not an address.")
    await reply_to(harness, mei, ADDRESS, expect="4/4")
    summary = await reply_to(harness, mei, "Skip", expect="Please check")
    assert "Phone: +8613800138000" in summary.text

    # Words after the summary get an answer and the summary again, with its buttons.
    again = await reply_to(harness, mei, "is that all?")
    assert again.text.startswith(
        "Nothing is saved yet: press ✅ Confirm to save these details, or ✏️ Edit to change one."
        "\n\nPlease check:"
    )
    assert [b["text"] for b in again.buttons()] == ["✅ Confirm", "✏️ Edit"]

    # Edit one field: only that question, then the summary with the rest kept.
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, again, "✏️ Edit"))
    fields = await emu.wait_for_message(mei, "Please check", after=mark)
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, fields, "🏠 Address"))
    await emu.wait_for_message(mei, "3/4 · Full delivery address", after=mark)
    new_address = "1 Nanjing Road, Shanghai 200001"
    changed = await reply_to(harness, mei, new_address, expect="Please check")
    assert changed.text == (
        "Please check:\nPrize: Mug\nRecipient: Mei Lin\nPhone: +8613800138000\n"
        "Address: 1 Nanjing Road, Shanghai 200001\nNote: —"
    )
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, changed, "✅ Confirm"))
    await emu.wait_for_message(mei, "Thank you! Your details are saved.", after=mark)

    # A stale Confirm (the first summary) speaks to the winner, not the host.
    stale = emu.press(mei, summary, "✅ Confirm")
    answer = await emu.wait_for_answer(stale)
    assert answer["text"] == (
        "This form has closed. To see or change your details, press “🎁 Claim your prize” under "
        "the result in the room."
    )

    # Reopened after saving: /cancel while changing a field keeps what was saved, and says so.
    mark = len(emu.sent)
    emu.follow_link(mei, url)
    review = await emu.wait_for_message(mei, "Your details for Mug", after=mark)
    hint = await reply_to(harness, mei, "thanks")
    assert hint.text.startswith("These details are saved. To change one, press ✏️ Edit.")
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, review, "✏️ Edit"))
    fields = await emu.wait_for_message(mei, "Your details for Mug", after=mark)
    mark = len(emu.sent)
    await emu.wait_for_answer(emu.press(mei, fields, "📱 Phone"))
    await emu.wait_for_message(mei, "2/4 · Phone number", after=mark)
    cancelled = await reply_to(harness, mei, "/cancel")
    assert cancelled.text == (
        "Stopped. Your details saved earlier stay as they were; press the Claim button again to "
        "change them."
    )
    (winner,) = await winners(harness)
    assert winner.status is ClaimStatus.SUBMITTED
    cipher = Cipher(harness.settings.data_keys)
    assert cipher.decrypt(winner.address_enc or "") == "1 Nanjing Road, Shanghai 200001"
    assert cipher.decrypt(winner.phone_enc or "") == "+8613800138000"
    nothing_open = await reply_to(harness, mei, "/cancel")
    assert nothing_open.text == (
        "No form is open, so there is nothing to cancel. (Hosts: to cancel a show, send "
        "/cancel with its number in your room.)"
    )


async def test_a_redraw_that_runs_out_of_entrants_says_what_stays_unawarded(
    harness: Harness,
) -> None:
    emu = harness.emulator
    fans = [harness.fan(name) for name in ("Ann", "Ben", "Cai")]
    await run_lottery(harness, fans, "/lottery open x2 Scarf")
    await harness.advance_to(harness.clock.now() + timedelta(hours=49))  # both prizes expire
    mark = len(emu.sent)
    emu.send(harness.host, harness.room, "/reroll 1")
    redraw = await emu.wait_for_message(harness.room, "🔁 Lottery #1: Scarf", after=mark)
    assert redraw.text.endswith(
        "1 prize stays unawarded: everyone else who entered has already won."
    )
    assert len(await winners(harness)) == 3


async def test_a_new_data_key_re_encrypts_everything_so_the_old_one_can_go(
    harness: Harness,
) -> None:
    emu = harness.emulator
    mei, bo = harness.fan("Mei"), harness.fan("Bo")
    result = await run_lottery(harness, [mei, bo], "/lottery open x2 Mug")
    url = result.buttons()[0]["url"]
    await claim_until_address(harness, mei, url)
    await reply_to(harness, mei, "+86 138 0013 8000", expect="3/4")
    await reply_to(harness, mei, ADDRESS, expect="4/4")
    summary = await reply_to(harness, mei, "Skip", expect="Please check")
    await emu.wait_for_answer(emu.press(mei, summary, "✅ Confirm"))
    await claim_until_address(harness, bo, url)  # Bo's form is half done: a draft
    await harness.settle()

    (old,) = harness.settings.data_keys
    new = Fernet.generate_key().decode()
    harness.settings = harness.settings.model_copy(update={"data_key": SecretStr(f"{new},{old}")})
    await harness.restart()  # "new,old": everything is re-encrypted with the new key
    harness.settings = harness.settings.model_copy(update={"data_key": SecretStr(new)})
    await harness.restart()  # the old key is gone

    mei_winner = next(w for w in await winners(harness) if w.user_id == mei.id)
    assert Cipher([new]).decrypt(mei_winner.address_enc or "") == ADDRESS
    # Bo's draft reads with the new key alone: the form goes on where it was.
    await reply_to(harness, bo, "+86 139 0013 9000", expect="3/4")
