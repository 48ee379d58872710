"""Winners as CSV for spreadsheets: UTF-8 with a BOM, so Excel shows Chinese correctly."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADER = (
    "Lottery",
    "Drawn at",
    "Prize",
    "Winner no.",
    "Telegram name",
    "Telegram id",
    "Status",
    "Recipient",
    "Phone",
    "Address",
    "Note",
    "Submitted at",
    "Shipped at",
    "Time zone",  # of every time in the row: the lottery's room's
)


@dataclass(frozen=True)
class ExportRow:
    lottery_id: int
    drawn_at: str
    prize: str
    winner_id: int
    telegram_name: str
    telegram_id: int
    status: str
    recipient: str = ""
    phone: str = ""
    address: str = ""
    note: str = ""
    submitted_at: str = ""
    shipped_at: str = ""
    timezone: str = ""


def _safe(value: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a fan's text must not."""
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} and not text[1:].isdigit() else text


_PHONE = re.compile(r"\+?[0-9]{4,20}")


def _text_cell(phone: str) -> str:
    """A phone number as a text cell: opened as a number, +86 138… would lose its + and its
    leading zeros (or turn into 8.61E+12). ="…" is read as text by Excel, LibreOffice and
    Google Sheets alike; only a checked number (digits, an optional +) is ever wrapped."""
    return f'="{phone}"' if _PHONE.fullmatch(phone) else _safe(phone)


def winners_csv(rows: Sequence[ExportRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        cells = {name: _safe(value) for name, value in row.__dict__.items()}
        cells["phone"] = _text_cell(row.phone)
        writer.writerow(cells.values())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
