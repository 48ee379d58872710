"""Every English text has a Chinese translation with exactly the same placeholders."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime

import pytest

from bot import texts
from bot.i18n import Translator, create_i18n, language_for
from bot.render import local_datetime_zoned

ALL_TEXTS = [
    value for name, value in vars(texts).items() if name.isupper() and isinstance(value, str)
]
# Texts that read the same in every language.
NEUTRAL = {
    texts.BROADCASTS_ITEM,
    texts.NO_NOTE,
    texts.WINNERS_LOTTERY,
    texts.WINNERS_DETAILS,
    texts.ANNOUNCEMENT,
    texts.GIFTS_LOG_ITEM,  # ⭐ in both: the Stars' own sign
    texts.REMINDERS_ITEM,
}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


PLURALS = [value for value in vars(texts).values() if isinstance(value, texts.Plural)]


@pytest.mark.parametrize("text", PLURALS)
def test_every_plural_has_chinese_and_counts_in_english(text: texts.Plural) -> None:
    i18n = create_i18n()
    chinese = i18n.gettext(text.one, text.other, 2, locale="zh")
    assert chinese not in (text.one, text.other), f"no Chinese for: {text.one!r}"
    assert placeholders(chinese) == placeholders(text.one) == placeholders(text.other)
    english = Translator(i18n, "en")
    extra = {name: f"<{name}>" for name in placeholders(text.one) - {"n"}}
    assert english.plural(text, 1, **extra) == text.one.format(n=1, **extra)
    assert english.plural(text, 3, **extra) == text.other.format(n=3, **extra)


def test_plurals_read_right_in_both_languages() -> None:
    i18n = create_i18n()
    english, chinese = Translator(i18n, "en"), Translator(i18n, "zh")
    assert [english.plural(texts.ENTRANTS, n) for n in (1, 2)] == ["1 entrant", "2 entrants"]
    assert [english.plural(texts.POINTS, n) for n in (1, 4)] == ["1 pt", "4 pts"]
    assert [chinese.plural(texts.ENTRANTS, n) for n in (1, 2)] == ["1 人", "2 人"]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_chinese_translation_exists_with_same_placeholders(text: str) -> None:
    i18n = create_i18n()
    translated = i18n.gettext(text, locale="zh")
    assert translated != text or text in NEUTRAL, f"no Chinese for: {text!r}"
    assert placeholders(translated) == placeholders(text)


def test_translator_fills_placeholders_and_the_example() -> None:
    # The example show is a week after the reader's today, in their language.
    tr = Translator(create_i18n(), "en", date(2031, 2, 26))
    assert tr(texts.ERR_NO_TITLE) == (
        "Please add a title after the time, e.g. /schedule 2031-03-05 20:00 Winter skincare Q&A"
    )
    assert tr.for_locale("zh")(texts.BROADCASTS_NONE).endswith(
        "/schedule 2031-03-05 20:00 冬季护肤问答"
    )
    assert tr(texts.ERR_RESCHEDULE_USAGE) == (
        "Please give the id, a new date and time, e.g. /reschedule 3 2031-03-05 21:00"
    )
    # Without a today (no room at hand), "tomorrow": never in the past either.
    undated = Translator(create_i18n(), "zh")
    assert undated(texts.ERR_NO_TITLE).endswith("/schedule 明天 20:00 冬季护肤问答")
    assert tr.for_locale("zh")(texts.NOT_ADMIN) == "抱歉，只有本直播间的管理员可以这样做。"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("zh-hans", "zh"), ("zh-TW", "zh"), ("en-US", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_telegram_language_codes(code: str | None, expected: str) -> None:
    assert language_for(code, "en") == expected


def test_without_a_language_we_ship_the_deployments_default_is_used() -> None:
    assert [language_for(c, "zh") for c in ("de", None, "", "en-GB")] == ["zh", "zh", "zh", "en"]


def test_lists_use_each_languages_separator() -> None:
    i18n = create_i18n()
    assert Translator(i18n, "en").join(["Ann", "Ben"]) == "Ann, Ben"
    assert Translator(i18n, "zh").join(["安", "本"]) == "安、本"
    # The weekly mark brings its own space: none before Chinese full-width brackets.
    assert "周五直播" + Translator(i18n, "zh")(texts.BROADCASTS_WEEKLY_MARK) == "周五直播（每周）"
    assert "Live" + Translator(i18n, "en")(texts.BROADCASTS_WEEKLY_MARK) == "Live (weekly)"


def test_chinese_reads_as_chinese_writers_write() -> None:
    """Full-width brackets only, spaces around names that may be Latin, Chinese address order."""
    zh = Translator(create_i18n(), "zh")
    for text in ALL_TEXTS:
        translated = create_i18n().gettext(text, locale="zh")
        if any("\u4e00" <= char <= "\u9fff" for char in translated):
            assert "(" not in translated and ")" not in translated, translated
    assert zh(texts.WINNER_TAP, prize="Mug") == "🎁 你中了 Mug！点下面的按钮领取。"
    assert zh(texts.LANGUAGE_CURRENT, language="English").startswith(
        "我在本直播间使用 English 发言"
    )
    assert zh(texts.BANWORD_MUTED, name="Ann", minutes=10, limit=3) == (
        "🔇 Ann 在 24 小时内已有 3 条消息被删除，禁言 10 分钟。"
    )
    assert zh(texts.ASK_ADDRESS) == "3/4 · 完整收货地址（省市、区县、街道门牌号，以及邮编）？"


def test_a_zoned_time_takes_the_brackets_of_its_language() -> None:
    moment = datetime(2030, 1, 3, 10, 1, tzinfo=UTC)
    assert local_datetime_zoned(moment, "UTC", "en").endswith(" (UTC)")
    assert local_datetime_zoned(moment, "Asia/Shanghai", "zh").endswith("（Asia/Shanghai）")


def test_every_message_id_names_a_text_and_renders_as_it() -> None:
    from domain import messages

    ids = [name for name in vars(messages) if name.isupper()]
    assert ids and all(getattr(messages, name) == name for name in ids)
    assert [name for name in ids if not isinstance(getattr(texts, name, None), str)] == []
    tr = Translator(create_i18n(), "zh")
    assert tr(messages.ERR_NOBODY_LEFT, id=3) == tr(texts.ERR_NOBODY_LEFT, id=3)
    assert tr(messages.ERR_NOBODY_LEFT, id=3) != texts.ERR_NOBODY_LEFT.format(id=3)
