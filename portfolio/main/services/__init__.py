"""Dashboard use cases: the read models of each role's panels, the health check."""

from __future__ import annotations

from portfolio.main.services.dashboard import (
    AdminCounts,
    admin_counts,
    enrolments_where,
    first_unit,
)
from portfolio.main.services.health import database_ok

__all__ = [
    "AdminCounts",
    "admin_counts",
    "database_ok",
    "enrolments_where",
    "first_unit",
]
