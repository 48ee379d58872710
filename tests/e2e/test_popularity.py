"""Popularity: fans' reactions are likes (one per fan and message, taken back when removed),
counted as Telegram sends them."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.models import Like
from tests.harness import Harness, rows

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


async def live_show(harness: Harness) -> int:
    """A show live at noon; returns its live notice's message id."""
    await harness.say("/schedule 2030-01-01 12:00 Noon show", expect="Scheduled #1")
    await harness.advance_to(NOON)
    notice = await harness.emulator.wait_for_message(harness.room, "We are live")
    return notice.message_id


async def test_a_like_is_one_per_fan_and_message_and_taken_back_when_removed(
    harness: Harness,
) -> None:
    emu, room = harness.emulator, harness.room
    notice = await live_show(harness)
    ann, ben = harness.fan("Ann"), harness.fan("Ben")
    emu.send(ben, room, "so pretty!")
    ben_message = max(key[1] for key in emu.messages if key[0] == room.id)
    assert emu.react(ann, room, notice, ["🔥"])
    assert emu.react(ann, room, notice, ["👍"])  # another emoji: still one like
    assert emu.react(ann, room, ben_message, ["❤"])
    assert emu.react(ben, room, notice, ["❤"])
    assert emu.react(ben, room, notice, [])  # taken back
    await harness.settle()
    likes = {(like.message_id, like.user_id): like.active for like in await rows(harness, Like)}
    assert likes == {
        (notice, ann.id): True,
        (ben_message, ann.id): True,
        (notice, ben.id): False,
    }
    assert emu.react(ben, room, notice, ["🎉"])  # and given again
    await harness.settle()
    active = sorted((x.message_id, x.user_id) for x in await rows(harness, Like) if x.active)
    assert active == sorted([(notice, ann.id), (ben_message, ann.id), (notice, ben.id)])
