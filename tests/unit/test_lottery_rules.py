from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain import messages
from domain.errors import UserInputError
from domain.lottery import (
    GuessLimiter,
    LotteryRequest,
    check_password,
    normalise_password,
    parse_lottery,
)
from domain.vocabulary import LotteryKind
from domain.window import LocalWindow


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("open Lip balm", LotteryRequest(LotteryKind.OPEN, "Lip balm")),
        ("OPEN x2 Lip balm", LotteryRequest(LotteryKind.OPEN, "Lip balm", 2)),
        ("follow ×3 Photo book", LotteryRequest(LotteryKind.FOLLOW, "Photo book", 3)),
        ("share Tote", LotteryRequest(LotteryKind.SHARE, "Tote")),
        (
            "password Rose x3 Lip balm set",
            LotteryRequest(LotteryKind.PASSWORD, "Lip balm set", 3, "rose", "Rose"),
        ),
        ("password 玫瑰 口红", LotteryRequest(LotteryKind.PASSWORD, "口红", 1, "玫瑰", "玫瑰")),
        ("open x2", None),
    ],
)
def test_parse_lottery(args: str, expected: LotteryRequest | None) -> None:
    if expected is None:
        with pytest.raises(UserInputError) as caught:
            parse_lottery(args)
        assert caught.value.text == messages.ERR_LOTTERY_NO_PRIZE
    else:
        assert parse_lottery(args) == expected


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ("", messages.LOTTERY_USAGE),
        ("raffle Mug", messages.ERR_LOTTERY_BAD_KIND),
        ("password rose", messages.ERR_LOTTERY_NO_PASSWORD),
        ("password " + "r" * 33 + " Mug", messages.ERR_LOTTERY_BAD_PASSWORD),
        ("open x51 Mug", messages.ERR_LOTTERY_WINNERS),
        ("open x0 Mug", messages.ERR_LOTTERY_WINNERS),
        # Any xN is a count: out of range is refused, never folded into the prize.
        ("open Mug x99999999999999999999", messages.ERR_LOTTERY_WINNERS),
        ("open x99999999999999999999 Mug", messages.ERR_LOTTERY_WINNERS),
        ("open Big x2 Mug", messages.ERR_LOTTERY_COUNT_PLACE),
        ('password "rose Mug', messages.ERR_LOTTERY_PASSWORD_QUOTE),
        ('password "rose red"', messages.ERR_LOTTERY_NO_PASSWORD),
    ],
)
def test_parse_lottery_errors(args: str, error: str) -> None:
    with pytest.raises(UserInputError) as caught:
        parse_lottery(args)
    assert caught.value.text == error


def test_password_ignores_case_spaces_punctuation_and_width() -> None:
    assert normalise_password("  ROSE ") == normalise_password("rose") == "rose"
    assert normalise_password("Straße") == normalise_password("STRASSE")
    for typed in ("ｒｏｓｅ", "Rose!", "r o s e", "«rose».", "ROSE\u200b"):
        assert normalise_password(typed) == "rose", typed
    assert normalise_password("玫瑰 🌹") == normalise_password("玫瑰🌹\ufe0f") == "玫瑰🌹"
    assert normalise_password("rose") != normalise_password("roses")
    with pytest.raises(UserInputError):
        check_password("!!!")  # would match every message without letters


def test_the_winner_count_may_follow_the_prize() -> None:
    assert parse_lottery("open Mug x3") == LotteryRequest(LotteryKind.OPEN, "Mug", 3)
    assert parse_lottery("password rose Tea set ×2") == LotteryRequest(
        LotteryKind.PASSWORD, "Tea set", 2, "rose", "rose"
    )
    assert parse_lottery("open Mug") == LotteryRequest(LotteryKind.OPEN, "Mug", 1)
    with pytest.raises(UserInputError):
        parse_lottery("open Mug x99")


async def test_guess_limiter_caps_each_fan_per_minute() -> None:
    limiter = GuessLimiter(LocalWindow(3))
    t0 = datetime(2030, 1, 1, tzinfo=UTC)
    assert [await limiter.allow(1, 7, t0) for _ in range(4)] == [True, True, True, False]
    assert await limiter.allow(1, 8, t0) is True  # another fan is unaffected
    assert await limiter.allow(1, 7, t0 + timedelta(seconds=61)) is True  # the minute passed


@pytest.mark.parametrize(
    "args",
    [
        'password "玫瑰 🌹" x2 玫瑰花束',
        "password “玫瑰 🌹” 玫瑰花束 x2",
        "password 「玫瑰 🌹」 x2 玫瑰花束",
    ],
)
def test_a_quoted_password_may_hold_spaces(args: str) -> None:
    assert parse_lottery(args) == LotteryRequest(
        LotteryKind.PASSWORD, "玫瑰花束", 2, "玫瑰🌹", "玫瑰 🌹"
    )


def test_a_password_with_an_unquoted_space_is_refused_with_the_quoted_command() -> None:
    with pytest.raises(UserInputError) as caught:
        parse_lottery("password 玫瑰 🌹 x2 玫瑰花束")
    assert caught.value.text == messages.ERR_LOTTERY_PASSWORD_SPACES
    assert caught.value.params == {
        "password": "玫瑰 🌹",
        "example": '/lottery password "玫瑰 🌹" x2 玫瑰花束',
    }
