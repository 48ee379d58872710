"""Encryption at rest for personal data (winners' delivery details, dialog drafts).

Fernet (AES-128-CBC + HMAC-SHA256) with the key from DATA_KEY, never stored in the database.
Several comma-separated keys allow rotation: the first encrypts, all decrypt.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["Cipher", "InvalidToken"]


class Cipher:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        # "new,old": stored data is re-encrypted with the new key at start-up (App._lead).
        self.rotating = len(keys) > 1

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode("ascii")).decode()

    def encrypt_optional(self, text: str | None) -> str | None:
        return None if text is None else self.encrypt(text)

    def decrypt_optional(self, token: str | None) -> str | None:
        return None if token is None else self.decrypt(token)

    def rotate(self, token: str) -> str:
        """Re-encrypt with the newest key (after DATA_KEY became "new,old")."""
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")

    def rotate_optional(self, token: str | None) -> str | None:
        return None if token is None else self.rotate(token)
