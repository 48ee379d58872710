"""The domain's words: the states a show, a post, a lottery, a claim and a red envelope go
through, and the limits every layer agrees on. Plain Python: no Telegram, no database."""

from __future__ import annotations

import enum

TITLE_MAX_LENGTH = 120
PRIZE_MAX_LENGTH = 120
MAX_WINNERS = 50


class BroadcastStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"  # the room's video chat ended: goodbye and report went out
    CANCELLED = "cancelled"


class PostState(enum.StrEnum):
    """One automatic post (trailer, live notice, lottery result), claimed before sending.

    `sending` that is never confirmed (the process died mid-send) is sent again once the claim
    is abandoned (storage/posts.py): at least once, with a duplicate possible only if the
    process died between Telegram's answer and the commit of the message id."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"


class ReminderState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class LotteryKind(enum.StrEnum):
    OPEN = "open"
    FOLLOW = "follow"
    SHARE = "share"
    PASSWORD = "password"


class LotteryStatus(enum.StrEnum):
    OPEN = "open"
    DRAWN = "drawn"
    CANCELLED = "cancelled"


class ClaimStatus(enum.StrEnum):
    WAITING = "waiting"  # drawn, details not submitted yet
    SUBMITTED = "submitted"
    SHIPPED = "shipped"
    EXPIRED = "expired"  # the claim deadline passed without details


class MilestoneTrigger(enum.StrEnum):
    MEMBERS = "members"
    BOOST = "boost"
    # A standing rule (/gifts big): each gift of at least `threshold` Stars opens its own
    # envelope, a milestone of its own that starts REACHED.
    GIFT = "gift"
    # A show's goal (/goal): `threshold` of these during its show.
    LIKES = "likes"
    POPULARITY = "popularity"
    STARS = "stars"
    NEWCOMERS = "newcomers"


class MilestoneState(enum.StrEnum):
    ARMED = "armed"
    REACHED = "reached"  # its lottery starts as soon as the room has none running
    STARTED = "started"
    CANCELLED = "cancelled"
