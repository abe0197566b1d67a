"""A column type that encrypts its text at rest (TOTP secrets).

The key is derived from ``SEAL_KEY`` (held outside the database, required in
production) with HKDF-SHA-256 and a purpose label, and used with Fernet
(AES-128-CBC plus HMAC-SHA-256, from ``cryptography``). Someone who reads the
database, or a backup of it, sees ``f1:`` and a token, not the secret. A value
stored before encryption existed (no ``f1:``) still reads, and is encrypted the
next time it is written.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

PREFIX = "f1:"


@lru_cache(maxsize=8)
def _fernet(key: str, purpose: str) -> Fernet:
    """The Fernet for ``purpose`` under ``key`` (derived once per key)."""
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"sales-order-portfolio:{purpose}".encode(),
    ).derive(key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def _current(purpose: str) -> Fernet:
    cfg = current_app.config
    return _fernet(str(cfg.get("SEAL_KEY") or cfg["SECRET_KEY"]), purpose)


class EncryptedString(TypeDecorator[str]):
    """Text encrypted on write and decrypted on read, under a purpose-bound key."""

    impl = String(255)
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        """``purpose`` names the key: each kind of secret gets its own."""
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        """Encrypt before the value goes to the database."""
        if value is None:
            return None
        token = _current(self.purpose).encrypt(str(value).encode("utf-8"))
        return PREFIX + token.decode("ascii")

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        """Decrypt what the database holds (plain legacy values pass through)."""
        if value is None or not str(value).startswith(PREFIX):
            return value
        token = str(value)[len(PREFIX) :].encode("ascii")
        return _current(self.purpose).decrypt(token).decode("utf-8")
