"""Rooms' stream-overlay links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Overlay
from storage.sql import insert_or_ignore


class OverlayRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_room(self, room_chat_id: int) -> Overlay | None:
        return await self.session.get(Overlay, room_chat_id, populate_existing=True)

    async def by_digest(self, digest: str) -> Overlay | None:
        return (
            await self.session.scalars(select(Overlay).where(Overlay.token_digest == digest))
        ).one_or_none()

    async def add_if_none(
        self, room_chat_id: int, digest: str, token_enc: str, now: datetime
    ) -> Overlay:
        """The room's link: this one if it had none, else the one it has (two hosts asking at
        once, or an update delivered twice, end with one link)."""
        await self.session.execute(
            insert_or_ignore(self.session, Overlay)
            .values(
                room_chat_id=room_chat_id, token_digest=digest, token_enc=token_enc, created_at=now
            )
            .on_conflict_do_nothing(index_elements=[Overlay.room_chat_id])
        )
        overlay = await self.of_room(room_chat_id)
        assert overlay is not None
        return overlay

    async def replace(
        self, room_chat_id: int, digest: str, token_enc: str, now: datetime
    ) -> Overlay:
        """The room's one link is now this one: the old row goes in the same transaction."""
        await self.session.execute(delete(Overlay).where(Overlay.room_chat_id == room_chat_id))
        overlay = Overlay(
            room_chat_id=room_chat_id, token_digest=digest, token_enc=token_enc, created_at=now
        )
        self.session.add(overlay)
        await self.session.flush()
        return overlay

    async def all(self) -> Sequence[Overlay]:
        return (await self.session.scalars(select(Overlay))).all()
