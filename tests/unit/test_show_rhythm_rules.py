"""The show's rhythm as pure rules: reading a script, the live script's clock, the poll's tally,
active fans and the eligibility rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain import messages
from domain.eligibility import EligibilityRule, ShowNumbers
from domain.errors import UserInputError
from domain.report import active_fans
from domain.script import (
    Cue,
    ScriptClock,
    ScriptLineError,
    SegmentPlan,
    parse_duration,
    parse_script,
    parse_segment,
)
from domain.wishes import parse_wishes, tally, winner

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
SIX_HOURS = timedelta(hours=6)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("10m", 10),
        ("45min", 45),
        ("1h", 60),
        ("1h30m", 90),
        ("2H5M", 125),
        ("20分钟", 20),
        ("1小时", 60),
        ("10", None),
        ("m", None),
        ("ten", None),
        ("", None),
    ],
)
def test_durations_hosts_type(text: str, minutes: int | None) -> None:
    assert parse_duration(text) == minutes


def test_a_lottery_segment_keeps_its_command_and_is_named_by_its_prize() -> None:
    segment = parse_segment("5m lottery password rose x3 Lip balm")
    assert segment == SegmentPlan(5, "Lip balm", "password rose x3 Lip balm")
    request = segment.lottery()
    assert request is not None and (request.password, request.winners) == ("rose", 3)
    assert parse_segment("10m  Q&A:   winter  skincare") == SegmentPlan(10, "Q&A: winter skincare")


def test_a_script_reads_its_wishes_line_and_names_the_line_it_cannot_read() -> None:
    draft = parse_script("10m Hi\n\nwishes: Spring; Night routine\n20m Main\n", SIX_HOURS)
    assert draft.segments == [SegmentPlan(10, "Hi"), SegmentPlan(20, "Main")]
    assert draft.wishes == ["Spring", "Night routine"]
    with pytest.raises(ScriptLineError) as caught:
        parse_script("10m Hi\n20m Main\n0m Nothing", SIX_HOURS)
    assert (caught.value.number, caught.value.line) == (3, "0m Nothing")
    assert caught.value.text == messages.ERR_SEGMENT_MINUTES
    with pytest.raises(UserInputError) as too_long:
        parse_script("5h One\n2h Two", SIX_HOURS)
    assert too_long.value.params == {"minutes": 420, "limit": 360}


def test_themes_are_split_tidied_and_checked() -> None:
    assert parse_wishes(" Spring  looks ；Night routine;; ") == ["Spring looks", "Night routine"]
    assert parse_wishes("") == []
    for bad, message in [
        (";".join(f"t{n}" for n in range(11)), messages.ERR_WISHES_TOO_MANY),
        ("x" * 101, messages.ERR_WISH_TOO_LONG),
        ("Spring; SPRING", messages.ERR_WISH_TWICE),
    ]:
        with pytest.raises(UserInputError) as caught:
            parse_wishes(bad)
        assert caught.value.text == message


SEGMENTS = [SegmentPlan(10, "Hi"), SegmentPlan(5, "Main")]


def clock(**changes: object) -> ScriptClock:
    values: dict[str, object] = {
        "current": 0,
        "segment_started_at": T0,
        "paused_at": None,
        "paused_seconds": 0,
        "warned": False,
        "over": False,
    }
    values.update(changes)
    return ScriptClock(**values)  # type: ignore[arg-type]


def test_the_clock_warns_a_minute_before_the_end_then_advances_then_overruns() -> None:
    assert clock().due(SEGMENTS, T0 + timedelta(minutes=8)) is None
    assert clock().next_wake(SEGMENTS, T0) == T0 + timedelta(minutes=9)
    assert clock().due(SEGMENTS, T0 + timedelta(minutes=9)) is Cue.WARN
    warned = clock(warned=True)
    assert warned.next_wake(SEGMENTS, T0 + timedelta(minutes=9)) == T0 + timedelta(minutes=10)
    assert warned.due(SEGMENTS, T0 + timedelta(minutes=10)) is Cue.ADVANCE
    # A late wake-up that missed the warning advances rather than warning late.
    assert clock().due(SEGMENTS, T0 + timedelta(minutes=12)) is Cue.ADVANCE
    last = clock(current=1, segment_started_at=T0 + timedelta(minutes=10), warned=True)
    assert last.due(SEGMENTS, T0 + timedelta(minutes=15)) is Cue.OVERRUN
    assert clock(current=1, over=True).due(SEGMENTS, T0 + timedelta(hours=1)) is None


def test_a_pause_holds_the_clock_and_its_time_is_not_spent() -> None:
    paused = clock(paused_at=T0 + timedelta(minutes=4))
    assert paused.due(SEGMENTS, T0 + timedelta(hours=1)) is None
    assert paused.next_wake(SEGMENTS, T0 + timedelta(hours=1)) is None
    assert paused.spent(T0 + timedelta(hours=1)) == timedelta(minutes=4)
    resumed = clock(paused_seconds=600)  # paused for ten minutes, now running again
    assert resumed.spent(T0 + timedelta(minutes=14)) == timedelta(minutes=4)
    assert resumed.ends_at(SEGMENTS[0], T0 + timedelta(minutes=14)) == T0 + timedelta(minutes=20)


def test_a_one_minute_segment_gets_no_warning() -> None:
    short = [SegmentPlan(1, "Quick"), SegmentPlan(5, "Main")]
    assert clock().due(short, T0 + timedelta(seconds=30)) is None
    assert clock().next_wake(short, T0) == T0 + timedelta(minutes=1)


def test_the_tally_puts_the_most_votes_first_and_keeps_the_hosts_order_among_equals() -> None:
    results = tally(["A", "B", "C", "D"], [1, 3, 0, 3], ["", "", "", "Mia"])
    assert [(r.theme, r.votes, round(r.share, 3), r.added_by) for r in results] == [
        ("B", 3, 0.429, ""),
        ("D", 3, 0.429, "Mia"),
        ("A", 1, 0.143, ""),
        ("C", 0, 0.0, ""),
    ]
    found = winner(results)
    assert found is not None and found.theme == "B"
    assert winner(tally(["A"], [0], [""])) is None


def test_active_fans_are_distinct_people_and_the_peak_is_per_minute() -> None:
    moments = [
        (1, T0),
        (1, T0 + timedelta(seconds=30)),
        (2, T0 + timedelta(seconds=59)),
        (2, T0 + timedelta(minutes=1)),
        (3, T0 + timedelta(minutes=1, seconds=5)),
        (4, T0 + timedelta(minutes=1, seconds=50)),
    ]
    assert active_fans(moments, T0) == (4, 3)
    assert active_fans([], T0) == (0, 0)


def show(day: int, minutes: int, fans: int) -> ShowNumbers:
    start = datetime(2030, 1, day, 12, tzinfo=UTC)
    return ShowNumbers("Show", start, timedelta(minutes=minutes), fans, fans, 0, 0, 0)


def test_the_rule_counts_shows_long_enough_with_enough_active_fans() -> None:
    rule = EligibilityRule(shows=3, minutes=30, fans=100)
    shows = [show(5, 29, 500), show(4, 30, 100), show(3, 90, 99), show(2, 47, 132)]
    assert [s.started_at.day for s in rule.progress(shows)] == [2, 4]
    assert not rule.met(shows)
    assert rule.met([*shows, show(6, 31, 101)])
