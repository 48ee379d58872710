"""Every English text has a Chinese translation with exactly the same placeholders."""

from __future__ import annotations

import string
from datetime import date

import pytest

from bot import texts
from bot.i18n import Translator, create_i18n, language_for

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
}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


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
