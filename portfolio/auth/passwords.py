"""Argon2id password hashing (argon2-cffi), parameters from configuration."""

from __future__ import annotations

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


COMMON_PASSWORDS = frozenset(
    """password password1 password12 password123 password1234 12345678 123456789
    1234567890 qwerty123 qwertyuiop iloveyou11 letmein123 welcome123 admin1234
    football1 sunshine1 princess1 abc12345 trustno1 passw0rd baseball1 monkey123
    dragon123 master123 portfolio portfolio1 salesorder""".split()
)


def password_problem(password: str, *, context: tuple[str, ...] = ()) -> str | None:
    """Explain why a new password is not acceptable, or return None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use no more than {MAX_LENGTH} characters."
    folded = password.casefold()
    if folded in COMMON_PASSWORDS:
        return "This password is too common. Choose something harder to guess."
    if any(word and word.casefold() in folded for word in context):
        return "Do not use your name, email or the centre's name in your password."
    return None
