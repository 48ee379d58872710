"""The end-to-end tests' view of the stage (see emulator/stage.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from emulator.stage import FAST_BOT_RATES, FAST_EMULATOR_LIMITS, make_settings
from emulator.stage import Stage as Harness

__all__ = ["FAST_BOT_RATES", "FAST_EMULATOR_LIMITS", "Harness", "make_settings", "rows"]


async def rows(harness: Harness, model: type, *where: Any) -> list[Any]:
    """The rows of `model` in the running app's database (matching `where`)."""
    async with harness.running.session_factory() as session:
        return list((await session.scalars(select(model).where(*where))).all())
