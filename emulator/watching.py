"""Watching the bot: what it sent, and waiting (without sleeps) until it did something."""

from __future__ import annotations

from emulator.state import EmulatorState
from emulator.world import (
    JSON,
    EmuChat,
    EmuUser,
    SentMessage,
)


class Watching(EmulatorState):
    def messages_in(self, chat: EmuChat | EmuUser) -> list[SentMessage]:
        """Everything the bot sent in `chat` (and every edit), whoever may see it."""
        return [message for message in self.sent if message.chat_id == chat.id]

    def seen_by(self, user: EmuUser, chat: EmuChat) -> list[SentMessage]:
        """What `user` sees of the bot in `chat`: its messages for everyone, and the ephemeral
        ones sent to `user` (not deleted)."""
        return [
            message
            for message in self.messages_in(chat)
            if message.visible_to(user.id)
            and (message.chat_id, message.ephemeral_message_id) not in self.ephemeral.deleted
        ]

    def only_for(self, chat: EmuChat) -> list[SentMessage]:
        """The bot's ephemeral messages in `chat` (each seen by one person)."""
        return [message for message in self.messages_in(chat) if message.receiver_id is not None]

    async def wait_for_message(
        self,
        chat: EmuChat | EmuUser,
        contains: str = "",
        timeout: float = 5.0,
        after: int = 0,
        seen_by: EmuUser | None = None,
    ) -> SentMessage:
        """The first bot message in `chat` (from index `after` of `sent`) containing `contains`,
        of those `seen_by` sees if given (an ephemeral message for someone else is skipped)."""

        def found() -> SentMessage | None:
            for message in self.sent[after:]:
                if (
                    message.chat_id == chat.id
                    and contains in message.text
                    and (seen_by is None or message.visible_to(seen_by.id))
                ):
                    return message
            return None

        try:
            await self.wait_until(lambda: found() is not None, timeout)
        except TimeoutError:
            seen = [m.text for m in self.messages_in(chat)]
            raise AssertionError(
                f"no message with {contains!r} in {chat.id}; saw {seen}"
            ) from None
        result = found()
        assert result is not None
        return result

    async def wait_for_answer(self, query_id: str, timeout: float = 5.0) -> JSON:
        await self.wait_until(lambda: query_id in self.callback_answers, timeout)
        return self.callback_answers[query_id]

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        return len(self._updates)

    async def wait_until_idle(self, timeout: float = 5.0) -> None:
        """Every update has been fetched and confirmed by the bot."""
        await self.wait_until(lambda: not self._updates, timeout)
