"""Which updates polling may confirm: only those handled, up to the lowest still running."""

from __future__ import annotations

from bot.polling import UpdateWindow


def test_the_offset_waits_for_the_lowest_update_still_being_handled() -> None:
    window = UpdateWindow()
    assert (window.offset, window.busy) == (0, False)
    assert [window.take(i) for i in (10, 11, 12)] == [True, True, True]
    assert window.offset == 10
    window.finish(11)
    assert window.offset == 10  # 10 is still running: 11 must not be confirmed yet
    assert not window.progress.is_set()
    # Telegram sends 10, 11 and 12 again (unconfirmed) with a new one: only 13 is news.
    assert [window.take(i) for i in (10, 11, 12, 13)] == [False, False, False, True]
    window.finish(10)
    assert window.offset == 12 and window.progress.is_set()
    window.finish(13)
    window.finish(12)
    assert (window.offset, window.busy) == (14, False)
    assert not window.take(12)  # confirmed long ago
