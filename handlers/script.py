"""The run-of-show: /script writes and changes a show's segments; /next, /pause and /resume
move its live clock.

A script is the host's plan (and a lottery segment may hold its password), so /script answers
the host alone: a message only they see in the room, else their private chat, never the room."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot import texts
from bot.background import Background
from bot.filters import host_of
from bot.i18n import Translator
from bot.middlewares import HostOnlyMiddleware
from bot.outbox import Outbox
from bot.posts.script import script_listing, segment_name
from bot.posts.script_poster import ScriptPoster
from bot.render import duration
from domain.errors import UserInputError, clip
from domain.schedule import IdKind, parse_id
from domain.script import ScriptLineError
from services.scripts import ScriptService, ScriptView
from storage.models import Room


async def _tell_host(message: Message, text: str, tr: Translator, outbox: Outbox) -> None:
    await outbox.tell_alone(message, text, tr, texts.SCRIPT_SENT_PRIVATELY)


def _refusal(error: UserInputError, tr: Translator) -> str:
    text = tr(error.text, **error.params)
    if isinstance(error, ScriptLineError):
        return f"{tr(texts.ERR_SCRIPT_LINE, number=error.number, line=clip(error.line))}\n{text}"
    return text


def _number(word: str) -> int:
    if not word.isdigit():
        raise UserInputError(texts.SCRIPT_USAGE)
    return int(word)


async def _run(
    scripts: ScriptService, room: Room, show_id: int, rest: str, author: int | None
) -> tuple[ScriptView, str | None]:
    """What `/script <id> <rest>` asks, done: the script as it is now, and a note to go first."""
    words = rest.split()
    verb = words[0].casefold() if words else ""
    if not rest:
        return await scripts.view(room, show_id), None
    if verb == "copy" and len(words) == 2:
        source = parse_id(words[1], IdKind.SHOW)
        return await scripts.copy(room, show_id, source, author), texts.SAVED
    if verb == "add" and len(words) > 1:
        line = rest.split(maxsplit=1)[1]
        return await scripts.add(room, show_id, line, author), texts.SAVED
    if verb == "edit" and len(words) > 2:
        line = rest.split(maxsplit=2)[2]
        number = _number(words[1])
        return await scripts.edit(room, show_id, number, line, author), texts.SAVED
    if verb == "move" and len(words) == 3:
        number, to = _number(words[1]), _number(words[2])
        return await scripts.move(room, show_id, number, to, author), texts.SAVED
    if verb == "remove" and len(words) == 2:
        number = _number(words[1])
        return await scripts.remove(room, show_id, number, author), texts.SAVED
    if verb == "clear" and len(words) == 1:
        return await scripts.clear(room, show_id), texts.SAVED
    if verb in {"copy", "add", "edit", "move", "remove", "clear"}:
        raise UserInputError(texts.SCRIPT_USAGE)
    written = await scripts.write(room, show_id, rest, author)
    return written.view, texts.SAVED


async def cmd_script(
    message: Message,
    room: Room,
    command: CommandObject,
    scripts: ScriptService,
    tr: Translator,
    outbox: Outbox,
) -> None:
    args = (command.args or "").strip()
    parts = args.split(maxsplit=1)
    try:
        if not parts:
            raise UserInputError(texts.SCRIPT_USAGE)
        show_id = parse_id(parts[0], IdKind.SHOW)
        rest = parts[1] if len(parts) > 1 else ""
        view, note = await _run(scripts, room, show_id, rest, host_of(message))
    except UserInputError as error:
        await _tell_host(message, _refusal(error, tr), tr, outbox)
        return
    listing = script_listing(view, room, tr)
    await _tell_host(message, f"{tr(note)}\n{listing}" if note else listing, tr, outbox)


async def cmd_next(
    message: Message,
    room: Room,
    scripts: ScriptService,
    script_poster: ScriptPoster,
    background: Background,
) -> None:
    """On to the next segment now; its cue is the answer."""
    show = await scripts.skip(room)
    background.spawn(script_poster.run_due(), f"script:{show.id}")


async def cmd_hold(
    message: Message,
    room: Room,
    command: CommandObject,
    scripts: ScriptService,
    script_poster: ScriptPoster,
    background: Background,
    tr: Translator,
    outbox: Outbox,
) -> None:
    """/pause holds the script's clock, /resume runs it again."""
    pause = command.command.lower() == "pause"
    state = await (scripts.pause(room) if pause else scripts.resume(room))
    # The planned wake-ups follow the clock: none while paused, the new end once resumed.
    background.spawn(script_poster.run_due(), f"script:{state.show_id}")
    text = texts.SCRIPT_PAUSE_DONE if pause else texts.SCRIPT_RESUME_DONE
    name = segment_name(state.segment, tr)
    await outbox.reply(message, tr(text, name=name, left=duration(state.left, tr)))


def create_router() -> Router:
    router = Router(name="script")
    router.message.middleware(HostOnlyMiddleware())
    router.message.register(cmd_script, Command("script"))
    router.message.register(cmd_next, Command("next"))
    router.message.register(cmd_hold, Command("pause", "resume"))
    return router
