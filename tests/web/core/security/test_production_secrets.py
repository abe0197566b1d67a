"""Production refuses weak keys (issue 16 #5, SECURITY #40)."""

from __future__ import annotations

import pytest

from portfolio import create_app
from portfolio.config import Config

GOOD = "k" * 40
BASE = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_HOSTS": None}


@pytest.mark.parametrize(
    ("secret", "seal"),
    [
        ("dev", GOOD),
        ("short-8b", GOOD),
        ("dev-only-not-secret", GOOD),
        (GOOD, None),
        (GOOD, "short"),
    ],
)
def test_production_refuses_weak_keys(tmp_path, secret: str, seal: str | None) -> None:
    with pytest.raises(RuntimeError, match="at least 32 random bytes"):
        create_app(
            dict(BASE, SECRET_KEY=secret, SEAL_KEY=seal, STORAGE_DIR=str(tmp_path)),
            config=Config,
        )


def test_production_starts_with_strong_keys(tmp_path) -> None:
    app = create_app(
        dict(BASE, SECRET_KEY=GOOD, SEAL_KEY="s" * 32, STORAGE_DIR=str(tmp_path)),
        config=Config,
    )
    assert not app.debug
