"""`python -m liveroom`: run Liveroom with long polling, or as a webhook server when WEBHOOK_URL is
set (Ctrl+C or SIGTERM stops it cleanly either way)."""

from __future__ import annotations

import asyncio
import gc
import signal
import sys

from bot.log import setup_logging
from bot.python_command import python_command
from bot.settings import Settings, SettingsError, StartupError, load_settings

NO_TOKEN_HELP = """\
BOT_TOKEN is not set, so this was the offline demo. To run Liveroom on Telegram:
  1. Open https://t.me/BotFather in Telegram, send /newbot and copy the token it gives you.
  2. Put it in a .env file next to the README (copy .env.example): BOT_TOKEN=123456:ABC...
     and a DATA_KEY (the README says how to make one).
  3. Run `make run` (or `{python} -m liveroom`) again.
Play with the demo yourself: `{python} -m demo --interactive`."""


NO_DATA_KEY_HELP = """\
DATA_KEY is not set. Liveroom encrypts winners' delivery details with it and will not start
without one. Make a key and put it in .env (keep it secret, and keep a copy: without it the
stored details cannot be read):
  {python} -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'
  DATA_KEY=<the key>"""


async def run(settings: Settings) -> None:
    # Imported here: aiogram takes seconds to import, and a setting error should answer at once.
    from liveroom.wiring import create_app

    app = create_app(settings)
    # What is built by now (modules, classes, the app) lives as long as the process: kept out
    # of the collector's sight, a full collection walks only what came after. Measured with
    # 100,000 entrants: a full pass 220-290 ms before (every update and the draw wait for it),
    # 7-13 ms after.
    gc.collect()
    gc.freeze()
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    try:
        try:
            # Who Telegram says we are, before anything else starts: a wrong token or no way to
            # the Bot API is then one clear line, not a screen of retries and warnings.
            await app.bot.me()
        except BaseException:
            await app.bot.session.close()
            raise
        if settings.webhook_url is None:
            await app.run_polling(handle_signals=True)
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        await app.run_webhook(stop)
    except TelegramUnauthorizedError:
        raise StartupError(
            "Telegram does not know this BOT_TOKEN (401 Unauthorized): copy it again from "
            "@BotFather (/mybots, then API Token)."
        ) from None
    except TelegramNetworkError as error:
        raise StartupError(
            f"Can't reach the Bot API at {settings.bot_api_url} ({error.message}): check the "
            "network, or BOT_API_URL."
        ) from None


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    if settings.token is None:
        # No token: show what Liveroom does, offline, instead of just failing.
        from demo.__main__ import main as demo

        status = demo([])
        print("\n" + NO_TOKEN_HELP.format(python=python_command()))
        return status
    if not settings.data_keys:
        print(NO_DATA_KEY_HELP.format(python=python_command()), file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    try:
        asyncio.run(run(settings))
    except StartupError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
