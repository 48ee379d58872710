"""Every feature's router, built fresh for each Dispatcher, in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    broadcasts,
    claims,
    common,
    errors,
    fairplay,
    fallback,
    fanclub,
    gifts,
    joint,
    live_room,
    lottery,
    lottery_wizard,
    overlay,
    popularity,
    room_settings,
    script,
    stats,
    winners,
    wishes,
)


def create_routers() -> list[Router]:
    return [
        errors.create_router(),
        # What the room itself does (video chats, newcomers, boosts) before any command.
        broadcasts.create_room_router(),
        live_room.create_room_router(),
        # Payments and pre-checkouts before any dialog could take the message for its own.
        gifts.create_fan_router(),
        # The winner's dialog first: its /cancel must win over the host command of that name.
        claims.create_router(),
        # The host's answer to "when?" for the fans' theme (and its /cancel), then /wishes.
        wishes.create_router(),
        # Deep-link /start handlers (remind, share, claim) before the plain /start in common.
        broadcasts.create_fan_router(),
        lottery.create_fan_router(),
        fanclub.create_router(),
        broadcasts.create_host_router(),
        lottery_wizard.create_router(),
        lottery.create_host_router(),
        fairplay.create_router(),
        joint.create_router(),
        room_settings.create_router(),
        live_room.create_host_router(),
        script.create_router(),
        stats.create_router(),
        popularity.create_router(),
        gifts.create_host_router(),
        overlay.create_router(),
        winners.create_router(),
        common.create_router(),
        # Whatever no feature took: every button press and private command gets an answer.
        fallback.create_router(),
        # Password guesses in the room: the crowd's fast path takes most of them before any
        # router (bot/fast_path.py); lottery's fan router takes the rest.
    ]
