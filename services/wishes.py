"""The next show's theme, chosen by the fans: the goodbye poll's record, its votes, its close,
and the host scheduling the winning theme. No Telegram here: bot/posts/wish_poster.py sends
and stops the poll, handlers/wishes.py hears the votes and the host's choice of time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain import messages
from domain.clock import Clock
from domain.errors import UserInputError
from domain.schedule import OneOffRequest, check_title, parse_start, zone
from domain.wishes import ThemeTally, tally, winner
from services.broadcasts import BroadcastService, Scheduled
from services.rooms import room_of
from storage.models import Broadcast, Room, TelegramUser, WishPoll, WishVote
from storage.scripts import ScriptRepository
from storage.sql import insert_or_ignore, rowcount

# The show a host schedules from a poll's result: once per poll, however often they confirm.
WISH_SOURCES = -(2**43)


@dataclass(frozen=True)
class Results:
    poll: WishPoll
    room: Room
    show: Broadcast
    themes: list[ThemeTally]
    voters: int

    @property
    def winner(self) -> ThemeTally | None:
        return winner(self.themes)


def winner_of(poll: WishPoll) -> str | None:
    found = winner(tally(poll.options, poll.counts or [0] * len(poll.options), poll.added_by))
    return found.theme if found is not None else None


class WishPolls:
    """The goodbye polls' lifecycle, for the wish poster; each call one transaction."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.session_factory = session_factory
        self.clock = clock

    async def claim(
        self, show: Broadcast, host_id: int | None, themes: list[str], open_for: timedelta
    ) -> WishPoll | None:
        """The show's goodbye poll, recorded before it is sent (None: it went out already)."""
        now = self.clock.now()
        async with self.session_factory.begin() as session:
            await session.execute(
                insert_or_ignore(session, WishPoll)
                .values(
                    broadcast_id=show.id,
                    room_chat_id=show.room_chat_id,
                    host_id=host_id,
                    options=themes,
                    added_by=[""] * len(themes),
                    opened_at=now,
                    closes_at=now + open_for,
                )
                .on_conflict_do_nothing()
            )
            poll = (
                await session.scalars(select(WishPoll).where(WishPoll.broadcast_id == show.id))
            ).one()
            return poll if poll.message_id is None else None

    async def sent(self, row_id: int, poll_id: str, message_id: int) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                update(WishPoll)
                .where(WishPoll.id == row_id)
                .values(poll_id=poll_id, message_id=message_id)
            )

    async def unsent(self, row_id: int) -> None:
        """Telegram refused the poll: no record of a poll that is not there."""
        async with self.session_factory.begin() as session:
            await session.execute(delete(WishPoll).where(WishPoll.id == row_id))

    async def open_ones(self) -> Sequence[WishPoll]:
        async with self.session_factory() as session:
            return (
                await session.scalars(
                    select(WishPoll).where(
                        WishPoll.closed_at.is_(None), WishPoll.message_id.is_not(None)
                    )
                )
            ).all()

    async def close(
        self, poll: WishPoll, final: list[tuple[str, int, str]] | None
    ) -> Results | None:
        """Close the poll once, with Telegram's final (option, voters, who added it); `None`:
        Telegram had none to give, so the votes the bot heard are counted. None when another
        wake-up closed it."""
        async with self.session_factory.begin() as session:
            if final is None:
                counts = [0] * len(poll.options)
                for vote in await session.scalars(
                    select(WishVote).where(WishVote.poll_row_id == poll.id)
                ):
                    for position in vote.options:
                        if 0 <= position < len(counts):
                            counts[position] += 1
                final = list(zip(poll.options, counts, poll.added_by, strict=True))
            result = await session.execute(
                update(WishPoll)
                .where(WishPoll.id == poll.id, WishPoll.closed_at.is_(None))
                .values(
                    closed_at=self.clock.now(),
                    options=[option for option, _, _ in final],
                    counts=[votes for _, votes, _ in final],
                    added_by=[adder for _, _, adder in final],
                )
            )
            if rowcount(result) != 1:
                return None
            return await self._results(session, poll.id)

    async def language_of(self, user_id: int) -> str:
        async with self.session_factory() as session:
            user = await session.get(TelegramUser, user_id)
            return user.language if user is not None else "en"

    async def choosers(self, row_id: int) -> list[tuple[int, str]]:
        """(user id, language) of the fans who voted for the winning theme and whom the bot
        may write to first."""
        async with self.session_factory() as session:
            poll = await session.get(WishPoll, row_id, populate_existing=True)
            theme = winner_of(poll) if poll is not None else None
            if poll is None or theme is None:
                return []
            position = poll.options.index(theme)
            rows = await session.execute(
                select(WishVote.options, TelegramUser.id, TelegramUser.language)
                .join(TelegramUser, TelegramUser.id == WishVote.user_id)
                .where(
                    WishVote.poll_row_id == poll.id,
                    TelegramUser.has_private_chat.is_(True),
                    TelegramUser.blocked_bot.is_(False),
                )
                .order_by(WishVote.user_id)
            )
            return [(row[1], row[2]) for row in rows if position in row[0]]

    async def _results(self, session: AsyncSession, row_id: int) -> Results:
        poll = await session.get(WishPoll, row_id, populate_existing=True)
        assert poll is not None
        show = await session.get(Broadcast, poll.broadcast_id)
        assert show is not None
        room = await room_of(session, poll.room_chat_id)
        counts = poll.counts or [0] * len(poll.options)
        # One answer per fan: the votes are the voters.
        return Results(poll, room, show, tally(poll.options, counts, poll.added_by), sum(counts))


class WishService:
    """What handlers do with goodbye polls, over the update's session."""

    def __init__(self, session: AsyncSession, clock: Clock, shows: BroadcastService) -> None:
        self.session = session
        self.clock = clock
        self.shows = shows

    async def _poll(self, poll_id: str) -> WishPoll | None:
        return (
            await self.session.scalars(select(WishPoll).where(WishPoll.poll_id == poll_id))
        ).first()

    async def vote(self, poll_id: str, user_id: int, options: list[int], update_id: int) -> bool:
        """A fan's answer (none: they took it back), unless a later one of theirs was heard
        already; False for a poll not ours or closed."""
        poll = await self._poll(poll_id)
        if poll is None or poll.closed_at is not None:
            return False
        values = {"poll_row_id": poll.id, "user_id": user_id}
        inserted = await self.session.execute(
            insert_or_ignore(self.session, WishVote)
            .values(**values, options=options, update_id=update_id)
            .on_conflict_do_nothing()
        )
        if rowcount(inserted) != 1:
            await self.session.execute(
                update(WishVote)
                .where(
                    WishVote.poll_row_id == poll.id,
                    WishVote.user_id == user_id,
                    WishVote.update_id < update_id,
                )
                .values(options=options, update_id=update_id)
            )
        await self.session.commit()
        return True

    async def options_changed(self, poll_id: str, options: list[str], added_by: list[str]) -> None:
        """The poll as Telegram last showed it: the fans' own themes join the options."""
        poll = await self._poll(poll_id)
        if poll is None or poll.closed_at is not None or len(options) <= len(poll.options):
            return
        await self.session.execute(
            update(WishPoll)
            .where(WishPoll.id == poll.id, WishPoll.closed_at.is_(None))
            .values(options=options, added_by=added_by)
        )
        await self.session.commit()

    async def to_schedule(self, row_id: int, host_id: int) -> tuple[WishPoll, Room, str]:
        """The poll whose winning theme the host is scheduling, its room and the theme."""
        poll = await self.session.get(WishPoll, row_id, populate_existing=True)
        theme = winner_of(poll) if poll is not None and poll.closed_at is not None else None
        if poll is None or theme is None or poll.host_id != host_id:
            raise UserInputError(messages.ERR_WISH_SCHEDULE_GONE)
        if poll.scheduled_broadcast_id is not None:
            raise UserInputError(messages.ERR_WISH_SCHEDULED, id=poll.scheduled_broadcast_id)
        return poll, await room_of(self.session, poll.room_chat_id), theme

    async def schedule(
        self, row_id: int, host_id: int, date_text: str, time_text: str
    ) -> tuple[Scheduled, Room]:
        """Schedule the winning theme as the next show, once per poll."""
        poll, room, theme = await self.to_schedule(row_id, host_id)
        starts_at = parse_start(date_text, time_text, zone(room.timezone), self.clock.now())
        request = OneOffRequest(starts_at, check_title(theme))
        scheduled = await self.shows.schedule(room, request, WISH_SOURCES - poll.id, host_id)
        await self.session.execute(
            update(WishPoll)
            .where(WishPoll.id == poll.id, WishPoll.scheduled_broadcast_id.is_(None))
            .values(scheduled_broadcast_id=scheduled.broadcast.id)
        )
        await self.session.commit()
        return scheduled, room


async def wishes_of(session: AsyncSession, show_id: int) -> list[str] | None:
    """The themes the show's goodbye poll asks about (None: no poll; []: an open question)."""
    script = await ScriptRepository(session).get(show_id)
    return script.wishes if script is not None else None
