from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from cryptography.fernet import Fernet

from bot.fsm_storage import DatabaseStorage
from domain import messages
from domain.claims import (
    check_address,
    check_note,
    check_phone,
    check_recipient,
    claim_reminder_lead,
)
from domain.errors import UserInputError
from domain.export import ExportRow, winners_csv
from services.crypto import Cipher, InvalidToken
from storage.db import create_engine, create_session_factory, migrate
from storage.dialogs import DialogRecords
from tests.databases import ON_POSTGRES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+86 138-0013-8000", "+8613800138000"),
        ("(030) 1234567", "0301234567"),
        ("8613800138000", "8613800138000"),
        ("0086-138-0013-8000", "+8613800138000"),
        ("+49 (30) 1234567", "+49301234567"),
    ],
)
def test_phone_numbers_are_normalised(raw: str, expected: str) -> None:
    assert check_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("138 0013 8000", "+8613800138000"), ("+49 30 1234567", "+49301234567")],
)
def test_with_a_phone_region_numbers_without_a_country_code_become_international(
    raw: str, expected: str
) -> None:
    assert check_phone(raw, region="CN") == expected


def test_a_phone_number_is_not_an_address() -> None:
    for text in ("+86 138 0013 8000", "0086-138-0013-8000", "200120 200120"):
        with pytest.raises(UserInputError) as caught:
            check_address(text)
        assert caught.value.text == messages.ERR_ADDRESS_NO_WORDS
    assert check_address("上海市浦东新区世纪大道88号") == "上海市浦东新区世纪大道88号"


@pytest.mark.parametrize("raw", ["12345", "call me", "+1 234 567 890 123 456", "", "++123456789"])
def test_bad_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(UserInputError) as caught:
        check_phone(raw)
    assert caught.value.text == messages.ERR_PHONE


def test_recipient_address_and_note_bounds() -> None:
    assert check_recipient("  Mei   Lin ") == "Mei Lin"
    assert check_recipient("李梅") == "李梅"
    for bad in ["M", "12345", "x" * 101]:
        with pytest.raises(UserInputError):
            check_recipient(bad)
    assert check_address("88 Century Avenue, Shanghai") == "88 Century Avenue, Shanghai"
    with pytest.raises(UserInputError) as short:
        check_address("Shanghai")
    assert short.value.text == messages.ERR_ADDRESS_SHORT
    with pytest.raises(UserInputError) as long:
        check_address("x" * 301)
    assert long.value.params == {"limit": 300}
    with pytest.raises(UserInputError):
        check_note("n" * 201)


def test_claim_reminder_lead() -> None:
    assert claim_reminder_lead(48) == timedelta(hours=12)
    assert claim_reminder_lead(6) == timedelta(hours=3)


def test_cipher_rotation_and_wrong_key() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = Cipher([old]).encrypt("88 Century Avenue")
    assert "Century" not in token
    rotated_cipher = Cipher([new, old])
    assert rotated_cipher.decrypt(token) == "88 Century Avenue"
    rotated = rotated_cipher.rotate(token)
    assert Cipher([new]).decrypt(rotated) == "88 Century Avenue"
    with pytest.raises(InvalidToken):
        Cipher([new]).decrypt(token)


def test_csv_has_a_bom_chinese_and_no_formula_injection() -> None:
    row = ExportRow(
        lottery_id=1,
        drawn_at="2030-01-01 10:01",
        prize="口红",
        winner_id=2,
        telegram_name='=HYPERLINK("x")',
        telegram_id=42,
        status="submitted",
        recipient="李梅",
        phone="+8613800138000",
        address="上海市浦东新区",
        note="@courier",
    )
    content = winners_csv([row])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][2] == "口红"
    assert rows[1][4] == '\'=HYPERLINK("x")'
    # A phone number is a text cell: a spreadsheet keeps its + and every digit.
    assert rows[1][8] == '="+8613800138000"'
    assert rows[1][10] == "'@courier"


async def test_fsm_storage_survives_a_new_engine_and_encrypts(
    tmp_path: Path, database_url: str
) -> None:
    url = database_url
    cipher = Cipher([Fernet.generate_key().decode()])
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    engine = create_engine(url)
    await migrate(engine)
    storage = DatabaseStorage(DialogRecords(create_session_factory(engine)), cipher)
    await storage.set_state(key, "ClaimDialog:address")
    await storage.update_data(key, {"address": "88 Century Avenue"})
    await engine.dispose()
    if not ON_POSTGRES:
        assert b"Century" not in Path(url.removeprefix("sqlite+aiosqlite:///")).read_bytes()

    engine = create_engine(url)
    storage = DatabaseStorage(DialogRecords(create_session_factory(engine)), cipher)
    assert await storage.get_state(key) == "ClaimDialog:address"
    assert await storage.get_data(key) == {"address": "88 Century Avenue"}
    await storage.forget_user(42)
    assert await storage.get_state(key) is None
    assert await storage.get_data(key) == {}
    await engine.dispose()
