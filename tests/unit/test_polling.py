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


def test_an_update_that_failed_for_a_passing_reason_is_held_and_handled_again() -> None:
    window = UpdateWindow()
    assert [window.take(i) for i in (20, 21)] == [True, True]
    window.finish(21)
    assert window.retry(20)  # the database was busy
    assert window.offset == 20 and window.busy  # not confirmed: Telegram keeps it
    assert window.take(20)  # fetched again: handled again
    assert not window.take(20)
    assert window.retry(20) and window.take(20)
    assert window.retry(20) and window.take(20)
    assert not window.retry(20)  # the fourth failure: it is let go
    window.finish(20)
    assert (window.offset, window.busy) == (22, False)


def test_only_failures_of_our_own_that_pass_are_retried() -> None:
    from sqlalchemy import exc

    from bot.polling import is_transient

    locked = exc.OperationalError("INSERT", {}, Exception("database is locked"))
    crowded = exc.DBAPIError("SELECT 1", {}, Exception("sorry, too many clients already"))
    duplicate = exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
    assert [is_transient(e) for e in (locked, crowded, duplicate, ValueError("x"))] == [
        True,
        True,
        False,
        False,
    ]
