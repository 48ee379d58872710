"""The one exception type services raise for input the user can fix."""

from __future__ import annotations


class UserInputError(Exception):
    """Carries an untranslated text (from bot.texts) and its parameters; handlers render it."""

    def __init__(self, text: str, **params: object) -> None:
        super().__init__(text)
        self.text = text
        self.params = params
