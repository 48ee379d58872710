"""Every feature's router, built fresh for each Dispatcher, in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from handlers import broadcasts, common, errors, room_settings


def create_routers() -> list[Router]:
    return [
        errors.create_router(),
        # The deep-link /start (Remind me) must be tried before the plain /start in common.
        broadcasts.create_fan_router(),
        broadcasts.create_host_router(),
        room_settings.create_router(),
        common.create_router(),
    ]
