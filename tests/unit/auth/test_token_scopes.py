"""Token scopes and expiry (no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portfolio.auth.domain import tokens
from portfolio.errors import ValidationError

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_read_only_allows_safe_methods_only() -> None:
    assert tokens.allows(tokens.TokenScope.READ, "get")
    assert not tokens.allows(tokens.TokenScope.READ, "POST")
    assert not tokens.allows(tokens.TokenScope.READ, "DELETE")
    assert tokens.allows(tokens.TokenScope.READ_WRITE, "PUT")


def test_scope_defaults_to_read_write_and_refuses_unknown() -> None:
    assert tokens.check_scope(None) == tokens.TokenScope.READ_WRITE
    with pytest.raises(ValidationError) as err:
        tokens.check_scope("admin")
    assert err.value.field == "scope"


def test_expiry_bounds_and_liveness() -> None:
    assert tokens.expiry(NOW, None) is None
    until = tokens.expiry(NOW, 30)
    assert until == NOW + timedelta(days=30)
    assert tokens.is_live(until, NOW) and not tokens.is_live(until, until)
    for days in (0, tokens.MAX_DAYS + 1):
        with pytest.raises(ValidationError):
            tokens.expiry(NOW, days)
