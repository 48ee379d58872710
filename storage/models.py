"""Database schema. Uniqueness that guards against duplicate updates lives here, not in code."""

from __future__ import annotations

import enum
import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from domain.fairplay import FairPlay
from domain.lottery import Condition
from domain.vocabulary import (
    PRIZE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    BroadcastStatus,
    ClaimStatus,
    LotteryKind,
    LotteryStatus,
    MilestoneState,
    MilestoneTrigger,
    PostState,
    ReminderState,
)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC, always hands back timezone-aware UTC (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class IdList(TypeDecorator[list[int]]):
    """A list of user ids, stored as JSON text; read back as a list (empty for none)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: list[int] | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[int]:
        return [] if value is None else [int(user_id) for user_id in json.loads(value)]


E = TypeVar("E", bound=enum.StrEnum)


class EnumText(TypeDecorator[E]):
    """Stores an enum's value as text and hands back the enum member (not a bare str), so
    `lottery.kind is LotteryKind.PASSWORD` holds for rows read from the database."""

    impl = String(16)
    cache_ok = True

    def __init__(self, enum_type: type[E]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum_type(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_type(value)


# Telegram sends IETF tags ("en", "zh-hans"); longer is cut, never refused.
LANGUAGE_CODE_LENGTH = 16


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime()}


class Room(Base):
    __tablename__ = "rooms"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(255), default="")
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    # The host's channel, for "follow" lotteries (set by /channel).
    channel_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_name: Mapped[str | None] = mapped_column(String(255))
    # Welcomes are off until the host turns them on: a bot that suddenly talks is a surprise.
    welcome_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    welcome_text: Mapped[str | None] = mapped_column(Text)
    announcement: Mapped[str | None] = mapped_column(Text)
    announcement_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # False: the room's gift menu is the default one in its language (no gift_items rows).
    gift_menu_custom: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The room's popularity weights as JSON (domain.popularity.Weights); None: the defaults.
    popularity_weights: Mapped[str | None] = mapped_column(Text)
    # The fan club's level thresholds (points for Lv1, Lv2, …); None: the defaults.
    fan_levels: Mapped[list[int] | None] = mapped_column(IdList, nullable=True)
    # The room takes part in the charts of rooms by popularity (/charts join), with its link.
    charts_link: Mapped[str | None] = mapped_column(String(255))
    # Fair play (/fairplay, domain.fairplay.FairPlay): copied onto each lottery at its start.
    fair_cap_wins: Mapped[int | None] = mapped_column(Integer)
    fair_cap_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    fair_fresh_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    fair_members_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    fair_human_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    @property
    def fair_play(self) -> FairPlay:
        return FairPlay(
            cap_wins=self.fair_cap_wins,
            cap_days=self.fair_cap_days,
            fresh_first=self.fair_fresh_first,
            members_only=self.fair_members_only,
            human_check=self.fair_human_check,
        )


class Overlay(Base):
    """A room's stream-overlay link: its token's digest (to find the room from a URL) and the
    token itself encrypted (so /overlay can show the link again). /overlay reset replaces it."""

    __tablename__ = "overlays"

    room_chat_id: Mapped[int] = mapped_column(
        ForeignKey("rooms.chat_id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    token_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class TelegramUser(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    language: Mapped[str] = mapped_column(String(8))
    # Telegram refuses private messages to users who never opened the bot's chat.
    has_private_chat: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]

    @property
    def reachable(self) -> bool:
        """The bot may write to them first: they opened its private chat and never blocked it."""
        return self.has_private_chat and not self.blocked_bot


class WeeklySlot(Base):
    __tablename__ = "weekly_slots"
    __table_args__ = (UniqueConstraint("room_chat_id", "source_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    weekday: Mapped[int]  # Monday is 0, as in datetime.weekday()
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" in the room's zone
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class Broadcast(Base):
    __tablename__ = "broadcasts"
    __table_args__ = (
        # A re-delivered /schedule update finds the row its first delivery made.
        UniqueConstraint("room_chat_id", "source_message_id"),
        # A weekly slot has at most one show per start time, however often it is extended.
        UniqueConstraint("slot_id", "starts_at"),
        # The video chat's "ended" message closes one show, however often it is delivered.
        UniqueConstraint("room_chat_id", "end_message_id"),
        Index("ix_broadcasts_due", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    starts_at: Mapped[datetime]
    trailer_at: Mapped[datetime]
    status: Mapped[BroadcastStatus] = mapped_column(
        EnumText(BroadcastStatus), default=BroadcastStatus.SCHEDULED
    )
    trailer_state: Mapped[PostState] = mapped_column(
        EnumText(PostState), default=PostState.PENDING
    )
    trailer_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Each automatic post's delivery: when it was last claimed, how often tried, when to retry.
    trailer_claimed_at: Mapped[datetime | None]
    trailer_attempts: Mapped[int] = mapped_column(Integer, default=0)
    trailer_retry_at: Mapped[datetime | None]
    live_state: Mapped[PostState] = mapped_column(EnumText(PostState), default=PostState.PENDING)
    live_message_id: Mapped[int | None] = mapped_column(BigInteger)
    live_claimed_at: Mapped[datetime | None]
    live_attempts: Mapped[int] = mapped_column(Integer, default=0)
    live_retry_at: Mapped[datetime | None]
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("weekly_slots.id", ondelete="SET NULL"))
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    # A show the host scheduled as Telegram's video chat goes live when that starts, never by
    # the clock alone (the host may start late; "We are live" must be true).
    awaits_video_chat: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # When the room's video chat really started and ended (for the post-show report).
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_message_id: Mapped[int | None] = mapped_column(BigInteger)


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id"),
        Index("ix_reminders_pending", "broadcast_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[ReminderState] = mapped_column(
        EnumText(ReminderState), default=ReminderState.PENDING
    )
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


_RUNNING = text("status = 'open'")


class Lottery(Base):
    __tablename__ = "lotteries"
    __table_args__ = (
        UniqueConstraint("room_chat_id", "source_message_id"),
        # One running lottery per room, guaranteed by the database even under a race.
        Index(
            "uq_lotteries_running_per_room",
            "room_chat_id",
            unique=True,
            sqlite_where=_RUNNING,
            postgresql_where=_RUNNING,
        ),
        Index("ix_lotteries_due", "status", "draw_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    kind: Mapped[LotteryKind] = mapped_column(EnumText(LotteryKind))
    prize: Mapped[str] = mapped_column(String(PRIZE_MAX_LENGTH))
    winners_count: Mapped[int]
    password: Mapped[str | None] = mapped_column(String(64))  # normalised (casefolded)
    channel_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    channel_name: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[LotteryStatus] = mapped_column(
        EnumText(LotteryStatus), default=LotteryStatus.OPEN
    )
    seed: Mapped[str] = mapped_column(String(64))  # secret until the draw
    commitment: Mapped[str] = mapped_column(String(64))
    draw_at: Mapped[datetime]
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    card_entrants_shown: Mapped[int] = mapped_column(Integer, default=0)
    entrants_digest: Mapped[str | None] = mapped_column(String(64))
    entrants_count: Mapped[int | None]
    # Entrants the draw (or a re-draw) found ineligible: left the channel by then.
    skipped: Mapped[list[int]] = mapped_column(IdList, nullable=True)
    drawn_at: Mapped[datetime | None]
    result_state: Mapped[PostState] = mapped_column(EnumText(PostState), default=PostState.PENDING)
    result_message_id: Mapped[int | None] = mapped_column(BigInteger)
    result_claimed_at: Mapped[datetime | None]
    result_attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_retry_at: Mapped[datetime | None]
    # A fan club condition on who may enter (domain.lottery.Condition): None, none.
    min_level: Mapped[int | None] = mapped_column(Integer)
    min_checkins: Mapped[int | None] = mapped_column(Integer)
    # The countdown it started with (the draw is this long after the start; once more if
    # extended), the minimum of entrants (None: any), and whether the minimum extended it.
    countdown_seconds: Mapped[int | None] = mapped_column(Integer)
    min_entrants: Mapped[int | None] = mapped_column(Integer)
    extended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The room's fair play rules as the lottery started (the ones its card shows).
    cap_wins: Mapped[int | None] = mapped_column(Integer)
    cap_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    fresh_first: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    members_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    human_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The block list in force at the draw (domain.fairplay.block_list_digest); None: none.
    blocked_digest: Mapped[str | None] = mapped_column(String(64))
    # A joint lottery (a joint show's): the partner room, where a second card runs, and the
    # partner host's channel (a follow lottery's condition there). The prize is this room's.
    joint_id: Mapped[int | None] = mapped_column(Integer)  # joint_shows.id
    partner_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    partner_card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    partner_channel_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    partner_channel_name: Mapped[str | None] = mapped_column(String(255))
    partner_result_message_id: Mapped[int | None] = mapped_column(BigInteger)

    def rooms(self) -> tuple[int, ...]:
        """The rooms whose fans may enter: its own, and a joint lottery's partner room."""
        if self.partner_chat_id is None:
            return (self.room_chat_id,)
        return (self.room_chat_id, self.partner_chat_id)

    @property
    def condition(self) -> Condition | None:
        if self.min_level is None and self.min_checkins is None:
            return None
        return Condition(self.min_level, self.min_checkins)

    @property
    def fair_play(self) -> FairPlay:
        return FairPlay(
            cap_wins=self.cap_wins,
            cap_days=self.cap_days,
            fresh_first=self.fresh_first,
            members_only=self.members_only,
            human_check=self.human_check,
        )


class Exclusion(Base):
    """An entrant a fair play rule kept out of a lottery's ranking (or, `demoted`, moved
    behind everyone else): the host's removal with its reason, or found at the draw."""

    __tablename__ = "lottery_exclusions"

    lottery_id: Mapped[int] = mapped_column(
        ForeignKey("lotteries.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    rule: Mapped[str] = mapped_column(String(16))  # domain.fairplay.Excluded, or DEMOTED
    reason: Mapped[str | None] = mapped_column(String(255))  # the host's, for a removal
    by: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime]


class Block(Base):
    """A fan the room's host blocked from its lotteries (/block)."""

    __tablename__ = "room_blocks"

    room_chat_id: Mapped[int] = mapped_column(
        ForeignKey("rooms.chat_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    blocked_by: Mapped[int | None] = mapped_column(BigInteger)
    blocked_at: Mapped[datetime]


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("lottery_id", "user_id"),
        # The draw reads the best few by score instead of ranking every entrant at the deadline.
        Index("ix_entries_ranking", "lottery_id", "score", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lotteries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    entered_at: Mapped[datetime]
    score: Mapped[bytes] = mapped_column(LargeBinary(32))  # domain.draw.score, set on entry
    # The entrant's Telegram language as they entered: a winner's private words speak it.
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_CODE_LENGTH))
    # A joint lottery's entrant: the room they entered from (None: the lottery's own room).
    from_chat_id: Mapped[int | None] = mapped_column(BigInteger)


class Winner(Base):
    __tablename__ = "winners"
    __table_args__ = (
        UniqueConstraint("lottery_id", "user_id"),
        UniqueConstraint("lottery_id", "rank"),
        Index("ix_winners_claims", "status", "claim_deadline"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lotteries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    rank: Mapped[int]
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ClaimStatus] = mapped_column(
        EnumText(ClaimStatus), default=ClaimStatus.WAITING, server_default="waiting"
    )
    claim_deadline: Mapped[datetime | None]
    reminded: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # An expired winner whose prize /reroll has already given to someone else.
    replaced: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Delivery details, each a Fernet token (see services/crypto.py); never plain text.
    recipient_enc: Mapped[str | None] = mapped_column(Text)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    address_enc: Mapped[str | None] = mapped_column(Text)
    note_enc: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    shipped_at: Mapped[datetime | None]


class FsmRecord(Base):
    """aiogram FSM state and data (dialogs survive restarts); data is encrypted."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data_enc: Mapped[str | None] = mapped_column(Text)


class ShareLink(Base):
    """A fan's personal invite link to the room, for "share" lotteries."""

    __tablename__ = "share_links"
    __table_args__ = (UniqueConstraint("lottery_id", "user_id"), UniqueConstraint("invite_link"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lotteries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    invite_link: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class ShareJoin(Base):
    """Someone new joined the room through a fan's link; each newcomer counts once per lottery."""

    __tablename__ = "share_joins"
    __table_args__ = (UniqueConstraint("lottery_id", "joined_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lotteries.id", ondelete="CASCADE"))
    share_link_id: Mapped[int] = mapped_column(ForeignKey("share_links.id", ondelete="CASCADE"))
    joined_user_id: Mapped[int] = mapped_column(BigInteger)
    joined_at: Mapped[datetime]


# --- the live room: activity, welcomes, moderation, boosts, milestones ------------------------
class RoomMessage(Base):
    """A fan's message in the room, for rankings and the post-show report (purged after 8 days)."""

    __tablename__ = "room_messages"
    __table_args__ = (Index("ix_room_messages_time", "room_chat_id", "sent_at"),)

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    sent_at: Mapped[datetime]


class RoomJoin(Base):
    """Someone joined the room; `welcomed` once the batched welcome that names them went out."""

    __tablename__ = "room_joins"
    __table_args__ = (
        UniqueConstraint("room_chat_id", "user_id", "joined_at"),
        Index("ix_room_joins_pending", "welcomed", "room_chat_id", "joined_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    joined_at: Mapped[datetime]
    welcomed: Mapped[bool] = mapped_column(Boolean, default=False)


class BannedWord(Base):
    __tablename__ = "banned_words"
    __table_args__ = (UniqueConstraint("room_chat_id", "word"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    word: Mapped[str] = mapped_column(String(64))  # casefolded


class Strike(Base):
    """A deleted message with a banned word; three in a day mute the author."""

    __tablename__ = "strikes"
    __table_args__ = (
        UniqueConstraint("room_chat_id", "message_id"),
        Index("ix_strikes_user", "room_chat_id", "user_id", "struck_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    struck_at: Mapped[datetime]


class Boost(Base):
    __tablename__ = "boosts"

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    boost_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    boosted_at: Mapped[datetime]


class Milestone(Base):
    """A "red envelope": a lottery armed to start by itself at a member count or a boost."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("room_chat_id", "source_message_id"),
        Index("ix_milestones_state", "state", "room_chat_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    trigger: Mapped[MilestoneTrigger] = mapped_column(EnumText(MilestoneTrigger))
    threshold: Mapped[int | None]  # member count, for MEMBERS
    lottery_args: Mapped[str] = mapped_column(String(255))  # as typed after /lottery
    state: Mapped[MilestoneState] = mapped_column(
        EnumText(MilestoneState), default=MilestoneState.ARMED
    )
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    reached_at: Mapped[datetime | None]
    # The room's real member count when it was reached (a raid may jump past the threshold).
    reached_members: Mapped[int | None] = mapped_column(Integer)
    lottery_id: Mapped[int | None] = mapped_column(Integer)
    # A show's goal: the show it counts in, and the share of the way the room was last told
    # of (0, 50 or 90 per cent), so each is said once.
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE")
    )
    progress_told: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class GiftItem(Base):
    """One gift on a room's menu, once its host changed the default menu."""

    __tablename__ = "gift_items"

    room_chat_id: Mapped[int] = mapped_column(
        ForeignKey("rooms.chat_id", ondelete="CASCADE"), primary_key=True
    )
    emoji: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    stars: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class GiftRecord(Base):
    """A gift a fan paid for (an invoice, or a paid message in the room). The charge id makes it
    once however often Telegram delivers the payment; /forget blanks the giver, not the amount."""

    __tablename__ = "gifts"
    __table_args__ = (
        UniqueConstraint("charge_id"),
        Index("ix_gifts_room_time", "room_chat_id", "given_at"),
        Index("ix_gifts_unthanked", "thanked", "room_chat_id", "given_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    first_name: Mapped[str | None] = mapped_column(String(255))
    emoji: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    stars: Mapped[int] = mapped_column(Integer)
    # Telegram's telegram_payment_charge_id, or "paid:<chat>:<message>" for a paid message.
    charge_id: Mapped[str] = mapped_column(String(255))
    paid_message: Mapped[bool] = mapped_column(Boolean, default=False)
    given_at: Mapped[datetime]
    thanked: Mapped[bool] = mapped_column(Boolean, default=False)
    refunded_at: Mapped[datetime | None]


# --- the show's rhythm: run-of-show, the fans' next theme, the host's numbers -------------------
class StrList(TypeDecorator[list[str]]):
    """A list of short texts (poll themes), stored as JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str] | None:
        return None if value is None else [str(item) for item in json.loads(value)]


class ShowScript(Base):
    """A show's run-of-show (its segments are `Segment` rows), the goodbye poll's candidate
    themes, and, once the show is live, where its clock stands."""

    __tablename__ = "show_scripts"

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # Who wrote it: the host the cues go to (a weekly show's next week has no /schedule author).
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    # None: no /wishes for this show (no goodbye poll); []: an open question, fans add themes.
    wishes: Mapped[list[str] | None] = mapped_column(StrList, nullable=True)
    current: Mapped[int | None] = mapped_column(Integer)  # the live segment's position
    segment_started_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    warned: Mapped[bool] = mapped_column(Boolean, default=False)
    over: Mapped[bool] = mapped_column(Boolean, default=False)
    # The segment whose start the host was last cued to (a crash between a segment's start
    # and its cue cues it at the next wake-up; a duplicate wake-up does not cue it twice).
    cued: Mapped[int | None] = mapped_column(Integer)


class Segment(Base):
    """One segment of a show's script, and when it really ran (for the report)."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("broadcast_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    lottery_args: Mapped[str | None] = mapped_column(String(255))
    lottery_id: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


class WishPoll(Base):
    """A show's goodbye poll on the next show's theme: Telegram's poll, its options (the
    fans' own added ones too), and, once closed, the counts and what the host did with them."""

    __tablename__ = "wish_polls"
    __table_args__ = (
        UniqueConstraint("broadcast_id"),
        UniqueConstraint("poll_id"),
        Index("ix_wish_polls_open", "closed_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    host_id: Mapped[int | None] = mapped_column(BigInteger)
    poll_id: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    options: Mapped[list[str]] = mapped_column(StrList)
    # Who added each option ("" for the host's candidates), in the options' order.
    added_by: Mapped[list[str]] = mapped_column(StrList)
    counts: Mapped[list[int]] = mapped_column(IdList, nullable=True)  # voters per option
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    scheduled_broadcast_id: Mapped[int | None] = mapped_column(Integer)


class WishVote(Base):
    """A fan's current answer to a goodbye poll (none: they took it back), as the latest of
    their poll_answer updates said: updates are handled concurrently, so an older one that
    finishes last must not undo a changed vote."""

    __tablename__ = "wish_votes"

    poll_row_id: Mapped[int] = mapped_column(
        ForeignKey("wish_polls.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    options: Mapped[list[int]] = mapped_column(IdList)
    update_id: Mapped[int] = mapped_column(BigInteger)


class RoomTouch(Base):
    """A fan did something in the room the other tables do not record (pressed a button,
    reacted), once per fan per minute: with messages, entries, joins and gifts, it tells how
    many fans were active (purged with the rest of the activity)."""

    __tablename__ = "room_touches"
    __table_args__ = (Index("ix_room_touches_time", "room_chat_id", "minute"),)

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    minute: Mapped[datetime] = mapped_column(primary_key=True)


class ShowFigures(Base):
    """A show's numbers, kept when it ends (the activity they come from is purged after a
    week): what /stats and the eligibility rule read."""

    __tablename__ = "show_figures"
    __table_args__ = (Index("ix_show_figures_room", "room_chat_id", "ended_at"),)

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    length_seconds: Mapped[int] = mapped_column(Integer)
    active_fans: Mapped[int] = mapped_column(Integer)
    peak_active: Mapped[int] = mapped_column(Integer)  # most active fans in one minute
    new_members: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer)
    gifts: Mapped[int] = mapped_column(Integer)
    gift_stars: Mapped[int] = mapped_column(Integer)


# --- popularity: likes, goals, the fan club ----------------------------------------------------
class Like(Base):
    """A fan's reaction on a message in the room: one like per fan per message, taken back when
    they remove it. Telegram tells bots of reactions only as they happen (they cannot be read
    later), and updates are handled concurrently: the latest update wins, by its id."""

    __tablename__ = "likes"
    __table_args__ = (Index("ix_likes_time", "room_chat_id", "liked_at"),)

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean)
    update_id: Mapped[int] = mapped_column(BigInteger)
    liked_at: Mapped[datetime]


class CheckIn(Base):
    """A fan came to a show ("✋ Check in" or /checkin): once per fan and show."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_room_user", "room_chat_id", "user_id", "checked_in_at"),)

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    checked_in_at: Mapped[datetime]


class FanPoints(Base):
    """A fan's points from one show (check-in, capped chat, likes, gifts), kept when it ends:
    their fan club level is the sum."""

    __tablename__ = "fan_points"
    __table_args__ = (Index("ix_fan_points_room_user", "room_chat_id", "user_id"),)

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    room_chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(255))
    points: Mapped[int] = mapped_column(Integer)
    earned_at: Mapped[datetime]


class FanPause(Base):
    """A fan club member was told privately that their membership paused (after the idle
    days), for their last show then: told once per lapse, never silently dropped."""

    __tablename__ = "fan_pauses"

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_attended: Mapped[datetime]
    told_at: Mapped[datetime]


class ChartPost(Base):
    """The weekly chart of rooms was posted in this room for this ISO week (once)."""

    __tablename__ = "chart_posts"

    room_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)  # "2030-W01"
    posted_at: Mapped[datetime]


class CohostInvite(Base):
    """A host's one-time code inviting another room to a show (/cohost invite): only its
    digest is kept; used once, within CODE_VALID."""

    __tablename__ = "cohost_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    room_chat_id: Mapped[int] = mapped_column(ForeignKey("rooms.chat_id", ondelete="CASCADE"))
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class JointShow(Base):
    """Two rooms' shows made one (/cohost accept): each keeps its own room, zone and language.
    `ended_at` is set when either host cancels, loses their rights, or the bot leaves a room."""

    __tablename__ = "joint_shows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    show_a_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), unique=True
    )
    show_b_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), unique=True
    )
    room_a: Mapped[int] = mapped_column(BigInteger)
    room_b: Mapped[int] = mapped_column(BigInteger)
    host_a: Mapped[int | None] = mapped_column(BigInteger)
    host_b: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))

    def partner_of(self, room_chat_id: int) -> int:
        return self.room_b if room_chat_id == self.room_a else self.room_a

    def show_in(self, room_chat_id: int) -> int:
        return self.show_a_id if room_chat_id == self.room_a else self.show_b_id

    def host_in(self, room_chat_id: int) -> int | None:
        return self.host_a if room_chat_id == self.room_a else self.host_b


class Battle(Base):
    """A timed contest between a joint show's two rooms (/battle), settled once."""

    __tablename__ = "battles"
    __table_args__ = (UniqueConstraint("joint_id", "source_chat_id", "source_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    joint_id: Mapped[int] = mapped_column(ForeignKey("joint_shows.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(16))  # domain.joint.BattleMetric
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    started_by: Mapped[int | None] = mapped_column(BigInteger)
    source_chat_id: Mapped[int] = mapped_column(BigInteger)
    source_message_id: Mapped[int] = mapped_column(BigInteger)
    settled_at: Mapped[datetime | None]
    winner_chat_id: Mapped[int | None] = mapped_column(BigInteger)  # None once settled: a tie
    score_a: Mapped[int | None] = mapped_column(Integer)
    score_b: Mapped[int | None] = mapped_column(Integer)
