"""The scripted show of the offline demo: a day of a live room, from scheduling to the report."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import func, select

from demo.director import (
    ADDRESS,
    BANNED_WORD,
    CROWD,
    NEWCOMER_NAMES,
    NEWCOMERS,
    ROOM_ZONE,
    Director,
)
from domain.vocabulary import ClaimStatus
from emulator.world import EmuUser
from storage.models import Entry, Strike, Winner


async def script(director: Director) -> str:
    """One whole show; returns the one-line summary."""
    started = time.monotonic()
    on_air = await _schedule_and_go_live(director)
    await _warm_room(director)
    entrants, winners = await _password_lottery(director, on_air)
    await _claim_and_check(director, winners[0])
    await _gifts(director)
    await _likes_and_a_goal(director)
    battle = await _battle(director)
    await _end_show(director, on_air)
    offered = await _next_theme(director)
    emu = director.emulator
    async with director.stage.running.session_factory() as session:
        submitted = await session.scalar(
            select(func.count()).select_from(Winner).where(Winner.status == ClaimStatus.SUBMITTED)
        )
        banned = await session.scalar(select(func.count()).select_from(Strike))
    reminders = sum("is live now" in m.text for m in emu.sent)
    welcomes = sum(m.text.startswith("👋 Welcome") for m in emu.sent)
    reports = sum(m.method == "sendPhoto" for m in emu.sent)
    cues = sum(m.receiver_id == director.stage.host.id and m.text[:1] in "🎬⏱⏰" for m in emu.sent)
    voters = len(next(poll for poll in emu.polls.by_id.values()).votes)
    room = director.stage.room.id
    likes = sum(len(people) for (chat, _), people in emu.people_reactions.items() if chat == room)
    check_ins = sum(
        str(answer.get("text", "")).startswith("✋ Checked in")
        for answer in emu.callback_answers.values()
    )
    gifts = len(emu.till.payments)
    thanks = sum(
        m.chat_id == director.stage.room.id and m.text.startswith(("Thank you", "🎉 Wow"))
        for m in emu.sent
    )
    return (
        f"Demo finished in {time.monotonic() - started:.1f} s: 1 show scheduled, 1 trailer, "
        f"{reminders} reminders, {NEWCOMERS} newcomers welcomed in {welcomes} post, "
        f"{banned} banned message deleted, lottery #1 with {entrants} entrants and "
        f"{len(winners)} winners, {submitted} address collected, {gifts} gifts "
        f"({emu.till.balance}⭐) thanked in {thanks} posts, {reports} show report, "
        f"{check_ins} check-ins, {likes} likes and 1 goal reached, "
        f"{cues} cues, a joint show with {battle}, "
        f"the next theme chosen by {voters} fans and offered to {offered}, "
        f"{emu.flood_errors} flood errors."
    )


async def _schedule_and_go_live(director: Director) -> datetime:
    """Returns when the show went on air."""
    stage, note, host = director.stage, director.transcript.note, director.stage.host
    tomorrow = (stage.clock.now().astimezone(ROOM_ZONE) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, datetime.min.time(), ROOM_ZONE).replace(hour=20)

    note("The host sets up the room: time zone, welcomes, a banned word, an announcement, and")
    note("fair play: one prize per fan in 30 days")
    await director.act(host, "/timezone Asia/Shanghai")
    await director.act(host, "/fairplay cap 1 30")
    await director.act(host, "/welcome on")
    await director.act(host, f"/banword add {BANNED_WORD}")
    await director.act(host, "/announce Free shipping on every order tonight")
    note("… and schedules tomorrow's show (trailer 1 hour ahead)")
    await director.act(host, f"/schedule {tomorrow.isoformat()} 20:00 Winter skincare Q&A")
    note("… with its run-of-show: a lottery segment, and the themes for the goodbye poll")
    await director.act(
        host,
        "/script 1\n"
        "2m Welcome and intro\n"
        "3m lottery password rose x2 Lip balm set\n"
        "30m Q&A and gifts\n"
        "wishes: Spring looks; Night routine",
    )

    await _joint_show(director)

    note("⏩ Tomorrow, 19:00: the trailer is due (in both rooms, each naming the other)")
    await director.wait(start - timedelta(hours=1) - stage.clock.now())
    mei, lin = director.fan("Mei"), director.fan("Lin")
    note("Mei has never talked to the bot: Remind me takes her to its private chat")
    await director.press(mei, stage.room, "🔔 Remind me")
    note("Lin already has a private chat with the bot: one tap is enough")
    await director.act(lin, "/start", lin)
    await director.press(lin, stage.room, "🔔 Remind me")

    note("⏩ 20:00: the show starts")
    await director.wait(start - stage.clock.now())
    note("Fans check in to the fan club from the live notice (each hears it alone)")
    for fan in (mei, lin):
        await director.press(fan, stage.room, "✋ Check in")
    return start


PARTNER_HOST = "Kenji"


async def _joint_show(director: Director) -> None:
    """Another host's room joins the show: Hana's one-time code, Jun's acceptance."""
    stage, note, emu = director.stage, director.transcript.note, director.emulator
    note(f"Hana invites {PARTNER_HOST}, who hosts another room, to make it a joint show")
    mark = len(emu.sent)
    await director.act(stage.host, "/cohost invite 1")
    code = next(word for m in emu.sent[mark:] for word in m.text.split() if word.startswith("J"))
    kenji = emu.add_user(PARTNER_HOST)
    partner = emu.add_group(f"{PARTNER_HOST}'s room", admins=[kenji])
    director.partner = partner
    note(f"{PARTNER_HOST} accepts in his room: a show at the same moment, in his own time zone")
    await director.act(kenji, "/timezone Asia/Tokyo", partner)
    await director.act(kenji, f"/cohost accept {code}", partner)


async def _battle(director: Director) -> str:
    """A battle of likes between the two rooms; returns how it went, for the summary."""
    note, host, emu = director.transcript.note, director.stage.host, director.emulator
    partner = director.partner
    assert partner is not None
    note("The hosts call a battle: the most likes in two minutes")
    await director.act(host, "/battle 2m likes")
    for index in range(3):
        await director.like(director.fan(f"fan{index + 10}"), "⚔️ Battle!")
    notice = next(m for m in reversed(emu.messages_in(partner)) if "⚔️" in m.text)
    for name in ("Sora", "Ren"):
        fan = emu.add_user(name)
        partner.members[fan.id] = "member"
        emu.react(fan, partner, notice.message_id, ["❤"])
    note("⏩ Two minutes later: one result, in both rooms")
    await director.wait(timedelta(minutes=2))
    result = next(m for m in reversed(emu.messages_in(director.stage.room)) if "🏆" in m.text)
    winner = result.text.split("🏆 ", 1)[1].split(" wins", 1)[0]
    note("Then one lottery for both rooms: a card in each, one draw, the result in both")
    await director.act(host, "/lottery open Keyring joint")
    await director.press(director.fan("fan10"), director.stage.room, "🙋 Join")
    sora = next(user for user in emu.users.values() if user.first_name == "Sora")
    await director.press(sora, partner, "🙋 Join")
    await director.wait(timedelta(minutes=1))
    return f"{partner.title} (a battle won by {winner}, a lottery for both rooms)"


async def _warm_room(director: Director) -> None:
    note = director.transcript.note
    note(f"{NEWCOMERS} people join the room in the first minute (showing the first few)")
    for index in range(NEWCOMERS):
        if index == 3:
            director.transcript.muted = True
        await director.newcomer(NEWCOMER_NAMES[index])
    director.transcript.muted = False
    note("⏩ A minute later: one welcome post names them all, not one post each")
    await director.wait(timedelta(minutes=1))
    note(f"A spammer writes the banned word {BANNED_WORD} (“add WeChat”) inside a sentence")
    await director.act(director.fan("Spammer"), f"想要优惠的{BANNED_WORD}abc123")


async def _gifts(director: Director) -> None:
    note, host, room = director.transcript.note, director.stage.host, director.stage.room
    note("The host arms a red envelope for big gifts")
    await director.act(host, "/gifts big 500 open Perfume sample")
    note("Fans send gifts: “🎁 Send a gift” under the live notice shows the menu to the fan alone")
    ana, bo, chloe = director.fan("Ana"), director.fan("Bo"), director.fan("Chloe")
    await director.press(ana, room, "🎁 Send a gift")
    for _ in range(3):
        await director.press(ana, room, "🌹 Rose — 1⭐")  # Telegram's payment form, paid in Stars
    await director.press(bo, room, "🎁 Send a gift")
    await director.press(bo, room, "☕ Coffee — 10⭐")
    note("⏩ A minute later: one post thanks them all by name")
    await director.wait(timedelta(minutes=1))
    note("Chloe sends a rocket: thanked at once, and it opens the red envelope")
    await director.press(chloe, room, "🎁 Send a gift")
    await director.press(chloe, room, "🚀 Rocket — 500⭐")
    for fan in (ana, bo):
        await director.press(fan, room, "🙋 Join")
    note("⏩ The envelope's lottery draws a minute later")
    await director.wait(timedelta(minutes=1))


async def _likes_and_a_goal(director: Director) -> None:
    note, host = director.transcript.note, director.stage.host
    note("The host sets a goal: at 8 likes, a lottery for a tea sample starts by itself")
    await director.act(host, "/goal 8 likes open Tea sample")
    note("Fans like the live notice (their reactions): the room hears at 50%, then the goal")
    for index in range(8):
        await director.like(director.fan(f"fan{index + 1}"), "We are live")
        await director.wait(timedelta(seconds=3))  # the bot looks at the goals a moment later
    note("⏩ The goal's lottery draws a minute later")
    for name in ("Mei", "Lin"):
        await director.press(director.fan(name), director.stage.room, "🙋 Join")
    await director.wait(timedelta(minutes=1))


async def _end_show(director: Director, on_air: datetime) -> None:
    note, host = director.transcript.note, director.stage.host
    note("The host asks who were the most active fans in the last hour")
    await director.act(host, "/top hour")
    note("⏩ The host ends the stream (the group's video chat): goodbye, the poll on the next")
    note("theme, and a private report (with the run-of-show, planned against actual)")
    await director.wait(timedelta(minutes=30))
    await director.stream(on_air=False, since=on_air)  # it went live on schedule


async def _next_theme(director: Director) -> int:
    """The fans vote on the next theme; the host schedules the winner. Returns how many fans
    were offered "Remind me" for it."""
    note, host, emu = director.transcript.note, director.stage.host, director.emulator
    note("Fans vote on the next show's theme; Ana adds one of her own")
    for name, theme in [("Mei", "Spring looks"), ("Lin", "Spring looks"), ("Bo", "Night routine")]:
        await director.vote(director.fan(name), theme)
    await director.vote(director.fan("Ana"), "Makeup for beginners")
    note("⏩ 12 hours later the poll closes: the host gets the results privately")
    await director.wait(timedelta(hours=12))
    await director.press(host, host, "📅 Schedule “Spring looks”")
    mark = len(emu.sent)
    await director.act(host, _next_week(director), host)
    return sum(m.text.startswith("🗳 The theme you voted for") for m in emu.sent[mark:])


def _next_week(director: Director) -> str:
    """A week from today, 20:00, as the host types it."""
    day = (director.stage.clock.now().astimezone(ROOM_ZONE) + timedelta(days=7)).date()
    return f"{day.isoformat()} 20:00"


async def _password_lottery(director: Director, on_air: datetime) -> tuple[int, list[EmuUser]]:
    stage, emu, note = director.stage, director.emulator, director.transcript.note
    note("⏩ 20:02: the script's lottery segment: the host is cued alone, the lottery starts")
    await director.wait(on_air + timedelta(minutes=2) - stage.clock.now())
    note("On stream, the host announces the password")
    note(f"{CROWD} fans type in the room (showing the first few)")
    guesses = ["rose", " ROSE ", "Rose", "tulip", "rose"]
    for index in range(CROWD):
        if index == 5:
            await stage.settle()  # the first few, with their reactions, then the crowd quietly
            director.transcript.muted = True
        fan = director.fan(f"fan{index + 1}")
        emu.send(fan, stage.room, "lily" if index % 7 == 3 else guesses[index % len(guesses)])
    emu.send(director.fan("fan1"), stage.room, "rose")  # one fan, twice
    await stage.settle()
    director.transcript.muted = False
    note(f"… and {CROWD - 5} more; each right answer gets a 🎉 reaction, wrong ones are ignored")
    await director.wait(timedelta(seconds=10))

    note("⏩ One minute after the card: the bot draws by itself")
    await director.wait(timedelta(seconds=50))
    async with stage.running.session_factory() as session:
        entrants = await session.scalar(select(func.count()).select_from(Entry)) or 0
        drawn = (await session.scalars(select(Winner).order_by(Winner.rank))).all()
    by_id = {fan.id: fan for fan in director.fans.values()}
    return entrants, [by_id[winner.user_id] for winner in drawn]


async def _claim_and_check(director: Director, winner: EmuUser) -> None:
    stage, note, host = director.stage, director.transcript.note, director.stage.host
    note(f"{winner.first_name} taps Claim and fills in the delivery form (one typo corrected)")
    await director.press(winner, stage.room, "🎁 Claim your prize")
    await director.act(winner, "Chen Xiaomei", winner)
    await director.act(winner, "12345", winner)
    await director.act(winner, "+86 138 0013 8000", winner)
    await director.act(winner, ADDRESS, winner)
    await director.press(winner, winner, "Skip")
    await director.press(winner, winner, "✅ Confirm")

    note("After the show the host checks the winners (privately)")
    await director.act(host, "/start", host)
    await director.act(host, "/winners")
