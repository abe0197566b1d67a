"""Argon2id password hashing (argon2-cffi), parameters from configuration."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 128


def _hasher() -> PasswordHasher:
    """A hasher built from the app's configured cost parameters."""
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_KIB"]
    )


def hash_password(password: str) -> str:
    """Return an Argon2id hash of ``password``."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Check ``password`` against ``stored_hash`` without raising."""
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the stored hash was made with weaker parameters than configured."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


# One dummy hash per cost setting (issue 16 #4: a key from ``repr`` of a fresh hasher
# never matched, so every unknown e-mail paid for a hash *and* a verify).
_DUMMY: dict[tuple[int, int], str] = {}


def _dummy_hash() -> str:
    """The dummy hash for the configured cost parameters, made once per process."""
    cfg = current_app.config
    key = (int(cfg["ARGON2_TIME_COST"]), int(cfg["ARGON2_MEMORY_KIB"]))
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password")
    return _DUMMY[key]


def burn_time(password: str) -> None:
    """Verify against a dummy hash so unknown emails take as long as wrong passwords."""
    verify_password(_dummy_hash(), password)


# Words of this product and centre that make a password guessable here.
LOCAL_WORDS = ("portfolio", "salesorder", "sales order", "northgate")
_LIST = Path(__file__).with_name("data") / "common-passwords.txt"
_DECORATION = re.compile(r"[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The committed list of the 10,000 most common passwords (see its header)."""
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_common(password: str) -> bool:
    """Whether ``password``, or its word without trailing digits and symbols, is common.

    ``Password2024!`` is ``password`` with a year and a symbol: as guessable.
    """
    folded = password.casefold()
    common = common_passwords()
    base = _DECORATION.sub("", folded)
    return folded in common or (len(base) >= 4 and base in common)


def password_problem(password: str, *, context: tuple[str, ...] = ()) -> str | None:
    """Explain why a new password is not acceptable, or return None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use no more than {MAX_LENGTH} characters."
    folded = password.casefold()
    if is_common(password) or len(set(folded)) < 3:
        return "This password is too common. Choose something harder to guess."
    words = (*context, *LOCAL_WORDS)
    if any(word and word.casefold() in folded for word in words):
        return "Do not use your name, email or the centre's name in your password."
    return None
