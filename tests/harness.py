"""The end-to-end tests' view of the stage (see emulator/stage.py)."""

from __future__ import annotations

from emulator.stage import FAST_BOT_RATES, FAST_EMULATOR_LIMITS, make_settings
from emulator.stage import Stage as Harness

__all__ = ["FAST_BOT_RATES", "FAST_EMULATOR_LIMITS", "Harness", "make_settings"]
