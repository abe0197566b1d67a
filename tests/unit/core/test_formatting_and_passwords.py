"""UK formats and the password policy."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portfolio.auth.passwords import password_problem
from portfolio.core.filters import money, uk_date, uk_datetime
from portfolio.core.pagination import Page


def test_uk_formats() -> None:
    assert uk_date(date(2026, 11, 27)) == "27 Nov 2026"
    assert uk_date("2026-03-05") == "5 Mar 2026"
    assert (
        uk_datetime(datetime(2026, 11, 27, 14, 5, tzinfo=UTC)) == "27 Nov 2026, 14:05"
    )
    assert money(Decimal("1234.5")) == "£1,234.50"
    assert money(-3) == "-£3.00"
    assert money(None) == ""


@pytest.mark.parametrize("password", ["short", "password1234", "Portfolio", "x" * 129])
def test_weak_passwords_are_explained(password: str) -> None:
    assert password_problem(password) is not None


def test_context_words_are_refused_and_long_unicode_accepted() -> None:
    assert "name" in password_problem("jennifer-rocks-9", context=("Jennifer",))
    assert password_problem("ünïcødé 🐍 pass phrase " * 2) is None
    assert password_problem("no digits or symbols needed") is None


def test_page_arithmetic() -> None:
    page = Page([], 2, 25, 51)
    assert page.pages == 3 and page.has_prev and page.has_next
    assert Page([], 1, 25, 0).pages == 1
