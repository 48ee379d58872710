"""A winner's delivery details, checked as a courier needs them: a name, a phone number that can
be dialled (international form where its country is known), an address, a short note."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from domain import messages
from domain.errors import UserInputError

RECIPIENT_LIMITS = (2, 100)
ADDRESS_LIMITS = (10, 300)
NOTE_LIMIT = 200
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"^\+?\d{7,15}$")


@dataclass(frozen=True)
class Delivery:
    recipient: str
    phone: str
    address: str
    note: str | None = None


def check_recipient(text: str) -> str:
    name = " ".join(text.split())
    low, high = RECIPIENT_LIMITS
    if not low <= len(name) <= high or not any(ch.isalpha() for ch in name):
        raise UserInputError(messages.ERR_RECIPIENT)
    return name


def check_phone(text: str, region: str | None = None) -> str:
    """A number a courier can dial, in international form (+8613800138000) whenever its country
    is known: written with + or 00, or `region` (PHONE_REGION) names the country of numbers
    typed without one. Otherwise 7 to 15 digits, kept as typed."""
    # NFKC first: a Chinese keyboard types full-width digits and plus (＋８６ １３９…).
    phone = _PHONE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).strip())
    if phone.startswith("00"):
        phone = "+" + phone[2:]  # the international prefix most of the world dials
    if not _PHONE.match(phone):
        raise UserInputError(messages.ERR_PHONE)
    if not phone.startswith("+") and region is None:
        return phone
    import phonenumbers  # here: 1 MB a bot holds only once a winner has typed a number

    try:
        number = phonenumbers.parse(phone, None if phone.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise UserInputError(messages.ERR_PHONE) from None
    if not phonenumbers.is_possible_number(number):
        raise UserInputError(messages.ERR_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def shared_phone(phone_number: str) -> str:
    """A number from Telegram's "share contact": international, but sent without its +."""
    digits = phone_number.strip()
    return digits if digits.startswith("+") else f"+{digits}"


def check_address(text: str) -> str:
    address = " ".join(text.split())
    low, high = ADDRESS_LIMITS
    if len(address) < low:
        raise UserInputError(messages.ERR_ADDRESS_SHORT)
    if len(address) > high:
        raise UserInputError(messages.ERR_ADDRESS_LONG, limit=high)
    if not any(character.isalpha() for character in address):
        # A phone number typed at the address question (or a postcode alone) is not an address.
        raise UserInputError(messages.ERR_ADDRESS_NO_WORDS)
    return address


def check_note(text: str) -> str:
    note = text.strip()
    if len(note) > NOTE_LIMIT:
        raise UserInputError(messages.ERR_NOTE, limit=NOTE_LIMIT)
    return note


def claim_reminder_lead(claim_hours: float) -> timedelta:
    """How long before the deadline a winner who has not claimed is reminded: 12 h, or
    half the claim period if that is shorter."""
    return min(timedelta(hours=12), timedelta(hours=claim_hours / 2))
