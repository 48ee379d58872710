"""The overlay link's rules (domain/overlay.py) and what its page is told (overlay/render.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import create_i18n
from bot.overlay.news import read_ticker
from bot.overlay.render import page_state
from domain.overlay import (
    NextShow,
    OverlayView,
    Reveal,
    RunningLottery,
    new_token,
    plausible_token,
    same_digest,
    token_digest,
)
from domain.vocabulary import LotteryKind

T0 = datetime(2030, 1, 1, 10, 0, tzinfo=UTC)


def test_tokens_are_long_random_and_found_by_their_digest_only() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(plausible_token(token) for token in tokens)
    token = next(iter(tokens))
    assert len(token) * 6 >= 128  # URL-safe base64: 6 bits a character (192 in all)
    assert token_digest(token) != token and len(token_digest(token)) == 64
    assert same_digest(token_digest(token), token)
    assert not same_digest(token_digest(token), token[:-1] + "x")
    for junk in ("", "short", "a" * 31, "a" * 33, "../" + "a" * 29, "é" * 32, "a b" + "c" * 29):
        assert not plausible_token(junk), junk


def view(**changes: object) -> OverlayView:
    values: dict[str, object] = {
        "room_chat_id": -100,
        "language": "en",
        "timezone": "Asia/Shanghai",
        "announcement": None,
        "next_show": None,
        "lottery": None,
        "reveal": None,
    }
    values.update(changes)
    return OverlayView(**values)  # type: ignore[arg-type]


def lottery(kind: LotteryKind, channel: str | None = None) -> RunningLottery:
    return RunningLottery("Mug", kind, channel, T0 + timedelta(seconds=60), 2, 3)


def test_the_page_is_told_how_to_enter_in_the_rooms_language_never_the_password() -> None:
    i18n = create_i18n()
    hows = {
        kind: page_state(view(lottery=lottery(kind, "@hana_news")), i18n)["lottery"]["how"]
        for kind in LotteryKind
    }
    assert hows == {
        LotteryKind.OPEN: "Press 🙋 Join under the lottery post in the chat",
        LotteryKind.FOLLOW: "Follow @hana_news, then press 🙋 Join in the chat",
        LotteryKind.SHARE: "Press 🙋 Join in the chat for your invite link: bring a friend in",
        LotteryKind.PASSWORD: "Type the password you hear on stream in the chat",
    }
    state = page_state(view(language="zh", lottery=lottery(LotteryKind.OPEN)), i18n)["lottery"]
    assert (state["winners"], state["entrants_text"], state["draw_in"]) == (
        "3 位中奖者",
        "2 人",
        "距开奖",
    )
    assert state["draw_at"] == int((T0 + timedelta(seconds=60)).timestamp() * 1000)


def test_times_are_in_the_rooms_zone_and_a_reveal_lasts_half_a_minute() -> None:
    state = page_state(
        view(
            next_show=NextShow("Q&A", T0, live=False),
            reveal=Reveal("Mug", ("Ann", "Ben"), T0),
            announcement="Free shipping",
        ),
        create_i18n(),
    )
    assert state["show"] == {
        "label": "Next show",
        "title": "Q&A",
        "when": "Tue, Jan 1, 2030 18:00 (Asia/Shanghai)",
    }
    assert state["pinned"] == {"label": "📌 Pinned", "text": "Free shipping"}
    assert state["reveal"]["winners"] == ["Ann", "Ben"]
    assert state["reveal"]["until"] == int((T0 + timedelta(seconds=30)).timestamp() * 1000)
    live = page_state(view(next_show=NextShow("Q&A", T0, live=True)), create_i18n())
    assert live["show"] == {"label": "On air", "title": "Q&A", "when": ""}


def test_ticker_news_that_is_not_ours_is_ignored() -> None:
    assert read_ticker('[-100, "👋 Welcome, Ann!"]') == (-100, "👋 Welcome, Ann!")
    for junk in ("", "not json", '{"a": 1}', '["-100", "x"]', "[-100, 5]", "[1]", "5"):
        assert read_ticker(junk) is None, junk
