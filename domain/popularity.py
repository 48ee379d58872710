"""A room's popularity during a show: a weighted sum of what fans did, on what Telegram really
tells a bot (no viewer counts). Pure rules: no Telegram, no database.

popularity = chat × (fans' chatting minutes: a fan who wrote in a minute counts once for it, so
a spammer cannot pump it) + like × likes + share × people who came through a fan's link
+ member × new members + boost × boosts + star × Stars given (refunds left out).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from domain import messages
from domain.errors import UserInputError

MAX_WEIGHT = 1000


@dataclass(frozen=True)
class Weights:
    """Points per unit; each room may change them (/popularity)."""

    chat: int = 1
    like: int = 2
    share: int = 10
    member: int = 5
    boost: int = 20
    star: int = 1

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    @classmethod
    def from_json(cls, text: str | None) -> Weights:
        """A room's stored weights (None: the defaults); unknown names are ignored."""
        if not text:
            return cls()
        stored = json.loads(text)
        return cls(**{name: int(stored[name]) for name in cls.names() if name in stored})

    def text(self, names: tuple[str, ...] | None = None) -> str:
        """`chat=1 like=2 …` (these `names` only, when given), as hosts type them."""
        return " ".join(f"{name}={getattr(self, name)}" for name in names or self.names())

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    def changed(self, text: str) -> Weights:
        """These weights with `like=3 chat=1`-style changes; refused with a clear reason."""
        changes: dict[str, int] = {}
        for word in text.replace(",", " ").split():
            name, equals, value = word.partition("=")
            name = name.strip().casefold()
            if not equals or name not in self.names():
                raise UserInputError(
                    messages.ERR_WEIGHT_NAME, value=word, names=", ".join(self.names())
                )
            if not value.strip().isdigit() or int(value) > MAX_WEIGHT:
                raise UserInputError(messages.ERR_WEIGHT_VALUE, value=word, limit=MAX_WEIGHT)
            changes[name] = int(value)
        if not changes:
            raise UserInputError(messages.POPULARITY_USAGE)
        return replace(self, **changes)


@dataclass(frozen=True)
class Counts:
    """What fans did in a show."""

    chat_minutes: int = 0
    likes: int = 0
    shares: int = 0
    members: int = 0
    boosts: int = 0
    stars: int = 0

    def score(self, weights: Weights) -> int:
        return (
            weights.chat * self.chat_minutes
            + weights.like * self.likes
            + weights.share * self.shares
            + weights.member * self.members
            + weights.boost * self.boosts
            + weights.star * self.stars
        )
