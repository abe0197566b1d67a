"""The verification URL printed on exports comes from PUBLIC_BASE_URL."""

from __future__ import annotations

import pytest

from portfolio.errors import ConflictError
from portfolio.exports.domain.verification import is_loopback, verification_url


def test_public_base_url_gives_the_verify_page() -> None:
    url = verification_url("https://portfolio.example.org/", production=True)
    assert url == "https://portfolio.example.org/verify"


@pytest.mark.parametrize(
    "base",
    [
        None,
        "",
        "http://127.0.0.1:5000",
        "http://localhost:5000",
        "http://[::1]/",
        "http://0.0.0.0",
        "http://app.localhost",
    ],
)
def test_production_refuses_an_unset_or_loopback_base(base) -> None:
    with pytest.raises(ConflictError, match="PUBLIC_BASE_URL"):
        verification_url(base, production=True)


def test_development_keeps_a_local_base() -> None:
    assert verification_url("http://127.0.0.1:5000", production=False).endswith(
        "127.0.0.1:5000/verify"
    )


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.2") and not is_loopback("192.0.2.10")
    assert not is_loopback("portfolio.example.org")
