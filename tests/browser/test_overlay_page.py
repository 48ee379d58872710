"""The overlay page in a real browser (issue 17): headless Chromium shows what OBS would, while
the real bot runs a show against the emulator. Each state's screenshot is saved (ARTEFACTS)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from matplotlib import image

from demo.director import show_overlay, staged
from demo.interactive import play_line
from demo.script import script
from demo.transcript import Transcript
from storage.models import Winner
from tests.browser.conftest import Browser
from tests.harness import Harness, rows

LINK = re.compile(r"http://127\.0\.0\.1:\d+/overlay/[A-Za-z0-9_-]{32}")
# The page must follow the room within this (issue 17): the bot reads the room every second.
WITHIN = 2.0


async def overlay_url(harness: Harness, command: str = "/overlay") -> str:
    reply = await harness.say(command, expect="/overlay/")
    match = LINK.search(reply.text)
    assert match is not None, reply.text
    return match.group(0)


def mode_is(mode: str) -> str:
    return f"return document.body.dataset.mode === '{mode}'"


def countdown_seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


async def test_the_page_follows_a_lottery_from_idle_to_its_winners(
    harness: Harness, browser: Browser
) -> None:
    emu, room = harness.emulator, harness.room
    await harness.say("/welcome on", expect="Welcomes are on")
    await harness.say("/announce Giveaway at nine: stay tuned!", expect="📌")
    await harness.say("/schedule tomorrow 20:00 Winter skincare Q&A", expect="Scheduled #1")
    url = await overlay_url(harness)

    # Idle: the next show (in the room's zone) and the pinned announcement.
    await browser.open(url)
    await browser.until(mode_is("idle"), WITHIN, "the idle state")
    assert await browser.text("show-title") == "Winter skincare Q&A"
    assert await browser.text("show-label") == "Next show"
    assert "20:00" in await browser.text("show-when")
    assert "(UTC)" in await browser.text("show-when")
    assert await browser.text("pinned-text") == "Giveaway at nine: stay tuned!"
    assert await browser.js("return document.getElementById('lottery').hidden") is True
    idle = await browser.screenshot("1-idle")
    # Transparent where nothing is drawn (OBS shows the video there), opaque on the cards.
    pixels = image.imread(idle)
    assert pixels.shape == (1080, 1920, 4)
    assert pixels[540, 960, 3] == 0.0
    assert pixels[1080 - 300, 200, 3] > 0.5

    # A newcomer arrives; half a minute later the host starts a lottery.
    zoe = emu.add_user("Zoe")
    emu.join(zoe, room)
    await harness.settle()
    joined = harness.clock.now()
    await harness.advance_to(joined + timedelta(seconds=30))

    # A lottery: the prize, how to enter, a countdown that runs, and the entrants as they come.
    await harness.say("/lottery open Lip balm", expect="🎁 Lottery #1")
    draw_at = harness.clock.now() + timedelta(seconds=harness.settings.draw_delay_seconds)
    await browser.until(mode_is("lottery"), WITHIN, "the lottery state")
    assert await browser.text("lottery-prize") == "Lip balm"
    assert await browser.text("lottery-how") == "Press 🙋 Join under the lottery post in the chat"
    first = await browser.text("countdown")
    assert 57 <= countdown_seconds(first) <= 60, first
    await browser.until(
        f"return document.getElementById('countdown').textContent !== '{first}'",
        WITHIN,
        "the countdown to move",
    )
    assert countdown_seconds(await browser.text("countdown")) < countdown_seconds(first)
    card = await emu.wait_for_message(room, "🎁 Lottery #1")
    for fan in [harness.fan(name) for name in ("Ann", "Ben", "Chen")]:
        emu.press(fan, card, "🙋 Join")
    await browser.until(
        "return document.getElementById('entrants').dataset.count === '3'",
        WITHIN,
        "three entrants",
    )
    assert await browser.text("entrants") == "3 entrants"

    # The newcomer's welcome (a minute after they came) runs along the bottom.
    await harness.advance_to(joined + timedelta(seconds=harness.settings.welcome_interval_seconds))
    await browser.until(
        "return document.getElementById('ticker').textContent.includes('Zoe')",
        WITHIN,
        "the welcome on the ticker",
    )
    welcome = "👋 Welcome to the room, Zoe! Say hi and enjoy the show."
    assert await browser.text("ticker") == welcome
    # Half a minute passed on the server: the countdown follows the server's clock, not the
    # browser's.
    await browser.until(
        "const [m, s] = document.getElementById('countdown').textContent.split(':');"
        "return 60 * m + Number(s) <= 30",
        WITHIN,
        "the countdown at the server's time",
    )
    assert await browser.mode() == "lottery"
    await browser.screenshot("2-lottery")

    # The draw: the winner revealed (animated in); half a minute later the page is idle again.
    await harness.advance_to(draw_at)
    [winner] = await rows(harness, Winner)
    await browser.until(mode_is("reveal"), WITHIN, "the winners")
    await browser.until(
        "const w = document.querySelector('#winners li');"
        "return w && getComputedStyle(w).opacity === '1'",
        5,
        "the winner's animation to end",
    )
    assert await browser.text("winners") == winner.first_name
    assert await browser.text("reveal-prize") == "Lip balm"
    await browser.screenshot("3-winners")
    await harness.advance_to(draw_at + timedelta(seconds=31))
    await browser.until(mode_is("idle"), WITHIN, "idle after the reveal")


async def test_a_wrong_token_is_not_found_and_a_reset_link_stops_the_old_page(
    harness: Harness, browser: Browser
) -> None:
    url = await overlay_url(harness)
    wrong = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    await browser.open(wrong)
    assert await browser.js("return document.body.innerText") == "Not found"
    await browser.screenshot("4-wrong-token")

    await harness.say("/announce Tonight: new colours", expect="📌")
    await browser.open(url)
    await browser.until(mode_is("idle"), WITHIN, "the page")
    new_url = await overlay_url(harness, "/overlay reset")
    assert new_url != url
    # The old page goes blank (OBS would keep it open over the stream) and stays so.
    await browser.until(mode_is("gone"), 10, "the old page to stop")
    assert await browser.js("return document.getElementById('stage')") is not None
    assert await browser.js("return document.getElementById('stage').children.length") == 0
    await browser.open(new_url)
    await browser.until(mode_is("idle"), WITHIN, "the new link's page")
    assert await browser.text("pinned-text") == "Tonight: new colours"


async def test_the_page_reconnects_by_itself_after_a_restart(
    harness: Harness, browser: Browser
) -> None:
    url = await overlay_url(harness)
    await browser.open(url)
    await browser.until(mode_is("idle"), WITHIN, "the page")
    await harness.restart()
    await harness.say("/lottery password rosebud Tea set", expect="🎁 Lottery #1")
    # The browser retries every 2 s; the bot, back on the same address, sends the whole state.
    await browser.until(mode_is("lottery"), 10, "the lottery after the restart")
    assert await browser.text("lottery-prize") == "Tea set"
    assert await browser.text("lottery-how") == "Type the password you hear on stream in the chat"
    assert "rosebud" not in str(await browser.js("return document.body.innerText")).lower()


async def test_a_chinese_room_gets_a_chinese_overlay(harness: Harness, browser: Browser) -> None:
    await harness.say("/language zh")
    await harness.say("/lottery open 口红", expect="🎁")
    url = await overlay_url(harness)
    await browser.open(url)
    await browser.until(mode_is("lottery"), WITHIN, "the lottery")
    assert await browser.js("return document.documentElement.lang") == "zh"
    assert await browser.text("lottery-draw-in") == "距开奖"
    assert await browser.text("entrants") == "0 人"
    assert await browser.text("lottery-how") == "在群里点抽奖消息下方的 🙋 参加"
    await browser.screenshot("5-chinese")


async def test_a_chinese_button_name_is_never_split_across_lines(
    harness: Harness, browser: Browser
) -> None:
    emu = harness.emulator
    channel = emu.add_channel("Hana's channel", "hana_live_channel_2030", admins=[harness.host])
    channel.members[emu.bot.id] = "administrator"
    await harness.say("/channel @hana_live_channel_2030", expect="")
    await harness.say("/language zh")
    await harness.say("/lottery follow 口红", expect="🎁")
    await browser.open(await overlay_url(harness))
    await browser.until(mode_is("lottery"), WITHIN, "the lottery")
    how = await browser.text("lottery-how")
    assert how.endswith("🙋 参加")
    # Laid out at every width from 200 to 720 px: the two characters of "参加" always share a
    # line (their tops are equal).
    split_at = await browser.js(
        """const how = document.getElementById('lottery-how');
        const node = how.firstChild;
        const at = node.textContent.lastIndexOf('参加');
        const top = i => {
          const range = document.createRange();
          range.setStart(node, i); range.setEnd(node, i + 1);
          return Math.round(range.getBoundingClientRect().top);
        };
        const splits = [];
        for (let width = 200; width <= 720; width += 4) {
          how.style.width = width + 'px';
          if (top(at) !== top(at + 1)) splits.push(width);
        }
        how.style.width = '';
        return splits;"""
    )
    assert split_at == []
    await browser.screenshot("6-chinese-follow")


async def test_the_demo_gives_its_overlay_link_and_the_page_follows_the_show(
    browser: Browser,
) -> None:
    output = io.StringIO()
    async with staged(Transcript(output, colour=False)) as director:
        await show_overlay(director)
        match = LINK.search(output.getvalue())
        assert match is not None, output.getvalue()
        await browser.open(match.group(0))
        await browser.until(mode_is("idle"), WITHIN, "the page")
        await script(director)
        # The show's thanks ran along the bottom; the pinned announcement is still up.
        await browser.until(
            "return document.getElementById('ticker').textContent.includes('Chloe')",
            WITHIN,
            "the thanks for Chloe's rocket",
        )
        await browser.until(mode_is("idle"), WITHIN, "idle after the show")
        assert await browser.text("pinned-text") == "Free shipping on every order tonight"
        # Then the reader's turn (`--interactive`): the page follows what they type.
        assert await play_line(director, "host> /lottery open Mug")
        await browser.until(mode_is("lottery"), WITHIN, "the reader's lottery")
        # A fan new to the room: the demo's fair play cap keeps out anyone who won in the show.
        assert await play_line(director, "Zoe> [join]")
        await browser.until(
            "return document.getElementById('entrants').dataset.count === '1'",
            WITHIN,
            "Zoe's entry",
        )
        assert await play_line(director, "wait 1m")
        await browser.until(mode_is("reveal"), WITHIN, "the draw")
        assert await browser.text("winners") == "Zoe"


async def test_the_page_shows_the_run_of_show_now_and_next_with_its_time_left(
    harness: Harness, browser: Browser
) -> None:
    emu, host, room = harness.emulator, harness.host, harness.room
    emu.start_private(host)
    start = harness.clock.now() + timedelta(hours=1)
    await harness.say(f"/schedule {start:%Y-%m-%d %H:%M} Night show", expect="Scheduled #1")
    await harness.say(
        "/script 1\n10m Welcome\n5m lottery password rose Lip balm\n20m Q&A",
        expect="✅ Saved.",
    )
    url = await overlay_url(harness)
    await browser.open(url)
    await browser.until(mode_is("idle"), WITHIN, "the idle state")
    assert await browser.js("return document.getElementById('rundown').hidden") is True

    await harness.advance_to(start)
    await emu.wait_for_message(room, "We are live")
    await browser.until(
        "return !document.getElementById('rundown').hidden", WITHIN, "the run-of-show"
    )
    assert await browser.text("rundown-now") == "Welcome"
    assert await browser.text("rundown-next") == "🎁 Lottery: Lip balm"
    assert "rose" not in await browser.js("return document.body.textContent")
    assert await browser.text("rundown-now-label") == "Now"
    assert 9 * 60 + 55 <= countdown_seconds(await browser.text("rundown-left")) <= 10 * 60
    await browser.screenshot("6-rundown")

    harness.clock.set(start + timedelta(minutes=4))
    await harness.say("/pause", expect="⏸")
    await browser.until(
        "return document.getElementById('rundown-left').textContent === '6:00 · paused'",
        WITHIN,
        "the held clock",
    )
    await harness.say("/next", expect="🎬")
    await browser.until(
        "return document.getElementById('rundown-now').textContent === '🎁 Lottery: Lip balm'",
        WITHIN,
        "the next segment",
    )
    assert await browser.text("rundown-next") == "Q&A"


async def test_the_page_shows_the_shows_popularity_and_its_goals_progress(
    harness: Harness, browser: Browser
) -> None:
    emu, room = harness.emulator, harness.room
    start = harness.clock.now() + timedelta(hours=1)
    await harness.say(f"/schedule {start:%Y-%m-%d %H:%M} Night show", expect="Scheduled #1")
    await harness.say("/goal 4 likes open Lip balm", expect="🎯 Goal #1")
    url = await overlay_url(harness)
    await browser.open(url)
    await browser.until(mode_is("idle"), WITHIN, "the idle state")
    assert await browser.js("return document.getElementById('popularity').hidden") is True

    await harness.advance_to(start)
    notice = await emu.wait_for_message(room, "We are live")
    await browser.until(
        "return !document.getElementById('popularity').hidden", WITHIN, "the popularity"
    )
    assert await browser.text("popularity-label") == "Popularity"
    assert await browser.text("goals") == "4 likes: Lip balm · 0/4"
    for name in ("Ann", "Ben", "Cid"):
        emu.react(harness.fan(name), room, notice.message_id, ["❤"])
    await harness.settle()
    await browser.until(
        "return document.getElementById('goals').textContent.endsWith('3/4')",
        WITHIN,
        "three likes",
    )
    assert await browser.text("popularity-score") == "6"  # 3 likes × 2 points
    # Three quarters of the way (the bar grows smoothly, so it is waited for).
    await browser.until(
        "const bar = document.querySelector('#goals .bar').getBoundingClientRect();"
        "const fill = document.querySelector('#goals .fill').getBoundingClientRect();"
        "return Math.abs(fill.width / bar.width - 0.75) < 0.01",
        WITHIN,
        "the bar at 75%",
    )
    await browser.screenshot("7-goal")


async def test_both_rooms_pages_draw_a_joint_shows_battle(
    harness: Harness, browser: Browser
) -> None:
    emu, room = harness.emulator, harness.room
    lin = emu.add_user("Lin")
    room_b = emu.add_group("Lin's room", admins=[lin])
    start = harness.clock.now() + timedelta(hours=1)
    await harness.say(f"/schedule {start:%Y-%m-%d %H:%M} Night show", expect="Scheduled #1")
    invited = await harness.say("/cohost invite 1", expect="Invite code")
    code = re.search(r"J[A-Za-z0-9_-]{16}", invited.text)
    assert code is not None
    await harness.say(f"/cohost accept {code.group(0)}", user=lin, chat=room_b, expect="🤝")
    url_a = await overlay_url(harness)
    reply = await harness.say("/overlay", user=lin, chat=room_b, expect="/overlay/")
    match = LINK.search(reply.text)
    assert match is not None
    url_b = match.group(0)
    await harness.advance_to(start)
    notice_a = await emu.wait_for_message(room, "We are live")
    notice_b = await emu.wait_for_message(room_b, "We are live")
    await harness.say("/battle 10m likes", expect="⚔️")
    for name in ("Ann", "Ben", "Cid"):
        emu.react(harness.fan(name), room, notice_a.message_id, ["❤"])
    fan = emu.add_user("Mei")
    room_b.members[fan.id] = "member"
    emu.react(fan, room_b, notice_b.message_id, ["❤"])
    await harness.settle()

    for url, ours, theirs, share in (
        (url_a, ("Hana's live room", "3"), ("Lin's room", "1"), 3.0),
        (url_b, ("Lin's room", "1"), ("Hana's live room", "3"), 1 / 3),
    ):
        await browser.open(url)
        await browser.until(
            "return !document.getElementById('battle').hidden", WITHIN, "the battle"
        )
        assert await browser.text("battle-label") == "⚔️ Battle: likes"
        sides = await browser.js(
            "return [...document.querySelectorAll('#battle .side')].map("
            "(side) => [side.querySelector('.name').textContent,"
            " side.querySelector('.score').textContent])"
        )
        assert sides == [list(ours), list(theirs)]
        assert countdown_seconds(await browser.text("battle-left")) in range(595, 601)
        # The bars are drawn to scale: the smaller side's against the larger's.
        await browser.until(
            "const [a, b] = [...document.querySelectorAll('#battle .fill')]"
            ".map((fill) => fill.getBoundingClientRect().width);"
            f"return b > 0 && Math.abs(a / b - {share}) < 0.02",
            WITHIN,
            "the bars to scale",
        )
    await browser.screenshot("8-battle")
