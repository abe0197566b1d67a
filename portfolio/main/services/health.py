"""Whether the application's database answers."""

from __future__ import annotations

from sqlalchemy import text

from portfolio.core.typing import Session


def database_ok(session: Session) -> bool:
    """Run a trivial query; False when the database does not answer."""
    try:
        return session.execute(text("SELECT 1")).scalar() == 1
    except Exception:  # noqa: BLE001 - any driver error means unhealthy
        # The edge rolls the failed transaction back: the health check answers 503.
        return False
