from __future__ import annotations

from tests.harness import Harness


async def test_help_in_room(harness: Harness) -> None:
    reply = await harness.say("/help")
    assert "/schedule <date> <time> <title>" in reply.text
    assert "UTC" in reply.text
    assert "/lottery password <word> <prize>" in reply.text
