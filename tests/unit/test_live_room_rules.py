"""The live room's rules alone: banned-word matching, rankings, welcomes, red envelopes, the
report's per-minute series and its chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.chart import FIGURE_DPI, _cjk_font, activity_chart, chart_figure
from bot.i18n import Translator, create_i18n
from bot.render import duration
from domain.errors import UserInputError
from domain.milestones import MemberEstimate, parse_milestone, reached
from domain.moderation import BannedWords, WarningBudget, parse_words, should_mute
from domain.popularity import Weights
from domain.rankings import combine, parse_period
from domain.report import SegmentTiming, ShowReport, per_minute
from domain.vocabulary import LotteryKind, MilestoneTrigger
from domain.welcome import name_list, welcome_post
from domain.window import LocalWindow, SlidingWindow

T0 = datetime(2030, 1, 1, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Buy SPAM now", "spam"),
        ("spam!", "spam"),
        ("a spammer is not spam-free", "spam"),  # "spam-free": a hyphen ends a word
        ("spammer here", None),  # Latin words match whole words only
        ("first class", None),  # "ass" inside "class" is not the word
        ("我们这里不刷单的哦", "刷单"),  # Chinese: inside a longer sentence
        # Spaces, punctuation and invisible characters slipped between do not hide it.
        ("刷 单", "刷单"),
        ("刷.单 加我", "刷单"),
        ("刷\u200b单", "刷单"),
        ("来刷-单啦", "刷单"),
        ("Click here: free money", "free money"),
    ],
)
def test_banned_words_latin_whole_words_chinese_substrings(text: str, found: str | None) -> None:
    words = BannedWords(parse_words("spam, 刷单，ass、Free  Money"))
    assert words.find(text) == found


def test_banned_word_input_is_checked() -> None:
    assert parse_words(" Spam ,SPAM, 刷单 ") == ["spam", "刷单"]
    with pytest.raises(UserInputError):
        parse_words(" , ")
    with pytest.raises(UserInputError):
        parse_words("x" * 65)
    assert not BannedWords([])
    assert [should_mute(n) for n in (1, 2, 3, 4)] == [False, False, True, True]


async def test_warnings_are_capped_per_room_and_minute() -> None:
    budget = WarningBudget(LocalWindow(2))
    assert [await budget.allow(-1, T0 + timedelta(seconds=s)) for s in (0, 10, 20)] == [
        True,
        True,
        False,
    ]
    assert await budget.allow(-2, T0 + timedelta(seconds=20))  # another room: its own budget
    assert await budget.allow(-1, T0 + timedelta(seconds=61))  # the first has left the minute


def test_ranking_weighs_chat_minutes_likes_invites_and_stars_as_popularity() -> None:
    ranked = combine(
        chat=[(1, "Ann", 10), (2, "Ben", 1), (3, "Cai", 2)],
        likes=[(2, "Ben", 1), (3, "Cai", 4)],
        invites=[(2, "Ben", 1), (4, "Dan", 1)],
        stars=[(5, "Eve", 10)],
        weights=Weights(),
    )
    assert [(a.name, a.points, a.chat_minutes, a.likes, a.invites, a.stars) for a in ranked] == [
        ("Ben", 13, 1, 1, 1, 0),
        ("Ann", 10, 10, 0, 0, 0),  # a tie with Cai, Dan and Eve: more chatting minutes first
        ("Cai", 10, 2, 4, 0, 0),
        ("Dan", 10, 0, 0, 1, 0),
        ("Eve", 10, 0, 0, 0, 10),
    ]
    heavy_likes = combine([(1, "Ann", 1)], [(2, "Ben", 1)], [], [], Weights(like=5))
    assert [a.name for a in heavy_likes] == ["Ben", "Ann"]
    assert parse_period(" Week ") == ("week", timedelta(days=7))
    with pytest.raises(UserInputError):
        parse_period("month")


def test_welcome_names_and_the_hosts_text() -> None:
    names = [f"Fan{i}" for i in range(1, 14)]
    assert name_list(names[:3], "and 0 more") == "Fan1, Fan2, Fan3"
    assert name_list(names, "and 3 more") == (
        "Fan1, Fan2, Fan3, Fan4, Fan5, Fan6, Fan7, Fan8, Fan9, Fan10 and 3 more"
    )
    assert welcome_post("Hi {names}! {not a field}", "Ann") == "Hi Ann! {not a field}"
    assert welcome_post("Welcome, friends!", "Ann, Ben") == "Welcome, friends!\nAnn, Ben"


def test_milestone_commands() -> None:
    members = parse_milestone("500 open Lip balm")
    assert (members.trigger, members.threshold, members.lottery_args) == (
        MilestoneTrigger.MEMBERS,
        500,
        "open Lip balm",
    )
    assert members.lottery.kind is LotteryKind.OPEN
    assert members.lottery.prize == "Lip balm"
    boost = parse_milestone("Boost password hi x2 Mug")
    assert (boost.trigger, boost.threshold, boost.lottery.winners) == (
        MilestoneTrigger.BOOST,
        None,
        2,
    )
    for bad in ("", "500", "lots open Mug", "0 open Mug", "500 raffle Mug"):
        with pytest.raises(UserInputError):
            parse_milestone(bad)
    assert reached(500, 500)
    assert not reached(500, 499)
    assert not reached(None, 10_000)


def test_member_estimate_asks_telegram_only_near_the_threshold_or_when_stale() -> None:
    estimate = MemberEstimate(refresh_after=timedelta(seconds=15))
    room = -100
    assert estimate.needs_fetch(room, 500, T0)  # nothing known yet
    estimate.joined(room)  # a join before any count is known adds nothing
    estimate.fetched(room, 497, T0)
    assert not estimate.needs_fetch(room, 500, T0)
    estimate.joined(room)
    estimate.joined(room)
    assert not estimate.needs_fetch(room, 500, T0 + timedelta(seconds=14))  # 499
    estimate.joined(room)
    assert estimate.needs_fetch(room, 500, T0 + timedelta(seconds=14))  # 500: ask
    estimate.fetched(room, 496, T0 + timedelta(seconds=14))  # some had left meanwhile
    assert not estimate.needs_fetch(room, 500, T0 + timedelta(seconds=28))
    assert estimate.needs_fetch(room, 500, T0 + timedelta(seconds=29))  # stale: ask again
    estimate.forget(room)
    assert estimate.needs_fetch(room, 10_000, T0 + timedelta(seconds=29))
    assert estimate.needs_fetch(-200, 1, T0)  # another room knows nothing either


def test_report_series_and_duration() -> None:
    moments = [T0 + timedelta(seconds=s) for s in (0, 30, 59, 60, 185, 400, -5)]
    assert per_minute(moments, T0, T0 + timedelta(minutes=4)) == [3, 1, 0, 1]
    assert per_minute([], T0, T0) == [0]
    english, chinese = Translator(create_i18n(), "en"), Translator(create_i18n(), "zh")
    assert duration(timedelta(hours=1, minutes=5, seconds=9), english) == "1 h 5 min"
    assert duration(timedelta(minutes=32), english) == "32 min"
    assert duration(timedelta(hours=2), english) == "2 h"
    assert duration(timedelta(seconds=45), english) == "45 s"
    assert duration(timedelta(seconds=-3), english) == "0 s"
    assert duration(timedelta(minutes=32), chinese) == "32 分钟"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_chart_is_a_png(language: str) -> None:
    report = ShowReport(
        title="Winter Q&A",
        started_at=T0,
        ended_at=T0 + timedelta(minutes=3),
        new_members=2,
        messages=4,
        entries=1,
        winners=1,
        messages_per_minute=[1, 3, 0],
        entries_per_minute=[0, 1, 0],
    )
    tr = Translator(create_i18n(), language)
    png = activity_chart(report, tr)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5_000
    (axes,) = chart_figure(report, tr).axes
    assert axes.get_title(loc="left") in {
        tr(texts.REPORT_CHART_TITLE),
        tr.for_locale("en")(texts.REPORT_CHART_TITLE),  # no CJK font on this machine
    }
    ticks = [tick for tick in axes.get_yticks() if 0 <= tick <= 4]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    # Whole minutes from 0, counts from 0: nothing fractional, nothing below zero in view.
    low, high = axes.get_xlim()
    shown = [tick for tick in axes.get_xticks() if low <= tick <= high]
    assert shown and min(shown) >= 0 and all(float(tick).is_integer() for tick in shown)
    assert axes.get_ylim()[0] == 0
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert all(label[:1] == label[:1].upper() for label in legend), legend
    # Big enough to read on a phone.
    width, height = chart_figure(report, tr).get_size_inches() * FIGURE_DPI
    assert (width, height) == (1500, 600)


def test_the_chart_title_names_gifts_when_there_were_some() -> None:
    report = ShowReport(
        title="Winter Q&A",
        started_at=T0,
        ended_at=T0 + timedelta(minutes=2),
        new_members=0,
        messages=1,
        entries=0,
        winners=0,
        messages_per_minute=[1, 0],
        entries_per_minute=[0, 0],
        gifts_per_minute=[0, 2],
    )
    (axes,) = chart_figure(report, Translator(create_i18n(), "en")).axes
    assert axes.get_title(loc="left") == "Messages, lottery entries and gifts, minute by minute"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == [
        "Messages",
        "Lottery entries",
        "Gifts",
    ]


def test_a_cjk_font_installed_after_matplotlib_built_its_cache_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matplotlib import font_manager

    _cjk_font.cache_clear()
    added: list[str] = []
    path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

    def addfont(font_path: str) -> None:
        added.append(font_path)
        entry = font_manager.FontEntry(fname=font_path, name="Noto Sans CJK SC")
        monkeypatch.setattr(
            font_manager.fontManager, "ttflist", [*font_manager.fontManager.ttflist, entry]
        )

    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: ["/x/DejaVuSans.ttf", path])
    monkeypatch.setattr(font_manager.fontManager, "addfont", addfont)
    try:
        assert _cjk_font() == "Noto Sans CJK SC"
        assert added == [path]
    finally:
        _cjk_font.cache_clear()


def test_one_sliding_window_serves_the_guess_cap_and_the_warning_budget() -> None:
    window: SlidingWindow[str] = SlidingWindow(2)
    assert [window.allow("ann", T0 + timedelta(seconds=s)) for s in (0, 10, 20)] == [
        True,
        True,
        False,  # a third in the same minute: refused, and not counted
    ]
    assert window.allow("ben", T0 + timedelta(seconds=20))  # each key has its own window
    assert window.allow("ann", T0 + timedelta(seconds=60))  # the first has slid out
    assert not window.allow("ann", T0 + timedelta(seconds=61))


def test_a_scripted_show_gets_its_run_of_show_as_a_timeline_under_the_chart() -> None:
    report = ShowReport(
        title="Winter Q&A",
        started_at=T0,
        ended_at=T0 + timedelta(minutes=25),
        new_members=0,
        messages=0,
        entries=0,
        winners=0,
        messages_per_minute=[0] * 25,
        entries_per_minute=[0] * 25,
        segments=[
            SegmentTiming("Hi", timedelta(minutes=10), T0, T0 + timedelta(minutes=6)),
            SegmentTiming(
                "Mug",
                timedelta(minutes=5),
                T0 + timedelta(minutes=6),
                T0 + timedelta(minutes=25),
                lottery=True,
            ),
            SegmentTiming("Outro", timedelta(minutes=10), None, None),
        ],
    )
    activity, timeline = chart_figure(report, Translator(create_i18n(), "en")).axes
    assert [label.get_text() for label in timeline.get_yticklabels()] == ["Actual", "Planned"]
    # Planned back to back from the start; actual as they ran (the last never reached).
    planned = [bar.get_paths()[0].get_extents() for bar in timeline.collections]
    spans = sorted((round(p.x0 + 0.5), round(p.x1 + 0.5), round(p.y0 + 0.4)) for p in planned)
    assert spans == [(0, 6, 0), (0, 10, 1), (6, 25, 0), (10, 15, 1), (15, 25, 1)]
    assert [t.get_text() for t in timeline.texts] == ["1", "1", "2", "2", "3"]
    assert activity.get_title(loc="left") == "Messages and lottery entries, minute by minute"
