"""Configuration read from the environment and `.env` (every key is documented in .env.example)."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.python_command import python_command
from domain.schedule import known_zone

TELEGRAM_API_URL = "https://api.telegram.org"
SUPPORTED_LANGUAGES = ("en", "zh")
_TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    # Fernet key(s) encrypting winners' delivery details; "new,old" while rotating keys.
    data_key: SecretStr | None = None
    bot_api_url: str = TELEGRAM_API_URL
    database_url: str = "sqlite+aiosqlite:///liveroom.db"
    # Several replicas share FSM, event isolation, the outbound limiter and cache invalidation.
    redis_url: str | None = None
    # Webhook mode (long polling when unset): the public HTTPS address Telegram posts to, the
    # secret it must send along, and where this process listens (behind a TLS proxy).
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1:8080"
    # The stream overlay (a page for OBS): the address OBS reaches this bot at (default: the
    # webhook's origin, or http://OVERLAY_LISTEN); with long polling, where its own little web
    # server listens (empty: no overlay); how many pages may show one room's overlay at once.
    overlay_public_url: str | None = None
    overlay_listen: str = "127.0.0.1:8081"
    overlay_pages_per_link: int = Field(default=10, ge=1, le=1000)
    # How often a replica that is not running the scheduler tries to take over (PostgreSQL).
    leader_retry_seconds: float = Field(default=15, gt=0, le=60)
    draw_delay_seconds: int = Field(default=60, ge=1, le=86_400)
    trailer_lead_hours: float = Field(default=24, ge=0, le=24 * 14)
    default_timezone: str = "UTC"
    default_language: str = "en"
    # How late a live notice or private reminder is still worth sending after a restart.
    late_notice_minutes: int = Field(default=180, ge=0)
    # A show live by its timer, whose video chat never said it ended, ends after this long.
    show_max_hours: float = Field(default=6, gt=0, le=48)
    # The goodbye poll on the next show's theme stays open this long (Telegram allows a month).
    wishes_poll_hours: float = Field(default=12, gt=0, le=24 * 30)
    # The hosts' guide's rule before selling goods: this many shows of at least this many
    # minutes, each with at least this many active fans (/stats counts toward it).
    eligibility_shows: int = Field(default=3, ge=1, le=100)
    eligibility_minutes: int = Field(default=30, ge=1, le=24 * 60)
    eligibility_fans: int = Field(default=100, ge=1)
    # A fan club member who came to no show for this many days is paused (their level kept).
    fan_club_idle_days: int = Field(default=7, ge=1, le=365)
    # Outbound flood limits; Telegram's own are ~30/s overall, 20/min per group, ~1/s per chat.
    rate_global_per_second: float = Field(default=25, gt=0)
    rate_group_per_minute: int = Field(default=20, ge=1)
    rate_private_per_second: float = Field(default=1, gt=0)
    max_retries_on_429: int = Field(default=5, ge=0)
    # A Bot API call with no answer by then counts as failed (and the post is retried later).
    request_timeout_seconds: float = Field(default=30, gt=0, le=300)
    # Bounds memory when a crowd floods the bot with updates.
    handler_concurrency: int = Field(default=100, ge=1)
    # Two getUpdates asks at least this far apart, so fans arriving steadily come in batches
    # rather than one ask each (bot/polling.py); a fan waits this long at most.
    poll_spacing_ms: int = Field(default=20, ge=0, le=500)
    # The lottery card's entrant count is refreshed (by editing it) at most this often.
    card_refresh_seconds: float = Field(default=10, ge=1)
    # Newcomers are welcomed together, one post per this many seconds at most.
    welcome_interval_seconds: float = Field(default=60, ge=1, le=3600)
    # Small gifts are thanked together, one post per this many seconds at most.
    gift_thanks_seconds: float = Field(default=60, ge=1, le=3600)
    password_guesses_per_minute: int = Field(default=10, ge=1)
    admin_cache_seconds: int = Field(default=60, ge=0)
    log_level: str = "INFO"
    claim_hours: float = Field(default=48, gt=0, le=24 * 60)
    retention_days: int = Field(default=30, ge=1)
    # The country of phone numbers winners type without a country code (ISO code such as CN);
    # unset, such numbers are kept as typed.
    phone_region: str | None = None

    @field_validator("data_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            from cryptography.fernet import Fernet

            for key in value.get_secret_value().split(","):
                try:
                    Fernet(key.strip())
                except ValueError:
                    raise ValueError(
                        "must be a Fernet key (32 url-safe base64 bytes); make one with "
                        f"{python_command()} -c 'from cryptography.fernet import Fernet; "
                        "print(Fernet.generate_key().decode())'"
                    ) from None
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        name = known_zone(value)
        if name is None:
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai"
            )
        return name

    @field_validator("phone_region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if not value:
            return None
        import phonenumbers  # here: unset (the default), the bot need not load it

        region = value.strip().upper()
        if region == phonenumbers.UNKNOWN_REGION:  # "ZZ": no country, as if unset
            return None
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("must be a two-letter country code such as CN, DE or US")
        return region

    @field_validator("default_language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # What @BotFather gives: the bot's number, a colon, then letters, digits, _ and -.
        token = value.get_secret_value().strip() if value is not None else ""
        if token and not _TOKEN.fullmatch(token):
            raise ValueError(
                "that is not a bot token; @BotFather gives one like "
                "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
            )
        return SecretStr(token) if token else None

    @field_validator("bot_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @field_validator("webhook_url")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        local = ("http://127.0.0.1", "http://localhost")
        if value and not value.startswith(("https://", *local)):
            raise ValueError("must start with https:// (Telegram posts only to HTTPS)")
        return value or None

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be host:port, e.g. 127.0.0.1:8080")
        return value

    @field_validator("overlay_listen")
    @classmethod
    def _overlay_listen(cls, value: str) -> str:
        host, _, port = value.strip().rpartition(":")
        if value.strip() and (not host or not port.isdigit() or not 0 <= int(port) < 65536):
            raise ValueError("must be host:port, e.g. 127.0.0.1:8081 (or empty: no overlay)")
        return value.strip()

    @field_validator("overlay_public_url")
    @classmethod
    def _overlay_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. http://192.168.1.5:8081")
        return value.rstrip("/") if value else None

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required with WEBHOOK_URL")
        return self

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return upper

    @property
    def token(self) -> str | None:
        return self.bot_token.get_secret_value() if self.bot_token else None

    @property
    def data_keys(self) -> list[str]:
        raw = self.data_key.get_secret_value() if self.data_key else ""
        return [key.strip() for key in raw.split(",") if key.strip()]


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming it."""


class StartupError(Exception):
    """Liveroom cannot start (the database, Telegram); the message is one line saying why and
    what to check."""


def database_problem(url: str, error: BaseException) -> StartupError:
    """What a host reads when the database cannot be opened (the password never shown)."""
    from sqlalchemy.engine import make_url

    shown = make_url(url).render_as_string(hide_password=True)
    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
    if shown.startswith("sqlite"):
        hint = "does its folder exist, and may this user write there?"
    else:
        hint = "is the server running and reachable, and are the name and password right?"
    return StartupError(f"Can't open the database {shown} ({reason}): {hint}")


def sqlite_folder_missing(url: str) -> bool:
    """An SQLite file whose folder does not exist: told at once, before aiosqlite's thread is
    asked to open it (its failed open can outlive the event loop and print a stray traceback)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not parsed.drivername.startswith("sqlite") or not name or name == ":memory:":
        return False
    return not Path(name).parent.is_dir()


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a rule about several settings together
            raise SettingsError(f"Invalid settings: {message}") from None
        name = str(first["loc"][0]).upper()
        raise SettingsError(f"Invalid setting {name}: {message}") from None
