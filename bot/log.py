"""Logging set-up; the bot token is redacted from every record, whichever library logs it."""

from __future__ import annotations

import logging
import re

# A bot token looks like 123456789:AA…; it also appears in Bot API URLs as /bot<token>/.
_TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_URL_TOKEN_PATTERN = re.compile(r"/bot[^/\s]+/")
REDACTED = "[REDACTED]"


def redact(text: str) -> str:
    return _URL_TOKEN_PATTERN.sub(f"/bot{REDACTED}/", _TOKEN_PATTERN.sub(REDACTED, text))


class RedactTokenFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Exception texts (aiohttp errors) may carry the request URL: render them redacted.
            formatted = logging.Formatter().formatException(record.exc_info)
            cleaned = f"{cleaned}\n{redact(formatted)}"
            record.exc_info = None
            record.exc_text = None
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokenFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiogram logs every update handled at INFO: under a crowd, a line per entry and news to
    # nobody. Its failures stay.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    # Alembic names each of its plugins at INFO on every start: noise, not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
