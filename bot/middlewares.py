"""Dispatcher middlewares: one DB session per update, the reader's language, the admin gate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.admins import AdminChecker
from bot.caches import CacheBus, RoomCache
from bot.ephemeral import delete_secret
from bot.filters import GROUP_TYPES
from bot.i18n import Translator, language_for
from bot.outbox import Outbox
from domain.clock import Clock
from domain.errors import UserInputError
from domain.lottery import carries_password
from services.broadcasts import BroadcastService
from services.rooms import RoomService
from storage.repositories import RoomRepository

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateServices:
    """The use-cases over one update's session, by role name, each built when first asked for:
    most updates need one or none of them."""

    def __init__(
        self, session: AsyncSession, factories: Mapping[str, Callable[[AsyncSession], object]]
    ) -> None:
        self.session = session
        self._factories = factories
        self._built: dict[str, object] = {}

    def wanted_by(self, names: Iterable[str]) -> dict[str, object]:
        return {name: self[name] for name in names if name in self._factories}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._factories[name](self.session)
        return self._built[name]


class DbSessionMiddleware(BaseMiddleware):
    """One session per update (opened on its first query), and its services (UpdateServices),
    which ServicesMiddleware hands to the handler that names them."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        services: Mapping[str, Callable[[AsyncSession], object]],
    ) -> None:
        self.session_factory = session_factory
        self.services = services

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            data["services"] = UpdateServices(session, self.services)
            return await handler(event, data)


class ServicesMiddleware(BaseMiddleware):
    """Inner, on each of the Dispatcher's event observers (so for every router's handlers):
    once aiogram knows which handler runs, it gets the services its parameters name."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        services: UpdateServices | None = data.get("services")
        chosen: HandlerObject | None = data.get("handler")
        if services is not None and chosen is not None:
            data.update(services.wanted_by(chosen.params))
        return await handler(event, data)


class PrivateChatMiddleware(BaseMiddleware):
    """Anyone who writes to the bot privately may be written to later (Telegram's rule):
    remember that once here, for every private message, instead of in each handler."""

    def __init__(self, clock: Clock, default_language: str) -> None:
        self.clock = clock
        self.default_language = default_language

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        message = event.message
        user = message.from_user if message else None
        if message is not None and user is not None and message.chat.type == ChatType.PRIVATE:
            rooms: RoomService = data["services"]["rooms"]
            await rooms.seen_in_private(
                user.id,
                user.first_name,
                language_for(user.language_code, self.default_language),
                self.clock.now(),
            )
        return await handler(event, data)


class RoomLanguages:
    """Each room's language and time zone, remembered: read on every room message, changed by
    /language and /timezone."""

    def __init__(self, caches: CacheBus) -> None:
        self._known: RoomCache[tuple[str, str | None]] = RoomCache(caches, "language")

    async def look(
        self, session: AsyncSession, chat_id: int, default: str
    ) -> tuple[str, str | None]:
        """(language, time zone) of the room; the zone is None for a room not yet known."""

        async def load() -> tuple[str, str | None]:
            room = await RoomRepository(session).get(chat_id)
            return (room.language, room.timezone) if room else (default, None)

        return await self._known.get(chat_id, load)

    async def get(self, session: AsyncSession, chat_id: int, default: str) -> str:
        return (await self.look(session, chat_id, default))[0]

    def changed(self, chat_id: int) -> None:
        """/language or /timezone changed it: every replica reads it again."""
        self._known.forget(chat_id)


class LocaleMiddleware(BaseMiddleware):
    """Posts in a room speak the room's language; answers to one person speak theirs. Both
    date their examples from today in the room's time zone (in private: the default zone)."""

    def __init__(
        self,
        i18n: I18n,
        default_language: str,
        default_timezone: str,
        languages: RoomLanguages,
        clock: Clock,
    ) -> None:
        self.i18n = i18n
        self.default_language = default_language
        self.default_timezone = default_timezone
        self.languages = languages
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        user = data.get("event_from_user")
        chat = data.get("event_chat")
        personal = language_for(user.language_code if user else None, self.default_language)
        locale, timezone = personal, self.default_timezone
        if event.message is not None and chat is not None and chat.type in GROUP_TYPES:
            locale, zone = await self.languages.look(
                data["session"], chat.id, self.default_language
            )
            timezone = zone or timezone
        today = self.clock.now().astimezone(ZoneInfo(timezone)).date()
        data["tr"] = Translator(self.i18n, locale, today)
        data["personal_tr"] = Translator(self.i18n, personal, today)
        return await handler(event, data)


class UserInputErrorMiddleware(BaseMiddleware):
    """Any handler may raise UserInputError (bad date, not your prize, …): the person gets that
    text as a reply (a pop-up for a button), so handlers only deal with the happy path."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except UserInputError as error:
            assert isinstance(event, Update)
            if event.callback_query is not None:
                personal_tr: Translator = data["personal_tr"]
                await event.callback_query.answer(
                    personal_tr(error.text, **error.params), show_alert=True
                )
            elif event.message is not None:
                tr: Translator = data["tr"]
                outbox: Outbox = data["outbox"]
                await outbox.reply(event.message, tr(error.text, **error.params))
            return None


class SecretCommandMiddleware(BaseMiddleware):
    """A command that names a lottery password (`/lottery password …`, `/milestone 65
    password …`, `/gifts big 100 password …`) is taken down once handled, whether it worked
    or not, and whoever sent it: the word must not stay in the chat for fans to read."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Message)
        try:
            return await handler(event, data)
        finally:
            if event.chat.type in GROUP_TYPES and carries_password(event.text):
                await delete_secret(data["bot"], event)


class HostOnlyMiddleware(BaseMiddleware):
    """Host commands run in a live-room group, for its admins only; others get a polite no.
    For admitted commands it also provides the `room`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tr: Translator = data["tr"]
        outbox: Outbox = data["outbox"]
        if isinstance(event, Message):
            if event.chat.type not in GROUP_TYPES:
                await outbox.answer(event, tr(texts.HOST_COMMAND_IN_PRIVATE))
                return None
            if not await self._is_admin(event, data):
                refusal = tr(texts.NOT_ADMIN)
                if (event.text or "").split(maxsplit=1)[0].split("@")[0].lower() == "/gifts":
                    # A fan who typed /gifts most likely wants to give one.
                    refusal = f"{refusal} {tr(texts.NOT_ADMIN_GIFTS)}"
                await outbox.reply(event, refusal)
                return None
            broadcasts: BroadcastService = data["services"]["broadcasts"]
            data["room"] = await broadcasts.room(event.chat.id, event.chat.title or "")
        elif isinstance(event, CallbackQuery):
            message = event.message
            personal_tr: Translator = data["personal_tr"]
            if not isinstance(message, Message) or not await data["admin_checker"].is_admin(
                data["bot"], message.chat.id, event.from_user.id
            ):
                await event.answer(personal_tr(texts.NOT_ADMIN), show_alert=True)
                return None
            broadcasts = data["services"]["broadcasts"]
            data["room"] = await broadcasts.room(message.chat.id, message.chat.title or "")
        return await handler(event, data)

    @staticmethod
    async def _is_admin(message: Message, data: dict[str, Any]) -> bool:
        # Anonymous admins post as the group itself; that is proof enough for *this* group only.
        if message.sender_chat is not None:
            return message.sender_chat.id == message.chat.id
        if message.from_user is None:
            return False
        checker: AdminChecker = data["admin_checker"]
        bot: Bot = data["bot"]
        return await checker.is_admin(bot, message.chat.id, message.from_user.id)
