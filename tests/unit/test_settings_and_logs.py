from __future__ import annotations

import logging

import pytest

from bot.log import RedactTokenFilter, redact, setup_logging
from bot.settings import SettingsError, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_defaults() -> None:
    settings = load_settings(_env_file=None)
    assert settings.draw_delay_seconds == 60
    assert settings.trailer_lead_hours == 24
    assert settings.default_timezone == "UTC"
    assert load_settings(_env_file=None, default_timezone="asia/shanghai").default_timezone == (
        "Asia/Shanghai"
    )
    assert settings.database_url == "sqlite+aiosqlite:///liveroom.db"
    assert settings.bot_api_url == "https://api.telegram.org"
    assert settings.phone_region is None
    assert load_settings(_env_file=None, phone_region="cn").phone_region == "CN"
    # ZZ is phonenumbers' "unknown region": as if unset, not refused.
    assert load_settings(_env_file=None, phone_region="ZZ").phone_region is None


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DRAW_DELAY_SECONDS", "soon", "Invalid setting DRAW_DELAY_SECONDS: "),
        ("DRAW_DELAY_SECONDS", "0", "Invalid setting DRAW_DELAY_SECONDS: "),
        ("DEFAULT_TIMEZONE", "Mars/Base", "Invalid setting DEFAULT_TIMEZONE: unknown time zone"),
        # A folder of the zone database, and a path: neither is a zone (nor a traceback).
        ("DEFAULT_TIMEZONE", "Asia", "Invalid setting DEFAULT_TIMEZONE: unknown time zone"),
        ("DEFAULT_TIMEZONE", "../../x", "Invalid setting DEFAULT_TIMEZONE: unknown time zone"),
        ("BOT_API_URL", "localhost:8081", "Invalid setting BOT_API_URL: must start with http"),
        ("DATABASE_URL", "sqlite:///x.db", "Invalid setting DATABASE_URL: must start with"),
        ("TRAILER_LEAD_HOURS", "-1", "Invalid setting TRAILER_LEAD_HOURS: "),
        ("PHONE_REGION", "China", "Invalid setting PHONE_REGION: must be a two-letter country"),
        ("REDIS_URL", "localhost:6379", "Invalid setting REDIS_URL: must start with redis://"),
        ("WEBHOOK_URL", "http://example.com/hook", "Invalid setting WEBHOOK_URL: must start with"),
        ("WEBHOOK_SECRET", "has spaces", "Invalid setting WEBHOOK_SECRET: must be 1-256"),
        ("WEBHOOK_LISTEN", "8080", "Invalid setting WEBHOOK_LISTEN: must be host:port"),
        ("OVERLAY_LISTEN", "8081", "Invalid setting OVERLAY_LISTEN: must be host:port"),
        ("OVERLAY_PUBLIC_URL", "obs.local:8081", "Invalid setting OVERLAY_PUBLIC_URL: must start"),
        ("OVERLAY_PAGES_PER_LINK", "0", "Invalid setting OVERLAY_PAGES_PER_LINK: "),
        (
            "WEBHOOK_URL",
            "https://bot.example.com/hook",
            "Invalid settings: WEBHOOK_SECRET is required with WEBHOOK_URL",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_token_is_redacted_from_messages_args_and_tracebacks() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/getMe"
    assert (
        redact(f"POST {url} failed") == "POST https://api.telegram.org/bot[REDACTED]/getMe failed"
    )
    logger = logging.getLogger("test.redaction")
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect()
    handler.addFilter(RedactTokenFilter())
    logger.addHandler(handler)
    try:
        logger.warning("request to %s", url)
        try:
            raise ConnectionError(f"Cannot connect to {url}")
        except ConnectionError:
            logger.exception("network")
    finally:
        logger.removeHandler(handler)
    rendered = [record.getMessage() for record in records]
    assert all(TOKEN not in text for text in rendered)
    assert "bot[REDACTED]/getMe" in rendered[0]
    assert (
        "ConnectionError: Cannot connect to https://api.telegram.org/bot[REDACTED]/getMe"
        in (rendered[1])
    )


def test_start_up_logs_no_alembic_plugin_lines() -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        setup_logging("INFO")
        assert not logging.getLogger("alembic.runtime.plugins").isEnabledFor(logging.INFO)
        assert logging.getLogger("alembic.runtime.migration").isEnabledFor(logging.INFO)
    finally:
        root.handlers[:], root.level = handlers, level
