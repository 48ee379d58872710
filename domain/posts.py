"""When an automatic post (trailer, live notice, lottery result) is tried again.

Telegram failing on its side (5xx, a proxy's error page, a timeout, a dropped connection) is
passing trouble: the post stays pending and is retried with a growing pause until it is sent
or no longer useful. A claim that is never confirmed belonged to a process that died mid-send.
"""

from __future__ import annotations

from datetime import timedelta

FIRST_RETRY = timedelta(seconds=2)
LONGEST_RETRY = timedelta(seconds=60)
# A claim this old was abandoned (its process died): another process may send the post again.
# Longer than any send waits for its flood budget, so a slow send is never doubled.
CLAIM_LEASE = timedelta(minutes=3)


def retry_delay(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed try: 2 s, 4 s, 8 s … at most a minute."""
    delay: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(delay, LONGEST_RETRY)
