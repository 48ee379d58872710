"""The one exception type services raise for input the user can fix."""

from __future__ import annotations


class UserInputError(Exception):
    """Carries an untranslated text (from bot.texts) and its parameters; handlers render it."""

    def __init__(self, text: str, **params: object) -> None:
        super().__init__(text)
        self.text = text
        self.params = params


def one_line(text: str, limit: int, empty: str, too_long: str) -> str:
    """A title or prize: whitespace tidied to single spaces, not empty, at most `limit` long."""
    tidy = " ".join(text.split())
    if not tidy:
        raise UserInputError(empty)
    if len(tidy) > limit:
        raise UserInputError(too_long, limit=limit, length=len(tidy))
    return tidy
