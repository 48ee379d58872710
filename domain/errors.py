"""The one exception type services raise for input the user can fix."""

from __future__ import annotations

from domain import messages


class UserInputError(Exception):
    """Carries a message id (domain.messages; a handler may pass one of bot.texts) and its
    parameters; the bot renders it in the reader's language."""

    def __init__(self, text: str, **params: object) -> None:
        super().__init__(text)
        self.text = text
        # What the person typed is echoed back clipped: a 4,000-character argument must not
        # push the reply past Telegram's 4,096.
        self.params = {
            name: clip(value) if isinstance(value, str) else value
            for name, value in params.items()
        }


class LotteryRunning(UserInputError):
    """A room runs one lottery at a time, and this one's is still open."""

    def __init__(self, running_id: int | str) -> None:
        super().__init__(messages.ERR_LOTTERY_RUNNING, id=running_id)


ECHO_LIMIT = 60


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def one_line(text: str, limit: int, empty: str, too_long: str) -> str:
    """A title or prize: whitespace tidied to single spaces, not empty, at most `limit` long."""
    tidy = " ".join(text.split())
    if not tidy:
        raise UserInputError(empty)
    if len(tidy) > limit:
        raise UserInputError(too_long, limit=limit, length=len(tidy))
    return tidy
