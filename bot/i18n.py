"""Translations: gettext catalogues compiled from the .po sources at start-up (no build step)."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import texts
from bot.settings import SUPPORTED_LANGUAGES

LOCALES_DIR = Path(__file__).parent / "locales"
# A message id from domain/messages.py (a rule's refusal, an entry's answer) → its English text.
_BY_ID: dict[str, str] = {
    name: value for name, value in vars(texts).items() if name.isupper() and isinstance(value, str)
}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


class PoI18n(I18n):
    """aiogram's I18n, reading .po files directly so translators never need to compile."""

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        translations: dict[str, gettext.GNUTranslations] = {}
        for po_path in sorted(self.path.glob(f"*/LC_MESSAGES/{self.domain}.po")):
            with po_path.open("rb") as source:
                catalog = read_po(source)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            translations[po_path.parent.parent.name] = gettext.GNUTranslations(buffer)
        return translations


def create_i18n(default_locale: str = "en") -> PoI18n:
    return PoI18n(path=LOCALES_DIR, default_locale=default_locale)


def language_for(telegram_code: str | None, fallback: str) -> str:
    """A person's language, the one way it is picked everywhere: their Telegram language_code
    (en-US, zh-hans, …) if we ship it, else `fallback` (DEFAULT_LANGUAGE)."""
    if not telegram_code:
        return fallback
    base = telegram_code.lower().split("-")[0]
    return base if base in SUPPORTED_LANGUAGES else fallback


# How far ahead the example show is: never in the past, whatever the room's time zone.
EXAMPLE_DAYS_AHEAD = 7


class Translator:
    """Renders texts from bot.texts in one language. `today` (the reader's, in the room's time
    zone) dates the `{example}` that usage hints show; without it the example says "tomorrow"."""

    def __init__(self, i18n: I18n, locale: str, today: date | None = None) -> None:
        self._i18n = i18n
        self.locale = locale
        self.today = today

    def __call__(self, text: str, **params: object) -> str:
        """`text`: one of bot.texts, or the id of one (domain.messages)."""
        translated = self._i18n.gettext(_BY_ID.get(text, text), locale=self.locale)
        if "{example}" in translated:
            params = {"example": self.example(), **params}
        if "{example_date}" in translated:
            params = {"example_date": self.example_date(), **params}
        return translated.format(**params)

    def plural(self, text: texts.Plural, n: int, **params: object) -> str:
        translated = self._i18n.gettext(text.one, text.other, n, locale=self.locale)
        return translated.format(n=n, **params)

    def join(self, items: Iterable[str]) -> str:
        """A list in the reader's language: "Ann, Ben" or "安、本"."""
        return self(texts.LIST_SEPARATOR).join(items)

    def example_date(self) -> str:
        """A date for examples: a week after the reader's today (never in the past)."""
        if self.today is None:
            return self(texts.EXAMPLE_TOMORROW)
        return (self.today + timedelta(days=EXAMPLE_DAYS_AHEAD)).isoformat()

    def example(self) -> str:
        return f"/schedule {self.example_date()} 20:00 {self(texts.EXAMPLE_TITLE)}"

    def for_locale(self, locale: str) -> Translator:
        return Translator(self._i18n, locale, self.today)
