from __future__ import annotations

import asyncio
from collections.abc import Sequence

from storage.group_commit import GroupCommit


async def test_waiting_items_share_a_write_and_each_gets_its_own_result() -> None:
    writes: list[list[int]] = []

    async def write(batch: Sequence[int]) -> list[int]:
        writes.append(list(batch))
        await asyncio.sleep(0)
        return [item * 10 for item in batch]

    commits: GroupCommit[int, int] = GroupCommit(write, max_batch=4, name="test")
    results = await asyncio.gather(*(commits.submit(i) for i in range(10)))
    await commits.close()
    assert results == [i * 10 for i in range(10)]
    assert sorted(i for batch in writes for i in batch) == list(range(10))
    assert all(len(batch) <= 4 for batch in writes)
    assert commits.batches == len(writes) <= 4


async def test_a_failed_write_fails_its_whole_batch_and_the_next_batch_still_runs() -> None:
    calls = 0

    async def write(batch: Sequence[str]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database is locked")
        return [item.upper() for item in batch]

    commits: GroupCommit[str, str] = GroupCommit(write, max_batch=2, name="test")
    first = await asyncio.gather(commits.submit("a"), commits.submit("b"), return_exceptions=True)
    assert [str(error) for error in first] == ["database is locked"] * 2
    assert await commits.submit("c") == "C"
    await commits.close()


async def test_close_writes_what_is_waiting() -> None:
    written: list[int] = []

    async def write(batch: Sequence[int]) -> list[None]:
        written.extend(batch)
        return [None] * len(batch)

    commits: GroupCommit[int, None] = GroupCommit(write, max_batch=100, name="test")
    pending = [asyncio.ensure_future(commits.submit(i)) for i in range(5)]
    await asyncio.sleep(0)
    await commits.close()
    assert written == [0, 1, 2, 3, 4]
    assert all(task.done() for task in pending)
