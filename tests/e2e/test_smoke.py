from __future__ import annotations

from bot import texts
from tests.harness import Harness

# Every command a host can send, each of which the host's /help must name.
HOST_COMMANDS = (
    "/schedule", "/broadcasts", "/cancel", "/reschedule", "/timezone", "/language", "/channel",
    "/welcome", "/banword", "/milestone", "/lottery", "/lottery_cancel", "/announce", "/top",
    "/winners", "/export", "/shipped", "/reroll", "/proof", "/privacy", "/forget",
)  # fmt: skip


async def test_help_in_room(harness: Harness) -> None:
    reply = await harness.say("/help")
    assert reply.text.startswith("Liveroom for hosts (admins of this room). Times are in UTC.")
    for command in HOST_COMMANDS:
        assert f"{command} " in reply.text, command
    sections = ["Before the show", "During the show", "After the show"]
    assert [reply.text.index(s) for s in sections] == sorted(reply.text.index(s) for s in sections)


async def test_a_fans_help_never_posts_the_host_list(harness: Harness) -> None:
    fan = harness.fan("Ann")
    reply = await harness.say("/help", user=fan, expect="Liveroom runs this room")
    assert "/schedule" not in reply.text
    assert "/privacy" in reply.text and "/forget" in reply.text
    private = await harness.say("/help", user=fan, chat=fan, expect="Fans:")
    assert "/winners" in private.text  # what hosts can do privately
    assert "/schedule" not in private.text


async def test_help_speaks_the_rooms_language(harness: Harness) -> None:
    await harness.say("/language zh", expect="")
    reply = await harness.say("/help", expect="Liveroom 主播命令")
    assert "开播前" in reply.text and "直播中" in reply.text and "直播后" in reply.text
    assert reply.text != texts.HELP_HOST
