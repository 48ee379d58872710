from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain import messages
from domain.errors import UserInputError
from domain.schedule import (
    IdKind,
    OneOffRequest,
    WeeklyRequest,
    known_zone,
    next_weekly_start,
    parse_date,
    parse_id,
    parse_schedule,
    parse_start,
    trailer_time,
    whole_number,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2030, 1, 1, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai


def test_one_off_is_read_in_the_room_zone() -> None:
    request = parse_schedule("2030-01-02 20:00 Winter skincare Q&A", SHANGHAI, NOW)
    assert request == OneOffRequest(datetime(2030, 1, 2, 12, 0, tzinfo=UTC), "Winter skincare Q&A")


@pytest.mark.parametrize(
    ("args", "expected_start"),
    [
        ("tomorrow 09:05 Morning", datetime(2030, 1, 2, 1, 5, tzinfo=UTC)),
        ("today 23:59 Late", datetime(2030, 1, 1, 15, 59, tzinfo=UTC)),
        ("2030/1/3 7:30 Slashes", datetime(2030, 1, 2, 23, 30, tzinfo=UTC)),
        ("明天 20：00 中文", datetime(2030, 1, 2, 12, 0, tzinfo=UTC)),
    ],
)
def test_friendly_date_and_time_forms(args: str, expected_start: datetime) -> None:
    request = parse_schedule(args, SHANGHAI, NOW)
    assert isinstance(request, OneOffRequest)
    assert request.starts_at == expected_start


def test_title_whitespace_is_tidied() -> None:
    request = parse_schedule("2030-01-02 20:00   Two   spaces  ", SHANGHAI, NOW)
    assert isinstance(request, OneOffRequest)
    assert request.title == "Two spaces"


@pytest.mark.parametrize(
    ("args", "error", "params"),
    [
        (None, messages.ERR_SCHEDULE_USAGE, {}),
        ("2030-01-02", messages.ERR_SCHEDULE_USAGE, {}),
        ("2030-02-30 20:00 Nope", messages.ERR_BAD_DATE, {"value": "2030-02-30"}),
        ("01/02/2030 20:00 US style", messages.ERR_BAD_DATE, {"value": "01/02/2030"}),
        ("2030-01-02 24:00 Midnight", messages.ERR_BAD_TIME, {"value": "24:00"}),
        ("2030-01-02 8pm Evening", messages.ERR_BAD_TIME, {"value": "8pm"}),
        ("2030-01-01 17:59 Just gone", messages.ERR_IN_PAST, {}),
        ("2030-01-01 18:00 Right now", messages.ERR_IN_PAST, {}),
        ("2030-01-02 20:00", messages.ERR_NO_TITLE, {}),
        (
            "2030-01-02 20:00 " + "x" * 121,
            messages.ERR_TITLE_TOO_LONG,
            {"limit": 120, "length": 121},
        ),
        ("weekly fri", messages.ERR_SCHEDULE_WEEKLY_USAGE, {}),
        ("weekly funday 20:00 X", messages.ERR_BAD_WEEKDAY, {"value": "funday"}),
        ("weekly fri 20:00", messages.ERR_NO_TITLE, {}),
    ],
)
def test_bad_input_names_the_problem(args: str | None, error: str, params: dict) -> None:
    with pytest.raises(UserInputError) as caught:
        parse_schedule(args, SHANGHAI, NOW)
    assert caught.value.text == error
    assert caught.value.params == params


def test_weekly_request() -> None:
    assert parse_schedule("weekly 周五 20:00 周五直播", SHANGHAI, NOW) == WeeklyRequest(
        4, time(20, 0), "周五直播"
    )
    assert parse_schedule("WEEKLY Sunday 9:00 Brunch", SHANGHAI, NOW) == WeeklyRequest(
        6, time(9, 0), "Brunch"
    )


def test_trailer_goes_lead_time_ahead_or_now() -> None:
    start = datetime(2030, 1, 3, 12, 0, tzinfo=UTC)
    assert trailer_time(start, timedelta(hours=24), NOW) == datetime(2030, 1, 2, 12, tzinfo=UTC)
    assert trailer_time(start, timedelta(hours=72), NOW) == NOW


def test_next_weekly_start_is_strictly_after() -> None:
    # NOW is Tuesday 18:00 in Shanghai.
    assert next_weekly_start(1, time(20, 0), SHANGHAI, NOW) == datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert next_weekly_start(1, time(18, 0), SHANGHAI, NOW) == datetime(2030, 1, 8, 10, tzinfo=UTC)
    assert next_weekly_start(0, time(9, 0), SHANGHAI, NOW) == datetime(2030, 1, 7, 1, tzinfo=UTC)


def test_next_weekly_start_keeps_local_time_across_daylight_saving() -> None:
    # Berlin moves from UTC+1 to UTC+2 on Sunday 31 March 2030.
    before = datetime(2030, 3, 29, 19, 0, tzinfo=UTC)  # Friday 20:00 local, winter time
    after = next_weekly_start(4, time(20, 0), BERLIN, before)
    assert after == datetime(2030, 4, 5, 18, 0, tzinfo=UTC)
    assert after.astimezone(BERLIN).hour == 20
    assert after.astimezone(BERLIN).date() == date(2030, 4, 5)


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("#12", 12), (" 7 ", 7)])
def test_parse_id(text: str, expected: int) -> None:
    assert parse_id(text, IdKind.SHOW) == expected


@pytest.mark.parametrize("text", ["abc", "-1", "1.5", "9999999999"])
def test_parse_id_refuses_non_ids(text: str) -> None:
    with pytest.raises(UserInputError) as caught:
        parse_id(text, IdKind.SHOW)
    assert caught.value.text == messages.ERR_BAD_SHOW_ID


def test_numbers_people_type_are_ascii_digits_and_fit_the_database() -> None:
    assert whole_number("42") == 42
    assert whole_number("000000007") == 7
    for text in ("", "²", "٣", "３", "-3", "1e3", "12 ", "9999999999", "99999999999999999999"):
        assert whole_number(text) is None, text
    assert parse_id(" #12 ", IdKind.WINNER) == 12
    with pytest.raises(UserInputError) as caught:
        parse_id("x" * 4000, IdKind.LOTTERY)
    assert caught.value.params["value"] == "x" * 59 + "…"  # echoed back clipped


def test_zones_are_looked_up_never_opened_as_paths() -> None:
    assert known_zone("Asia/Shanghai") == "Asia/Shanghai"
    assert known_zone(" asia/shanghai ") == "Asia/Shanghai"
    for name in ("Asia", "../../etc/passwd", "x" * 4000, "", "Mars/Base"):
        assert known_zone(name) is None, name


def test_dates_beyond_the_years_a_show_can_have_are_refused() -> None:
    today = date(2030, 1, 1)
    assert parse_date("2999-12-31", today) == date(2999, 12, 31)
    for text in ("9999-12-31", "0001-01-01", "1999-12-31"):
        with pytest.raises(UserInputError):
            parse_date(text, today)


def test_a_time_the_clocks_skip_is_refused_with_the_time_that_exists() -> None:
    # Berlin jumps from 02:00 to 03:00 on Sunday 31 March 2030: 02:30 never happens.
    with pytest.raises(UserInputError) as caught:
        parse_start("2030-03-31", "02:30", BERLIN, datetime(2030, 3, 1, tzinfo=UTC))
    assert caught.value.text == messages.ERR_TIME_SKIPPED
    assert caught.value.params == {
        "time": "02:30",
        "date": "2030-03-31",
        "timezone": "Europe/Berlin",
        "suggestion": "03:30",
    }
    # The hour after the jump is fine.
    assert parse_start("2030-03-31", "03:30", BERLIN, datetime(2030, 3, 1, tzinfo=UTC)) == (
        datetime(2030, 3, 31, 1, 30, tzinfo=UTC)
    )
